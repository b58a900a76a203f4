import { describe, expect, it } from 'vitest';
import {
  advance,
  audibleClipsAt,
  audibleTracks,
  clipAtOnTrack,
  frameOfSourceTime,
  indexClips,
  shuttle,
  sourceFrame,
  sourceTime,
  timecode,
  timelineEnd,
  upcomingClip,
  visibleClipAt,
} from '../domain/timeline/playback';
import type { PlayClip, PlayTrack, Shuttle, ShuttleKey } from '../domain/timeline/playback';

const track = (id: string, kind: 'video' | 'audio', index: number, extra: Partial<PlayTrack> = {}): PlayTrack => ({
  id,
  kind,
  index,
  muted: false,
  solo: false,
  ...extra,
});
const clip = (id: string, track_id: string, start_frame: number, duration: number, extra: Partial<PlayClip> = {}): PlayClip => ({
  id,
  track_id,
  start_frame,
  duration,
  source_in: 0,
  has_audio: true,
  ...extra,
});

// V1: a [0,10) b [20,30); V2 (above): c [5,15); A1: m [0,40)
const V1 = track('v1', 'video', 0);
const V2 = track('v2', 'video', 1);
const A1 = track('a1', 'audio', 0);
const A2 = track('a2', 'audio', 1);
const clips = [clip('a', 'v1', 0, 10), clip('b', 'v1', 20, 10, { source_in: 4 }), clip('c', 'v2', 5, 10), clip('m', 'a1', 0, 40)];
const index = indexClips(clips);
const seen = (tracks: PlayTrack[], frame: number) => visibleClipAt(tracks, index, frame)?.id ?? null;
const heard = (tracks: PlayTrack[], frame: number) => audibleClipsAt(tracks, index, frame).map((c) => c.id);

describe('which clip is seen', () => {
  it('the upper video track covers the lower; gaps are black', () => {
    const tracks = [V1, V2, A1];
    expect(seen(tracks, 0)).toBe('a');
    expect(seen(tracks, 4)).toBe('a');
    expect(seen(tracks, 5)).toBe('c'); // V2 covers V1
    expect(seen(tracks, 14)).toBe('c');
    expect(seen(tracks, 15)).toBeNull(); // a ended at 10, c at 15: a gap
    expect(seen(tracks, 19)).toBeNull();
    expect(seen(tracks, 20)).toBe('b');
    expect(seen(tracks, 29)).toBe('b');
    expect(seen(tracks, 30)).toBeNull(); // end is exclusive
  });

  it('track order is the index, not the list order', () => {
    expect(seen([V2, A1, V1], 7)).toBe('c');
    expect(seen([{ ...V1, index: 2 }, V2], 7)).toBe('a');
  });

  it('a muted video track is skipped: the one under it shows', () => {
    expect(seen([V1, { ...V2, muted: true }], 7)).toBe('a');
    expect(seen([V1, { ...V2, muted: true }], 12)).toBeNull();
  });

  it('solo: only soloed tracks play, even if a soloed track is also muted-free', () => {
    expect(seen([{ ...V1, solo: true }, V2], 7)).toBe('a');
    expect(seen([{ ...V1, solo: true }, V2], 12)).toBeNull();
    expect(audibleTracks([V1, { ...V2, solo: true }, A1]).map((t) => t.id)).toEqual(['v2']);
    expect(audibleTracks([V1, { ...V2, muted: true }, A1]).map((t) => t.id)).toEqual(['v1', 'a1']);
  });

  it('the lookup is a binary search over each sorted track', () => {
    const many = Array.from({ length: 1000 }, (_, i) => clip(`k${i}`, 't', i * 10, 5));
    const sorted = indexClips(many.reverse()).get('t')!;
    expect(clipAtOnTrack(sorted, 5004)?.id).toBe('k500');
    expect(clipAtOnTrack(sorted, 5005)).toBeNull();
    expect(clipAtOnTrack(sorted, 0)?.id).toBe('k0');
    expect(clipAtOnTrack(sorted, 99_999)).toBeNull();
    expect(clipAtOnTrack(undefined, 0)).toBeNull();
  });
});

describe('which clips are heard', () => {
  it('the visible clip with its sound, plus the audio tracks', () => {
    const tracks = [V1, V2, A1, A2];
    expect(heard(tracks, 7)).toEqual(['c', 'm']); // a is covered by c: only the visible clip's sound
    expect(heard(tracks, 17)).toEqual(['m']); // a gap in video, music continues
    expect(heard(tracks, 45)).toEqual([]);
  });

  it('a muted audio track is silent; a clip without sound adds none', () => {
    expect(heard([V1, V2, { ...A1, muted: true }], 2)).toEqual(['a']);
    const silent = indexClips([clip('s', 'v1', 0, 10, { has_audio: false })]);
    expect(audibleClipsAt([V1, A1], silent, 3)).toEqual([]);
  });

  it('solo on an audio track silences the video clip and the other tracks, but the picture stays', () => {
    expect(heard([V1, V2, { ...A1, solo: true }, A2], 7)).toEqual(['m']);
    expect(seen([V1, V2, { ...A1, solo: true }], 7)).toBe('c');
    expect(heard([V1, { ...V2, solo: true }, A1], 7)).toEqual(['c']);
    expect(heard([{ ...V1, solo: true }, V2, A1], 7)).toEqual(['a']); // V2 not soloed: a shows, and is heard
  });
});

describe('source time mapping', () => {
  it('maps a timeline frame to the middle of the source frame', () => {
    const b = clips[1]!; // start 20, source_in 4
    expect(sourceFrame(b, 20)).toBe(4);
    expect(sourceFrame(b, 25)).toBe(9);
    expect(sourceTime(b, 20, 24)).toBeCloseTo(4.5 / 24, 10);
    expect(sourceTime(b, 25, 25)).toBeCloseTo(9.5 / 25, 10);
  });

  it('inverts: the seek time of each frame maps back to the frame', () => {
    const b = clips[1]!;
    for (let f = 20; f < 30; f++) expect(frameOfSourceTime(b, sourceTime(b, f, 24), 24)).toBe(f);
    expect(frameOfSourceTime(b, 4 / 24, 24)).toBe(20); // a frame's exact start time is that frame
  });

  it('the end of the timeline and the next clip to preload', () => {
    expect(timelineEnd(clips)).toBe(40);
    expect(timelineEnd([])).toBe(0);
    expect(upcomingClip([V1, V2], index, 0)?.id).toBe('c');
    expect(upcomingClip([V1, V2], index, 6)?.id).toBe('b'); // past the gap
    expect(upcomingClip([V1, V2], index, 21)).toBeNull();
  });

  it('timecode at the project fps', () => {
    expect(timecode(0, 24)).toBe('00:00:00:00');
    expect(timecode(23, 24)).toBe('00:00:00:23');
    expect(timecode(24, 24)).toBe('00:00:01:00');
    expect(timecode(24 * 3661 + 5, 24)).toBe('01:01:01:05');
  });
});

describe('J/K/L shuttle', () => {
  const press = (keys: ShuttleKey[], from: Shuttle = { rate: 0 }) => keys.reduce(shuttle, from).rate;

  it('L plays, L again goes faster up to 8×; K stops', () => {
    expect(press(['l'])).toBe(1);
    expect(press(['l', 'l'])).toBe(2);
    expect(press(['l', 'l', 'l'])).toBe(4);
    expect(press(['l', 'l', 'l', 'l', 'l', 'l'])).toBe(8);
    expect(press(['l', 'l', 'k'])).toBe(0);
  });

  it('J reverses the same way; the opposite key slows down before turning round', () => {
    expect(press(['j'])).toBe(-1);
    expect(press(['j', 'j'])).toBe(-2);
    expect(press(['l', 'l', 'l', 'j'])).toBe(2);
    expect(press(['l', 'l', 'j', 'j'])).toBe(-1);
    expect(press(['l', 'j'])).toBe(-1);
    expect(press(['j', 'j', 'l'])).toBe(-1);
  });

  it('space toggles normal play', () => {
    expect(press(['space'])).toBe(1);
    expect(press(['space', 'space'])).toBe(0);
    expect(press(['l', 'l', 'space'])).toBe(0);
  });

  it('the clock advances at the rate and stops at the ends', () => {
    expect(advance(10, 1, 1000, 24, 0, 100)).toEqual({ frame: 34, stop: false });
    expect(advance(10, 2, 500, 24, 0, 100)).toEqual({ frame: 34, stop: false });
    expect(advance(10, -1, 1000, 24, 0, 100)).toEqual({ frame: 0, stop: true });
    expect(advance(90, 1, 1000, 24, 0, 100)).toEqual({ frame: 100, stop: true });
    expect(advance(50, 1, 100, 24, 40, 60).stop).toBe(false);
  });
});
