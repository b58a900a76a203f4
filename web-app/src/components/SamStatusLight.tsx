import { useEffect } from 'react';
import { appStore, useApp } from '../store';
import { SAM_START_HINT, samLight, samTooltip } from '../store/segmentSlice';

const POLL_MS = 10_000;

const LABEL = {
  ok: 'SAM ok',
  loading: 'SAM loading…',
  error: 'SAM error',
  down: 'SAM down',
  unknown: 'SAM ?',
} as const;

/** The SAM 3 segmentation service: green ok, amber loading, red down or in error (polled; a 503 turns it red). */
export function SamStatusLight() {
  const status = useApp((s) => s.samStatus);
  const error = useApp((s) => s.samStatusError);
  useEffect(() => {
    void appStore.getState().loadSamStatus();
    const timer = setInterval(() => void appStore.getState().loadSamStatus(), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const light = samLight(status, error);
  return (
    <span className={`sam-status sam-${light}`} title={samTooltip(status, error)} data-testid="sam-status" data-state={light}>
      <span className="connection-dot" aria-hidden />
      {LABEL[light]}
      {light === 'down' && <span className="muted small"> — {SAM_START_HINT}</span>}
      {status?.test_model && light !== 'down' && (
        <span className="test-note" data-testid="sam-test-model">
          test model — masks are noise
        </span>
      )}
    </span>
  );
}
