import type { GenerateRequest, Job, StudioEvent, StudioEventType } from '../api/types';
import type { JobView } from '../domain/jobReducer';

// The slice's state and actions (./types.ts joins the slices into AppState). Jobs.
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting';

export interface JobsSlice {
  jobs: Record<string, JobView>;
  connection: ConnectionState;
  lastEventId: string | null;
  setConnection(state: ConnectionState): void;
  /** Reduce one SSE event (`event:` type + JSON `data:`) into the store. */
  applyEvent(type: StudioEventType, data: StudioEvent, eventId?: string | null): void;
  receiveJobs(jobs: Job[]): void;
  loadProjectJobs(projectId: string): Promise<void>;
  /** `overrides` replace fields of the request built from the saved shot (a promotion: `quality`, `seed`, `prompt`). */
  generateShot(shotId: string, overrides?: Partial<GenerateRequest>): Promise<string | null>;
  cancelJob(jobId: string): Promise<void>;
}
