// Every timeline edit as a pure function: (timeline, arguments) → new timeline + the ids it touched. Frames are
// integers; clips on one track never overlap (a clip that lands over others overwrites them, as an NLE's overwrite
// edit does); a locked track refuses every change. A refused edit returns the same timeline and an `error`.
import {
  clipAt,
  clipEnd,
  clipsInRange,
  fitFades,
  newId,
  trackClipIds,
  trackIndex,
  withClips,
  withTracks,
} from './model';
import type { Timeline, TimelineClip, TimelineTrack, TrackKind } from './model';

export interface OpResult {
  timeline: Timeline;
  /** Clip (and track) ids created, changed or removed. */
  affected: string[];
  /** Why nothing was done (a locked track, no room …). */
  error?: string;
}

export interface OpContext {
  /** The source's length in project frames, or null when unbounded/unknown (a still, an ungenerated shot). */
  sourceFrames(clip: TimelineClip): number | null;
  /** Id of a new clip (defaults to 32 random hex). */
  newId?: () => string;
}

export const NO_LIMIT: OpContext = { sourceFrames: () => null };

const refuse = (t: Timeline, error: string): OpResult => ({ timeline: t, affected: [], error });
const ok = (timeline: Timeline, affected: string[]): OpResult => ({ timeline, affected });

function lockedTrackOf(t: Timeline, clipIds: Iterable<string>): TimelineTrack | undefined {
  for (const id of clipIds) {
    const track = t.tracks[t.clips[id]?.track_id ?? ''];
    if (track?.locked) return track;
  }
  return undefined;
}

function existing(t: Timeline, ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => id in t.clips);
}

// --- overwrite: the rule that keeps "no overlap" ----------------------------------------------------------------------

/**
 * Clear [start, end) on a track for an incoming clip: covered clips are removed, clips sticking out on one side are
 * trimmed, a clip spanning the whole range is split in two (the right part gets a new id). `skip`: clips that are
 * being placed themselves.
 */
function clearRange(
  t: Timeline,
  trackId: string,
  start: number,
  end: number,
  skip: ReadonlySet<string>,
  makeId: () => string,
): { upserts: TimelineClip[]; removes: string[] } {
  const upserts: TimelineClip[] = [];
  const removes: string[] = [];
  for (const clip of clipsInRange(t, trackId, start, end)) {
    if (skip.has(clip.id)) continue;
    const cs = clip.start_frame;
    const ce = clipEnd(clip);
    if (cs >= start && ce <= end) {
      removes.push(clip.id);
    } else if (cs < start && ce > end) {
      upserts.push(fitFades({ ...clip, duration: start - cs, fade_out: 0 }));
      upserts.push(fitFades({ ...clip, id: makeId(), start_frame: end, source_in: clip.source_in + (end - cs), duration: ce - end, fade_in: 0 }));
    } else if (cs < start) {
      upserts.push(fitFades({ ...clip, duration: start - cs }));
    } else {
      upserts.push(fitFades({ ...clip, start_frame: end, source_in: clip.source_in + (end - cs), duration: ce - end }));
    }
  }
  return { upserts, removes };
}

/**
 * Place clips at their (new) positions: each one overwrites what it lands on. The placed clips must not overlap each
 * other. Refused if any target track is locked (what it would overwrite is on that same track).
 */
export function placeClips(t: Timeline, placed: readonly TimelineClip[], ctx: OpContext): OpResult {
  const makeId = ctx.newId ?? newId;
  for (const clip of placed) {
    const track = t.tracks[clip.track_id];
    if (!track) return refuse(t, `track ${clip.track_id} does not exist`);
    if (track.locked) return refuse(t, `track ${track.name} is locked`);
    if (clip.start_frame < 0 || clip.duration < 1) return refuse(t, 'a clip must start at frame 0 or later and last at least 1 frame');
  }
  // Take the placed clips out first, so they do not overwrite their own old positions; then put them down one by one.
  const moving = new Set(placed.map((c) => c.id));
  let current = withClips(t, [], placed.filter((c) => c.id in t.clips).map((c) => c.id));
  const affected = new Set<string>(moving);
  for (const clip of placed) {
    const { upserts, removes } = clearRange(current, clip.track_id, clip.start_frame, clipEnd(clip), moving, makeId);
    for (const c of upserts) affected.add(c.id);
    for (const id of removes) affected.add(id);
    current = withClips(current, [...upserts, clip], removes);
  }
  return ok(current, [...affected]);
}

// --- clip edits ---------------------------------------------------------------------------------------------------------

export interface SourceRef {
  shot_id?: string | null;
  asset_id?: string | null;
  /** Frames of the source to use (defaults: the source's length). */
  duration: number;
  source_in?: number;
}

/** A shot (its current take) or a media asset dropped on a track at a frame. */
export function addClip(t: Timeline, trackId: string, frame: number, source: SourceRef, ctx: OpContext): OpResult {
  if (!source.shot_id === !source.asset_id) return refuse(t, 'a clip shows exactly one shot or one asset');
  const clip: TimelineClip = {
    id: (ctx.newId ?? newId)(),
    track_id: trackId,
    shot_id: source.shot_id ?? null,
    asset_id: source.asset_id ?? null,
    start_frame: Math.max(0, Math.round(frame)),
    source_in: Math.max(0, Math.round(source.source_in ?? 0)),
    duration: Math.max(1, Math.round(source.duration)),
  };
  return placeClips(t, [clip], ctx);
}

/** The track `delta` places above/below within the same kind, or undefined. */
function shiftedTrack(t: Timeline, trackId: string, delta: number): string | undefined {
  const track = t.tracks[trackId];
  if (!track) return undefined;
  return t.trackOrder[track.kind][trackIndex(t, trackId) + delta];
}

/**
 * Move clips by `frames` and by `tracks` (positions within their kind; +1 = the next track up for video, down for
 * audio), keeping their relative offsets. The move is clamped so no clip goes before frame 0; it is refused when a
 * clip would leave its kind's tracks or touch a locked track.
 */
export function moveClips(t: Timeline, ids: readonly string[], frames: number, tracks: number, ctx: OpContext): OpResult {
  const moving = existing(t, ids);
  if (!moving.length) return refuse(t, 'no clips to move');
  const locked = lockedTrackOf(t, moving);
  if (locked) return refuse(t, `track ${locked.name} is locked`);
  const earliest = Math.min(...moving.map((id) => t.clips[id]!.start_frame));
  const delta = Math.max(Math.round(frames), -earliest);
  const placed: TimelineClip[] = [];
  for (const id of moving) {
    const clip = t.clips[id]!;
    const target = tracks ? shiftedTrack(t, clip.track_id, tracks) : clip.track_id;
    if (!target) return refuse(t, 'there is no track there');
    if (delta === 0 && target === clip.track_id) continue;
    placed.push({ ...clip, track_id: target, start_frame: clip.start_frame + delta });
  }
  if (!placed.length) return ok(t, []);
  return placeClips(t, placed, ctx);
}

/** Move clips onto one track (the UI's drop on a track header): `tracks` = that track's offset from the anchor's. */
export function moveClipsTo(t: Timeline, ids: readonly string[], anchorId: string, toTrackId: string, frames: number, ctx: OpContext): OpResult {
  const anchor = t.clips[anchorId];
  const to = t.tracks[toTrackId];
  const from = anchor && t.tracks[anchor.track_id];
  if (!anchor || !to || !from) return refuse(t, 'no such clip or track');
  if (from.kind !== to.kind) return refuse(t, `a ${from.kind} clip cannot go on a ${to.kind} track`);
  return moveClips(t, ids, frames, trackIndex(t, toTrackId) - trackIndex(t, anchor.track_id), ctx);
}

export type Edge = 'in' | 'out';

/**
 * Trim an edge by `frames`: the in edge moves start and source in together; the out edge changes the duration.
 * Clamped to the source (source_in ≥ 0, source_in + duration ≤ its length), to the neighbours on the track and to a
 * minimum of 1 frame.
 */
export function trimClip(t: Timeline, id: string, edge: Edge, frames: number, ctx: OpContext): OpResult {
  const clip = t.clips[id];
  if (!clip) return refuse(t, 'no such clip');
  const track = t.tracks[clip.track_id];
  if (track?.locked) return refuse(t, `track ${track.name} is locked`);
  const ids = trackClipIds(t, clip.track_id);
  const at = ids.indexOf(id);
  const prevEnd = at > 0 ? clipEnd(t.clips[ids[at - 1]!]!) : 0;
  const nextStart = at + 1 < ids.length ? t.clips[ids[at + 1]!]!.start_frame : Infinity;
  const length = ctx.sourceFrames(clip);
  let d = Math.round(frames);
  let next: TimelineClip;
  if (edge === 'in') {
    const min = Math.max(-clip.source_in, prevEnd - clip.start_frame); // not before the source start or the neighbour
    d = Math.min(Math.max(d, min), clip.duration - 1);
    next = { ...clip, start_frame: clip.start_frame + d, source_in: clip.source_in + d, duration: clip.duration - d };
  } else {
    let max = nextStart - clipEnd(clip);
    if (length !== null) max = Math.min(max, length - clip.source_in - clip.duration);
    d = Math.max(Math.min(d, max), 1 - clip.duration);
    next = { ...clip, duration: clip.duration + d };
  }
  if (d === 0) return ok(t, []);
  return ok(withClips(t, [fitFades(next)]), [id]);
}

/** Split the given clips at `frame` (those that cover it strictly inside); the right halves get new ids. */
export function splitClips(t: Timeline, ids: readonly string[], frame: number, ctx: OpContext): OpResult {
  const makeId = ctx.newId ?? newId;
  const f = Math.round(frame);
  const under = existing(t, ids).filter((id) => {
    const c = t.clips[id]!;
    return c.start_frame < f && f < clipEnd(c);
  });
  if (!under.length) return refuse(t, 'no clip under the playhead');
  const locked = lockedTrackOf(t, under);
  if (locked) return refuse(t, `track ${locked.name} is locked`);
  const upserts: TimelineClip[] = [];
  for (const id of under) {
    const c = t.clips[id]!;
    const left = f - c.start_frame;
    // The fade in stays with the left half, the fade out with the right one.
    upserts.push(fitFades(withoutFade({ ...c, duration: left }, 'fade_out')));
    upserts.push(fitFades(withoutFade({ ...c, id: makeId(), start_frame: f, source_in: c.source_in + left, duration: c.duration - left }, 'fade_in')));
  }
  return ok(withClips(t, upserts), upserts.map((c) => c.id));
}

/** The clip that shows at `frame`: on the highest unlocked video track that has one there, else the first audio one. */
export function topClipAt(t: Timeline, frame: number): TimelineClip | undefined {
  const video = [...t.trackOrder.video].reverse();
  for (const trackId of [...video, ...t.trackOrder.audio]) {
    if (t.tracks[trackId]?.locked) continue;
    const clip = clipAt(t, trackId, frame);
    if (clip && clip.start_frame < frame) return clip;
  }
  return undefined;
}

/** Delete clips and leave the gap. */
export function deleteClips(t: Timeline, ids: readonly string[]): OpResult {
  const gone = existing(t, ids);
  if (!gone.length) return ok(t, []);
  const locked = lockedTrackOf(t, gone);
  if (locked) return refuse(t, `track ${locked.name} is locked`);
  return ok(withClips(t, [], gone), gone);
}

/**
 * Ripple delete: remove the clips and close the gaps *on their own tracks* (later clips of the same track move left
 * by the deleted length before them). Other tracks are left alone, so sync between tracks may shift — the behaviour
 * of a track-targeted ripple delete (Premiere/Resolve with only that track targeted).
 */
export function rippleDelete(t: Timeline, ids: readonly string[]): OpResult {
  const gone = existing(t, ids);
  if (!gone.length) return ok(t, []);
  const locked = lockedTrackOf(t, gone);
  if (locked) return refuse(t, `track ${locked.name} is locked`);
  const goneSet = new Set(gone);
  const upserts: TimelineClip[] = [];
  for (const trackId of new Set(gone.map((id) => t.clips[id]!.track_id))) {
    let shift = 0;
    let lastEnd = 0;
    for (const id of trackClipIds(t, trackId)) {
      const c = t.clips[id]!;
      if (goneSet.has(id)) {
        // Only the span the deleted clip covered beyond what was already closed (it may touch its neighbours).
        shift += clipEnd(c) - Math.max(c.start_frame, lastEnd);
        lastEnd = Math.max(lastEnd, clipEnd(c));
        continue;
      }
      lastEnd = Math.max(lastEnd, clipEnd(c));
      if (shift) upserts.push({ ...c, start_frame: c.start_frame - shift });
    }
  }
  return ok(withClips(t, upserts, gone), [...gone, ...upserts.map((c) => c.id)]);
}

/** Is [start, end) free on the track (ignoring `skip`)? */
function isFree(t: Timeline, trackId: string, start: number, end: number, skip?: ReadonlySet<string>): boolean {
  return clipsInRange(t, trackId, start, end).every((c) => skip?.has(c.id));
}

/** The first frame ≥ `from` where `duration` frames are free on the track. */
export function nextFreeFrame(t: Timeline, trackId: string, from: number, duration: number): number {
  let at = from;
  for (const id of trackClipIds(t, trackId)) {
    const c = t.clips[id]!;
    if (clipEnd(c) <= at) continue;
    if (c.start_frame >= at + duration) break;
    at = clipEnd(c);
  }
  return at;
}

/**
 * Duplicate clips: the copies go right after the selection (same tracks, same relative timing) when that span is
 * free; otherwise each copy goes to the next free space after its original on its track. Never overwrites.
 */
export function duplicateClips(t: Timeline, ids: readonly string[], ctx: OpContext): OpResult {
  const makeId = ctx.newId ?? newId;
  const originals = existing(t, ids).map((id) => t.clips[id]!);
  if (!originals.length) return ok(t, []);
  const locked = lockedTrackOf(t, originals.map((c) => c.id));
  if (locked) return refuse(t, `track ${locked.name} is locked`);
  const start = Math.min(...originals.map((c) => c.start_frame));
  const span = Math.max(...originals.map(clipEnd)) - start;
  let copies = originals.map((c) => ({ ...c, id: makeId(), start_frame: c.start_frame + span }));
  if (!copies.every((c) => isFree(t, c.track_id, c.start_frame, clipEnd(c)))) {
    let current = t;
    copies = [];
    for (const c of [...originals].sort((a, b) => a.start_frame - b.start_frame)) {
      const at = nextFreeFrame(current, c.track_id, clipEnd(c), c.duration);
      const copy = { ...c, id: makeId(), start_frame: at };
      current = withClips(current, [copy]);
      copies.push(copy);
    }
    return ok(current, copies.map((c) => c.id));
  }
  return ok(withClips(t, copies), copies.map((c) => c.id));
}

export interface Clipboard {
  /** Copied clips with `start_frame` relative to the earliest one. */
  clips: TimelineClip[];
}

export function copyClips(t: Timeline, ids: readonly string[]): Clipboard | null {
  const clips = existing(t, ids).map((id) => t.clips[id]!);
  if (!clips.length) return null;
  const start = Math.min(...clips.map((c) => c.start_frame));
  return { clips: clips.map((c) => ({ ...c, start_frame: c.start_frame - start })) };
}

/** Paste at `frame` on the original tracks (keeping relative timing), overwriting what is there. */
export function pasteClips(t: Timeline, clipboard: Clipboard, frame: number, ctx: OpContext): OpResult {
  const makeId = ctx.newId ?? newId;
  const f = Math.max(0, Math.round(frame));
  const placed = clipboard.clips.map((c) => ({ ...c, id: makeId(), start_frame: f + c.start_frame }));
  if (placed.some((c) => !t.tracks[c.track_id])) return refuse(t, 'the copied clips’ track is gone');
  return placeClips(t, placed, ctx);
}

// --- tracks -------------------------------------------------------------------------------------------------------------

export function addTrack(t: Timeline, kind: TrackKind, options: { id?: string; name?: string; index?: number } = {}): OpResult {
  const order = t.trackOrder[kind];
  const id = options.id ?? newId();
  const prefix = kind === 'video' ? 'V' : 'A';
  let n = order.length + 1;
  const names = new Set(Object.values(t.tracks).map((tr) => tr.name));
  while (names.has(`${prefix}${n}`)) n++;
  const track: TimelineTrack = { id, kind, name: options.name ?? `${prefix}${n}`, muted: false, solo: false, locked: false };
  const at = Math.min(Math.max(options.index ?? order.length, 0), order.length);
  const nextOrder = [...order.slice(0, at), id, ...order.slice(at)];
  return ok(withTracks(t, { ...t.tracks, [id]: track }, { ...t.trackOrder, [kind]: nextOrder }), [id]);
}

/** Remove a track with its clips (refused for the last track of its kind or a locked track). */
export function removeTrack(t: Timeline, trackId: string): OpResult {
  const track = t.tracks[trackId];
  if (!track) return refuse(t, 'no such track');
  if (track.locked) return refuse(t, `track ${track.name} is locked`);
  if (t.trackOrder[track.kind].length <= 1) return refuse(t, `the last ${track.kind} track cannot be removed`);
  const { [trackId]: _gone, ...tracks } = t.tracks;
  const order = { ...t.trackOrder, [track.kind]: t.trackOrder[track.kind].filter((id) => id !== trackId) };
  return ok(withTracks(t, tracks, order), [trackId, ...trackClipIds(t, trackId)]);
}

export function reorderTrack(t: Timeline, trackId: string, toIndex: number): OpResult {
  const track = t.tracks[trackId];
  if (!track) return refuse(t, 'no such track');
  const order = t.trackOrder[track.kind].filter((id) => id !== trackId);
  const at = Math.min(Math.max(Math.round(toIndex), 0), order.length);
  if (t.trackOrder[track.kind][at] === trackId) return ok(t, []);
  order.splice(at, 0, trackId);
  return ok(withTracks(t, t.tracks, { ...t.trackOrder, [track.kind]: order }), [trackId]);
}

export type TrackFlags = Partial<Pick<TimelineTrack, 'muted' | 'solo' | 'locked' | 'name'>>;

export function setTrackFlags(t: Timeline, trackId: string, flags: TrackFlags): OpResult {
  const track = t.tracks[trackId];
  if (!track) return refuse(t, 'no such track');
  const next = { ...track, ...flags };
  if (next.muted === track.muted && next.solo === track.solo && next.locked === track.locked && next.name === track.name) {
    return ok(t, []);
  }
  return ok({ ...t, tracks: { ...t.tracks, [trackId]: next } }, [trackId]);
}

function withoutFade(clip: TimelineClip, fade: 'fade_in' | 'fade_out'): TimelineClip {
  if (!clip[fade]) return clip;
  const { [fade]: _gone, ...rest } = clip;
  return rest;
}

// --- clip audio: gain and fades ----------------------------------------------------------------------------------------

export interface AudioPatch {
  /** Gain in dB (0 = as recorded). */
  gain_db?: number;
  /** Fade lengths in frames. */
  fade_in?: number;
  fade_out?: number;
}

/** The server's bounds for a clip's gain (dB). */
export const GAIN_LIMITS = { min: -60, max: 24 } as const;

/**
 * Set gain and/or fades of clips. Gain is clamped to GAIN_LIMITS (rounded to 0.1 dB), fades to whole frames within
 * the clip (fade in + fade out ≤ its length; the fade being set wins). A clip on a locked track refuses the edit.
 */
export function setClipAudio(t: Timeline, ids: readonly string[], patch: AudioPatch): OpResult {
  const targets = existing(t, ids);
  if (!targets.length) return refuse(t, 'no clip selected');
  const locked = lockedTrackOf(t, targets);
  if (locked) return refuse(t, `track ${locked.name} is locked`);
  const upserts: TimelineClip[] = [];
  for (const id of targets) {
    const clip = t.clips[id]!;
    let gain = clip.gain_db ?? 0;
    let fadeIn = clip.fade_in ?? 0;
    let fadeOut = clip.fade_out ?? 0;
    if (patch.gain_db !== undefined && Number.isFinite(patch.gain_db)) {
      gain = Math.round(Math.min(GAIN_LIMITS.max, Math.max(GAIN_LIMITS.min, patch.gain_db)) * 10) / 10;
    }
    if (patch.fade_in !== undefined && Number.isFinite(patch.fade_in)) {
      fadeIn = Math.min(Math.max(0, Math.round(patch.fade_in)), clip.duration);
      fadeOut = Math.min(fadeOut, clip.duration - fadeIn);
    }
    if (patch.fade_out !== undefined && Number.isFinite(patch.fade_out)) {
      fadeOut = Math.min(Math.max(0, Math.round(patch.fade_out)), clip.duration);
      fadeIn = Math.min(fadeIn, clip.duration - fadeOut);
    }
    if (gain === (clip.gain_db ?? 0) && fadeIn === (clip.fade_in ?? 0) && fadeOut === (clip.fade_out ?? 0)) continue;
    const next: TimelineClip = { ...clip };
    delete next.gain_db;
    delete next.fade_in;
    delete next.fade_out;
    if (gain) next.gain_db = gain;
    if (fadeIn) next.fade_in = fadeIn;
    if (fadeOut) next.fade_out = fadeOut;
    upserts.push(next);
  }
  if (!upserts.length) return ok(t, []);
  return ok(withClips(t, upserts), upserts.map((c) => c.id));
}
