// Selection, playhead, zoom and scroll: UI state of the timeline, never in the undo history or sent to the server.
import type { TimelineSlice } from '../timelineSlice.types';
import { MAX_ZOOM, MIN_ZOOM } from './session';
import type { GetState, SetState } from './session';

type ViewActions = Pick<TimelineSlice, 'selectClips' | 'setPlayhead' | 'setZoom' | 'setScrollX'>;

export function viewActions(set: SetState, get: GetState): ViewActions {
  return {
    selectClips(ids, mode = 'replace') {
      const current = get().selectedClips;
      let next: Record<string, true>;
      if (mode === 'replace') next = {};
      else next = { ...current };
      for (const id of ids) {
        if (mode === 'remove' || (mode === 'toggle' && current[id])) delete next[id];
        else next[id] = true;
      }
      const same = Object.keys(next).length === Object.keys(current).length && Object.keys(next).every((id) => current[id]);
      if (!same) set({ selectedClips: next });
    },

    setPlayhead(frame) {
      const f = Math.max(0, Math.round(frame));
      if (f !== get().playhead) set({ playhead: f });
    },

    setZoom(pixelsPerFrame) {
      const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, pixelsPerFrame));
      if (z !== get().zoom) set({ zoom: z });
    },

    setScrollX(pixels) {
      const x = Math.max(0, pixels);
      if (x !== get().scrollX) set({ scrollX: x });
    },
  };
}
