// The studio's one queue across projects (GET /jobs): every job with its project, shot, kind and status, and for a
// waiting one its place in line and why it waits, so nobody wonders. Re-read on this project's job events and every
// few seconds while shown (other projects' events do not reach this page).
import { useEffect, useRef } from 'react';
import type { QueueJob } from '../../api/batches';
import { jobKindLabel, splitQueue, waitReason } from '../../domain/queue';
import { appStore, useApp } from '../../store';
import './batches.css';

const POLL_MS = 3000;
/** Enough ended jobs to see what just finished, without the list growing all day. */
const ENDED_SHOWN = 15;

const STATUS_LABEL: Record<QueueJob['status'], string> = {
  pending: 'waiting',
  running: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

function QueueRow({ job, running, mine }: { job: QueueJob; running: number; mine: boolean }) {
  const why = waitReason(job, running);
  const state = job.held ? 'held' : job.status;
  return (
    <li className={`queue-row queue-${state}${mine ? ' queue-mine' : ''}`} data-testid="queue-row" data-job-id={job.id} data-status={job.status}>
      <div className="queue-row-head">
        <span className="queue-project" data-testid="queue-project" title={job.project_name}>
          {job.project_name}
        </span>
        <span className={`queue-status queue-status-${state}`} data-testid="queue-status">
          {job.held ? 'held' : STATUS_LABEL[job.status]}
          {job.status === 'running' ? ` ${Math.round(job.progress * 100)}%` : ''}
        </span>
      </div>
      <div className="queue-row-what small">
        {/* The kind first: a long shot label is cut at the end, never what the job makes. */}
        <span className="queue-kind">{jobKindLabel(job.kind)}</span>
        <span className="muted"> · </span>
        <span className="queue-shot" title={job.shot_label ?? undefined}>
          {job.shot_label ?? 'no shot'}
        </span>
        {job.status === 'running' && job.stage && <span className="muted"> · {job.stage}</span>}
      </div>
      {why && (
        <div className="queue-why small" data-testid="queue-why">
          {why}
        </div>
      )}
      {job.status === 'failed' && job.error && (
        <div className="queue-error small" title={job.error}>
          {job.error}
        </div>
      )}
    </li>
  );
}

export function AllProjectsQueue() {
  const queue = useApp((s) => s.queue);
  const projectId = useApp((s) => s.projectId);
  const jobs = useApp((s) => s.jobs);

  const view = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const store = appStore.getState();
    store.openQueue();
    // The panel stays mounted under another tab (the editor is only hidden): read only while it can be seen.
    const seen = () => !document.hidden && view.current?.offsetParent !== null;
    const timer = setInterval(() => seen() && void appStore.getState().loadQueue(), POLL_MS);
    return () => {
      clearInterval(timer);
      appStore.getState().closeQueue();
    };
  }, []);

  // A job event of this project (a job queued, started, ended) changes the line: read it again, once per burst.
  useEffect(() => {
    const timer = setTimeout(() => void appStore.getState().loadQueue(), 300);
    return () => clearTimeout(timer);
  }, [jobs]);

  const { active, ended } = splitQueue(queue.items);
  const running = active.filter((job) => job.status === 'running').length;
  return (
    <div className="queue-view" data-testid="all-queue" ref={view}>
      <label className="small queue-filter">
        <input
          type="checkbox"
          checked={queue.onlyProject}
          onChange={(e) => appStore.getState().setQueueOnlyProject(e.target.checked)}
          data-testid="queue-only-project"
        />
        only this project
      </label>
      {queue.error && (
        <p className="field-error" role="alert">
          Could not read the queue: {queue.error}
        </p>
      )}
      {active.length === 0 ? (
        <p className="muted small" data-testid="queue-empty">
          {queue.loading && queue.items.length === 0 ? 'Reading the queue…' : 'Nothing running or waiting.'}
        </p>
      ) : (
        <ol className="queue-list" data-testid="queue-active">
          {active.map((job) => (
            <QueueRow key={job.id} job={job} running={running} mine={job.project_id === projectId} />
          ))}
        </ol>
      )}
      {ended.length > 0 && (
        <details className="queue-ended">
          <summary className="small muted">Finished ({ended.length})</summary>
          <ol className="queue-list" data-testid="queue-ended">
            {ended.slice(0, ENDED_SHOWN).map((job) => (
              <QueueRow key={job.id} job={job} running={running} mine={job.project_id === projectId} />
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
