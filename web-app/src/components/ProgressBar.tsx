import { STAGE_WORDS, timingText, type JobView } from '../domain/jobReducer';

const LABEL: Record<JobView['status'], string> = {
  pending: 'Queued',
  running: 'Generating',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** "chunk 2/3 · 45%" while an extension's chunks run; null for a job without chunks. */
export function chunkLabel(job: Pick<JobView, 'status' | 'chunk' | 'chunks' | 'progress'>): string | null {
  if (job.status !== 'running' || !job.chunk || !job.chunks) return null;
  return `chunk ${job.chunk}/${job.chunks} · ${Math.round(job.progress * 100)}%`;
}

export function ProgressBar({ job, compact = false }: { job: JobView; compact?: boolean }) {
  const percent = Math.round((job.status === 'completed' ? 1 : job.progress) * 100);
  const chunks = chunkLabel(job);
  const running = job.status === 'running';
  const cancelling = job.cancelRequested && (running || job.status === 'pending');
  const label = cancelling
    ? 'Cancelling…'
    : running && job.kind === 'extend'
      ? 'Extending'
      : running && job.kind === 'retake'
        ? 'Retaking'
        : LABEL[job.status];
  return (
    <div className={`progress progress-${job.status}${compact ? ' progress-compact' : ''}`} data-testid="job-progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={chunks ? `${label} ${chunks}` : `${label} ${percent}%`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-status={job.status}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {compact && chunks && (
        <div className="progress-chunk-compact" data-testid="job-chunk">
          {chunks}
        </div>
      )}
      {!compact && (
        <div className="progress-label">
          <span>
            {label}
            {job.stage && running && !chunks ? ` · ${STAGE_WORDS[job.stage] ?? job.stage}` : ''}
            {running && timingText(job.timing) && (
              <span className="progress-timing" data-testid="job-timing">
                {' · '}
                {timingText(job.timing)}
              </span>
            )}
          </span>
          {chunks ? (
            <span className="progress-percent" data-testid="job-chunk" title={job.stage ?? undefined}>
              {chunks}
            </span>
          ) : (
            <span className="progress-percent">{percent}%</span>
          )}
        </div>
      )}
      {!compact && job.error && <div className="progress-error">{job.error}</div>}
    </div>
  );
}
