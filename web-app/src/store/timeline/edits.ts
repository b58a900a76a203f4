// Clip and track edits: each one is a pure op (src/domain/timeline/ops.ts) committed as one undo step; refused edits return
// false (or null) and say why in `timelineError`.
import { clipEnd } from '../../domain/timeline/model';
import * as ops from '../../domain/timeline/ops';
import { fits } from '../../domain/timeline/rules';
import { STILL_SECONDS } from '../../domain/timeline/sources';
import type { TimelineSlice } from '../timelineSlice.types';
import type { Committer } from './commit';
import type { GetState, SetState } from './session';

type EditActions = Pick<
  TimelineSlice,
  | 'addClipFromSource'
  | 'moveClips'
  | 'trimClip'
  | 'splitAtPlayhead'
  | 'rippleDelete'
  | 'deleteClips'
  | 'duplicateClips'
  | 'copyClips'
  | 'pasteClips'
  | 'addTrack'
  | 'removeTrack'
  | 'reorderTrack'
  | 'setTrackFlags'
  | 'setClipAudio'
>;

export function editActions(set: SetState, get: GetState, { context, commit, selection }: Committer): EditActions {
  return {
    addClipFromSource({ trackId, frame, shotId, assetId, duration, sourceIn }) {
      const s = get();
      const ctx = context();
      const ref = { shot_id: shotId ?? null, asset_id: assetId ?? null };
      // The server's rule (timeline_rules.FITS): a track of each kind takes only some kinds of source.
      const track = s.timeline.tracks[trackId];
      const kind = shotId ? 'shot' : s.assets.find((a) => a.id === assetId)?.kind;
      if (track && kind && !fits(track.kind, kind)) {
        commit({ timeline: s.timeline, affected: [], error: `a ${kind} source cannot go on ${track.kind} track ${track.name}` });
        return null;
      }
      const length = ctx.sourceFrames(ref as never);
      const fps = s.project?.fps ?? 24;
      const frames = duration ?? (length !== null ? length - (sourceIn ?? 0) : STILL_SECONDS * fps);
      const result = ops.addClip(s.timeline, trackId, frame, { ...ref, duration: frames, source_in: sourceIn ?? 0 }, ctx);
      if (!commit(result)) return null;
      const id = result.affected.find((x) => !(x in s.timeline.clips)) ?? null;
      if (id) set({ selectedClips: { [id]: true } });
      return id;
    },

    moveClips(ids, frames, options = {}) {
      const t = get().timeline;
      if (options.toTrackId) {
        const anchor = options.anchorId ?? ids[0];
        if (!anchor) return false;
        return commit(ops.moveClipsTo(t, ids, anchor, options.toTrackId, frames, context()));
      }
      return commit(ops.moveClips(t, ids, frames, options.tracks ?? 0, context()));
    },

    trimClip(id, edge, frames) {
      return commit(ops.trimClip(get().timeline, id, edge, frames, context()));
    },

    splitAtPlayhead() {
      const { timeline, playhead } = get();
      const selected = selection().filter((id) => {
        const c = timeline.clips[id];
        return c && c.start_frame < playhead && playhead < clipEnd(c);
      });
      const ids = selected.length ? selected : [ops.topClipAt(timeline, playhead)?.id].filter((x): x is string => !!x);
      return commit(ops.splitClips(timeline, ids, playhead, context()));
    },

    rippleDelete(ids) {
      const gone = selection(ids);
      const ok = commit(ops.rippleDelete(get().timeline, gone));
      if (ok) get().selectClips(gone, 'remove');
      return ok;
    },

    deleteClips(ids) {
      const gone = selection(ids);
      const ok = commit(ops.deleteClips(get().timeline, gone));
      if (ok) get().selectClips(gone, 'remove');
      return ok;
    },

    duplicateClips(ids) {
      const before = get().timeline;
      const result = ops.duplicateClips(before, selection(ids), context());
      const ok = commit(result);
      if (ok && result.affected.length) get().selectClips(result.affected.filter((id) => !(id in before.clips)));
      return ok;
    },

    copyClips(ids) {
      const clipboard = ops.copyClips(get().timeline, selection(ids));
      if (clipboard) set({ clipboard });
      return !!clipboard;
    },

    pasteClips(frame) {
      const { clipboard, timeline, playhead } = get();
      if (!clipboard) return false;
      const result = ops.pasteClips(timeline, clipboard, frame ?? playhead, context());
      const ok = commit(result);
      if (ok) get().selectClips(result.affected.filter((id) => !(id in timeline.clips) && clipboard.clips.length > 0 && result.timeline.clips[id]));
      return ok;
    },

    addTrack(kind, options) {
      const result = ops.addTrack(get().timeline, kind, options);
      return commit(result) ? result.affected[0] ?? null : null;
    },

    removeTrack(trackId) {
      return commit(ops.removeTrack(get().timeline, trackId));
    },

    reorderTrack(trackId, toIndex) {
      return commit(ops.reorderTrack(get().timeline, trackId, toIndex));
    },

    setTrackFlags(trackId, flags) {
      return commit(ops.setTrackFlags(get().timeline, trackId, flags));
    },

    setClipAudio(ids, patch) {
      const targets = typeof ids === 'string' ? [ids] : selection(ids ?? undefined);
      return commit(ops.setClipAudio(get().timeline, targets, patch));
    },
  };
}
