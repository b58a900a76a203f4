// Retake: regenerate a range of a shot's current take (picture, sound or both) into a new take. Pure helpers: the
// in/out marks in frames of the take (clamped to it), the range they make, what stops a retake (the client's mirror
// of backend/services/generation_inputs.py: hints only, the server's 422 `detail` is shown as it is), and the body of
// `POST /generate/advanced`.
import type { RetakePart, RetakeRequest, Shot } from '../api/types';

/** The most frames one retake regenerates (backend/media/splice.py RETAKE_MAX_FRAMES). */
export const RETAKE_MAX_FRAMES = 257;

export const RETAKE_PARTS: readonly { part: RetakePart; label: string; title: string }[] = [
  { part: 'video', label: 'Video', title: 'Regenerate the picture in the range; keep the sound' },
  { part: 'audio', label: 'Sound', title: 'Regenerate the sound in the range; keep the picture' },
  { part: 'both', label: 'Both', title: 'Regenerate picture and sound in the range' },
];

/** In / out marks on a take, 0-based frames, both inclusive; null: not set. */
export interface RetakeMarks {
  in: number | null;
  out: number | null;
}
export const NO_MARKS: RetakeMarks = { in: null, out: null };

/** A frame of a take of `frames` frames: rounded and kept inside 0..frames-1. */
export function clampToTake(frame: number, frames: number): number {
  const last = Math.max(0, Math.floor(frames) - 1);
  if (!Number.isFinite(frame)) return 0;
  return Math.min(last, Math.max(0, Math.round(frame)));
}

/**
 * Set one mark (clamped to the take). An in after the out, or an out before the in, drops the other mark, as an
 * editor's in/out do; `null` clears that mark.
 */
export function setMark(marks: RetakeMarks, which: 'in' | 'out', frame: number | null, frames: number): RetakeMarks {
  if (frame === null) return { ...marks, [which]: null };
  const at = clampToTake(frame, frames);
  if (which === 'in') return { in: at, out: marks.out !== null && marks.out < at ? null : marks.out };
  return { in: marks.in !== null && marks.in > at ? null : marks.in, out: at };
}

/** The range the marks make on a take of `frames` frames (a missing mark is the take's start / end); null: no marks. */
export function markedRange(marks: RetakeMarks, frames: number): { start: number; end: number } | null {
  if (!(frames >= 1) || (marks.in === null && marks.out === null)) return null;
  const a = marks.in === null ? 0 : clampToTake(marks.in, frames);
  const b = marks.out === null ? Math.floor(frames) - 1 : clampToTake(marks.out, frames);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

/** Frames of the shot's current take (`clip_frames`), or 0 when it has none. */
export function takeFrames(shot: Pick<Shot, 'video_url' | 'clip_frames' | 'num_frames'>): number {
  if (!shot.video_url) return 0;
  return shot.clip_frames ?? shot.num_frames;
}

/** Why the shot cannot be retaken with these marks now, as one sentence; null: it can. */
export function retakeProblem(
  shot: Pick<Shot, 'video_url' | 'clip_frames' | 'num_frames' | 'status'>,
  marks: RetakeMarks,
  busy: boolean,
): string | null {
  const frames = takeFrames(shot);
  if (!frames) return 'This shot has no take yet: generate it first.';
  if (busy || shot.status === 'queued' || shot.status === 'generating') return 'The shot is being generated; wait for it to finish.';
  const range = markedRange(marks, frames);
  if (!range) return 'Mark the range first: In (I) and Out (O) on this shot.';
  const length = range.end - range.start + 1;
  if (length > RETAKE_MAX_FRAMES) {
    return `A retake regenerates at most ${RETAKE_MAX_FRAMES} frames at once; the range has ${length}: retake it in parts.`;
  }
  return null;
}

/** The `POST /generate/advanced` body: regenerate `start..end` (inclusive) of the shot's current take. */
export function retakeRequest(
  projectId: string,
  shotId: string,
  range: { start: number; end: number },
  part: RetakePart,
): RetakeRequest {
  return {
    project_id: projectId,
    shot_id: shotId,
    mode: 'retake',
    start_frame: range.start,
    end_frame: range.end,
    regenerate_video: part !== 'audio',
    regenerate_audio: part !== 'video',
  };
}
