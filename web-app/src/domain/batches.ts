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

/**
 * The time left as a filmmaker says it: "about 40 s left", "about 3 min left", "about 1 h 20 min left". Null seconds:
 * no job of this kind and size has been timed on this machine yet, so no honest figure exists.
 */
export function etaLabel(seconds: number | null | undefined, status: BatchStatus): string {
  if (!isBatchActive(status)) return '';
  if (seconds === null || seconds === undefined) return 'estimating…';
  const s = Math.max(0, Math.round(seconds));
  if (s === 0) return 'almost done';
  // Seconds are noise beyond a minute: the estimate is a mean of past jobs, not a promise.
  if (s < 60) return `about ${Math.max(5, Math.round(s / 5) * 5)} s left`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const rest = minutes % 60;
  return `about ${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''} left`;
}

export type BatchStep = 'frame' | 'video';

/**
 * What a shot of the batch is at: its frame or its video. The first of its jobs not yet ended (all ended: the last),
 * its kind as the store knows it, else its place among the shot's jobs (a "both" shot's frame job comes first).
 */
export function shotStep(
  shot: BatchShot,
  what: BatchWhat,
  jobs: (jobId: string) => Pick<JobView, 'status' | 'kind'> | undefined,
): BatchStep | null {
  if (shot.job_ids.length === 0) return null;
  const index = shot.job_ids.findIndex((id) => {
    const job = jobs(id);
    return !job || !isTerminal(job.status);
  });
  const at = index < 0 ? shot.job_ids.length - 1 : index;
  const kind = jobs(shot.job_ids[at]!)?.kind;
  if (kind) return kind === 'frame' ? 'frame' : 'video';
  if (what === 'frames') return 'frame';
  if (what === 'videos') return 'video';
  return shot.job_ids.length > 1 && at === 0 ? 'frame' : 'video';
}

/**
 * A shot's state within its batch: live from its jobs, except that the waiting jobs of a cancelled batch count as
 * cancelled at once (their cancel events follow one by one).
 */
export function shotStateIn(batch: Batch, shot: BatchShot, jobs: JobLookup): BatchShot['state'] {
  const state = liveShotState(shot, batch.status === 'paused', jobs);
  return batch.status === 'cancelled' && (state === 'pending' || state === 'held') ? 'cancelled' : state;
}

export interface BatchCounts {
  /** Shots something was queued for. */
  queued: number;
  done: number;
  failed: number;
  cancelled: number;
  skipped: number;
}

export function batchCounts(batch: Batch, jobs: JobLookup): BatchCounts {
  const counts: BatchCounts = { queued: 0, done: 0, failed: 0, cancelled: 0, skipped: 0 };
  for (const shot of batch.shots) {
    const state = shotStateIn(batch, shot, jobs);
    if (state === 'skipped') {
      counts.skipped += 1;
      continue;
    }
    counts.queued += 1;
    if (state === 'completed') counts.done += 1;
    else if (state === 'failed') counts.failed += 1;
    else if (state === 'cancelled') counts.cancelled += 1;
  }
  return counts;
}

/** "2 of 5 shots done · 1 failed · 3 skipped". */
export function countsLabel(counts: BatchCounts): string {
  const parts = [`${counts.done} of ${counts.queued} shot${counts.queued === 1 ? '' : 's'} done`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.cancelled) parts.push(`${counts.cancelled} cancelled`);
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  return parts.join(' · ');
}

export type BatchAction = 'pause' | 'resume' | 'cancel';

/**
 * The batch as it will be once the server has done `action`, shown at once (the answer, then the event, confirm):
 * a pause holds the waiting shots, a resume releases them, a cancel ends the waiting ones (a running job still
 * finishes its cancel on the worker, so a running shot stays running).
 */
export function optimisticBatch(batch: Batch, action: BatchAction): Batch {
  if (!isBatchActive(batch.status)) return batch;
  const shotState = (state: BatchShot['state']): BatchShot['state'] => {
    if (action === 'pause') return state === 'pending' ? 'held' : state;
    if (action === 'resume') return state === 'held' ? 'pending' : state;
    return state === 'pending' || state === 'held' ? 'cancelled' : state;
  };
  const status: BatchStatus = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'cancelled';
  return { ...batch, status, shots: batch.shots.map((shot) => ({ ...shot, state: shotState(shot.state) })) };
}

/** Which of pause, resume and cancel a batch in `status` offers. */
export function batchActions(status: BatchStatus): BatchAction[] {
  if (status === 'running') return ['pause', 'cancel'];
  if (status === 'paused') return ['resume', 'cancel'];
  return [];
}

/** The overview's batches of a project: newest first, dismissed ones left out. */
export function projectBatches(batches: Record<string, Batch>, projectId: string | null, dismissed: string[]): Batch[] {
  if (!projectId) return [];
  const hidden = new Set(dismissed);
  return Object.values(batches)
    .filter((batch) => batch.project_id === projectId && !hidden.has(batch.id))
    .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
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
