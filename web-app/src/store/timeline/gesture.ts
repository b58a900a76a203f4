// Live drags (move, trim in/out): `gesture.preview` is drawn instead of the timeline while the pointer moves (with
// snapping), outside the history and the server; pointer-up commits it once.
import { clipEnd } from '../../domain/timeline/model';
import type { Timeline } from '../../domain/timeline/model';
import * as ops from '../../domain/timeline/ops';
import type { OpContext, OpResult } from '../../domain/timeline/ops';
import { snapDelta, snapTargets } from '../../domain/timeline/snap';
import type { GestureKind, TimelineSlice } from '../timelineSlice.types';
import type { Committer } from './commit';
import type { GetState, SetState } from './session';

type GestureActions = Pick<TimelineSlice, 'beginGesture' | 'updateGesture' | 'endGesture'>;

/** The drag applied to `base`: a move (onto `toTrackId` when given) or a trim of the anchor clip. */
function gestureResult(kind: GestureKind, base: Timeline, clipIds: string[], anchorId: string, frames: number, toTrackId: string | null, ctx: OpContext): OpResult {
  if (kind === 'move') {
    return toTrackId ? ops.moveClipsTo(base, clipIds, anchorId, toTrackId, frames, ctx) : ops.moveClips(base, clipIds, frames, 0, ctx);
  }
  return ops.trimClip(base, anchorId, kind === 'trim-in' ? 'in' : 'out', frames, ctx);
}

export function gestureActions(set: SetState, get: GetState, { context, commit }: Committer): GestureActions {
  return {
    beginGesture({ kind, clipId, clipIds }) {
      const { timeline, selectedClips, playhead } = get();
      if (!timeline.clips[clipId]) return;
      const ids = kind === 'move' ? [...(clipIds ?? (selectedClips[clipId] ? Object.keys(selectedClips) : [clipId]))] : [clipId];
      const moving = ids.filter((id) => id in timeline.clips);
      set({
        gesture: {
          kind,
          clipIds: moving,
          anchorId: clipId,
          base: timeline,
          preview: timeline,
          frames: 0,
          toTrackId: null,
          snappedTo: null,
          error: null,
          targets: snapTargets(timeline, moving, playhead),
        },
      });
    },

    updateGesture({ frames, toTrackId = null, snap = true }) {
      const g = get().gesture;
      if (!g) return;
      const base = g.base;
      let delta: number;
      let snappedTo: number | null = null;
      if (snap) {
        const edges =
          g.kind === 'move'
            ? g.clipIds.flatMap((id) => [base.clips[id]!.start_frame, clipEnd(base.clips[id]!)])
            : [g.kind === 'trim-in' ? base.clips[g.anchorId]!.start_frame : clipEnd(base.clips[g.anchorId]!)];
        const snapped = snapDelta(edges, frames, get().zoom, g.targets);
        delta = snapped.delta;
        snappedTo = snapped.target;
      } else delta = Math.round(frames);
      if (delta === g.frames && toTrackId === g.toTrackId && snappedTo === g.snappedTo) return;
      const result = gestureResult(g.kind, base, g.clipIds, g.anchorId, delta, toTrackId, context());
      set({
        gesture: { ...g, frames: delta, toTrackId, snappedTo, preview: result.error ? base : result.timeline, error: result.error ?? null },
      });
    },

    endGesture(commitIt = true) {
      const g = get().gesture;
      if (!g) return false;
      set({ gesture: null });
      if (!commitIt || (g.frames === 0 && !g.toTrackId)) return false;
      // Re-apply to the timeline as it is now (a server change may have arrived during the drag).
      return commit(gestureResult(g.kind, get().timeline, g.clipIds, g.anchorId, g.frames, g.toTrackId, context()));
    },
  };
}
