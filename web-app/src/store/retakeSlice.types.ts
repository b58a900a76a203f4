import type { RetakePart } from '../api/types';
import type { RetakeMarks } from '../domain/retake';

// The slice's state and actions (./types.ts joins the slices into AppState). Retake: in/out marks on a shot's take,
// the retake job, and its undo (a server step, as an extension's).
/** A retake this page started and is waiting for. */
export interface PendingRetake {
  shotId: string;
  /** The take (job id) that was the shot's clip before: undo goes back to it. */
  previousTake: string | null;
}

export interface RetakeSlice {
  /** In/out marks per shot, in frames of its current take (not undoable: like the player's in/out). */
  retakeMarks: Record<string, RetakeMarks>;
  /** What a retake of each shot regenerates (the player's Video / Sound / Both choice). */
  retakeParts: Record<string, RetakePart>;
  /** The server's refusal of the last retake of each shot (its `detail`, verbatim). */
  retakeErrors: Record<string, string>;
  /** Shots whose retake request is in flight. */
  retakeStarting: Record<string, true>;
  pendingRetakes: Record<string, PendingRetake>;
  /** Set (frame) or clear (null) a mark; clamped to the shot's current take. */
  markRetake(shotId: string, which: 'in' | 'out', frame: number | null): void;
  clearRetakeMarks(shotId: string): void;
  setRetakePart(shotId: string, part: RetakePart): void;
  clearRetakeError(shotId: string): void;
  /** Save pending edits, then `POST /generate/advanced` with `mode: "retake"` for the marked range. Job id or null. */
  retakeShot(shotId: string): Promise<string | null>;
  /** A job reached a terminal status: a retake this page started becomes an undo step if it made a take. */
  settleRetake(jobId: string): void;
}
