// The scene band's spans and the clips' scene colour, derived from clips, shots and scenes.
import { describe, expect, it } from 'vitest';
import { fromParts } from '../domain/timeline/model';
import type { TimelineClip, TimelineTrack } from '../domain/timeline/model';
import { SCENE_COLOURS, sceneColour, sceneColourOf, sceneSpans, shortHeading } from '../domain/timeline/scenes';

const track = (id: string, kind: 'video' | 'audio' = 'video'): TimelineTrack => ({ id, kind, name: id, muted: false, solo: false, locked: false });
const shotClip = (id: string, track_id: string, start_frame: number, duration: number, shot_id: string | null = id): TimelineClip => ({
  id,
  track_id,
  shot_id,
  asset_id: shot_id ? null : `asset-${id}`,
  start_frame,
  source_in: 0,
  duration,
});

const scenes = [
  { id: 'pier', index: 0, heading: 'EXT. PIER - NIGHT' },
  { id: 'kitchen', index: 1, heading: 'INT. KITCHEN - DAY' },
  { id: 'roof', index: 2, heading: '' },
];
/** Shot id → scene: p* in the pier, k* in the kitchen, r* on the roof, x* in no scene, g* in a scene that is gone. */
const shots: Record<string, { scene_id: string | null }> = {
  p1: { scene_id: 'pier' },
  p2: { scene_id: 'pier' },
  p3: { scene_id: 'pier' },
  k1: { scene_id: 'kitchen' },
  k2: { scene_id: 'kitchen' },
  r1: { scene_id: 'roof' },
  x1: { scene_id: null },
  g1: { scene_id: 'deleted-scene' },
};
const tracks = [track('V1'), track('V2'), track('A1', 'audio')];
const spans = (clips: TimelineClip[], sceneRows = scenes) =>
  sceneSpans(fromParts(tracks, clips), shots, sceneRows).map((s) => `${s.label}@${s.start}-${s.end}`);

describe('sceneSpans', () => {
  it('gives one span per scene from its first clip to the end of its last, in timeline order', () => {
    const clips = [shotClip('k1', 'V1', 50, 10), shotClip('k2', 'V1', 60, 20), shotClip('p1', 'V1', 0, 24), shotClip('p2', 'V1', 24, 26)];
    expect(spans(clips)).toEqual(['PIER - NIGHT@0-50', 'KITCHEN - DAY@50-80']);
  });

  it('labels, titles, numbers and colours a span from its scene', () => {
    const [pier, roof] = sceneSpans(fromParts(tracks, [shotClip('p1', 'V1', 0, 10), shotClip('r1', 'V1', 10, 5)]), shots, scenes);
    expect(pier).toMatchObject({ sceneId: 'pier', number: 1, label: 'PIER - NIGHT', title: 'EXT. PIER - NIGHT', colour: sceneColour(0) });
    expect(roof).toMatchObject({ sceneId: 'roof', number: 3, label: 'Scene 3', title: 'Scene 3', colour: sceneColour(2) });
    expect(pier!.colour).not.toBe(roof!.colour);
  });

  it('bridges gaps and media clips inside a scene, and reads clips on every video track', () => {
    const clips = [
      shotClip('p1', 'V1', 0, 10),
      shotClip('b-roll', 'V1', 10, 10, null), // a cutaway from the media bin
      shotClip('p2', 'V1', 30, 10), // after an empty gap
      shotClip('p3', 'V2', 45, 10), // on the track above
      shotClip('k1', 'A1', 55, 10), // audio tracks do not place scenes
    ];
    expect(spans(clips)).toEqual(['PIER - NIGHT@0-55']);
  });

  it('splits a scene cut into two places by another scene, each part a span of its own', () => {
    const clips = [shotClip('p1', 'V1', 0, 10), shotClip('k1', 'V1', 10, 10), shotClip('p2', 'V1', 20, 10), shotClip('k2', 'V1', 40, 5)];
    const out = sceneSpans(fromParts(tracks, clips), shots, scenes);
    expect(out.map((s) => `${s.label}@${s.start}-${s.end}`)).toEqual(['PIER - NIGHT@0-10', 'KITCHEN - DAY@10-20', 'PIER - NIGHT@20-30', 'KITCHEN - DAY@40-45']);
    expect(new Set(out.map((s) => s.key)).size).toBe(4);
  });

  it('splits on another scene reaching into the gap from an upper track, not on one laid over a single clip', () => {
    const overGap = [shotClip('p1', 'V1', 0, 10), shotClip('k1', 'V2', 5, 10), shotClip('p2', 'V1', 20, 10)];
    expect(spans(overGap)).toEqual(['PIER - NIGHT@0-10', 'KITCHEN - DAY@5-15', 'PIER - NIGHT@20-30']);
    const overClip = [shotClip('p1', 'V1', 0, 30), shotClip('k1', 'V2', 10, 5)];
    expect(spans(overClip)).toEqual(['PIER - NIGHT@0-30', 'KITCHEN - DAY@10-15']);
  });

  it('leaves out clips of shots without a scene (or of a deleted scene), which still split the scene around them', () => {
    const clips = [shotClip('p1', 'V1', 0, 10), shotClip('x1', 'V1', 10, 10), shotClip('p2', 'V1', 20, 10), shotClip('g1', 'V1', 30, 10), shotClip('p3', 'V1', 40, 10)];
    expect(spans(clips)).toEqual(['PIER - NIGHT@0-10', 'PIER - NIGHT@20-30', 'PIER - NIGHT@40-50']);
    expect(spans([shotClip('x1', 'V1', 0, 10), shotClip('unknown-shot', 'V1', 10, 10)])).toEqual([]);
  });

  it('is empty without scenes, without clips, or when no clip is of a scene', () => {
    expect(spans([shotClip('p1', 'V1', 0, 10)], [])).toEqual([]);
    expect(spans([])).toEqual([]);
    expect(spans([shotClip('media', 'V1', 0, 10, null)])).toEqual([]);
  });

  it('orders spans starting together by script order', () => {
    const clips = [shotClip('k1', 'V2', 0, 10), shotClip('p1', 'V1', 0, 20)];
    expect(spans(clips)).toEqual(['PIER - NIGHT@0-20', 'KITCHEN - DAY@0-10']);
  });
});

describe('scene names and colours', () => {
  it('drops the INT./EXT. prefix only', () => {
    expect(shortHeading('EXT. PIER - NIGHT')).toBe('PIER - NIGHT');
    expect(shortHeading('int. kitchen - day')).toBe('kitchen - day');
    expect(shortHeading('INT./EXT. CAR - MOVING')).toBe('CAR - MOVING');
    expect(shortHeading('I/E. CAR')).toBe('CAR');
    expect(shortHeading('MONTAGE')).toBe('MONTAGE');
    expect(shortHeading('INTERIOR DESIGN')).toBe('INTERIOR DESIGN');
    expect(shortHeading('EXT.')).toBe('EXT.');
  });

  it('keeps a colour per scene index, cycling the palette', () => {
    expect(sceneColour(0)).toBe(SCENE_COLOURS[0]);
    expect(sceneColour(SCENE_COLOURS.length + 1)).toBe(SCENE_COLOURS[1]);
    expect(sceneColourOf(scenes, 'kitchen')).toBe(sceneColour(1));
    expect(sceneColourOf(scenes, null)).toBeNull();
    expect(sceneColourOf(scenes, 'deleted-scene')).toBeNull();
  });
});
