import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../store';
import { selectActiveJobs } from '../store/selectors';
import { ProgressBar } from './ProgressBar';

function JobRow({ jobId }: { jobId: string }) {
  const job = useApp((s) => s.jobs[jobId]);
  const position = useApp((s) => (job?.shot_id ? s.shotOrder.indexOf(job.shot_id) : -1));
  if (!job) return null;
  return (
    <li className="job-row" data-testid="job-row">
      <div className="job-row-head">
        <button
          className="link"
          onClick={() => job.shot_id && appStore.getState().selectShot(job.shot_id)}
          disabled={!job.shot_id}
        >
          {position >= 0 ? `Shot ${position + 1}` : 'Job'}
        </button>
        <button className="button button-small" onClick={() => void appStore.getState().cancelJob(job.id)}>
          Cancel
        </button>
      </div>
      <ProgressBar job={job} />
    </li>
  );
}

/** Pending and running jobs of the project; filled from `GET /projects/{id}/jobs` on load, then kept live by SSE. */
export function JobsPanel() {
  const ids = useApp(useShallow((s) => selectActiveJobs(s).map((j) => j.id)));
  return (
    <section className="panel jobs-panel" aria-label="Queue">
      <h2 className="panel-title">Queue</h2>
      {ids.length === 0 ? (
        <p className="muted small">Nothing running.</p>
      ) : (
        <ul className="job-list">
          {ids.map((id) => (
            <JobRow key={id} jobId={id} />
          ))}
        </ul>
      )}
    </section>
  );
}
