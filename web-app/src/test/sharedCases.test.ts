// The rules written in both languages, driven by the tables of cases that pytest reads too
// (tests/cases/*.json, tests/test_shared_cases.py): a case that one side decides differently fails here or there.
import { describe, expect, it } from 'vitest';
import generationTable from '../../../tests/cases/generation_inputs.json';
import timelineTable from '../../../tests/cases/timeline_rules.json';
import type { Asset, AssetKind, ConditioningItem, GenerationMode } from '../api/types';
import { generationProblems } from '../domain/generation';
import { fieldsOf } from '../domain/shotFields';
import { fromParts } from '../domain/timeline/model';
import type { TimelineClip, TimelineTrack } from '../domain/timeline/model';
import { timelineViolation } from '../domain/timeline/rules';
import type { RuleSource } from '../domain/timeline/rules';
import { createAppStore } from '../store';
import { FakeServer, makeShot } from './fakeApi';

interface TimelineCase {
  name: string;
  tracks: { id: string; kind: 'video' | 'audio'; name: string; locked: boolean }[];
  clips: { id: string; track_id: string; source: string; start_frame: number; source_in: number; duration: number; fade_in: number; fade_out: number }[];
  changed: string[];
  expect: 'ok' | { error: string; clips: string[] };
}

describe('timeline invariants (tests/cases/timeline_rules.json)', () => {
  const sources = timelineTable.sources as Record<string, RuleSource>;
  const cases = timelineTable.cases as TimelineCase[];

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const tracks: TimelineTrack[] = c.tracks.map((t) => ({ ...t, muted: false, solo: false }));
    const clips: TimelineClip[] = c.clips.map(({ source, ...clip }) => {
      const isShot = sources[source]!.kind === 'shot';
      return { ...clip, shot_id: isShot ? source : null, asset_id: isShot ? null : source };
    });
    const sourceOf = (clip: TimelineClip) => sources[clip.shot_id ?? clip.asset_id ?? ''] ?? null;
    const violation = timelineViolation(fromParts(tracks, clips), sourceOf, c.changed);
    if (c.expect === 'ok') expect(violation).toBeNull();
    else expect(violation).toEqual({ code: c.expect.error, clips: c.expect.clips });
  });

  it('the store refuses a source on a track that does not take it (the fits rule), as the server would', async () => {
    const server = new FakeServer(1);
    const store = createAppStore(server, { storage: null, retryDelayMs: () => 0 });
    await store.getState().openProject(server.project.id);
    const sound = server.addAsset({ kind: 'audio', duration_s: 2, mime_type: 'audio/wav' });
    await store.getState().refreshAssets();
    const v1 = store.getState().timeline.trackOrder.video[0]!;
    const before = store.getState().timeline;
    expect(store.getState().addClipFromSource({ trackId: v1, frame: 0, assetId: sound.id })).toBeNull();
    expect(store.getState().timeline).toBe(before);
    expect(store.getState().timelineError).toMatch(/audio source cannot go on video track/);
  });

  it('covers every rule, and the valid case', () => {
    const codes = new Set(cases.flatMap((c) => (c.expect === 'ok' ? [] : [c.expect.error])));
    expect([...codes].sort()).toEqual(['bounds', 'fades', 'fits', 'locked', 'overlap']);
    expect(cases.some((c) => c.expect === 'ok')).toBe(true);
  });
});

interface GenerationCase {
  name: string;
  request: {
    mode: GenerationMode;
    image_asset_id?: string;
    mask_asset_id?: string;
    reference_asset_ids?: string[];
    conditioning?: ConditioningItem[];
    strength?: number;
  };
  expect: string;
}

/** The words each refusal code is said with in the client's problems (see SERVER_WORDS on the Python side). */
const CLIENT_WORDS: Record<string, RegExp> = {
  missing_image: /^choose (a start image|an image)$/,
  wrong_kind: /must be an image|cannot condition a clip/,
  unknown_asset: /not in the media bin/,
  missing_conditioning: /at least one item/,
  frame_range: /frame 0 to \d+ \(it is -?\d+\)/,
  strength_range: /strength 0 to 1/,
  too_many: /^at most \d+/,
  missing_references: /at least one reference image/,
  missing_mask: /^choose a mask$/,
  mask_size: /must be the same size/,
};

describe('generation inputs (tests/cases/generation_inputs.json)', () => {
  const cases = generationTable.cases as GenerationCase[];
  const assets: Record<string, Asset> = Object.fromEntries(
    generationTable.assets.map((a) => [a.id, { ...a, kind: a.kind as AssetKind } as unknown as Asset]),
  );

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const shot = makeShot('p', 0, { prompt: generationTable.prompt, num_frames: generationTable.num_frames });
    const base = fieldsOf(shot);
    const { conditioning, ...settings } = c.request;
    const fields = {
      ...base,
      conditioning: conditioning ?? [],
      generation: { ...base.generation, ...settings },
    };
    const problems = generationProblems(fields, assets);
    if (c.expect === 'ok') expect(problems).toEqual([]);
    else expect(problems.some((p) => CLIENT_WORDS[c.expect]!.test(p)), `${c.expect}: ${JSON.stringify(problems)}`).toBe(true);
  });

  it('covers every refusal code', () => {
    const codes = new Set(cases.flatMap((c) => (c.expect === 'ok' ? [] : [c.expect])));
    expect([...codes].sort()).toEqual(Object.keys(CLIENT_WORDS).sort());
  });
});
