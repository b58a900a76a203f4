// Before a render, the shots with no clip yet are named as the user knows them, not by id.
import { describe, expect, it } from 'vitest';
import type { Shot } from '../api/types';
import { missingClipNames, ungeneratedShots } from '../domain/renderCheck';
import { fromParts } from '../domain/timeline/model';

const shot = (id: string, prompt: string, video_url: string | null) => ({ id, prompt, video_url }) as Shot;
const shots = {
  a: shot('a', 'the harbour at dawn', '/projects/p/generated/a.mp4'),
  b: shot('b', 'a gull on a post', null),
  c: shot('c', 'Mara on the pier, looking out to sea in the rain', null),
};
const order = ['a', 'b', 'c'];
const clip = (id: string, track: string, shotId: string, start: number) => ({
  id,
  track_id: track,
  shot_id: shotId,
  asset_id: null,
  start_frame: start,
  source_in: 0,
  duration: 10,
});
const timeline = fromParts(
  [
    { id: 'v1', kind: 'video', name: 'V1', muted: false, solo: false, locked: false },
    { id: 'v2', kind: 'video', name: 'V2', muted: true, solo: false, locked: false },
  ],
  [clip('x', 'v1', 'a', 0), clip('y', 'v1', 'c', 10), clip('z', 'v1', 'c', 30), clip('m', 'v2', 'b', 0)],
);

describe('ungenerated shots before a render', () => {
  it('names each ungenerated shot once, in shot order, skipping muted tracks', () => {
    expect(ungeneratedShots(timeline, shots, order, null)).toEqual(["Shot 3 — 'Mara on the pier, looking out…' has no clip yet"]);
  });

  it('only counts the range being rendered', () => {
    expect(ungeneratedShots(timeline, shots, order, { in_frame: 0, out_frame: 10 })).toEqual([]);
    expect(ungeneratedShots(timeline, shots, order, { in_frame: 35, out_frame: 50 })).toHaveLength(1);
  });

  it("a finished render's missing clips read as shot names", () => {
    expect(missingClipNames(['y', 'z', 'gone'], timeline, shots, order)).toEqual(["Shot 3 — 'Mara on the pier, looking out…'", 'clip gone']);
  });
});
