// The timeline's store slice, composed of small parts in ./timeline/ (see src/domain/timeline/README.md): the local timeline
// (in the undo history, `EditingState.timeline`) and its edits, live drags, selection/playhead/zoom, the server copy
// and the outbox that makes the server follow, and what the browser keeps across a reload.
import { EMPTY_TIMELINE } from '../domain/timeline/model';
import { createCommitter } from './timeline/commit';
import { editActions } from './timeline/edits';
import { gestureActions } from './timeline/gesture';
import { createOutbox } from './timeline/outbox';
import { persistenceActions } from './timeline/persistence';
import { serverSyncActions } from './timeline/serverSync';
import { DEFAULT_ZOOM, EMPTY_TIMELINE_SESSION } from './timeline/session';
import { viewActions } from './timeline/view';
import type { TimelineSlice } from './timelineSlice.types';
import type { SliceCreator } from './types';

export const createTimelineSlice: SliceCreator<TimelineSlice> = (deps) => (set, get) => {
  const outbox = createOutbox(deps, set, get);
  const committer = createCommitter(set, get);
  return {
    ...EMPTY_TIMELINE_SESSION,
    timeline: EMPTY_TIMELINE,
    zoom: DEFAULT_ZOOM,
    ...serverSyncActions(deps, set, get, outbox),
    ...persistenceActions(deps, set, get, outbox),
    ...viewActions(set, get),
    ...editActions(set, get, committer),
    ...gestureActions(set, get, committer),
  };
};
