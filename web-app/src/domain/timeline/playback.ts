// Playback of the composed timeline, as pure functions: which clip is seen and which are heard at a frame, where in
// its source a clip is at a frame, and the J/K/L shuttle. The ComposedPlayer (components/timeline/ComposedPlayer.tsx)
// drives media elements from these; nothing here touches the DOM.

/** The fields of a track playback reads (the store's track rows have more). */
export interface PlayTrack {
  id: string;
  kind: 'video' | 'audio';
  /** Order within its kind: a higher video index covers a lower one. */
  index: number;
  muted: boolean;
  solo: boolean;
}

/** The fields of a clip playback reads. */
export interface PlayClip {
  id: string;
  track_id: string;
  start_frame: number;
  duration: number;
  source_in: number;
  has_audio?: boolean | null;
}

/** Frames `[start_frame, start_frame + duration)` are the clip's. */
export function clipCovers(clip: PlayClip, frame: number): boolean {
  return frame >= clip.start_frame && frame < clip.start_frame + clip.duration;
}

/** The first frame after the last clip (0 for an empty timeline). */
export function timelineEnd(clips: Iterable<PlayClip>): number {
  let end = 0;
  for (const clip of clips) end = Math.max(end, clip.start_frame + clip.duration);
  return end;
}

/** Tracks that play: with any track soloed, only soloed tracks; otherwise every unmuted one. */
export function audibleTracks<T extends PlayTrack>(tracks: Iterable<T>): T[] {
  const all = [...tracks];
  const soloed = all.some((t) => t.solo);
  return all.filter((t) => (soloed ? t.solo : !t.muted));
}

/** Whether one track plays under the solo/mute rules of all of them. */
export function trackPlays(track: PlayTrack, tracks: Iterable<PlayTrack>): boolean {
  for (const t of tracks) if (t.solo) return track.solo;
  return !track.muted;
}

/** Clips grouped by track, each list sorted by start (a per-frame lookup is then a binary search). */
export type ClipIndex<C extends PlayClip = PlayClip> = Map<string, C[]>;

export function indexClips<C extends PlayClip>(clips: Iterable<C>): ClipIndex<C> {
  const byTrack: ClipIndex<C> = new Map();
  for (const clip of clips) {
    const list = byTrack.get(clip.track_id);
    if (list) list.push(clip);
    else byTrack.set(clip.track_id, [clip]);
  }
  for (const list of byTrack.values()) list.sort((a, b) => a.start_frame - b.start_frame);
  return byTrack;
}

/** The clip of one (sorted, non-overlapping) track list at a frame, or null (a gap). */
export function clipAtOnTrack<C extends PlayClip>(sorted: readonly C[] | undefined, frame: number): C | null {
  if (!sorted?.length) return null;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const clip = sorted[mid]!;
    if (frame < clip.start_frame) hi = mid - 1;
    else if (frame >= clip.start_frame + clip.duration) lo = mid + 1;
    else return clip;
  }
  return null;
}

function byIndex<T extends PlayTrack>(tracks: Iterable<T>, kind: 'video' | 'audio'): T[] {
  return [...tracks].filter((t) => t.kind === kind).sort((a, b) => a.index - b.index);
}

/** The clip seen at a frame: the topmost playing video track's clip there (solo among video tracks); null is black. */
export function visibleClipAt<C extends PlayClip>(tracks: Iterable<PlayTrack>, index: ClipIndex<C>, frame: number): C | null {
  const playing = audibleTracks(byIndex(tracks, 'video'));
  for (let i = playing.length - 1; i >= 0; i--) {
    const clip = clipAtOnTrack(index.get(playing[i]!.id), frame);
    if (clip) return clip;
  }
  return null;
}

/**
 * The clips heard at a frame: the visible video clip's own sound, then each playing audio track's clip there, top to
 * bottom. Picture solo is among video tracks (soloing the music keeps the picture); sound solo is across all tracks:
 * with any track soloed, only soloed tracks are heard, the visible clip's sound included.
 */
export function audibleClipsAt<C extends PlayClip>(tracks: Iterable<PlayTrack>, index: ClipIndex<C>, frame: number): C[] {
  const all = [...tracks];
  const anySolo = all.some((t) => t.solo);
  const heardTrack = (t: PlayTrack) => (anySolo ? t.solo : !t.muted);
  const heard: C[] = [];
  const visible = visibleClipAt(all, index, frame);
  const visibleTrack = visible ? all.find((t) => t.id === visible.track_id) : undefined;
  if (visible && visible.has_audio !== false && visibleTrack && heardTrack(visibleTrack)) heard.push(visible);
  for (const track of byIndex(all, 'audio')) {
    if (!heardTrack(track)) continue;
    const clip = clipAtOnTrack(index.get(track.id), frame);
    if (clip) heard.push(clip);
  }
  return heard;
}

/** The source frame a clip shows at a timeline frame. */
export function sourceFrame(clip: PlayClip, frame: number): number {
  return clip.source_in + (frame - clip.start_frame);
}

/**
 * The media time to seek to for a timeline frame: the middle of the source frame, so decoders that round either way
 * land on it (`(source_in + frame - start_frame) / fps + half a frame`).
 */
export function sourceTime(clip: PlayClip, frame: number, fps: number): number {
  return (sourceFrame(clip, frame) + 0.5) / fps;
}

/** The timeline frame a media time of a clip corresponds to (inverse of `sourceTime`, floored). */
export function frameOfSourceTime(clip: PlayClip, time: number, fps: number): number {
  return clip.start_frame + Math.floor(time * fps + 1e-6) - clip.source_in;
}

/** The next frame after `frame` at which what is seen may change (a clip starts or ends on a video track). */
export function nextVideoCut(tracks: Iterable<PlayTrack>, index: ClipIndex, frame: number): number | null {
  let best: number | null = null;
  for (const track of tracks) {
    if (track.kind !== 'video') continue;
    for (const clip of index.get(track.id) ?? []) {
      for (const edge of [clip.start_frame, clip.start_frame + clip.duration]) {
        if (edge > frame && (best === null || edge < best)) best = edge;
      }
      if (clip.start_frame > frame) break;
    }
  }
  return best;
}

/** The clip seen next after the visible one changes (for preloading): the visible clip at the next cut. */
export function upcomingClip<C extends PlayClip>(tracks: Iterable<PlayTrack>, index: ClipIndex<C>, frame: number): C | null {
  const all = [...tracks];
  const now = visibleClipAt(all, index, frame);
  let at: number | null = frame;
  for (let guard = 0; guard < 64 && at !== null; guard++) {
    at = nextVideoCut(all, index as ClipIndex, at);
    if (at === null) return null;
    const clip = visibleClipAt(all, index, at);
    if (clip && clip !== now) return clip;
  }
  return null;
}

// --- J/K/L shuttle ---------------------------------------------------------------------------------------------

/** Playback rate: 0 stopped, positive forward, negative reverse (in multiples of real time). */
export interface Shuttle {
  rate: number;
}

export const SHUTTLE_SPEEDS = [1, 2, 4, 8] as const;
export type ShuttleKey = 'j' | 'k' | 'l' | 'space';

/**
 * J/K/L as in every NLE: L plays forward, pressed again it goes faster (1×, 2×, 4×, 8×); J the same backward; J while
 * playing forward (or L while reversing) steps the speed down towards 1× the other way; K stops. Space toggles 1×
 * forward play.
 */
export function shuttle(state: Shuttle, key: ShuttleKey): Shuttle {
  const { rate } = state;
  if (key === 'k') return { rate: 0 };
  if (key === 'space') return { rate: rate === 0 ? 1 : 0 };
  const dir = key === 'l' ? 1 : -1;
  if (rate === 0) return { rate: dir };
  if (Math.sign(rate) === dir) {
    const speed = Math.abs(rate);
    const next = SHUTTLE_SPEEDS.find((s) => s > speed) ?? 8;
    return { rate: dir * next };
  }
  // The other way: slow down first, then reverse.
  const speed = Math.abs(rate);
  const lower = [...SHUTTLE_SPEEDS].reverse().find((s) => s < speed);
  return { rate: lower ? -dir * lower : dir };
}

/**
 * Where the clock is after `elapsedMs` at `rate` from `fromFrame` (fractional frames), held within
 * `[lo, hi]` — the in/out range when looping between points, or the whole timeline. `stop` says it hit an end.
 */
export function advance(
  fromFrame: number,
  rate: number,
  elapsedMs: number,
  fps: number,
  lo: number,
  hi: number,
): { frame: number; stop: boolean } {
  const next = fromFrame + (rate * fps * elapsedMs) / 1000;
  if (next >= hi) return { frame: hi, stop: true };
  if (next <= lo) return { frame: lo, stop: rate < 0 };
  return { frame: next, stop: false };
}

/** Timecode `HH:MM:SS:FF` of a frame at an integer fps. */
export function timecode(frame: number, fps: number): string {
  const f = Math.max(0, Math.floor(frame));
  const rate = Math.max(1, Math.round(fps));
  const ff = f % rate;
  const totalSeconds = Math.floor(f / rate);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(hh)}:${two(mm)}:${two(ss)}:${two(ff)}`;
}
