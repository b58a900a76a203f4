// The Models page's Workers section, from `GET /health`: the executor (in-process, or a Ray cluster), and each worker
// that runs jobs: where it is, which GPU, which models it holds, what it runs now, its state.
import { useEffect, useId } from 'react';
import type { Health, WorkerStatus } from '../api/types';
import type { JobView } from '../domain/jobReducer';
import { jobKindLabel } from '../domain/queue';
import { executorLabel, gpuLabel, kindLabel, kindTitle, shortJobId } from '../domain/workers';
import { appStore, useApp } from '../store';

export interface WorkersViewProps {
  /** Null until the first `GET /health` answered. */
  health: Pick<Health, 'executor' | 'executor_error' | 'workers'> | null;
  /** This project's jobs (live from SSE): a worker's job among them is named by its shot, as the Queue names it. */
  jobs: Record<string, JobView>;
  shotOrder: string[];
}

function WorkerJob({ jobId, job, position }: { jobId: string | null; job: JobView | undefined; position: number }) {
  if (!jobId) return <span className="muted">idle</span>;
  if (!job) {
    // Another project's job (or one this page has not seen): its short id.
    return (
      <span className="worker-job-id" title={jobId} data-testid="worker-job">
        {shortJobId(jobId)}
      </span>
    );
  }
  const what = job.kind ? jobKindLabel(job.kind) : null;
  return (
    <span className="worker-job" title={jobId} data-testid="worker-job">
      {job.shot_id ? (
        <button className="link" onClick={() => appStore.getState().selectShot(job.shot_id!)}>
          {position >= 0 ? `Shot ${position + 1}` : 'Shot'}
        </button>
      ) : (
        <span>Job</span>
      )}
      {what && <span className="muted"> · {what}</span>}
    </span>
  );
}

function WorkerRows({ worker, job, position }: { worker: WorkerStatus; job: JobView | undefined; position: number }) {
  const state = worker.state ?? 'ready';
  const kind = worker.kind ?? 'gpu';
  return (
    <tbody
      className={`worker worker-${state}`}
      data-testid="worker-row"
      data-worker-id={worker.id}
      data-state={state}
      data-kind={kind}
    >
      <tr>
        <th scope="row">
          <span className="worker-id">{worker.id}</span>
          <span className="worker-kind" title={kindTitle(kind)}>
            {kindLabel(kind)}
          </span>
        </th>
        <td>
          <WorkerJob jobId={worker.job_id} job={job} position={position} />
        </td>
        <td>
          <span className={`state state-badge state-${state}`} data-testid="worker-state">
            {state}
          </span>
        </td>
      </tr>
      <tr className="worker-detail">
        <td colSpan={3}>
          <dl className="worker-facts">
            <div>
              <dt>Device</dt>
              <dd className="worker-gpu" title={worker.gpu ?? undefined}>
                {gpuLabel(worker)}
              </dd>
            </div>
            <div>
              <dt>Node</dt>
              <dd className="worker-node" title={worker.node}>
                {worker.node}
              </dd>
            </div>
            <div>
              <dt>Holds</dt>
              <dd className="worker-models" data-testid="worker-models">
                {worker.models.length ? worker.models.join(', ') : <span className="muted">no model loaded</span>}
              </dd>
            </div>
          </dl>
          {worker.error && (
            <div className="field-error" data-testid="worker-error">
              {worker.error}
            </div>
          )}
        </td>
      </tr>
    </tbody>
  );
}

/** The executor and its workers, as `GET /health` lists them (the studio's health poll keeps it current). */
export function WorkersView({ health, jobs, shotOrder }: WorkersViewProps) {
  const titleId = useId();
  const workers = health?.workers ?? [];
  return (
    <section className="workers" aria-labelledby={titleId} data-testid="workers">
      <h3 className="sub-title workers-title" id={titleId}>
        Workers
        <span className="spacer" />
        <span className="workers-executor" data-testid="executor">
          {health ? executorLabel(health.executor) : 'loading…'}
        </span>
      </h3>
      {health?.executor_error && (
        <div className="field-error workers-executor-error" role="alert" data-testid="executor-error">
          <strong>Ray cluster unavailable.</strong> <span className="server-error-text">{health.executor_error}</span>
          <p className="workers-todo">
            Jobs wait in the queue until the studio is restarted with a cluster it can reach (<code>MILIMO_RAY_ADDRESS</code>)
            or with <code>MILIMO_EXECUTOR=local</code>. See <code>docs/scale.md</code>.
          </p>
        </div>
      )}
      {health && workers.length === 0 ? (
        <p className="muted small" data-testid="workers-empty">
          {health.executor_error ? 'No workers.' : 'No workers yet (starting…).'}
        </p>
      ) : (
        workers.length > 0 && (
          <table className="models-table workers-table">
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">Runs</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            {workers.map((w) => {
              const job = w.job_id ? jobs[w.job_id] : undefined;
              const position = job?.shot_id ? shotOrder.indexOf(job.shot_id) : -1;
              return <WorkerRows key={w.id} worker={w} job={job} position={position} />;
            })}
          </table>
        )
      )}
    </section>
  );
}

/** Starts and ends of this project's jobs (not their progress): what a worker runs changes with them. */
function activeJobsKey(jobs: Record<string, JobView>): string {
  return Object.values(jobs)
    .filter((j) => j.status === 'running' || j.status === 'pending')
    .map((j) => `${j.id}:${j.status}`)
    .sort()
    .join(',');
}

export function WorkersSection() {
  const health = useApp((s) => s.health);
  const jobs = useApp((s) => s.jobs);
  const shotOrder = useApp((s) => s.shotOrder);
  const key = useApp((s) => activeJobsKey(s.jobs));
  // The studio polls /health (App); a job of this project starting or ending changes what a worker runs, so read it
  // again then, once per burst (as the Queue re-reads on job events).
  useEffect(() => {
    const timer = setTimeout(() => void appStore.getState().loadHealth(), 300);
    return () => clearTimeout(timer);
  }, [key]);
  return <WorkersView health={health} jobs={jobs} shotOrder={shotOrder} />;
}
