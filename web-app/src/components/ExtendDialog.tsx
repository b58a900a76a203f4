import { useEffect, useId, useRef, useState } from 'react';
import type { ExtendResult } from '../api/types';
import { EXTEND_LIMITS } from '../api/types';
import { appStore, useApp } from '../store';

/** Problems with the dialog's numbers (the server's limits), as short sentences keyed by field. */
export function extendProblems(seconds: number, overlap: number): { seconds?: string; overlap?: string } {
  const out: { seconds?: string; overlap?: string } = {};
  if (!Number.isFinite(seconds) || seconds < EXTEND_LIMITS.minSeconds || seconds > EXTEND_LIMITS.maxSeconds) {
    out.seconds = `${EXTEND_LIMITS.minSeconds} to ${EXTEND_LIMITS.maxSeconds} seconds`;
  }
  if (!Number.isFinite(overlap) || overlap < EXTEND_LIMITS.minOverlap || overlap > EXTEND_LIMITS.maxOverlap) {
    out.overlap = `${EXTEND_LIMITS.minOverlap} to ${EXTEND_LIMITS.maxOverlap} seconds`;
  }
  return out;
}

/** Smart Continue: extend the shot by N seconds (its clip grows, or the continuation becomes a new shot after it). */
function ExtendForm({ shotId }: { shotId: string }) {
  const ids = { seconds: useId(), instruction: useId(), overlap: useId() };
  const hasClip = useApp((s) => !!s.shots[shotId]?.video_url);
  const position = useApp((s) => s.shotOrder.indexOf(shotId));
  const error = useApp((s) => s.extendError);
  const extending = useApp((s) => s.extending);
  const [seconds, setSeconds] = useState('2');
  const [instruction, setInstruction] = useState('');
  const [overlap, setOverlap] = useState(String(EXTEND_LIMITS.defaultOverlap));
  const [result, setResult] = useState<ExtendResult>('replace');
  const [lockPrompt, setLockPrompt] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const problems = extendProblems(Number(seconds), Number(overlap));
  const close = () => appStore.getState().closeExtendDialog();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (problems.seconds || problems.overlap || extending) return;
    await appStore.getState().extendShot(shotId, {
      extend_seconds: Number(seconds),
      instruction: instruction.trim() || null,
      overlap_seconds: Number(overlap),
      extend_result: result,
      lock_prompt: lockPrompt,
    });
  };

  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && close()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
        e.stopPropagation(); // Ctrl+Z in here is the fields' own undo, not the editor's
      }}
    >
      <form noValidate className="modal" role="dialog" aria-modal="true" aria-label="Extend shot" onSubmit={(e) => void submit(e)} data-testid="extend-dialog">
        <h2>Extend shot {position + 1}</h2>
        {!hasClip && <p className="field-error">This shot has no clip yet: generate it first.</p>}
        <div className="field-row">
          <div className={`field${problems.seconds ? ' field-invalid' : ''}`}>
            <label className="field-label" htmlFor={ids.seconds}>
              Seconds to add
            </label>
            <input
              ref={first}
              id={ids.seconds}
              type="number"
              step="any"
              min={EXTEND_LIMITS.minSeconds}
              max={EXTEND_LIMITS.maxSeconds}
              value={seconds}
              onChange={(e) => setSeconds(e.target.value)}
            />
            {problems.seconds && <span className="field-error">{problems.seconds}</span>}
          </div>
          <div className={`field${problems.overlap ? ' field-invalid' : ''}`}>
            <label className="field-label" htmlFor={ids.overlap}>
              Overlap (s)
            </label>
            <input
              id={ids.overlap}
              type="number"
              step="any"
              min={EXTEND_LIMITS.minOverlap}
              max={EXTEND_LIMITS.maxOverlap}
              value={overlap} onChange={(e) => setOverlap(e.target.value)} />
            {problems.overlap ? (
              <span className="field-error">{problems.overlap}</span>
            ) : (
              <span className="field-hint">between chunks</span>
            )}
          </div>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.instruction}>
            What happens next
          </label>
          <textarea
            id={ids.instruction}
            rows={3}
            maxLength={EXTEND_LIMITS.maxInstruction}
            placeholder="optional, in plain words: the camera pulls back, she turns and walks away…"
            value={instruction}
            onChange={(e) => setInstruction(e.target.value)}
          />
        </div>
        <fieldset>
          <legend>Result</legend>
          <label className="check">
            <input type="radio" name="extend-result" checked={result === 'replace'} onChange={() => setResult('replace')} />
            Replace this shot's clip
          </label>
          <label className="check">
            <input type="radio" name="extend-result" checked={result === 'new_shot'} onChange={() => setResult('new_shot')} />
            New shot after it
          </label>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={lockPrompt} onChange={(e) => setLockPrompt(e.target.checked)} />
          Lock prompt (keep the shot's prompt for every chunk)
        </label>
        {error && (
          <div className="server-error" role="alert" data-testid="extend-error">
            <span className="server-error-tag">Server</span>
            <span className="server-error-text">{error}</span>
          </div>
        )}
        <div className="button-row">
          <span className="spacer" />
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={extending || !!problems.seconds || !!problems.overlap}
            data-testid="extend-submit"
          >
            {extending ? 'Starting…' : 'Extend'}
          </button>
        </div>
      </form>
    </div>
  );
}

export function ExtendDialog() {
  const shotId = useApp((s) => (s.extendDialogShotId && s.shots[s.extendDialogShotId] ? s.extendDialogShotId : null));
  return shotId ? <ExtendForm key={shotId} shotId={shotId} /> : null;
}
