// Clip audio (gain, fades): the pure op, the diff to the server batch, the undo history and its browser copy.
import { describe, expect, it } from 'vitest';
import type { TimelineEdits } from '../api/types';
import { createAppStore } from '../store';
import { applyChanges, diffClips, NO_VERSIONS } from '../domain/timeline/diff';
import { packClip, packHistory, unpackClip, unpackHistory } from '../domain/timeline/history';
import { audioOf, fromParts, sameClip } from '../domain/timeline/model';
import type { TimelineClip } from '../domain/timeline/model';
import * as ops from '../domain/timeline/ops';
import { historyKey, memoryStorage } from '../domain/timeline/storage';
import { FakeServer } from './fakeApi';

const clip = (id: string, start_frame: number, duration: number, extra: Partial<TimelineClip> = {}): TimelineClip => ({
  id,
  track_id: 'A1',
  shot_id: null,
  asset_id: `asset-${id}`,
  start_frame,
  source_in: 0,
  duration,
  ...extra,
});
const sample = (locked = false) =>
  fromParts([{ id: 'A1', kind: 'audio', name: 'A1', muted: false, solo: false, locked }], [clip('a', 0, 48), clip('b', 48, 24)]);
const ctx: ops.OpContext = { sourceFrames: () => null, newId: () => 'new' };

describe('setClipAudio op', () => {
  it('sets gain and fades of the given clips; untouched clips keep their objects', () => {
    const t = sample();
    const r = ops.setClipAudio(t, ['a'], { gain_db: -6, fade_in: 12 });
    expect(r.error).toBeUndefined();
    expect(audioOf(r.timeline.clips.a!)).toEqual({ gain_db: -6, fade_in: 12, fade_out: 0 });
    expect(r.timeline.clips.b).toBe(t.clips.b);
    expect(r.affected).toEqual(['a']);
  });

  it('clamps: gain to -60..+24 dB (0.1 dB steps), fades to whole frames within the clip, together at most its length', () => {
    const t = sample();
    expect(audioOf(ops.setClipAudio(t, ['a'], { gain_db: 99 }).timeline.clips.a!).gain_db).toBe(24);
    expect(audioOf(ops.setClipAudio(t, ['a'], { gain_db: -200 }).timeline.clips.a!).gain_db).toBe(-60);
    expect(audioOf(ops.setClipAudio(t, ['a'], { gain_db: -3.14159 }).timeline.clips.a!).gain_db).toBe(-3.1);
    expect(audioOf(ops.setClipAudio(t, ['b'], { fade_in: 100 }).timeline.clips.b!).fade_in).toBe(24);
    expect(audioOf(ops.setClipAudio(t, ['b'], { fade_in: 2.6 }).timeline.clips.b!).fade_in).toBe(3);
    const both = ops.setClipAudio(ops.setClipAudio(t, ['b'], { fade_in: 20 }).timeline, ['b'], { fade_out: 10 });
    expect(audioOf(both.timeline.clips.b!)).toMatchObject({ fade_in: 14, fade_out: 10 }); // the fade being set wins
  });

  it('no change returns the same timeline; a locked track refuses', () => {
    const t = sample();
    expect(ops.setClipAudio(t, ['a'], { gain_db: 0 }).timeline).toBe(t);
    expect(ops.setClipAudio(sample(true), ['a'], { gain_db: -3 }).error).toBe('track A1 is locked');
    expect(ops.setClipAudio(t, [], { gain_db: -3 }).error).toBeTruthy();
  });

  it('a trim shorter than a fade shortens the fade; a split keeps the fade in left and the fade out right', () => {
    const t = ops.setClipAudio(sample(), ['a'], { fade_in: 10, fade_out: 20 }).timeline;
    const trimmed = ops.trimClip(t, 'a', 'out', -40, ctx).timeline.clips.a!; // 8 frames long
    expect(audioOf(trimmed)).toEqual({ gain_db: 0, fade_in: 8, fade_out: 0 });
    const split = ops.splitClips(t, ['a'], 24, ctx).timeline;
    expect(audioOf(split.clips.a!)).toEqual({ gain_db: 0, fade_in: 10, fade_out: 0 });
    expect(audioOf(split.clips.new!)).toEqual({ gain_db: 0, fade_in: 0, fade_out: 20 });
  });
});

describe('clip audio in the diff and the history copy', () => {
  it('an update names only the audio fields that changed; a create carries non-default ones', () => {
    const server = sample();
    const local = ops.setClipAudio(server, ['a'], { gain_db: -6 }).timeline;
    expect(diffClips(server, local, { clips: { a: 3 }, tracks: {} })).toEqual([{ op: 'update', id: 'a', version: 3, gain_db: -6 }]);
    const back = diffClips(local, server, { clips: { a: 4 }, tracks: {} });
    expect(back).toEqual([{ op: 'update', id: 'a', version: 4, gain_db: 0 }]);
    const withNew = fromParts([server.tracks.A1!], [...Object.values(local.clips), clip('c', 100, 10, { fade_out: 5 })]);
    const changes = diffClips(local, withNew, NO_VERSIONS);
    expect(changes).toEqual([{ op: 'create', clip: expect.objectContaining({ id: 'c', fade_out: 5 }) }]);
    expect(changes[0]!.op === 'create' && 'gain_db' in changes[0]!.clip).toBe(false);
    expect(sameClip(applyChanges(local, changes).clips.c, withNew.clips.c)).toBe(true);
    expect(applyChanges(server, diffClips(server, local, NO_VERSIONS)).clips.a!.gain_db).toBe(-6);
  });

  it('clips without audio settings pack as before; with them they round-trip', () => {
    const plain = clip('a', 0, 48);
    expect(packClip(plain)).toHaveLength(7);
    const loud = clip('b', 0, 48, { gain_db: 3.5, fade_in: 4, fade_out: 0 });
    expect(packClip(loud)).toHaveLength(10);
    expect(sameClip(unpackClip(packClip(loud)), loud)).toBe(true);
    const t = sample();
    const edited = ops.setClipAudio(t, ['a'], { gain_db: -12, fade_out: 6 }).timeline;
    const stored = unpackHistory(edited, JSON.parse(JSON.stringify(packHistory(edited, [t], []))));
    expect(stored).not.toBeNull();
  });
});

describe('clip audio in the store: one undo step, synced through the outbox', () => {
  async function open(server = new FakeServer(2)) {
    const storage = memoryStorage();
    const store = createAppStore(server, { storage, retryDelayMs: () => 5, historySaveMs: 0 });
    await store.getState().openProject(server.project.id);
    const v1 = store.getState().timeline.trackOrder.video[0]!;
    return { server, store, storage, clips: [...store.getState().timeline.trackClips[v1]!] };
  }
  const edits = (server: FakeServer) => server.calls.filter((c) => c.method === 'timelineEdits').map((c) => (c.args[0] as TimelineEdits).changes);
  const settle = async (store: Awaited<ReturnType<typeof open>>['store']) => {
    for (let i = 0; i < 50; i++) {
      await store.getState().flushTimeline();
      const s = store.getState().timelineSync.status;
      if (s !== 'sending' && s !== 'retrying') return;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('each change is one history entry and one batch; undo/redo send the inverse', async () => {
    const { store, server, clips } = await open();
    const [a, b] = clips as [string, string];
    store.getState().selectClips([a, b]);
    expect(store.getState().setClipAudio(null, { gain_db: -9 })).toBe(true);
    expect(store.getState().setClipAudio(a, { fade_in: 4 })).toBe(true);
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    await settle(store);
    const sent = edits(server);
    expect(sent[0]).toEqual(
      expect.arrayContaining([
        { op: 'update', id: a, version: 1, gain_db: -9 },
        { op: 'update', id: b, version: 1, gain_db: -9 },
      ]),
    );
    expect(sent.at(-1)).toEqual([{ op: 'update', id: a, version: 2, fade_in: 4 }]);
    expect(server.clips.find((c) => c.id === a)).toMatchObject({ gain_db: -9, fade_in: 4 });

    store.getState().undo();
    await settle(store);
    expect(edits(server).at(-1)).toEqual([{ op: 'update', id: a, version: 3, fade_in: 0 }]);
    expect(server.clips.find((c) => c.id === a)!.fade_in).toBe(0);
    store.getState().undo();
    await settle(store);
    expect(server.clips.find((c) => c.id === b)!.gain_db).toBe(0);
    store.getState().redo();
    await settle(store);
    expect(server.clips.find((c) => c.id === b)!.gain_db).toBe(-9);
    expect(store.getState().timelineSync.status).toBe('idle');
  });

  it('a server row with audio settings loads into the clip; the undo history survives a reload', async () => {
    const server = new FakeServer(2);
    const first = await open(server);
    first.store.getState().setClipAudio(first.clips[0]!, { gain_db: 6 });
    await settle(first.store);
    first.store.getState().saveTimelineHistory();
    expect(first.storage.getItem(historyKey(server.project.id))).toBeTruthy();
    first.store.getState().closeProject();

    const storage = first.storage;
    const store = createAppStore(server, { storage, retryDelayMs: () => 5, historySaveMs: 0 });
    await store.getState().openProject(server.project.id);
    expect(store.getState().timeline.clips[first.clips[0]!]!.gain_db).toBe(6);
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    store.getState().undo();
    await settle(store);
    expect(server.clips.find((c) => c.id === first.clips[0])!.gain_db).toBe(0);
  });
});
