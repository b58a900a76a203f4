// The overview of the open project's batches (newest first): status, progress, shots done, time left, each shot's
// state, and pause / resume / cancel all. Read from GET /projects/{id}/batches on opening, kept live by batch events.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Batch } from '../../api/batches';
import {
  BATCH_STATUS_LABEL,
  BATCH_WHAT_LABEL,
  SHOT_STATE_LABEL,
  batchActions,
  batchCounts,
  countsLabel,
  etaLabel,
  isBatchActive,
  liveProgress,
  projectBatches,
  shotStateIn,
  shotStep,
  type BatchAction,
} from '../../domain/batches';
import { appStore, useApp } from '../../store';
import './batches.css';

const ACTION_LABEL: Record<BatchAction, string> = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel all' };
const ACTING_LABEL: Record<BatchAction, string> = { pause: 'Pausing…', resume: 'Resuming…', cancel: 'Cancelling…' };

function scopeLabel(batch: Batch, sceneHeading: (id: string) => string | undefined): string {
  if (batch.scope === 'project') return 'All shots';
  return (batch.scene_id && sceneHeading(batch.scene_id)) || 'One scene';
}

const ETA_TICK_MS = 5000;

/**
 * The server's time left counts down between its events (they come when a job starts or ends, which for a long video
 * is minutes apart); paused, it is what resuming would take.
 */
function useEtaLabel(batch: Batch): string {
  const seenAt = useApp((s) => s.batchSeenAt[batch.id]);
  const [now, setNow] = useState(() => Date.now());
  const running = batch.status === 'running' && batch.eta_s !== null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), ETA_TICK_MS);
    return () => clearInterval(timer);
  }, [running]);
  if (batch.status === 'paused') {
    return batch.eta_s === null ? 'waiting for Resume' : `${etaLabel(batch.eta_s, batch.status)} once resumed`;
  }
  // Until the first tick after a new row, `now` may be older than the row: count nothing off then.
  const elapsed = seenAt ? Math.max(0, now - seenAt) / 1000 : 0;
  return etaLabel(running ? Math.max(0, batch.eta_s! - elapsed) : batch.eta_s, batch.status);
}

function cancelQuestion(waiting: number, running: boolean): string {
  const parts = [];
  if (waiting) parts.push(`cancel ${waiting} waiting shot${waiting === 1 ? '' : 's'}`);
  if (running) parts.push('stop the one generating now');
  const text = parts.join(' and ') || 'cancel the batch';
  return `${text[0]!.toUpperCase()}${text.slice(1)}?`;
}

function BatchCard({ batch, expanded, onToggle }: { batch: Batch; expanded: boolean; onToggle: () => void }) {
  const jobs = useApp((s) => s.jobs);
  const acting = useApp((s) => s.batchActing[batch.id]);
  const error = useApp((s) => s.batchActionErrors[batch.id]);
  const scenes = useApp((s) => s.scenes);
  const heading = (id: string) => scenes.find((scene) => scene.id === id)?.heading;
  const [confirming, setConfirming] = useState(false);
  const eta = useEtaLabel(batch);
  const lookup = (id: string) => jobs[id];
  const progress = liveProgress(batch, lookup);
  const percent = Math.round(progress * 100);
  const counts = batchCounts(batch, lookup);
  const active = isBatchActive(batch.status);
  const store = appStore.getState();
  const run = (action: BatchAction) => {
    setConfirming(false);
    void (action === 'pause' ? store.pauseBatch : action === 'resume' ? store.resumeBatch : store.cancelBatch)(batch.id);
  };
  const states = batch.shots.map((shot) => shotStateIn(batch, shot, lookup));
  const waiting = states.filter((state) => state === 'pending' || state === 'held').length;
  const running = states.includes('running');

  return (
    <article className={`batch-card batch-${batch.status}`} data-testid="batch-card" data-batch-id={batch.id} data-status={batch.status}>
      <header className="batch-head">
        <button
          type="button"
          className="batch-toggle"
          aria-expanded={expanded}
          onClick={onToggle}
          title={expanded ? 'Hide the shots' : 'Show the shots'}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <span className={`batch-status batch-status-${batch.status}`} data-testid="batch-status">
          {BATCH_STATUS_LABEL[batch.status]}
        </span>
        <span className="batch-title" title={new Date(batch.created_at).toLocaleString()}>
          {scopeLabel(batch, heading)} · {BATCH_WHAT_LABEL[batch.what]}
          {batch.regenerate ? ' · regenerating' : ''}
        </span>
        <span className="spacer" />
        <span className="batch-counts" data-testid="batch-counts">
          {countsLabel(counts)}
        </span>
        {active && (
          <span className="batch-eta" data-testid="batch-eta" title="From the measured times of jobs like these on this machine">
            {eta}
          </span>
        )}
        <div className="batch-actions">
          {confirming ? (
            <>
              <span className="small">{cancelQuestion(waiting, running)}</span>
              <button type="button" className="button button-small button-danger" onClick={() => run('cancel')} data-testid="batch-cancel-confirm">
                Yes, cancel all
              </button>
              <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
                Keep going
              </button>
            </>
          ) : (
            batchActions(batch.status).map((action) => (
              <button
                key={action}
                type="button"
                className={`button button-small${action === 'cancel' ? ' button-danger' : ''}`}
                disabled={!!acting}
                onClick={() => (action === 'cancel' ? setConfirming(true) : run(action))}
                data-testid={`batch-${action}`}
              >
                {acting === action ? ACTING_LABEL[action] : ACTION_LABEL[action]}
              </button>
            ))
          )}
          {!active && (
            <button
              type="button"
              className="button button-small"
              onClick={() => store.dismissBatch(batch.id)}
              title="Hide this batch from the overview"
              data-testid="batch-dismiss"
            >
              Close
            </button>
          )}
        </div>
      </header>
      <div
        className="batch-bar"
        role="progressbar"
        aria-label={`Batch progress ${percent}%`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid="batch-progress"
      >
        <div className="batch-bar-fill" style={{ width: `${percent}%` }} />
        <span className="batch-bar-text">{percent}%</span>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="batch-error">
          {error}
        </p>
      )}
      {expanded && (
        <ol className="batch-shots" data-testid="batch-shots">
          {batch.shots.map((shot) => {
            const state = shotStateIn(batch, shot, lookup);
            const step = shotStep(shot, batch.what, lookup);
            return (
              <li key={shot.shot_id} className={`batch-shot batch-shot-${state}`} data-testid="batch-shot" data-state={state}>
                <span className="batch-shot-label" title={shot.label}>
                  {shot.label}
                </span>
                <span className="batch-shot-step muted">{step && state !== 'skipped' ? step : ''}</span>
                <span className={`batch-shot-state batch-shot-state-${state}`}>{SHOT_STATE_LABEL[state]}</span>
                {shot.note && (state === 'failed' || state === 'skipped' || state === 'cancelled') && (
                  <span className="batch-shot-note" data-testid="batch-shot-note" title={shot.note}>
                    {shot.note}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </article>
  );
}

/** Shown while the project has a batch the user has not closed. */
export function BatchOverview() {
  const projectId = useApp((s) => s.projectId);
  const batches = useApp(
    useShallow((s) => projectBatches(s.batches, s.projectId, s.dismissedBatchIds)),
  );
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const testModels = useApp((s) => s.health?.test_models ?? false);

  useEffect(() => {
    if (projectId) void appStore.getState().loadBatches(projectId);
  }, [projectId]);

  if (batches.length === 0) return null;
  return (
    <section className="batch-overview" aria-label="Batches" data-testid="batch-overview">
      {testModels && (
        <p className="test-note batch-test-note" data-testid="batch-test-note">
          test models — the frames and videos these batches make are noise
        </p>
      )}
      {batches.map((batch, i) => {
        // The newest and any still running are open unless the user closed them; older ended ones start folded.
        const open = toggled[batch.id] ?? (i === 0 || isBatchActive(batch.status));
        return (
          <BatchCard
            key={batch.id}
            batch={batch}
            expanded={open}
            onToggle={() => setToggled({ ...toggled, [batch.id]: !open })}
          />
        );
      })}
    </section>
  );
}
