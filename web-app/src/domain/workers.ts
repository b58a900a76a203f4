// Pure helpers for the workers of `GET /health` (the Models page's Workers section): the executor and each worker's
// GPU and job, in words.
import type { Health, WorkerStatus } from '../api/types';

export function executorLabel(executor: Health['executor']): string {
  if (executor === 'ray') return 'Ray cluster';
  if (executor === 'local' || executor === undefined) return 'In-process';
  return executor;
}

/** The GPU a worker uses as the server names it, or "CPU" for a CPU worker (or a studio without a GPU). */
export function gpuLabel(worker: Pick<WorkerStatus, 'gpu' | 'kind'>): string {
  if (worker.kind === 'cpu' || !worker.gpu) return 'CPU';
  return worker.gpu;
}

/** A job id short enough to read (the full one goes in a tooltip). */
export function shortJobId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** Which jobs a worker takes (its kind): a GPU worker the generations (even on a studio without a GPU), a CPU worker
 * the renders, archives, imports, filmstrips and tracking. */
export function kindLabel(kind: WorkerStatus['kind']): string {
  return kind === 'cpu' ? 'CPU jobs' : 'GPU jobs';
}

export function kindTitle(kind: WorkerStatus['kind']): string {
  return kind === 'cpu'
    ? 'Takes the jobs that need no GPU: renders, archives, timeline imports, filmstrips, tracking'
    : 'Takes the generation jobs (video, images, in-painting)';
}
