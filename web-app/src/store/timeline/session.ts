// The timeline slice's starting state and limits, and the store access its parts share (see src/domain/timeline/README.md).
import { NO_VERSIONS } from '../../domain/timeline/diff';
import { EMPTY_TIMELINE } from '../../domain/timeline/model';
import type { TimelineSlice, TimelineSyncState } from '../timelineSlice.types';
import type { AppState, SliceCreator } from '../types';
import type { ServerChange } from './incoming';

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

/** The loop that makes the server follow the local timeline (made in ./outbox.ts; the other parts call it). */
export interface Outbox {
  /** Plan, count, persist; start the loop unless it runs, waits for a retry or is stopped by a conflict. */
  schedule(): void;
  /** Retry now: drop the wait, leave a refusal, send (not while a conflict stands). */
  retry(): void;
  /** Fold server rows into the server copy and the local timeline (after the request in flight, if one is). */
  receive(change: ServerChange): void;
  /** Resolves once nothing is in flight (idle, or stopped by a conflict/refusal/retry wait). */
  flush(): Promise<void>;
  /** A project read from scratch: forget the retry wait and waiting rows; write nothing until restored again. */
  reset(): void;
  clearRetry(): void;
  /** A counter of answers applied; a read started before the latest answer is not trusted for the timeline. */
  mark(): number;
  bumpMark(): void;
  /** Whether `restoreTimelineSession` has read what this browser kept since the last fresh load (before: no writes). */
  restored(): boolean;
  markRestored(): void;
  setSync(patch: Partial<TimelineSyncState>): void;
}
