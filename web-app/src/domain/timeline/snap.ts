// Snapping: a dragged edge jumps to a clip edge (any track) or the playhead when it comes within N pixels at the
// current zoom. Pure functions of the candidate frame(s), the zoom (pixels per frame) and the targets.
import { clipEnd } from './model';
import type { Timeline } from './model';

export const SNAP_PIXELS = 8;

/** Sorted, unique snap targets: every clip's start and end (except the clips being dragged) and the playhead. */
export function snapTargets(t: Timeline, exclude: Iterable<string>, playhead: number | null): number[] {
  const skip = new Set(exclude);
  const frames = new Set<number>();
  for (const clip of Object.values(t.clips)) {
    if (skip.has(clip.id)) continue;
    frames.add(clip.start_frame);
    frames.add(clipEnd(clip));
  }
  if (playhead !== null) frames.add(playhead);
  return [...frames].sort((a, b) => a - b);
}

/** The target nearest to `frame` (binary search), or null when there are none. */
export function nearestTarget(targets: readonly number[], frame: number): number | null {
  if (!targets.length) return null;
  let lo = 0;
  let hi = targets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (targets[mid]! < frame) lo = mid + 1;
    else hi = mid;
  }
  const after = targets[lo];
  const before = targets[lo - 1];
  if (after === undefined) return before!;
  if (before === undefined) return after;
  return frame - before <= after - frame ? before : after;
}

export interface Snapped {
  frame: number;
  /** The target it snapped to, or null (then `frame` is the candidate rounded). */
  target: number | null;
}

/** Snap one frame (a trim edge, the playhead) to the nearest target within `pixels` at `zoom` pixels per frame. */
export function snapFrame(candidate: number, zoom: number, targets: readonly number[], pixels = SNAP_PIXELS): Snapped {
  const target = nearestTarget(targets, candidate);
  if (target !== null && Math.abs(target - candidate) * zoom <= pixels) return { frame: target, target };
  return { frame: Math.round(candidate), target: null };
}

export interface SnappedDelta {
  delta: number;
  target: number | null;
}

/**
 * Snap a move: `edges` are the dragged clips' start/end frames before the move, `delta` the raw offset in frames.
 * The edge that comes closest to a target (within `pixels`) decides the offset.
 */
export function snapDelta(edges: readonly number[], delta: number, zoom: number, targets: readonly number[], pixels = SNAP_PIXELS): SnappedDelta {
  let best: SnappedDelta = { delta: Math.round(delta), target: null };
  let bestDistance = Infinity;
  for (const edge of edges) {
    const at = edge + delta;
    const target = nearestTarget(targets, at);
    if (target === null) continue;
    const distance = Math.abs(target - at) * zoom;
    if (distance <= pixels && distance < bestDistance) {
      bestDistance = distance;
      best = { delta: target - edge, target };
    }
  }
  return best;
}
