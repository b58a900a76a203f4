import { useRef } from 'react';
import type { GenerationMode } from '../../api/types';
import { GENERATION_MODES, IMAGE_MODES } from '../../api/types';
import { appStore, useApp } from '../../store';
import { MODE_LABELS } from '../../domain/generation';
import { useServerDiffers } from './fields';

const VIDEO: readonly GenerationMode[] = GENERATION_MODES.filter((m) => !IMAGE_MODES.includes(m));

/**
 * The shot's generation mode: one ARIA radio group (videos first, then stills) shown as two segmented rows; arrow
 * keys move the choice, Tab leaves the group. One undo step per change.
 */
export function ModePicker({ shotId }: { shotId: string }) {
  const mode = useApp((s) => s.drafts[shotId]?.generation.mode ?? 't2v');
  const modified = useServerDiffers(shotId, 'generation');
  const buttons = useRef(new Map<GenerationMode, HTMLButtonElement>());
  const pick = (m: GenerationMode) => appStore.getState().setGeneration(shotId, { mode: m });

  const onKeyDown = (e: React.KeyboardEvent) => {
    const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const i = GENERATION_MODES.indexOf(mode);
    const next = GENERATION_MODES[(i + delta + GENERATION_MODES.length) % GENERATION_MODES.length]!;
    pick(next);
    buttons.current.get(next)?.focus();
  };

  const row = (title: string, modes: readonly GenerationMode[]) => (
    <div className="mode-group" role="presentation">
      <span className="mode-group-title" aria-hidden>
        {title}
      </span>
      <div className="segmented" role="presentation">
        {modes.map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            tabIndex={mode === m ? 0 : -1}
            className={`segment${mode === m ? ' segment-on' : ''}`}
            ref={(el) => {
              if (el) buttons.current.set(m, el);
              else buttons.current.delete(m);
            }}
            onClick={() => pick(m)}
          >
            {MODE_LABELS[m]}
          </button>
        ))}
      </div>
    </div>
  );

  return (
    <div
      className={`mode-picker${modified ? ' mode-picker-modified' : ''}`}
      role="radiogroup"
      aria-label="Generation mode"
      onKeyDown={onKeyDown}
    >
      {row('Video', VIDEO)}
      {row('Image', IMAGE_MODES)}
    </div>
  );
}
