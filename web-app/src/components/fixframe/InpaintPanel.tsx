import { useId, useState } from 'react';
import type { MaskEditorState } from '../../hooks/useMaskEditor';
import { appStore, useApp } from '../../store';
import { messageOf } from '../../domain/errors';
import { maskToPng } from './pixels';

/** Prompt and strength for repainting the masked pixels; uploads the mask PNG and starts the in-paint job. */
export function InpaintPanel({ editor, shotId }: { editor: MaskEditorState; shotId: string }) {
  const ids = { prompt: useId(), strength: useId(), steps: useId() };
  const shotPrompt = useApp((s) => s.drafts[shotId]?.prompt ?? s.shots[shotId]?.prompt ?? '');
  const shotSteps = useApp((s) => s.shots[shotId]?.num_inference_steps ?? 28);
  const submitting = useApp((s) => s.fixFrame?.submitting ?? false);
  const [prompt, setPrompt] = useState(shotPrompt);
  const [strength, setStrength] = useState('0.9');
  const [steps, setSteps] = useState(String(shotSteps));
  const strengthValue = Number(strength);
  const stepsValue = Number(steps);
  const problems = [
    ...(editor.maskArea === 0 ? ['mark what to repaint first (click, find, or brush)'] : []),
    ...(!prompt.trim() ? ['describe what to paint there'] : []),
    ...(!(strengthValue >= 0 && strengthValue <= 1) || strength === '' ? ['strength 0 to 1'] : []),
    ...(!Number.isInteger(stepsValue) || stepsValue < 1 || stepsValue > 200 ? ['steps 1 to 200'] : []),
  ];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (problems.length || submitting) return;
    let png: Blob;
    try {
      png = await maskToPng(editor.finalMask, editor.size);
    } catch (error) {
      appStore.getState().notify(messageOf(error));
      return;
    }
    await appStore.getState().inpaintFrame(png, { prompt: prompt.trim(), strength: strengthValue, steps: stepsValue });
  };

  return (
    <form className="inpaint-form" noValidate onSubmit={(e) => void submit(e)} data-testid="inpaint-form">
      <div className="field">
        <label className="field-label" htmlFor={ids.prompt}>
          In-paint prompt
        </label>
        <textarea id={ids.prompt} rows={2} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      </div>
      <div className="field-row">
        <div className="field">
          <label className="field-label" htmlFor={ids.strength}>
            Strength <span className="field-hint">1 = repaint fully</span>
          </label>
          <input id={ids.strength} type="number" min={0} max={1} step={0.05} value={strength} onChange={(e) => setStrength(e.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.steps}>
            Steps
          </label>
          <input id={ids.steps} type="number" min={1} max={200} value={steps} onChange={(e) => setSteps(e.target.value)} />
        </div>
      </div>
      {problems.length > 0 && (
        <ul className="gen-problems small" data-testid="inpaint-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <span className="spacer" />
        <button type="submit" className="button button-primary" disabled={problems.length > 0 || submitting} data-testid="inpaint-submit">
          {submitting ? 'Starting…' : 'In-paint'}
        </button>
      </div>
    </form>
  );
}
