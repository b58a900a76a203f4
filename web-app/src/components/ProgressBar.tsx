import type { JobView } from '../store/types';

const LABEL: Record<JobView['status'], string> = {
  pending: 'Queued',
  running: 'Generating',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function ProgressBar({ job, compact = false }: { job: JobView; compact?: boolean }) {
  const percent = Math.round((job.status === 'completed' ? 1 : job.progress) * 100);
  return (
    <div className={`progress progress-${job.status}${compact ? ' progress-compact' : ''}`} data-testid="job-progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={`${LABEL[job.status]} ${percent}%`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-status={job.status}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {!compact && (
        <div className="progress-label">
          <span>
            {LABEL[job.status]}
            {job.stage && job.status === 'running' ? ` · ${job.stage}` : ''}
          </span>
          <span className="progress-percent">{percent}%</span>
        </div>
      )}
      {!compact && job.error && <div className="progress-error">{job.error}</div>}
    </div>
  );
}
