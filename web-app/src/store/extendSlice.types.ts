import type { ExtendOptions, ExtendResult } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Smart Continue (extend) and the server-
// side undo steps.
/** An extend job this page started and is waiting for (what undoing it will need). */
export interface PendingExtend {
  shotId: string;
  result: ExtendResult;
  /** The take (job id) that was the shot's clip before the extension: undo of a replace goes back to it. */
  previousTake: string | null;
}

/**
 * An undo step that is a server call, not a zundo state change. `depth` is the length of zundo's past when the step
 * took effect: undo takes this step when no later edit sits above it, so edits and server steps stay in one order.
 */
export interface ServerStep {
  /** What made the step: an extension, a retake (a new take of the same shot), or switching to another take. */
  kind: 'extend' | 'retake' | 'take';
  jobId: string;
  /** The shot that was extended. */
  shotId: string;
  /** The shot holding the result (the same shot for replace, the new one for new_shot). */
  resultShotId: string;
  result: ExtendResult;
  previousTake: string | null;
  depth: number;
}

export interface ExtendSlice {
  /** The shot whose Extend dialog is open. */
  extendDialogShotId: string | null;
  /** The server's refusal of the last extend request (its `detail`, verbatim), shown in the dialog. */
  extendError: string | null;
  extending: boolean;
  pendingExtends: Record<string, PendingExtend>;
  serverPast: ServerStep[];
  serverFuture: ServerStep[];
  /** A server undo/redo is in flight: further undo/redo waits. */
  historyBusy: boolean;
  openExtendDialog(shotId: string): void;
  closeExtendDialog(): void;
  /** Save pending edits, then `POST /generate/advanced` with `mode: "extend"`. Returns the job id, or null. */
  extendShot(shotId: string, options: ExtendOptions): Promise<string | null>;
  /** A job reached a terminal status: an extend this page started becomes an undo step if it left a clip. */
  settleExtend(jobId: string): void;
  /** Record a server change as the newest undo step (at zundo's depth now); it ends every redo. */
  pushServerStep(step: Omit<ServerStep, 'depth'>): void;
  /** Make one of the shot's takes its clip (`PATCH {version, take}`, one retry on a 409); an undo step. */
  switchTake(shotId: string, takeJobId: string): Promise<void>;
  /** Undo / redo the newest server step. */
  undoServerStep(): Promise<void>;
  redoServerStep(): Promise<void>;
}
