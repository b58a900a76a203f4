// Server rows arriving outside the outbox's own answers (a project read, `timeline.changed` from another tab, a
// refresh): what is news in them, the server copy they make, and the undo history rebased onto them.
import type { ClipRead, TrackRead } from '../../api/types';
import { NO_VERSIONS, rebase } from '../../domain/timeline/diff';
import type { Rebased } from '../../domain/timeline/diff';
import { EMPTY_TIMELINE } from '../../domain/timeline/model';
import type { Timeline } from '../../domain/timeline/model';
import { receiveClipRows, receiveTrackRows } from '../../domain/timeline/sync';
import type { ServerCopy } from '../../domain/timeline/sync';
import type { StoreDeps } from '../types';

/** Rows from the server: `tracks` is always the whole list; `complete`: `clips` are all clips (a project read). */
export type ServerChange = { clips?: ClipRead[] | null; deleted?: string[] | null; tracks?: TrackRead[] | null; complete?: boolean };

/** The server copy of freshly read rows, sharing `timeline`'s objects. */
export function serverCopyOf(tracks: readonly TrackRead[], clips: readonly ClipRead[], timeline: Timeline): ServerCopy {
  const versions = {
    tracks: Object.fromEntries(tracks.map((r) => [r.id, r.version])),
    clips: Object.fromEntries(clips.map((r) => [r.id, r.version])),
  };
  const sources = receiveClipRows({ timeline: EMPTY_TIMELINE, versions: NO_VERSIONS, sources: {} }, clips, []).sources;
  return { timeline, versions, sources };
}

/**
 * The server copy after `change` (sharing `local`'s equal objects) and the clip ids to rebase (undefined: all), or
 * null when the change holds no news (rows not newer than ours).
 */
export function foldChange(before: ServerCopy, change: ServerChange, local: Timeline): { copy: ServerCopy; ids: string[] | undefined } | null {
  const clipRows = (change.clips ?? []).filter((r) => r.version > (before.versions.clips[r.id] ?? -1));
  let deleted = (change.deleted ?? []).filter((id) => id in before.timeline.clips);
  if (change.complete) {
    // A full read: clips missing from it were deleted.
    const present = new Set((change.clips ?? []).map((r) => r.id));
    deleted = Object.keys(before.timeline.clips).filter((id) => !present.has(id));
  }
  // Tracks always come as the whole list (the project read, or an event about tracks); a list holding a row older
  // than ours is not news.
  const trackRows = change.tracks ?? null;
  const tracksNews =
    !!trackRows &&
    !trackRows.some((r) => (before.versions.tracks[r.id] ?? -1) > r.version) &&
    (trackRows.some((r) => (before.versions.tracks[r.id] ?? -1) < r.version) ||
      Object.keys(before.versions.tracks).some((id) => !trackRows.some((r) => r.id === id)));
  if (!clipRows.length && !deleted.length && !tracksNews) return null;
  let copy = receiveClipRows(before, clipRows, deleted, local);
  if (tracksNews) copy = receiveTrackRows(copy, trackRows!, true);
  const ids = change.complete ? undefined : [...clipRows.map((r) => r.id), ...deleted];
  return { copy, ids };
}

/**
 * Fold the server's change (`base` → `theirs`) into every undo/redo entry, so stepping through the history never takes
 * back someone else's change, and return the present rebased (for the caller to set once the conflict state is set:
 * setting the timeline starts the outbox). Not recorded.
 */
export function rebaseHistory(deps: StoreDeps, present: Timeline, base: Timeline, theirs: Timeline, ids?: string[]): Rebased {
  const result = rebase(base, present, theirs, ids);
  const history = deps.history();
  const move = (t: Timeline) => rebase(base, t, theirs, ids).timeline;
  const { pastStates, futureStates } = history.getState();
  history.setState({
    pastStates: pastStates.map((s) => (s.timeline ? { ...s, timeline: move(s.timeline) } : s)),
    futureStates: futureStates.map((s) => (s.timeline ? { ...s, timeline: move(s.timeline) } : s)),
  });
  return result;
}
