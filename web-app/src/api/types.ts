// Names the app uses for the backend's schemas. Everything here is derived from the generated schema.d.ts, so a
// backend change that breaks the app breaks `npm run build`.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Health = Schemas['Health'];
export type ProjectSummary = Schemas['ProjectSummary'];
export type ProjectState = Schemas['ProjectState'];
export type ProjectCreate = Schemas['ProjectCreate'];
export type Shot = Schemas['ShotRead'];
export type ShotCreate = Schemas['ShotCreate'];
export type ShotUpdate = Schemas['ShotUpdate'];
export type ShotStatus = Shot['status'];
export type Job = Schemas['JobRead'];
export type JobStatus = Job['status'];
export type GenerateRequest = Schemas['GenerateRequest'];
export type GenerateAccepted = Schemas['GenerateAccepted'];

/** The shot fields the inspector edits (and undo/redo covers). */
export const EDITABLE_SHOT_FIELDS = [
  'prompt',
  'negative_prompt',
  'seed',
  'num_frames',
  'width',
  'height',
  'num_inference_steps',
] as const satisfies readonly (keyof Shot & keyof ShotUpdate)[];

export type EditableShotField = (typeof EDITABLE_SHOT_FIELDS)[number];
export type ShotFields = Pick<Shot, EditableShotField>;

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ['pending', 'running'];

/** SSE event types the backend publishes on `GET /events`. */
export const JOB_EVENT_TYPES = [
  'job.queued',
  'job.started',
  'job.progress',
  'job.completed',
  'job.failed',
  'job.cancelled',
] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];
export type StudioEventType = JobEventType | 'shot.updated';

/** The `data:` payload of an SSE event. Fields are optional: each event type carries the ones relevant to it. */
export interface StudioEvent {
  type: StudioEventType;
  project_id?: string | null;
  job_id?: string | null;
  shot_id?: string | null;
  status?: JobStatus | null;
  progress?: number | null;
  stage?: string | null;
  error?: string | null;
  result?: { video_url?: string | null; thumbnail_url?: string | null; [key: string]: unknown } | null;
  shot?: Shot | null;
  kind?: string | null;
}
