// Pure helpers for a batch's overview: its live progress (the server's snapshot, brought up to date by the jobs'
// own progress events between batch events), each shot's state, and the time left as words.
import type { Batch, BatchShot, BatchStatus, BatchWhat } from '../api/batches';
import type { JobView } from './jobReducer';
import { isTerminal } from './jobReducer';

export type JobLookup = (jobId: string) => Pick<JobView, 'status' | 'progress'> | undefined;

export function isBatchActive(status: BatchStatus): boolean {
  return status === 'running' || status === 'paused';
}

function jobProgress(jobId: string, fallback: number, jobs: JobLookup): number {
  const job = jobs(jobId);
  if (!job) return fallback;
  return isTerminal(job.status) ? 1 : job.progress;
}

/** 0..1 over the batch's jobs: an ended job counts 1, a live one its latest progress. */
export function liveProgress(batch: Batch, jobs: JobLookup): number {
  if (!isBatchActive(batch.status) || batch.jobs_total === 0) return batch.progress;
  let sum = 0;
  let count = 0;
  for (const shot of batch.shots) {
    for (const id of shot.job_ids) {
      sum += jobProgress(id, shot.progress, jobs);
      count += 1;
    }
  }
  return count ? sum / count : batch.progress;
}

/**
 * A shot's state, from its jobs as the store knows them when it knows them better than the last batch snapshot. A
 * shot of a "both" batch has two (its frame, then its video): it is generating while either runs, waiting while
 * either waits, else failed or cancelled if one was, else done (the server's rule).
 */
export function liveShotState(shot: BatchShot, paused: boolean, jobs: JobLookup): BatchShot['state'] {
  if (shot.state === 'skipped' || shot.job_ids.length === 0) return shot.state;
  const known = shot.job_ids.map((id) => jobs(id));
  if (known.some((job) => !job)) return shot.state;
  const statuses = new Set(known.map((job) => job!.status));
  if (statuses.has('running')) return 'running';
  if (statuses.has('pending')) return paused ? 'held' : 'pending';
  if (statuses.has('failed')) return 'failed';
  if (statuses.has('cancelled')) return 'cancelled';
  return 'completed';
}

/** What a batch makes, as words (the overview's title, a "what" picker). */
export const BATCH_WHAT_LABEL: Record<BatchWhat, string> = {
  frames: 'storyboard frames',
  videos: 'videos',
  both: 'frames, then videos from them',
};

/** "about 3 min 20 s left"; null seconds: nothing measured on this machine yet. */
export function etaLabel(seconds: number | null | undefined, status: BatchStatus): string {
  if (!isBatchActive(status)) return '';
  if (seconds === null || seconds === undefined) return 'time left: known after the first shot finishes';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `about ${s} s left`;
  if (s < 3600) return `about ${Math.floor(s / 60)} min ${s % 60} s left`;
  return `about ${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min left`;
}

export const SHOT_STATE_LABEL: Record<BatchShot['state'], string> = {
  skipped: 'skipped',
  pending: 'waiting',
  held: 'held (paused)',
  running: 'generating',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export const BATCH_STATUS_LABEL: Record<BatchStatus, string> = {
  running: 'Generating',
  paused: 'Paused',
  completed: 'Finished',
  failed: 'Finished with failures',
  cancelled: 'Cancelled',
};
