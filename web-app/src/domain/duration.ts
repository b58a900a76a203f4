// A shot's length as people think of it (seconds) and as LTX-2 generates it (8k+1 frames): the conversion both ways.
import { MAX_FRAMES } from './generation';

export const MIN_FRAMES = 9;

/** The 8k+1 frame count nearest to `seconds` at `fps`, within what one generation makes (9..505). */
export function framesForSeconds(seconds: number, fps: number): number {
  const k = Math.round((seconds * fps) / 8);
  return Math.min(MAX_FRAMES, Math.max(MIN_FRAMES, 8 * k + 1));
}

/** The seconds to show for `frames`: one decimal when that reads back as the same frames, else two. */
export function secondsOf(frames: number, fps: number): string {
  const seconds = frames / fps;
  const short = seconds.toFixed(1);
  return framesForSeconds(Number(short), fps) === frames ? short : seconds.toFixed(2);
}

/** "2.0 s · 49 frames". */
export function durationLabel(frames: number, fps: number): string {
  return `${(frames / fps).toFixed(1)} s · ${frames} frames`;
}
