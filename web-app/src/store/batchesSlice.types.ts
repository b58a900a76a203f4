import type { Batch, BatchWhat, QueueJob } from '../api/batches';
import type { BatchAction } from '../domain/batches';

// The slice's state and actions (./types.ts joins the slices into AppState). Batches and the all-projects queue.
export type BatchScope = { scope: 'project' } | { scope: 'scene'; sceneId: string };

export interface QueueState {
  open: boolean;
  /** Only the open project's jobs. */
  onlyProject: boolean;
  items: QueueJob[];
  total: number;
  loading: boolean;
  error: string | null;
}

export interface BatchesSlice {
  batches: Record<string, Batch>;
  /** The batch the overview shows (the open project's newest), or null. */
  currentBatchId: string | null;
  batchError: string | null;
  queue: QueueState;
  /**
   * `POST /projects/{id}/generate-all`: `what` is frames (a storyboard frame per shot), videos (the default) or both
   * (each shot's frame, then its video from that frame). The batch id, or null (the server's reason in `batchError`).
   */
  generateAll(scope: BatchScope, regenerate?: boolean, what?: BatchWhat): Promise<string | null>;
  /** The project's recent batches (`GET /projects/{id}/batches`), so the overview survives a reload. */
  loadBatches(projectId: string): Promise<void>;
  /** A batch row (from a response or a `batch.updated` event). */
  receiveBatch(batch: Batch): void;
  /** Pause, resume or cancel: the new state shows at once; a refusal puts the row back and says why. */
  pauseBatch(batchId: string): Promise<void>;
  resumeBatch(batchId: string): Promise<void>;
  cancelBatch(batchId: string): Promise<void>;
  /** Per batch: the action in flight. */
  batchActing: Record<string, BatchAction>;
  /** Per batch: why the last pause/resume/cancel was refused. */
  batchActionErrors: Record<string, string>;
  /** Per batch: when its latest row came (ms), so its time left counts down between the server's events. */
  batchSeenAt: Record<string, number>;
  /** Batches the user closed in the overview (kept for the browser tab's session). */
  dismissedBatchIds: string[];
  /** Hide a batch from the overview. */
  dismissBatch(batchId: string): void;
  openQueue(): void;
  closeQueue(): void;
  setQueueOnlyProject(only: boolean): void;
  loadQueue(): Promise<void>;
}
