// The timeline's undo history kept in the browser per project, so a reload keeps Ctrl+Z. Stored as patches, not
// snapshots: each entry holds only the clips that differ from its neighbour (a 1,000-clip project with 100 one-clip
// moves stores ~100 clips, not 100,000), plus the track list when tracks changed. Entries that only changed the
// inspector drafts are not kept. Caps: HISTORY_LIMIT entries each way and HISTORY_MAX_CHARS of JSON (oldest undo
// entries go first). The present is stored as a fingerprint: the history comes back only when the timeline on load
// (the server's, plus unsent edits) is the one it was saved against.
import { fromParts, sameClip, sameIds, sameTrack, toParts, withClips, withTracks } from './model';
import type { Timeline, TimelineClip, TimelineTrack } from './model';

export const HISTORY_LIMIT = 100;
export const HISTORY_MAX_CHARS = 1_000_000;

/** id, track, shot, asset, start, source in, duration, then the audio settings only when any is set (gain dB, fade in, fade out). */
export type PackedClip =
  | [string, string, string | null, string | null, number, number, number]
  | [string, string, string | null, string | null, number, number, number, number, number, number];

export interface PackedTimeline {
  tracks: TimelineTrack[];
  clips: PackedClip[];
}

export const packClip = (c: TimelineClip): PackedClip =>
  c.gain_db || c.fade_in || c.fade_out
    ? [c.id, c.track_id, c.shot_id, c.asset_id, c.start_frame, c.source_in, c.duration, c.gain_db ?? 0, c.fade_in ?? 0, c.fade_out ?? 0]
    : [c.id, c.track_id, c.shot_id, c.asset_id, c.start_frame, c.source_in, c.duration];
export const unpackClip = ([id, track_id, shot_id, asset_id, start_frame, source_in, duration, gain_db, fade_in, fade_out]: PackedClip): TimelineClip => {
  const clip: TimelineClip = { id, track_id, shot_id, asset_id, start_frame, source_in, duration };
  if (gain_db) clip.gain_db = gain_db;
  if (fade_in) clip.fade_in = fade_in;
  if (fade_out) clip.fade_out = fade_out;
  return clip;
};

export function packTimeline(t: Timeline): PackedTimeline {
  const { tracks, clips } = toParts(t);
  return { tracks, clips: clips.map(packClip) };
}

export function unpackTimeline(p: PackedTimeline): Timeline {
  return fromParts(p.tracks, p.clips.map(unpackClip));
}

/** A short hash of the timeline's content (tracks in order, clips by id): equal timelines, equal fingerprints. */
export function fingerprint(t: Timeline): string {
  const { tracks, clips } = toParts(t);
  const text =
    JSON.stringify(tracks.map((tr) => [tr.id, tr.kind, tr.name, tr.muted, tr.solo, tr.locked])) +
    JSON.stringify(clips.sort((a, b) => (a.id < b.id ? -1 : 1)).map(packClip));
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${clips.length}`;
}

export interface Patch {
  /** Clips to put (new or changed). */
  up?: PackedClip[];
  /** Clip ids to remove. */
  rm?: string[];
  /** The whole track list in order, when tracks changed. */
  tracks?: TimelineTrack[];
}

/** The patch that turns `from` into `to` (skipping tracks whose clip arrays are shared: their clips are too). */
export function patchBetween(from: Timeline, to: Timeline): Patch {
  const patch: Patch = {};
  const tracksChanged =
    !sameIds(from.trackOrder.video, to.trackOrder.video) ||
    !sameIds(from.trackOrder.audio, to.trackOrder.audio) ||
    Object.keys(to.tracks).some((id) => !sameTrack(from.tracks[id], to.tracks[id]));
  if (tracksChanged) patch.tracks = toParts(to).tracks;
  if (from.clips !== to.clips) {
    const up: PackedClip[] = [];
    const rm: string[] = [];
    const seen = new Set<string>();
    for (const trackId of new Set([...Object.keys(from.trackClips), ...Object.keys(to.trackClips)])) {
      const a = from.trackClips[trackId];
      const b = to.trackClips[trackId];
      if (a === b) continue;
      for (const id of [...(a ?? []), ...(b ?? [])]) {
        if (seen.has(id)) continue;
        seen.add(id);
        const x = from.clips[id];
        const y = to.clips[id];
        if (sameClip(x, y)) continue;
        if (y) up.push(packClip(y));
        else rm.push(id);
      }
    }
    if (up.length) patch.up = up;
    if (rm.length) patch.rm = rm;
  }
  return patch;
}

export function applyPatch(t: Timeline, patch: Patch): Timeline {
  let next = t;
  if (patch.tracks) {
    const tracks: Record<string, TimelineTrack> = {};
    const order = { video: [] as string[], audio: [] as string[] };
    for (const track of patch.tracks) {
      tracks[track.id] = track;
      order[track.kind].push(track.id);
    }
    next = withTracks(next, tracks, order);
  }
  return withClips(next, (patch.up ?? []).map(unpackClip), patch.rm ?? []);
}

export interface StoredHistory {
  v: 1;
  present: string;
  /** past[i] turns state i+1 into state i (the last one turns the present into the newest past state). */
  past: Patch[];
  /** future[i] turns state i+1 into state i, zundo's order (the last one is the next redo, from the present). */
  future: Patch[];
}

/** Drop entries whose timeline equals their neighbour's (inspector-only steps). */
function timelineSteps(states: readonly Timeline[]): Timeline[] {
  const out: Timeline[] = [];
  for (const s of states) if (out[out.length - 1] !== s) out.push(s);
  return out;
}

/**
 * Pack zundo's past (oldest first) and future (next redo last) timelines around the present. Capped: at most
 * HISTORY_LIMIT each way, and the oldest past entries go until the JSON fits HISTORY_MAX_CHARS.
 */
export function packHistory(present: Timeline, pastStates: readonly Timeline[], futureStates: readonly Timeline[]): StoredHistory {
  let past = timelineSteps(pastStates).filter((s, i, all) => i < all.length - 1 || s !== present);
  let future = timelineSteps(futureStates).filter((s, i, all) => i < all.length - 1 || s !== present);
  past = past.slice(-HISTORY_LIMIT);
  future = future.slice(-HISTORY_LIMIT);
  const pastPatches: Patch[] = past.map((s, i) => patchBetween(past[i + 1] ?? present, s));
  const futurePatches: Patch[] = future.map((s, i) => patchBetween(future[i + 1] ?? present, s));
  const stored: StoredHistory = { v: 1, present: fingerprint(present), past: pastPatches, future: futurePatches };
  let size = JSON.stringify(stored).length;
  while (size > HISTORY_MAX_CHARS && stored.past.length) {
    size -= JSON.stringify(stored.past.shift()).length + 1;
  }
  while (size > HISTORY_MAX_CHARS && stored.future.length) {
    size -= JSON.stringify(stored.future.shift()).length + 1;
  }
  return stored;
}

/** The past (oldest first) and future (next redo last) timelines, or null when the present does not match. */
export function unpackHistory(present: Timeline, stored: StoredHistory | null): { past: Timeline[]; future: Timeline[] } | null {
  if (!stored || stored.v !== 1 || stored.present !== fingerprint(present)) return null;
  const rebuild = (patches: Patch[]): Timeline[] => {
    const out: Timeline[] = new Array(patches.length);
    let at = present;
    for (let i = patches.length - 1; i >= 0; i--) {
      at = applyPatch(at, patches[i]!);
      out[i] = at;
    }
    return out;
  };
  return { past: rebuild(stored.past), future: rebuild(stored.future) };
}

/**
 * Where zundo depth `depth` (an index into `pastStates`) falls in the packed past of `stored`: the number of kept
 * entries older than it. Draft-only entries are not kept and the oldest may have been capped away, so a server step
 * tagged with a depth keeps its place among the timeline's steps after a reload.
 */
export function packedDepth(pastStates: readonly Timeline[], depth: number, stored: StoredHistory | null): number {
  if (!stored) return 0;
  const all = timelineSteps(pastStates).length;
  const before = timelineSteps(pastStates.slice(0, depth)).length;
  return Math.max(0, Math.min(stored.past.length, before - (all - stored.past.length)));
}
