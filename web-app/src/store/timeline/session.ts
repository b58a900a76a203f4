// The timeline slice's starting state and limits, and the store access its parts share (see src/timeline/README.md).
import { NO_VERSIONS } from '../../timeline/diff';
import { EMPTY_TIMELINE } from '../../timeline/model';
import type { AppState, SliceCreator, TimelineSlice, TimelineSyncState } from '../types';

export const IDLE_SYNC: TimelineSyncState = { status: 'idle', pending: 0, attempts: 0, retryAt: null, error: null, conflictIds: [] };

/** Per-project timeline state that goes when another project opens (the timeline itself is in EMPTY_SESSION). */
export const EMPTY_TIMELINE_SESSION = {
  serverTimeline: EMPTY_TIMELINE,
  timelineVersions: NO_VERSIONS,
  clipSources: {},
  timelineSync: IDLE_SYNC,
  selectedClips: {},
  playhead: 0,
  scrollX: 0,
  clipboard: null,
  gesture: null,
  timelineError: null,
} satisfies Partial<AppState>;

export const DEFAULT_ZOOM = 4; // pixels per frame
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 64;

type Creator = ReturnType<SliceCreator<TimelineSlice>>;
/** The store's `set` and `get` as the slice's parts receive them. */
export type SetState = Parameters<Creator>[0];
export type GetState = Parameters<Creator>[1];
