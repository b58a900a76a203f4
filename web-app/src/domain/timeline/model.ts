// The normalized timeline: what the editor edits, undoes and diffs against the server. Placement only (which source,
// where, which part of it): versions live beside the server copy (`sync.ts`) and what a clip shows (media URL, label,
// length of its source) lives in `ClipSource` rows keyed by source, so neither a save nor a new take ever touches the
// undo history. Every update keeps the objects it did not change (structural sharing): a clip's component re-renders
// only when its own object changes, and a track's only when its id array does.
import type { ClipRead, ClipSourceKind, TrackKind, TrackRead } from '../../api/types';

export type { TrackKind } from '../../api/types';

export interface TimelineTrack {
  id: string;
  kind: TrackKind;
  name: string;
  muted: boolean;
  solo: boolean;
  locked: boolean;
}

export interface TimelineClip {
  id: string;
  track_id: string;
  shot_id: string | null;
  asset_id: string | null;
  /** Timeline frames [start_frame, start_frame + duration). */
  start_frame: number;
  /** Source frames [source_in, source_in + duration). */
  source_in: number;
  duration: number;
  /** Audio: gain in dB (0 = as recorded) and fade in/out lengths in frames. Absent = 0 (rows from before they existed). */
  gain_db?: number;
  fade_in?: number;
  fade_out?: number;
}

/** A clip's audio settings with the defaults filled in. */
export interface ClipAudio {
  gain_db: number;
  fade_in: number;
  fade_out: number;
}

export const NO_AUDIO: ClipAudio = Object.freeze({ gain_db: 0, fade_in: 0, fade_out: 0 });

export function audioOf(clip: Pick<TimelineClip, 'gain_db' | 'fade_in' | 'fade_out'>): ClipAudio {
  return { gain_db: clip.gain_db ?? 0, fade_in: clip.fade_in ?? 0, fade_out: clip.fade_out ?? 0 };
}

export function sameAudio(a: Pick<TimelineClip, 'gain_db' | 'fade_in' | 'fade_out'>, b: Pick<TimelineClip, 'gain_db' | 'fade_in' | 'fade_out'>): boolean {
  return (a.gain_db ?? 0) === (b.gain_db ?? 0) && (a.fade_in ?? 0) === (b.fade_in ?? 0) && (a.fade_out ?? 0) === (b.fade_out ?? 0);
}

/**
 * Keep the fades inside the clip after its length changed (a trim, a split, an overwrite): each fade at most the
 * clip's length, and the two together at most its length (the fade out gives way first). Returns `clip` itself when
 * they already fit.
 */
export function fitFades<T extends TimelineClip>(clip: T): T {
  const fadeIn = Math.min(clip.fade_in ?? 0, clip.duration);
  const fadeOut = Math.min(clip.fade_out ?? 0, clip.duration - fadeIn);
  if (fadeIn === (clip.fade_in ?? 0) && fadeOut === (clip.fade_out ?? 0)) return clip;
  return { ...clip, fade_in: fadeIn, fade_out: fadeOut };
}

export interface Timeline {
  tracks: Readonly<Record<string, TimelineTrack>>;
  /** Track ids per kind in index order (video: V1 at 0, a higher index covers a lower one; audio: A1 at 0, downward). */
  trackOrder: Readonly<Record<TrackKind, readonly string[]>>;
  clips: Readonly<Record<string, TimelineClip>>;
  /** Clip ids of each track, sorted by start frame. A track whose clips changed always gets a new array. */
  trackClips: Readonly<Record<string, readonly string[]>>;
}

/** What a clip shows, per source (`shot:<id>` / `asset:<id>`): the display fields of the server's ClipRead. */
export interface ClipSource {
  source_kind: ClipSourceKind;
  media_url: string | null;
  /** Length of the source in project frames; null: unknown/unbounded (a still, an ungenerated shot). */
  source_frames: number | null;
  has_audio: boolean;
  thumbnail_url: string | null;
  label: string;
}

const NO_IDS: readonly string[] = Object.freeze([]);

export const EMPTY_TIMELINE: Timeline = Object.freeze({
  tracks: {},
  trackOrder: { video: NO_IDS, audio: NO_IDS },
  clips: {},
  trackClips: {},
});

export const clipEnd = (clip: Pick<TimelineClip, 'start_frame' | 'duration'>): number => clip.start_frame + clip.duration;

export function sourceKey(clip: Pick<TimelineClip, 'shot_id' | 'asset_id'>): string {
  return clip.shot_id ? `shot:${clip.shot_id}` : `asset:${clip.asset_id ?? ''}`;
}

/** A new clip/track id: 32 hex, made in the browser so an undone delete recreates the same row. */
export function newId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

export function toTrack(row: TrackRead): TimelineTrack {
  return { id: row.id, kind: row.kind, name: row.name, muted: row.muted, solo: row.solo, locked: row.locked };
}

export function toClip(row: ClipRead): TimelineClip {
  const clip: TimelineClip = {
    id: row.id,
    track_id: row.track_id,
    shot_id: row.shot_id ?? null,
    asset_id: row.asset_id ?? null,
    start_frame: row.start_frame,
    source_in: row.source_in,
    duration: row.duration,
  };
  // Only non-default audio settings are kept on the object, so a clip without any looks as it always did.
  if (row.gain_db) clip.gain_db = row.gain_db;
  if (row.fade_in) clip.fade_in = row.fade_in;
  if (row.fade_out) clip.fade_out = row.fade_out;
  return clip;
}

export function toSource(row: ClipRead): ClipSource {
  return {
    source_kind: row.source_kind,
    media_url: row.media_url ?? null,
    source_frames: row.source_frames ?? null,
    has_audio: row.has_audio,
    thumbnail_url: row.thumbnail_url ?? null,
    label: row.label,
  };
}

export function sameClip(a: TimelineClip | undefined, b: TimelineClip | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.id === b.id &&
    a.track_id === b.track_id &&
    a.shot_id === b.shot_id &&
    a.asset_id === b.asset_id &&
    a.start_frame === b.start_frame &&
    a.source_in === b.source_in &&
    a.duration === b.duration &&
    sameAudio(a, b)
  );
}

export function sameTrack(a: TimelineTrack | undefined, b: TimelineTrack | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.id === b.id && a.kind === b.kind && a.name === b.name && a.muted === b.muted && a.solo === b.solo && a.locked === b.locked;
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((id, i) => b[i] === id));
}

/** Same tracks (fields and order) and same clips (placement): what "the timeline equals the server's" means. */
export function sameTimeline(a: Timeline, b: Timeline): boolean {
  if (a === b) return true;
  if (!sameIds(a.trackOrder.video, b.trackOrder.video) || !sameIds(a.trackOrder.audio, b.trackOrder.audio)) return false;
  for (const id of Object.keys(a.tracks)) if (!sameTrack(a.tracks[id], b.tracks[id])) return false;
  if (a.clips === b.clips) return true;
  const ids = Object.keys(a.clips);
  if (ids.length !== Object.keys(b.clips).length) return false;
  return ids.every((id) => sameClip(a.clips[id], b.clips[id]));
}

function byStart(clips: Readonly<Record<string, TimelineClip>>) {
  return (x: string, y: string) => clips[x]!.start_frame - clips[y]!.start_frame || (x < y ? -1 : x > y ? 1 : 0);
}

/** Build the timeline from server rows (tracks in `index` order per kind; clips sorted per track). */
export function buildTimeline(trackRows: readonly TrackRead[], clipRows: readonly ClipRead[]): Timeline {
  const ordered = [...trackRows].sort((a, b) => a.index - b.index);
  return fromParts(
    ordered.map(toTrack),
    clipRows.map(toClip),
  );
}

/** Build from placement objects; `tracks` in order (per kind). Clip objects are kept as given. */
export function fromParts(tracks: readonly TimelineTrack[], clips: readonly TimelineClip[]): Timeline {
  const trackMap: Record<string, TimelineTrack> = {};
  const order: Record<TrackKind, string[]> = { video: [], audio: [] };
  const trackClips: Record<string, string[]> = {};
  for (const track of tracks) {
    trackMap[track.id] = track;
    order[track.kind].push(track.id);
    trackClips[track.id] = [];
  }
  const clipMap: Record<string, TimelineClip> = {};
  for (const clip of clips) {
    clipMap[clip.id] = clip;
    (trackClips[clip.track_id] ??= []).push(clip.id);
  }
  const sort = byStart(clipMap);
  for (const ids of Object.values(trackClips)) ids.sort(sort);
  return { tracks: trackMap, trackOrder: order, clips: clipMap, trackClips };
}

/** Tracks in order (video then audio) and clips, as plain lists (for storage). */
export function toParts(t: Timeline): { tracks: TimelineTrack[]; clips: TimelineClip[] } {
  const tracks = [...t.trackOrder.video, ...t.trackOrder.audio].map((id) => t.tracks[id]!);
  return { tracks, clips: Object.values(t.clips) };
}

/**
 * Put/replace clips and remove others; only the tracks whose clips changed get new id arrays, every other clip and
 * array is the same object as before.
 */
export function withClips(t: Timeline, upserts: readonly TimelineClip[], removes: readonly string[] = []): Timeline {
  if (!upserts.length && !removes.length) return t;
  const clips: Record<string, TimelineClip> = { ...t.clips };
  const touched = new Set<string>();
  for (const id of removes) {
    const old = clips[id];
    if (!old) continue;
    touched.add(old.track_id);
    delete clips[id];
  }
  for (const clip of upserts) {
    const old = clips[clip.id];
    if (old) touched.add(old.track_id);
    touched.add(clip.track_id);
    clips[clip.id] = clip;
  }
  const trackClips: Record<string, readonly string[]> = { ...t.trackClips };
  const sort = byStart(clips);
  for (const trackId of touched) {
    const kept = (t.trackClips[trackId] ?? NO_IDS).filter((id) => clips[id]?.track_id === trackId);
    const have = new Set(kept);
    for (const clip of upserts) if (clip.track_id === trackId && !have.has(clip.id)) kept.push(clip.id);
    trackClips[trackId] = kept.sort(sort);
  }
  return { ...t, clips, trackClips };
}

export function withTracks(t: Timeline, tracks: Record<string, TimelineTrack>, trackOrder: Timeline['trackOrder']): Timeline {
  const trackClips: Record<string, readonly string[]> = {};
  for (const id of [...trackOrder.video, ...trackOrder.audio]) trackClips[id] = t.trackClips[id] ?? NO_IDS;
  let clips = t.clips;
  const orphans = Object.values(t.clips).filter((c) => !(c.track_id in tracks));
  if (orphans.length) {
    const next = { ...clips };
    for (const c of orphans) delete next[c.id];
    clips = next;
  }
  return { tracks, trackOrder, clips, trackClips };
}

// --- selectors (stable results: they return stored objects, never new ones) -------------------------------------------

export function trackClipIds(t: Timeline, trackId: string): readonly string[] {
  return t.trackClips[trackId] ?? NO_IDS;
}

export function trackOf(t: Timeline, clipId: string): TimelineTrack | undefined {
  const clip = t.clips[clipId];
  return clip ? t.tracks[clip.track_id] : undefined;
}

/** The track's position within its kind (its server `index`). */
export function trackIndex(t: Timeline, trackId: string): number {
  const track = t.tracks[trackId];
  return track ? t.trackOrder[track.kind].indexOf(trackId) : -1;
}

/** The frame after the last clip (the timeline's length). */
export function timelineEnd(t: Timeline): number {
  let end = 0;
  for (const ids of Object.values(t.trackClips)) {
    const last = ids[ids.length - 1];
    if (last) end = Math.max(end, clipEnd(t.clips[last]!));
  }
  return end;
}

/** The clip on the track covering `frame` (binary search on the sorted ids). */
export function clipAt(t: Timeline, trackId: string, frame: number): TimelineClip | undefined {
  const ids = trackClipIds(t, trackId);
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const clip = t.clips[ids[mid]!]!;
    if (frame < clip.start_frame) hi = mid - 1;
    else if (frame >= clipEnd(clip)) lo = mid + 1;
    else return clip;
  }
  return undefined;
}

/** Clips of the track overlapping [start, end), in order. */
export function clipsInRange(t: Timeline, trackId: string, start: number, end: number): TimelineClip[] {
  const out: TimelineClip[] = [];
  for (const id of trackClipIds(t, trackId)) {
    const clip = t.clips[id]!;
    if (clip.start_frame >= end) break;
    if (clipEnd(clip) > start) out.push(clip);
  }
  return out;
}
