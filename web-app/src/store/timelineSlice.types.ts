import type { ClipRead, TrackRead } from '../api/types';
import type { Versions } from '../domain/timeline/diff';
import type { ClipSource, Timeline, TrackKind } from '../domain/timeline/model';
import type { AudioPatch, Clipboard, Edge, TrackFlags } from '../domain/timeline/ops';

// The slice's state and actions (./types.ts joins the slices into AppState). Timeline (NLE): see
// src/domain/timeline/README.md.
export type TimelineSyncStatus = 'idle' | 'sending' | 'retrying' | 'refused' | 'conflict';

export interface TimelineSyncState {
  /** idle: nothing waiting; sending; retrying (network/5xx, backoff); refused (422: the next edit retries); conflict. */
  status: TimelineSyncStatus;
  /** Edits not on the server yet (clip changes + track steps): "N edits waiting". */
  pending: number;
  /** Failed tries of the step being sent. */
  attempts: number;
  /** When the next try goes (ms since the epoch), while retrying. */
  retryAt: number | null;
  /** The last failure, the server's words. */
  error: string | null;
  /** Conflict: the clips/tracks changed elsewhere. `reloadFromServer()` resolves it. */
  conflictIds: string[];
}

export type GestureKind = 'move' | 'trim-in' | 'trim-out';

/** A drag in progress: `preview` is drawn instead of `timeline`; neither history nor the server sees it. */
export interface TimelineGesture {
  kind: GestureKind;
  clipIds: string[];
  anchorId: string;
  base: Timeline;
  preview: Timeline;
  /** Last arguments (snapped frames, target track) — what `endGesture` commits. */
  frames: number;
  toTrackId: string | null;
  /** The frame it snapped to (draw a guide), or null. */
  snappedTo: number | null;
  /** Why the preview is the base (a locked track …), or null. */
  error: string | null;
  targets: number[];
}

export type SelectMode = 'replace' | 'add' | 'toggle' | 'remove';

export interface AddClipRequest {
  trackId: string;
  frame: number;
  shotId?: string;
  assetId?: string;
  /** Frames of the source to use; defaults to its length (a still: 5 seconds). */
  duration?: number;
  sourceIn?: number;
}

export interface TimelineSlice {
  /** The local timeline (part of EditingState: in the undo history). */
  timeline: Timeline;
  /** The server's timeline as last answered/announced (never edited locally) and its row versions. */
  serverTimeline: Timeline;
  timelineVersions: Versions;
  /** Display fields from the server's ClipRead rows by source (`shot:<id>` / `asset:<id>`). */
  clipSources: Record<string, ClipSource>;
  timelineSync: TimelineSyncState;
  /** Selected clip ids (a record, so one clip's selector is a cheap boolean). */
  selectedClips: Record<string, true>;
  /** UI, not history: the playhead (frame), zoom (pixels per frame), horizontal scroll (pixels). */
  playhead: number;
  zoom: number;
  scrollX: number;
  clipboard: Clipboard | null;
  gesture: TimelineGesture | null;
  /** Why the last edit was refused (a locked track …), shown near the timeline. */
  timelineError: string | null;

  /** Server rows arrived (project load/refresh). `mark`: `timelineMark()` taken before the request. */
  receiveTimeline(tracks: TrackRead[], clips: ClipRead[], options: { fresh: boolean; mark?: number }): void;
  /** `timeline.changed` (another tab): newer rows and deleted ids. */
  receiveTimelineChange(change: { clips?: ClipRead[] | null; deleted?: string[] | null; tracks?: TrackRead[] | null }): void;
  /**
   * After the live stream was lost: read what changed on the timeline since event `since` (not the whole project);
   * when the server no longer keeps that far back, or the project itself changed, re-read the project.
   */
  catchUpTimeline(since: number): Promise<void>;
  /** A counter of answers applied; a refresh started before the latest answer is not trusted for the timeline. */
  timelineMark(): number;
  /** After a project load: bring back unsent edits and the undo history saved in this browser. */
  restoreTimelineSession(): void;

  selectClips(ids: readonly string[], mode?: SelectMode): void;
  setPlayhead(frame: number): void;
  setZoom(pixelsPerFrame: number): void;
  setScrollX(pixels: number): void;

  addClipFromSource(request: AddClipRequest): string | null;
  moveClips(ids: readonly string[], frames: number, options?: { tracks?: number; toTrackId?: string; anchorId?: string }): boolean;
  trimClip(id: string, edge: Edge, frames: number): boolean;
  splitAtPlayhead(): boolean;
  rippleDelete(ids?: readonly string[]): boolean;
  deleteClips(ids?: readonly string[]): boolean;
  duplicateClips(ids?: readonly string[]): boolean;
  copyClips(ids?: readonly string[]): boolean;
  pasteClips(frame?: number): boolean;
  addTrack(kind: TrackKind, options?: { name?: string; index?: number }): string | null;
  removeTrack(trackId: string): boolean;
  reorderTrack(trackId: string, toIndex: number): boolean;
  setTrackFlags(trackId: string, flags: TrackFlags): boolean;
  /** Gain (dB) and/or fades (frames) of a clip or clips (default: the selection); one undo step, synced as a batch. */
  setClipAudio(ids: string | readonly string[] | null, patch: AudioPatch): boolean;

  beginGesture(gesture: { kind: GestureKind; clipId: string; clipIds?: readonly string[] }): void;
  updateGesture(update: { frames: number; toTrackId?: string | null; snap?: boolean }): void;
  endGesture(commit?: boolean): boolean;

  /** Drop local timeline edits and take the server's timeline (recorded: undo brings the edits back). */
  reloadFromServer(): Promise<void>;
  /** Send now (skip the backoff wait, or retry after a refusal). */
  retryTimelineSync(): void;
  /** Resolves when the outbox is idle, refused, in conflict or waiting to retry (tests, before leaving). */
  flushTimeline(): Promise<void>;
  /** Write the undo history of the timeline to the browser storage now (it is also written shortly after changes). */
  saveTimelineHistory(): void;
  /** Internal (index.ts): the local timeline changed — plan, persist and send. */
  scheduleTimelineSync(): void;
  /** Internal (index.ts): the history changed — save it after `delayMs`. */
  scheduleHistorySave(delayMs: number): void;
}
