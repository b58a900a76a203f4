// "Generate all" / "Generate scene": what to make (frames, videos or both), whether to redo what exists, and the
// server's refusal (nothing to generate, a shot that cannot be generated, named) shown verbatim beside the button.
import { useId, useState } from 'react';
import type { BatchWhat } from '../../api/batches';
import { appStore } from '../../store';
import type { BatchScope } from '../../store/batchesSlice.types';

const WHAT_CHOICE: Record<BatchWhat, string> = {
  frames: 'Frames',
  videos: 'Videos',
  both: 'Frames + videos',
};

const WHAT_TITLE: Record<BatchWhat, string> = {
  frames: 'A concept frame per shot (one candidate, used as the shot’s frame)',
  videos: 'A video per shot, started from its frame when it has one',
  both: 'Each shot’s frame, then its video started from that frame',
};

export function GenerateAllControl({
  target,
  label,
  disabled = false,
  testId,
}: {
  target: BatchScope;
  label: string;
  disabled?: boolean;
  testId: string;
}) {
  const [what, setWhat] = useState<BatchWhat>('frames');
  const [regenerate, setRegenerate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const start = async () => {
    setBusy(true);
    setError(null);
    const batchId = await appStore.getState().generateAll(target, regenerate, what);
    setBusy(false);
    if (!batchId) setError(appStore.getState().batchError ?? 'The batch was not started.');
  };

  return (
    <div className="generate-all" data-testid={testId}>
      <div className="generate-all-row">
        <select
          value={what}
          onChange={(e) => setWhat(e.target.value as BatchWhat)}
          aria-label={`${label}: what to make`}
          title={WHAT_TITLE[what]}
          data-testid="generate-all-what"
        >
          {(Object.keys(WHAT_CHOICE) as BatchWhat[]).map((key) => (
            <option key={key} value={key} title={WHAT_TITLE[key]}>
              {WHAT_CHOICE[key]}
            </option>
          ))}
        </select>
        <label className="generate-all-regen small" htmlFor={`${id}-regen`} title="Off: shots that already have it are skipped">
          <input
            id={`${id}-regen`}
            type="checkbox"
            checked={regenerate}
            onChange={(e) => setRegenerate(e.target.checked)}
            data-testid="generate-all-regenerate"
          />
          regenerate what is already made
        </label>
        <button
          type="button"
          className="button button-primary button-small"
          disabled={disabled || busy}
          onClick={() => void start()}
          data-testid="generate-all-start"
        >
          {busy ? 'Queuing…' : label}
        </button>
      </div>
      {error && (
        <p className="field-error generate-all-error" role="alert" data-testid="generate-all-error">
          {error}{' '}
          <button type="button" className="link small" onClick={() => setError(null)}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
