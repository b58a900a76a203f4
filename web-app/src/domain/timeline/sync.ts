// The outbox: the server is made to equal the local timeline one step at a time (one request in flight), each answer
// folded into the server copy before the next step is planned. Pure parts here; the loop runs in src/store/timeline/outbox.ts.
//
// Failures: a network error or 5xx keeps the edits (retry with backoff, persisted so a reload keeps them); a 409 stops
// the outbox (conflict, never a silent overwrite: the user chooses Reload); another 4xx (422: an invariant the local
// timeline broke) stops it until the next local edit (an undo usually) or a manual retry.
import { ApiError, ConflictError } from '../../api/client';
import type { Api } from '../../api/client';
import type { ClipRead, TrackRead } from '../../api/types';
import type { SyncStep, Versions } from './diff';
import { clipEnd, sameClip, toClip, toSource, toTrack, withClips, withTracks } from './model';
import type { ClipSource, Timeline, TimelineClip, TimelineTrack } from './model';
import { packTimeline, unpackTimeline } from './history';
import type { PackedTimeline } from './history';

export interface ServerCopy {
  timeline: Timeline;
  versions: Versions;
  sources: Record<string, ClipSource>;
}

export type StepAnswer =
  | { kind: 'edits'; clips: ClipRead[]; deleted: string[]; tracks: TrackRead[] }
  | { kind: 'track'; track: TrackRead; reordered: boolean; all?: TrackRead[] }
  | { kind: 'trackDeleted'; trackId: string };

/**
 * Send one step. A reorder re-reads the tracks (the server renumbers the siblings) through the change feed after
 * `since` (the last event id seen), so it costs the tracks and what changed, not the whole project.
 */
export async function sendStep(api: Api, projectId: string, step: SyncStep, since = 0): Promise<StepAnswer> {
  switch (step.kind) {
    case 'edits': {
      const answer = await api.timelineEdits(projectId, { changes: step.changes });
      return { kind: 'edits', clips: answer.clips, deleted: answer.deleted, tracks: answer.tracks ?? [] };
    }
    case 'createTrack': {
      const track = await api.createTrack(projectId, step.body);
      return { kind: 'track', track, reordered: false };
    }
    case 'updateTrack': {
      const track = await api.updateTrack(projectId, step.trackId, step.body);
      const reordered = step.body.index !== undefined && step.body.index !== null;
      const all = reordered ? (await api.timelineChanges(projectId, since)).tracks : undefined;
      return { kind: 'track', track, reordered, ...(all ? { all } : {}) };
    }
    case 'deleteTrack':
      await api.deleteTrack(projectId, step.trackId, step.version);
      return { kind: 'trackDeleted', trackId: step.trackId };
  }
}

/** Server clip rows into the server copy: placement, version, display fields. Keeps `reuse` objects when equal. */
export function receiveClipRows(copy: ServerCopy, rows: readonly ClipRead[], deleted: readonly string[], reuse?: Timeline): ServerCopy {
  if (!rows.length && !deleted.length) return copy;
  const clipVersions = { ...copy.versions.clips };
  const sources = { ...copy.sources };
  const upserts: TimelineClip[] = [];
  for (const row of rows) {
    const clip = toClip(row);
    const mine = reuse?.clips[clip.id];
    upserts.push(sameClip(mine, clip) ? mine! : clip);
    clipVersions[row.id] = row.version;
    const key = row.shot_id ? `shot:${row.shot_id}` : `asset:${row.asset_id}`;
    const source = toSource(row);
    const known = sources[key];
    if (!known || JSON.stringify(known) !== JSON.stringify(source)) sources[key] = source;
  }
  for (const id of deleted) delete clipVersions[id];
  return {
    timeline: withClips(copy.timeline, upserts, deleted),
    versions: { ...copy.versions, clips: clipVersions },
    sources,
  };
}

/** Server track rows into the server copy. `complete`: the rows are all tracks (order and deletions follow them). */
export function receiveTrackRows(copy: ServerCopy, rows: readonly TrackRead[], complete = false): ServerCopy {
  if (!rows.length && !complete) return copy;
  const trackVersions: Record<string, number> = complete ? {} : { ...copy.versions.tracks };
  const tracks: Record<string, TimelineTrack> = complete ? {} : { ...copy.timeline.tracks };
  const index: Record<string, number> = {};
  const t = copy.timeline;
  for (const kind of ['video', 'audio'] as const) t.trackOrder[kind].forEach((id, i) => (index[id] = i));
  for (const row of rows) {
    const track = toTrack(row);
    const old = copy.timeline.tracks[row.id];
    tracks[row.id] = old && JSON.stringify(old) === JSON.stringify(track) ? old : track;
    trackVersions[row.id] = row.version;
    index[row.id] = row.index;
  }
  const order = { video: [] as string[], audio: [] as string[] };
  for (const id of Object.keys(tracks)) order[tracks[id]!.kind].push(id);
  // Rows not in the answer keep their place; an answered row goes to its index (ties: the answered row first).
  const answered = new Set(rows.map((r) => r.id));
  for (const kind of ['video', 'audio'] as const) {
    order[kind].sort((a, b) => (index[a] ?? 0) - (index[b] ?? 0) || Number(answered.has(b)) - Number(answered.has(a)));
  }
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => b[i] === x);
  const trackOrder = {
    video: same(order.video, t.trackOrder.video) ? t.trackOrder.video : order.video,
    audio: same(order.audio, t.trackOrder.audio) ? t.trackOrder.audio : order.audio,
  };
  return { ...copy, timeline: withTracks(t, tracks, trackOrder), versions: { ...copy.versions, tracks: trackVersions } };
}

/** Fold a step's answer into the server copy. */
export function applyAnswer(copy: ServerCopy, answer: StepAnswer, local: Timeline): ServerCopy {
  if (answer.kind === 'edits') {
    return receiveTrackRows(receiveClipRows(copy, answer.clips, answer.deleted, local), answer.tracks);
  }
  if (answer.kind === 'trackDeleted') {
    const { [answer.trackId]: _gone, ...tracks } = copy.timeline.tracks;
    const order = {
      video: copy.timeline.trackOrder.video.filter((id) => id !== answer.trackId),
      audio: copy.timeline.trackOrder.audio.filter((id) => id !== answer.trackId),
    };
    const gone = Object.values(copy.timeline.clips).filter((c) => c.track_id === answer.trackId).map((c) => c.id);
    const { [answer.trackId]: _v, ...trackVersions } = copy.versions.tracks;
    const clipVersions = { ...copy.versions.clips };
    for (const id of gone) delete clipVersions[id];
    return { ...copy, timeline: withTracks(copy.timeline, tracks, order), versions: { clips: clipVersions, tracks: trackVersions } };
  }
  if (answer.all) return receiveTrackRows(copy, answer.all, true);
  return receiveTrackRows(copy, [answer.track]);
}

export type Failure =
  | { kind: 'conflict'; message: string; ids: string[] }
  | { kind: 'refused'; message: string }
  | { kind: 'retry'; message: string };

export function classify(error: unknown): Failure {
  if (error instanceof ConflictError) {
    const ids = Array.isArray(error.current)
      ? (error.current as { id?: unknown }[]).map((c) => String(c?.id ?? '')).filter(Boolean)
      : [];
    return { kind: 'conflict', message: error.message, ids };
  }
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
    return { kind: 'refused', message: error.message };
  }
  return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
}

/** 1 s, 2 s, 4 s … up to 30 s. */
export const backoffMs = (attempt: number): number => Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));

// --- the outbox kept across a reload ------------------------------------------------------------------------------------

/** What is stored while edits wait: the local timeline and the server copy it was planned against (with versions). */
export interface StoredOutbox {
  v: 1;
  local: PackedTimeline;
  server: PackedTimeline;
  versions: Versions;
}

export function packOutbox(local: Timeline, server: Timeline, versions: Versions): StoredOutbox {
  return { v: 1, local: packTimeline(local), server: packTimeline(server), versions };
}

export function unpackOutbox(stored: StoredOutbox | null): { local: Timeline; server: Timeline; versions: Versions } | null {
  if (!stored || stored.v !== 1) return null;
  try {
    return { local: unpackTimeline(stored.local), server: unpackTimeline(stored.server), versions: stored.versions };
  } catch {
    return null;
  }
}

/** True when some clips of a track overlap (a merge gone wrong; the server would answer 422). */
export function hasOverlap(t: Timeline): boolean {
  for (const ids of Object.values(t.trackClips)) {
    for (let i = 1; i < ids.length; i++) if (clipEnd(t.clips[ids[i - 1]!]!) > t.clips[ids[i]!]!.start_frame) return true;
  }
  return false;
}
