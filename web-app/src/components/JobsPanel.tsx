// The jobs panel: this project's running and waiting jobs (live from SSE), or the studio's queue of all projects.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../store';
import { selectActiveJobs } from '../store/selectors';
import { AllProjectsQueue } from './batches/AllProjectsQueue';
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
function ProjectJobs() {
  const ids = useApp(useShallow((s) => selectActiveJobs(s).map((j) => j.id)));
  return ids.length === 0 ? (
    <p className="muted small">Nothing running.</p>
  ) : (
    <ul className="job-list">
      {ids.map((id) => (
        <JobRow key={id} jobId={id} />
      ))}
    </ul>
  );
}

export function JobsPanel() {
  const [view, setView] = useState<'project' | 'all'>('project');
  return (
    <section className="panel jobs-panel" aria-label="Queue">
      <h2 className="panel-title">
        Queue
        <span className="spacer" />
        <span className="queue-views" role="tablist" aria-label="Which jobs">
          {(['project', 'all'] as const).map((key) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={view === key}
              className={`chip${view === key ? ' chip-on' : ''}`}
              onClick={() => setView(key)}
              data-testid={`queue-view-${key}`}
            >
              {key === 'project' ? 'This project' : 'All projects'}
            </button>
          ))}
        </span>
      </h2>
      {view === 'project' ? <ProjectJobs /> : <AllProjectsQueue />}
    </section>
  );
}
