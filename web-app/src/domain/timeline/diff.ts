// The server batch that turns the server's timeline into the local one. Every edit, undo and redo is "make the server
// equal the local timeline": the diff of the two, sent with the server's versions. Tracks change through their own
// endpoints, so the diff is a plan of steps; the sync loop sends its first step, applies the answer to the server copy
// and plans again until nothing is left.
import type { ClipChange, TrackCreate, TrackUpdate } from '../../api/types';
import { audioOf, clipEnd, sameClip, sameIds, sameTrack, trackClipIds, withClips, withTracks } from './model';
import type { Timeline, TimelineClip, TimelineTrack, TrackKind } from './model';

/** The server's version of every row it has (what a change must name so a stale edit meets a 409). */
export interface Versions {
  clips: Readonly<Record<string, number>>;
  tracks: Readonly<Record<string, number>>;
}

export const NO_VERSIONS: Versions = { clips: {}, tracks: {} };

/**
 * Clip changes from `server` to `local`. Tracks whose clip-id arrays are the same object are skipped (their clips are
 * the same objects: every clip change gives its track a new array), so a one-clip move costs the clips of one or two
 * tracks, not the whole timeline. Clips of a track the local timeline removed are left to the track's delete.
 */
export function diffClips(server: Timeline, local: Timeline, versions: Versions): ClipChange[] {
  if (server.clips === local.clips) return [];
  const deletes: ClipChange[] = [];
  const updates: ClipChange[] = [];
  const creates: ClipChange[] = [];
  const seen = new Set<string>();
  const trackIds = new Set([...Object.keys(server.trackClips), ...Object.keys(local.trackClips)]);
  for (const trackId of trackIds) {
    const a = server.trackClips[trackId];
    const b = local.trackClips[trackId];
    if (a === b) continue;
    for (const id of [...(a ?? []), ...(b ?? [])]) {
      if (seen.has(id)) continue;
      seen.add(id);
      const s = server.clips[id];
      const l = local.clips[id];
      if (sameClip(s, l)) continue;
      if (!s && l) {
        creates.push({
          op: 'create',
          clip: {
            id: l.id,
            track_id: l.track_id,
            ...(l.shot_id ? { shot_id: l.shot_id } : { asset_id: l.asset_id }),
            start_frame: l.start_frame,
            source_in: l.source_in,
            duration: l.duration,
            ...audioFields(l),
          },
        });
      } else if (s && !l) {
        if (!(s.track_id in local.tracks)) continue; // goes with its track
        deletes.push({ op: 'delete', id, version: versions.clips[id] ?? 0 });
      } else if (s && l) {
        const change: Extract<ClipChange, { op: 'update' }> = { op: 'update', id, version: versions.clips[id] ?? 0 };
        if (s.track_id !== l.track_id) change.track_id = l.track_id;
        if (s.start_frame !== l.start_frame) change.start_frame = l.start_frame;
        if (s.source_in !== l.source_in) change.source_in = l.source_in;
        if (s.duration !== l.duration) change.duration = l.duration;
        const was = audioOf(s);
        const now = audioOf(l);
        if (was.gain_db !== now.gain_db) change.gain_db = now.gain_db;
        if (was.fade_in !== now.fade_in) change.fade_in = now.fade_in;
        if (was.fade_out !== now.fade_out) change.fade_out = now.fade_out;
        updates.push(change);
      }
    }
  }
  return [...deletes, ...updates, ...creates];
}

/** The audio settings a create carries: only those that differ from the server's defaults (0). */
function audioFields(clip: { gain_db?: number | null; fade_in?: number | null; fade_out?: number | null }): { gain_db?: number; fade_in?: number; fade_out?: number } {
  const out: { gain_db?: number; fade_in?: number; fade_out?: number } = {};
  if (clip.gain_db) out.gain_db = clip.gain_db;
  if (clip.fade_in) out.fade_in = clip.fade_in;
  if (clip.fade_out) out.fade_out = clip.fade_out;
  return out;
}

export type SyncStep =
  | { kind: 'createTrack'; trackId: string; body: TrackCreate }
  | { kind: 'updateTrack'; trackId: string; body: TrackUpdate }
  | { kind: 'deleteTrack'; trackId: string; version: number }
  | { kind: 'edits'; changes: ClipChange[] };

function trackPatch(s: TimelineTrack, l: TimelineTrack, only?: 'unlock'): Omit<TrackUpdate, 'version'> | null {
  if (only === 'unlock') return s.locked && !l.locked ? { locked: false } : null;
  const patch: Omit<TrackUpdate, 'version'> = {};
  if (s.name !== l.name) patch.name = l.name;
  if (s.muted !== l.muted) patch.muted = l.muted;
  if (s.solo !== l.solo) patch.solo = l.solo;
  if (s.locked !== l.locked) patch.locked = l.locked;
  return Object.keys(patch).length ? patch : null;
}

/**
 * Every step from `server` to `local`, in the order they can be sent: new tracks, unlocks (a clip edit on a track
 * being unlocked needs it unlocked first), the clip batch, removed tracks (with their clips), the other track flags
 * (a lock comes after the edits it would refuse), then the order of tracks (one move at a time).
 */
export function planSync(server: Timeline, local: Timeline, versions: Versions): SyncStep[] {
  const steps: SyncStep[] = [];
  const kinds: TrackKind[] = ['video', 'audio'];
  for (const kind of kinds) {
    local.trackOrder[kind].forEach((id, index) => {
      if (id in server.tracks) return;
      const track = local.tracks[id]!;
      // The local id is sent, so the server's track is this one (an undone track delete returns as the same track).
      steps.push({ kind: 'createTrack', trackId: id, body: { id, kind, name: track.name, index } });
    });
  }
  const patches: SyncStep[] = [];
  for (const id of Object.keys(local.tracks)) {
    const s = server.tracks[id];
    const l = local.tracks[id]!;
    if (!s || sameTrack(s, l)) continue;
    const unlock = trackPatch(s, l, 'unlock');
    const version = versions.tracks[id] ?? 0;
    if (unlock) steps.push({ kind: 'updateTrack', trackId: id, body: { version, ...unlock } });
    const rest = trackPatch(unlock ? { ...s, locked: false } : s, l);
    if (rest) patches.push({ kind: 'updateTrack', trackId: id, body: { version: unlock ? version + 1 : version, ...rest } });
  }
  const changes = diffClips(server, local, versions);
  if (changes.length) steps.push({ kind: 'edits', changes });
  for (const id of Object.keys(server.tracks)) {
    if (!(id in local.tracks)) steps.push({ kind: 'deleteTrack', trackId: id, version: versions.tracks[id] ?? 0 });
  }
  steps.push(...patches);
  for (const kind of kinds) {
    const want = local.trackOrder[kind].filter((id) => id in server.tracks);
    const have = server.trackOrder[kind].filter((id) => id in local.tracks);
    if (sameIds(want, have)) continue;
    const at = want.findIndex((id, i) => have[i] !== id);
    const id = want[at]!;
    steps.push({ kind: 'updateTrack', trackId: id, body: { version: versions.tracks[id] ?? 0, index: at } });
  }
  return steps;
}

/** How many edits are waiting: clip changes plus track steps. */
export function countPending(steps: readonly SyncStep[]): number {
  return steps.reduce((n, step) => n + (step.kind === 'edits' ? step.changes.length : 1), 0);
}

/** Apply a clip batch to a timeline (what the server does with it, minus the checks): for tests and optimism. */
export function applyChanges(t: Timeline, changes: readonly ClipChange[]): Timeline {
  const upserts: TimelineClip[] = [];
  const removes: string[] = [];
  let current = t;
  for (const change of changes) {
    if (change.op === 'delete') removes.push(change.id);
    else if (change.op === 'create') {
      const c = change.clip;
      upserts.push({
        id: c.id!,
        track_id: c.track_id,
        shot_id: c.shot_id ?? null,
        asset_id: c.asset_id ?? null,
        start_frame: c.start_frame,
        source_in: c.source_in ?? 0,
        duration: c.duration,
        ...audioFields(c),
      });
    } else {
      const old = t.clips[change.id];
      if (old) {
        upserts.push({
          ...old,
          track_id: change.track_id ?? old.track_id,
          start_frame: change.start_frame ?? old.start_frame,
          source_in: change.source_in ?? old.source_in,
          duration: change.duration ?? old.duration,
        });
        const last = upserts[upserts.length - 1]!;
        if (change.gain_db != null) last.gain_db = change.gain_db;
        if (change.fade_in != null) last.fade_in = change.fade_in;
        if (change.fade_out != null) last.fade_out = change.fade_out;
      }
    }
  }
  current = withClips(current, upserts, removes);
  return current;
}

// --- three-way merge: someone else changed the server under our unsent edits -----------------------------------------

export interface Rebased {
  timeline: Timeline;
  /** Rows both sides changed differently (or that would now overlap): the user has to choose (Reload). */
  conflicts: string[];
}

/**
 * Fold the server's changes (`base` → `theirs`) into `mine`: a row `mine` left as it was in `base` takes `theirs`;
 * a row both changed differently is a conflict (mine is kept, so nothing is lost until the user reloads). `clipIds`
 * limits the clips looked at (those an event named); by default every clip of both sides.
 */
export function rebase(base: Timeline, mine: Timeline, theirs: Timeline, clipIds?: Iterable<string>): Rebased {
  const conflicts: string[] = [];
  const ids = clipIds ? new Set(clipIds) : new Set([...Object.keys(base.clips), ...Object.keys(theirs.clips), ...Object.keys(mine.clips)]);
  const upserts: TimelineClip[] = [];
  const removes: string[] = [];
  for (const id of ids) {
    const b = base.clips[id];
    const t = theirs.clips[id];
    const m = mine.clips[id];
    if (sameClip(b, t) || sameClip(m, t)) continue;
    if (sameClip(m, b)) {
      if (t) upserts.push(t);
      else removes.push(id);
    } else conflicts.push(id);
  }
  // Tracks: same rule per track; the order follows theirs unless mine reordered that kind.
  let tracks = mine.tracks;
  let order = mine.trackOrder;
  const trackIds = new Set([...Object.keys(base.tracks), ...Object.keys(theirs.tracks)]);
  for (const id of trackIds) {
    const b = base.tracks[id];
    const t = theirs.tracks[id];
    const m = mine.tracks[id];
    if (sameTrack(b, t) || sameTrack(m, t)) continue;
    if (sameTrack(m, b)) {
      const next = { ...tracks };
      if (t) next[id] = t;
      else delete next[id];
      tracks = next;
    } else conflicts.push(id);
  }
  for (const kind of ['video', 'audio'] as const) {
    const want = sameIds(mine.trackOrder[kind], base.trackOrder[kind]) ? theirs.trackOrder[kind] : mine.trackOrder[kind];
    const kept = want.filter((id) => tracks[id]?.kind === kind);
    for (const id of Object.keys(tracks)) if (tracks[id]!.kind === kind && !kept.includes(id)) kept.push(id);
    if (!sameIds(kept, order[kind])) order = { ...order, [kind]: kept };
  }
  let timeline = tracks !== mine.tracks || order !== mine.trackOrder ? withTracks(mine, tracks, order) : mine;
  timeline = withClips(timeline, upserts, removes);
  // Their new clip where I moved one: both valid alone, not together.
  for (const trackId of new Set(upserts.map((c) => c.track_id))) {
    const on = trackClipIds(timeline, trackId);
    for (let i = 1; i < on.length; i++) {
      if (clipEnd(timeline.clips[on[i - 1]!]!) > timeline.clips[on[i]!]!.start_frame) conflicts.push(on[i]!);
    }
  }
  return { timeline, conflicts };
}
