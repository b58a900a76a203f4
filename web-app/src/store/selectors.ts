import { isActive } from '../domain/jobReducer';
import { isDirty } from '../domain/shotFields';
import type { JobView } from '../domain/jobReducer';
import type { AppState } from './types';

/** Jobs about a shot that do not make its clip (tracking an object through it): never its progress bar. */
const NOT_GENERATION = new Set(['track']);

/** The generation job to show for a shot: its active one, else its newest, else the one the server names last. */
export function selectShotJob(state: AppState, shotId: string): JobView | null {
  let active: JobView | null = null;
  let newest: JobView | null = null;
  for (const job of Object.values(state.jobs)) {
    if (job.shot_id !== shotId || (job.kind && NOT_GENERATION.has(job.kind))) continue;
    if (isActive(job.status) && (!active || job.seq > active.seq)) active = job;
    if (!newest || job.seq > newest.seq) newest = job;
  }
  if (active) return active;
  const lastId = state.shots[shotId]?.last_job_id;
  const last = lastId ? state.jobs[lastId] : undefined;
  return newest ?? last ?? null;
}

export function selectActiveJobs(state: AppState): JobView[] {
  return Object.values(state.jobs)
    .filter((job) => isActive(job.status))
    .sort((a, b) => a.seq - b.seq);
}

export function selectShotDirty(state: AppState, shotId: string): boolean {
  return isDirty(state.drafts[shotId], state.shots[shotId]);
}
