// Pure helpers for the all-projects queue: what a job makes, in words, and why a waiting job waits.
import type { QueueJob } from '../api/batches';

const KIND_LABEL: Record<string, string> = {
  frame: 'concept frame',
  t2v: 'video',
  i2v: 'video from frame',
  t2i: 'image',
  extend: 'extension',
  retake: 'retake',
  keyframes: 'video from keyframes',
  edit: 'image edit',
  inpaint: 'inpaint',
  render: 'render',
};

export function jobKindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}

export function isQueueJobActive(job: Pick<QueueJob, 'status'>): boolean {
  return job.status === 'pending' || job.status === 'running';
}

/**
 * Why a waiting job has not started, so nobody wonders: held by its paused batch, or its place in the one line the
 * worker takes jobs from (and what is ahead of it). Null for a job that is not waiting.
 */
export function waitReason(job: Pick<QueueJob, 'status' | 'held' | 'position'>, running: number): string | null {
  if (job.status !== 'pending') return null;
  if (job.held) return 'held: its batch is paused (resume the batch to let it run)';
  if (job.position === null) return 'its batch is being cancelled';
  const ahead = job.position - 1;
  const busy = running > 0 ? `after the job running now${ahead ? ' and ' : ''}` : '';
  if (ahead === 0) return running > 0 ? 'next in line, after the job running now' : 'next in line';
  return `#${job.position} in line: ${busy}${ahead} waiting job${ahead === 1 ? '' : 's'} ahead`;
}

/** The queue split for display: running and waiting jobs (in the order they run), then the ended ones. */
export function splitQueue(items: QueueJob[]): { active: QueueJob[]; ended: QueueJob[] } {
  return { active: items.filter(isQueueJobActive), ended: items.filter((job) => !isQueueJobActive(job)) };
}
