// Pure functions that fold job information (SSE events, fetched job rows) into JobViews. Events and fetches race
// (a reload fetches `GET /projects/{id}/jobs` while the stream is already delivering), so merging is monotonic: a job
// never moves back from a terminal status to an active one, and a running job's progress never goes down.
import type { Job, JobStatus, StudioEvent, StudioEventType } from '../api/types';
import { TERMINAL_JOB_STATUSES } from '../api/types';

/** A job as the app shows it: the server row and its SSE events, reduced monotonically. */
export interface JobView {
  id: string;
  project_id: string | null;
  shot_id: string | null;
  status: JobStatus;
  progress: number;
  /** Extend jobs: the chunk running now (1-based) and the total, while chunks run; null otherwise. */
  chunk: number | null;
  chunks: number | null;
  stage: string | null;
  error: string | null;
  result: Job['result'];
  /** The generation mode (`t2v`, `i2v`, `t2i`, …) once known. */
  kind: string | null;
  /** Order of first sight, to find a shot's latest job without timestamps. */
  seq: number;
  /** Cancel was asked for (here, at the click, or in another tab): shown as "Cancelling…" until the job ends. */
  cancelRequested?: boolean;
  /** While it runs, from its progress events: the step, the pace and the time left (null before the first). */
  timing?: JobTiming | null;
}

/** A running job's clock, as its last `job.progress` event told it. */
export interface JobTiming {
  step: number | null;
  totalSteps: number | null;
  elapsedS: number;
  stepS: number | null;
  etaS: number | null;
}

const EVENT_STATUS: Partial<Record<StudioEventType, JobStatus>> = {
  'job.queued': 'pending',
  'job.started': 'running',
  'job.progress': 'running',
  'job.completed': 'completed',
  'job.failed': 'failed',
  'job.cancelled': 'cancelled',
};

let jobSeq = 0;
/** Order of first sight of a job (shared by every place that adds jobs). */
export const nextJobSeq = (): number => ++jobSeq;

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}

export function isActive(status: JobStatus): boolean {
  return !isTerminal(status);
}

function rank(status: JobStatus): number {
  if (status === 'pending') return 0;
  if (status === 'running') return 1;
  return 2;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** A partial update about one job, from whichever source. */
export type JobUpdate = Partial<Omit<JobView, 'id' | 'seq'>> & { id: string };

/** Merge `update` into `prev` (undefined: first sight). Returns `prev` itself when nothing changes. */
export function mergeJob(prev: JobView | undefined, update: JobUpdate, seq: number): JobView {
  const base: JobView = prev ?? {
    id: update.id,
    project_id: null,
    shot_id: null,
    status: 'pending',
    progress: 0,
    chunk: null,
    chunks: null,
    stage: null,
    error: null,
    result: null,
    kind: null,
    seq,
    cancelRequested: false,
  };
  const incoming = update.status ?? base.status;
  if (prev && rank(incoming) < rank(prev.status)) return prev; // stale news about a job that moved on
  if (prev && isTerminal(prev.status) && incoming !== prev.status) return prev; // a finished job stays finished

  let progress = update.progress === undefined || update.progress === null ? base.progress : clamp01(update.progress);
  if (incoming === 'completed') progress = 1;
  else if (prev && incoming === prev.status) progress = Math.max(prev.progress, progress);

  // Chunks count up like progress: a replayed event of an earlier chunk never moves the label back.
  let chunks = update.chunks !== undefined && update.chunks !== null && update.chunks > 0 ? Math.round(update.chunks) : base.chunks;
  let chunk = update.chunk !== undefined && update.chunk !== null && update.chunk > 0 ? Math.round(update.chunk) : base.chunk;
  if (prev?.chunk != null && chunk != null && incoming === prev.status) chunk = Math.max(prev.chunk, chunk);
  if (prev?.chunks != null && chunks != null && incoming === prev.status) chunks = Math.max(prev.chunks, chunks);
  if (chunk != null && chunks != null) chunk = Math.min(chunk, chunks);

  const next: JobView = {
    ...base,
    project_id: update.project_id ?? base.project_id,
    shot_id: update.shot_id ?? base.shot_id,
    status: incoming,
    progress,
    chunk,
    chunks,
    stage: update.stage !== undefined ? update.stage : base.stage,
    error: update.error !== undefined ? update.error : base.error,
    result: update.result !== undefined ? update.result : base.result,
    kind: update.kind ?? base.kind,
    cancelRequested: !!base.cancelRequested || !!update.cancelRequested, // once asked, it stays asked
    // The clock of the latest progress event; none once the job ends.
    timing: isTerminal(incoming) ? null : (update.timing ?? base.timing ?? null),
  };
  if (
    prev &&
    next.status === prev.status &&
    next.progress === prev.progress &&
    next.chunk === prev.chunk &&
    next.chunks === prev.chunks &&
    next.stage === prev.stage &&
    next.error === prev.error &&
    next.result === prev.result &&
    next.kind === prev.kind &&
    next.cancelRequested === !!prev.cancelRequested &&
    next.timing === (prev.timing ?? null) &&
    next.shot_id === prev.shot_id &&
    next.project_id === prev.project_id
  ) {
    return prev;
  }
  return next;
}

export function jobUpdateFromEvent(type: StudioEventType, data: StudioEvent): JobUpdate | null {
  const id = data.job_id;
  if (!id) return null;
  const status = EVENT_STATUS[type] ?? data.status ?? undefined;
  const update: JobUpdate = { id };
  if (status) update.status = status;
  if (data.project_id) update.project_id = data.project_id;
  if (data.shot_id) update.shot_id = data.shot_id;
  if (typeof data.progress === 'number') update.progress = data.progress;
  if (typeof data.chunk === 'number') update.chunk = data.chunk;
  if (typeof data.chunks === 'number') update.chunks = data.chunks;
  if (data.stage !== undefined) update.stage = data.stage ?? null;
  if (data.error !== undefined) update.error = data.error ?? null;
  if (data.result !== undefined) update.result = data.result ?? null;
  if (data.kind) update.kind = data.kind;
  if (data.cancel_requested) update.cancelRequested = true;
  if (type === 'job.progress' && typeof data.elapsed_s === 'number') {
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    update.timing = {
      step: num(data.step),
      totalSteps: num(data.total_steps),
      elapsedS: data.elapsed_s,
      stepS: num(data.step_s),
      etaS: num(data.eta_s),
    };
  }
  return update;
}

/** "1:05" (m:ss), or "1:02:05" past an hour. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** What a running job's clock says in words: "step 12/40 · 0:31 · ~0:42 left" (null: nothing known yet). */
export function timingText(timing: JobTiming | null | undefined): string | null {
  if (!timing) return null;
  const parts: string[] = [];
  if (timing.step != null && timing.totalSteps != null) parts.push(`step ${timing.step}/${timing.totalSteps}`);
  parts.push(clockText(timing.elapsedS));
  if (timing.etaS != null && timing.step != null && timing.step < (timing.totalSteps ?? 0)) parts.push(`~${clockText(timing.etaS)} left`);
  return parts.join(' · ');
}

/** A stage as the progress bar says it. */
export const STAGE_WORDS: Record<string, string> = {
  building_model: 'building the test model (first start)',
  loading_model: 'loading the model',
  preparing_control: 'preparing the control clip',
  text_encoding: 'reading the prompt',
  denoising: 'denoising',
  upsampling: 'upsampling',
  refining: 'refining',
  decoding: 'decoding',
  encoding: 'writing the file',
  saving: 'saving',
};

/** `n` of a loosely typed object, when it is a positive number. */
function positive(value: unknown, key: string): number | undefined {
  const n = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

export function jobUpdateFromRow(job: Job): JobUpdate {
  // A fetched row may carry the chunk counters beside `progress` (or, once finished, in `result`).
  const chunk = positive(job, 'chunk');
  const chunks = positive(job, 'chunks') ?? positive(job.result, 'chunks');
  return {
    ...(chunk !== undefined ? { chunk } : {}),
    ...(chunks !== undefined ? { chunks } : {}),
    id: job.id,
    project_id: job.project_id,
    shot_id: job.shot_id,
    status: job.status,
    progress: job.progress,
    stage: job.stage,
    error: job.error,
    result: job.result,
    kind: job.kind,
    cancelRequested: !!job.cancel_requested,
  };
}

/** Apply updates to a jobs map; returns the same map when nothing changed (so subscribers don't re-render). */
export function reduceJobs(
  jobs: Record<string, JobView>,
  updates: JobUpdate[],
  nextSeq: () => number,
): Record<string, JobView> {
  let out = jobs;
  for (const update of updates) {
    const prev = out[update.id];
    const next = mergeJob(prev, update, prev?.seq ?? nextSeq());
    if (next !== prev) {
      if (out === jobs) out = { ...jobs };
      out[update.id] = next;
    }
  }
  return out;
}
