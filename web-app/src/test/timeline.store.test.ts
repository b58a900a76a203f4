import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { TimelineEdits } from '../api/types';
import { createAppStore } from '../store';
import type { StoreOptions } from '../store';
import { trackClipIds } from '../domain/timeline/model';
import { memoryStorage, outboxKey, historyKey } from '../domain/timeline/storage';
import { FakeServer } from './fakeApi';

async function open(options: StoreOptions & { server?: FakeServer; storage?: ReturnType<typeof memoryStorage> } = {}) {
  const server = options.server ?? new FakeServer(3);
  const storage = options.storage ?? memoryStorage();
  const store = createAppStore(server, { retryDelayMs: () => 5, historySaveMs: 0, ...options, storage });
  await store.getState().openProject(server.project.id);
  const t = store.getState().timeline;
  const v1 = t.trackOrder.video[0]!;
  const a1 = t.trackOrder.audio[0]!;
  return { server, store, storage, v1, a1, clips: [...trackClipIds(t, v1)] };
}

type Store = Awaited<ReturnType<typeof open>>['store'];

const edits = (server: FakeServer) => server.calls.filter((c) => c.method === 'timelineEdits').map((c) => (c.args[0] as TimelineEdits).changes);
const past = (store: Store) => store.temporal.getState().pastStates.length;
const settle = async (store: Store) => {
  for (let i = 0; i < 50; i++) {
    await store.getState().flushTimeline();
    const s = store.getState().timelineSync.status;
    if (s !== 'sending' && s !== 'retrying') return;
    await new Promise((r) => setTimeout(r, 5));
  }
};
const serverClip = (server: FakeServer, id: string) => server.clips.find((c) => c.id === id);

describe('timeline store: load, edit, undo/redo through the server', () => {
  it('loads tracks and clips with the project; nothing to send; empty history', async () => {
    const { store, clips, v1 } = await open();
    expect(clips).toHaveLength(3);
    expect(store.getState().timeline).toBe(store.getState().serverTimeline);
    expect(store.getState().timelineSync).toMatchObject({ status: 'idle', pending: 0 });
    expect(past(store)).toBe(0);
    expect(store.getState().timeline.clips[clips[0]!]!.track_id).toBe(v1);
    expect(store.getState().clipSources[`shot:${store.getState().timeline.clips[clips[0]!]!.shot_id}`]).toMatchObject({ source_kind: 'shot' });
  });

  it('a move is one history entry and one batch; undo sends the inverse batch; redo sends it again', async () => {
    const { store, server, clips } = await open();
    const id = clips[2]!; // at 18..27
    expect(store.getState().moveClips([id], 10)).toBe(true);
    expect(past(store)).toBe(1);
    await settle(store);
    expect(edits(server)).toEqual([[{ op: 'update', id, version: 1, start_frame: 28 }]]);
    expect(serverClip(server, id)!.start_frame).toBe(28);

    store.getState().undo();
    await settle(store);
    expect(edits(server)[1]).toEqual([{ op: 'update', id, version: 2, start_frame: 18 }]);
    expect(serverClip(server, id)!.start_frame).toBe(18);

    store.getState().redo();
    await settle(store);
    expect(edits(server)[2]).toEqual([{ op: 'update', id, version: 3, start_frame: 28 }]);
    expect(store.getState().timelineSync.status).toBe('idle');
  });

  it('undo of a delete recreates the clip with the same id', async () => {
    const { store, server, clips } = await open();
    const id = clips[1]!;
    store.getState().selectClips([id]);
    store.getState().deleteClips();
    await settle(store);
    expect(serverClip(server, id)).toBeUndefined();
    store.getState().undo();
    await settle(store);
    expect(edits(server)[1]).toEqual([{ op: 'create', clip: expect.objectContaining({ id, start_frame: 9, duration: 9 }) }]);
    expect(serverClip(server, id)).toBeDefined();
  });

  it('split at the playhead, ripple delete, duplicate, copy/paste, add from the bin — each undoable on the server', async () => {
    const { store, server, clips, v1, a1 } = await open();
    const snapshot = () => JSON.stringify([...server.clips].map((c) => [c.id, c.track_id, c.start_frame, c.source_in, c.duration]).sort());
    const initial = snapshot();
    store.getState().setPlayhead(4);
    expect(store.getState().splitAtPlayhead()).toBe(true); // the top clip (V1, first shot)
    store.getState().selectClips([clips[1]!]);
    expect(store.getState().rippleDelete()).toBe(true);
    expect(store.getState().duplicateClips([clips[2]!])).toBe(true);
    expect(store.getState().copyClips([clips[0]!])).toBe(true);
    expect(store.getState().pasteClips(100)).toBe(true);
    const asset = server.addAsset({ kind: 'audio', duration_s: 2, mime_type: 'audio/wav' });
    await store.getState().refreshAssets();
    const added = store.getState().addClipFromSource({ trackId: a1, frame: 3, assetId: asset.id });
    expect(added).toBeTruthy();
    expect(store.getState().timeline.clips[added!]).toMatchObject({ duration: 48, track_id: a1 }); // 2 s at 24 fps
    await settle(store);
    expect(past(store)).toBe(5); // copy is not an edit
    const ids = trackClipIds(store.getState().timeline, v1);
    expect(ids.map((id) => serverClip(server, id)?.start_frame)).toEqual(
      ids.map((id) => store.getState().timeline.clips[id]!.start_frame),
    );
    for (let i = 0; i < 5; i++) store.getState().undo();
    await settle(store);
    expect(snapshot()).toBe(initial);
  });

  it('inspector edits and timeline edits share one history', async () => {
    const { store, clips } = await open();
    const shotId = store.getState().shotOrder[0]!;
    store.getState().editShot(shotId, { prompt: 'a fox' });
    store.getState().trimClip(clips[2]!, 'out', -3);
    store.getState().editShot(shotId, { prompt: 'a fox at dawn' });
    expect(past(store)).toBe(3);
    store.getState().undo();
    expect(store.getState().drafts[shotId]!.prompt).toBe('a fox');
    expect(store.getState().timeline.clips[clips[2]!]!.duration).toBe(6);
    store.getState().undo();
    expect(store.getState().timeline.clips[clips[2]!]!.duration).toBe(9);
    expect(store.getState().drafts[shotId]!.prompt).toBe('a fox');
  });

  it('a locked track refuses and says why; track flags are undoable and sent as PATCH', async () => {
    const { store, server, clips, v1 } = await open();
    store.getState().setTrackFlags(v1, { locked: true });
    expect(store.getState().moveClips([clips[0]!], 5)).toBe(false);
    expect(store.getState().timelineError).toMatch(/locked/);
    await settle(store);
    expect(server.tracks.find((t) => t.id === v1)!.locked).toBe(true);
    store.getState().undo();
    await settle(store);
    expect(server.tracks.find((t) => t.id === v1)!.locked).toBe(false);
  });

  it('a new track is created on the server with its local id; reorder and remove sync', async () => {
    const { store, server } = await open();
    const localId = store.getState().addTrack('video')!;
    await settle(store);
    const created = server.tracks.find((t) => t.name === 'V2')!;
    expect(created.id).toBe(localId);
    expect(server.calls.find((c) => c.method === 'createTrack')!.args[0]).toMatchObject({ id: localId, kind: 'video', name: 'V2' });
    expect(store.getState().timeline.tracks[localId]).toBeDefined();
    store.getState().reorderTrack(created.id, 0);
    await settle(store);
    expect([...server.tracks].filter((t) => t.kind === 'video').sort((a, b) => a.index - b.index)[0]!.id).toBe(created.id);
    store.getState().removeTrack(created.id);
    await settle(store);
    expect(server.tracks.some((t) => t.id === created.id)).toBe(false);
    expect(store.getState().timelineSync.status).toBe('idle');
  });

  it('undo of a track delete brings back the same track, with its clips, on the server', async () => {
    const { store, server, clips, v1 } = await open();
    const trackId = store.getState().addTrack('video', { index: 0 })!;
    expect(store.getState().moveClips([clips[0]!, clips[1]!], 0, { toTrackId: trackId })).toBe(true);
    store.getState().setTrackFlags(trackId, { muted: true });
    await settle(store);
    const before = server.clips.filter((c) => c.track_id === trackId).map((c) => ({ id: c.id, start: c.start_frame }));
    expect(before.map((c) => c.id).sort()).toEqual([clips[0]!, clips[1]!].sort());

    expect(store.getState().removeTrack(trackId)).toBe(true);
    await settle(store);
    expect(server.tracks.some((t) => t.id === trackId)).toBe(false);
    expect(server.clips.some((c) => c.track_id === trackId)).toBe(false);

    store.getState().undo();
    await settle(store);
    expect(store.getState().timelineSync).toMatchObject({ status: 'idle', pending: 0 });
    const back = server.tracks.find((t) => t.id === trackId)!;
    expect(back).toMatchObject({ kind: 'video', name: 'V2', muted: true, index: 0 });
    expect(server.clips.filter((c) => c.track_id === trackId).map((c) => ({ id: c.id, start: c.start_frame }))).toEqual(before);
    expect(store.getState().timeline).toEqual(store.getState().serverTimeline);
    expect(trackClipIds(store.getState().timeline, v1)).toEqual([clips[2]!]);
    const creates = server.calls.filter((c) => c.method === 'createTrack').map((c) => (c.args[0] as { id?: string }).id);
    expect(creates).toEqual([trackId, trackId]);

    // Redo deletes it again: the same row, no new id.
    store.getState().redo();
    await settle(store);
    expect(server.tracks.some((t) => t.id === trackId)).toBe(false);
    expect(store.getState().timelineSync.status).toBe('idle');
  });

  it('a track id already taken on the server stops the outbox as a conflict naming the track', async () => {
    const { store, server } = await open();
    const create = server.createTrack.bind(server);
    server.createTrack = async (projectId, body) => {
      // Another tab took the id just before this request arrived.
      server.tracks.push({ ...structuredClone(server.tracks[1]!), id: body.id!, name: 'Elsewhere', index: 1 });
      return create(projectId, body);
    };
    const trackId = store.getState().addTrack('audio')!;
    await settle(store);
    expect(store.getState().timelineSync).toMatchObject({ status: 'conflict', conflictIds: [trackId] });
  });
});

describe('drags: one history entry, one batch, with snapping', () => {
  it('60 updates make no history entries and no server calls; pointer-up commits once', async () => {
    const { store, server, clips } = await open();
    const id = clips[2]!; // 18..27
    store.getState().setZoom(4);
    store.getState().beginGesture({ kind: 'move', clipId: id });
    for (let i = 0; i < 60; i++) store.getState().updateGesture({ frames: i / 2 });
    expect(past(store)).toBe(0);
    await settle(store);
    expect(edits(server)).toHaveLength(0);
    expect(store.getState().gesture!.preview.clips[id]!.start_frame).toBe(48);
    expect(store.getState().timeline.clips[id]!.start_frame).toBe(18);
    // Snapping: the start 18 + 8.6 = 26.6 is within 8 px (4 px/frame) of … nothing at 26; the end 27 + 8.6 = 35.6: none.
    // With the playhead at 30: the start snaps to it from 28.5 (1.5 frames = 6 px).
    store.getState().endGesture(false);
    store.getState().setPlayhead(30);
    store.getState().beginGesture({ kind: 'move', clipId: id });
    store.getState().updateGesture({ frames: 10.5 });
    expect(store.getState().gesture).toMatchObject({ frames: 12, snappedTo: 30 });
    expect(store.getState().endGesture()).toBe(true);
    expect(past(store)).toBe(1);
    await settle(store);
    expect(edits(server)).toEqual([[{ op: 'update', id, version: 1, start_frame: 30 }]]);
  });

  it('a trim drag snaps its edge and commits one trim', async () => {
    const { store, server, clips } = await open();
    store.getState().moveClips([clips[2]!], 10); // 28..37, a gap 18..28
    await settle(store);
    store.getState().beginGesture({ kind: 'trim-out', clipId: clips[1]! }); // 9..18
    store.getState().updateGesture({ frames: 1.2 }); // end 19.2 → no target near (28 is 35 px away)
    expect(store.getState().gesture!.preview.clips[clips[1]!]!.duration).toBe(9); // a shot's source is 9 frames
    store.getState().endGesture();
    expect(edits(server)).toHaveLength(1);
  });
});

describe('outbox', () => {
  it('a network error keeps the batch (persisted, counted) and retries it', async () => {
    const { store, server, storage, clips } = await open();
    server.failEdits = [new TypeError('Failed to fetch'), new ApiError(503, 'busy', '503')];
    store.getState().moveClips([clips[0]!], 40);
    await store.getState().flushTimeline();
    expect(store.getState().timelineSync).toMatchObject({ status: 'retrying', pending: 1, attempts: 1, error: 'Failed to fetch' });
    expect(storage.getItem(outboxKey(server.project.id))).toBeTruthy();
    await settle(store);
    expect(store.getState().timelineSync).toMatchObject({ status: 'idle', pending: 0, attempts: 0 });
    expect(edits(server)).toHaveLength(3);
    expect(serverClip(server, clips[0]!)!.start_frame).toBe(40);
    expect(storage.getItem(outboxKey(server.project.id))).toBeNull();
  });

  it('edits made while a batch is in flight go in the next one, in order', async () => {
    const { store, server, clips } = await open();
    let release!: () => void;
    server.holdEdits = new Promise((r) => (release = r));
    store.getState().moveClips([clips[2]!], 5);
    await Promise.resolve();
    store.getState().moveClips([clips[2]!], 5);
    store.getState().trimClip(clips[0]!, 'out', -2);
    expect(store.getState().timelineSync.status).toBe('sending');
    server.holdEdits = null;
    release();
    await settle(store);
    const sent = edits(server);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual([{ op: 'update', id: clips[2]!, version: 1, start_frame: 23 }]);
    expect(sent[1]).toEqual(
      expect.arrayContaining([
        { op: 'update', id: clips[2]!, version: 2, start_frame: 28 },
        { op: 'update', id: clips[0]!, version: 1, duration: 7 },
      ]),
    );
  });

  it('a 409 stops the outbox and shows the conflict; Reload takes the server timeline; undo brings the edit back', async () => {
    const { store, server, clips } = await open();
    const id = clips[2]!;
    await server.externalEdits({ changes: [{ op: 'update', id, version: 1, start_frame: 50 }] }); // another tab; no event yet
    store.getState().moveClips([id], 3);
    await settle(store);
    expect(store.getState().timelineSync).toMatchObject({ status: 'conflict', conflictIds: [id] });
    expect(serverClip(server, id)!.start_frame).toBe(50); // not overwritten
    store.getState().trimClip(clips[0]!, 'out', -1); // further edits wait too
    await settle(store);
    expect(edits(server)).toHaveLength(1);

    await store.getState().reloadFromServer();
    expect(store.getState().timelineSync.status).toBe('idle');
    expect(store.getState().timeline.clips[id]!.start_frame).toBe(50);
    expect(store.getState().timeline.clips[clips[0]!]!.duration).toBe(9);
    store.getState().undo(); // deliberately re-apply the local edits, with the versions just read
    await settle(store);
    expect(serverClip(server, id)!.start_frame).toBe(21);
  });

  it('a 422 is shown and the next edit (an undo) clears it', async () => {
    const { store, server, clips } = await open();
    server.failEdits = [new ApiError(422, 'clips overlap on track V1', '422')];
    store.getState().moveClips([clips[0]!], 100);
    await settle(store);
    expect(store.getState().timelineSync).toMatchObject({ status: 'refused', error: 'clips overlap on track V1', pending: 1 });
    expect(store.getState().toasts.at(-1)?.message).toMatch(/refused/);
    store.getState().undo();
    await settle(store);
    expect(store.getState().timelineSync).toMatchObject({ status: 'idle', pending: 0, error: null });
  });

  it('a reload keeps unsent edits: shown at once, then sent', async () => {
    const server = new FakeServer(3);
    const storage = memoryStorage();
    const first = await open({ server, storage });
    server.failEdits = Array.from({ length: 100 }, () => new TypeError('offline'));
    first.store.getState().moveClips([first.clips[1]!], 30);
    first.store.getState().deleteClips([first.clips[0]!]);
    await first.store.getState().flushTimeline();
    expect(first.store.getState().timelineSync.pending).toBe(2);
    first.store.getState().closeProject();

    server.failEdits = [];
    const second = await open({ server, storage });
    expect(second.store.getState().timeline.clips[first.clips[0]!]).toBeUndefined();
    expect(second.store.getState().timeline.clips[first.clips[1]!]!.start_frame).toBe(39);
    await settle(second.store);
    expect(serverClip(server, first.clips[0]!)).toBeUndefined();
    expect(serverClip(server, first.clips[1]!)!.start_frame).toBe(39);
    expect(storage.getItem(outboxKey(server.project.id))).toBeNull();
  });

  it('a reload whose unsent edit meets another tab’s change to the same clip is a conflict, not an overwrite', async () => {
    const server = new FakeServer(3);
    const storage = memoryStorage();
    const first = await open({ server, storage });
    server.failEdits = Array.from({ length: 100 }, () => new TypeError('offline'));
    first.store.getState().moveClips([first.clips[1]!], 30);
    await first.store.getState().flushTimeline();
    first.store.getState().closeProject();
    server.failEdits = [];
    await server.externalEdits({ changes: [{ op: 'update', id: first.clips[1]!, version: 1, duration: 4 }] });
    const second = await open({ server, storage });
    expect(second.store.getState().timelineSync.status).toBe('conflict');
    await settle(second.store);
    expect(serverClip(server, first.clips[1]!)).toMatchObject({ start_frame: 9, duration: 4 });
  });
});

describe('another tab (timeline.changed)', () => {
  it('follows the change in the server copy and the local timeline, without history or server calls', async () => {
    const { store, server, clips } = await open();
    const answer = await server.externalEdits({ changes: [{ op: 'update', id: clips[2]!, version: 1, start_frame: 60 }] });
    store.getState().applyEvent('timeline.changed', { type: 'timeline.changed', project_id: server.project.id, clips: answer.clips, deleted: [] });
    expect(store.getState().timeline.clips[clips[2]!]!.start_frame).toBe(60);
    expect(store.getState().serverTimeline.clips[clips[2]!]!.start_frame).toBe(60);
    expect(past(store)).toBe(0);
    await settle(store);
    expect(edits(server)).toHaveLength(0);
  });

  it('merges with pending local edits to other clips, and the history follows (undo does not revert their change)', async () => {
    const { store, server, clips } = await open();
    server.failEdits = [new TypeError('offline')];
    store.getState().trimClip(clips[0]!, 'out', -4); // pending
    await store.getState().flushTimeline();
    const answer = await server.externalEdits({ changes: [{ op: 'delete', id: clips[2]!, version: 1 }] });
    store.getState().receiveTimelineChange({ clips: answer.clips, deleted: answer.deleted });
    expect(store.getState().timeline.clips[clips[2]!]).toBeUndefined();
    expect(store.getState().timeline.clips[clips[0]!]!.duration).toBe(5);
    store.getState().undo();
    expect(store.getState().timeline.clips[clips[2]!]).toBeUndefined(); // the undo entry was rebased too
    await settle(store);
    expect(serverClip(server, clips[2]!)).toBeUndefined();
    expect(serverClip(server, clips[0]!)!.duration).toBe(9);
    expect(store.getState().timelineSync.status).toBe('idle');
  });

  it('a change to a clip with a pending local edit is a conflict', async () => {
    const { store, server, clips } = await open();
    server.failEdits = [new TypeError('offline')];
    store.getState().moveClips([clips[2]!], 5);
    await store.getState().flushTimeline();
    const answer = await server.externalEdits({ changes: [{ op: 'update', id: clips[2]!, version: 1, duration: 3 }] });
    store.getState().receiveTimelineChange({ clips: answer.clips, deleted: [] });
    expect(store.getState().timelineSync).toMatchObject({ status: 'conflict', conflictIds: [clips[2]!] });
    await settle(store);
    expect(serverClip(server, clips[2]!)).toMatchObject({ start_frame: 18, duration: 3 });
  });

  it('our own change echoed back is not news', async () => {
    const { store, server, clips } = await open();
    store.getState().moveClips([clips[2]!], 5);
    await settle(store);
    const before = store.getState().timeline;
    const row = server.clipRead(serverClip(server, clips[2]!)!);
    store.getState().receiveTimelineChange({ clips: [row], deleted: [] });
    expect(store.getState().timeline).toBe(before);
  });
});

describe('history across a reload', () => {
  it('round trip: undo after a reload sends the inverse batch', async () => {
    const server = new FakeServer(3);
    const storage = memoryStorage();
    const first = await open({ server, storage });
    first.store.getState().moveClips([first.clips[2]!], 10);
    first.store.getState().trimClip(first.clips[0]!, 'out', -2);
    await settle(first.store);
    first.store.getState().saveTimelineHistory();
    expect(storage.getItem(historyKey(server.project.id))).toBeTruthy();
    first.store.getState().closeProject();

    const second = await open({ server, storage });
    expect(second.store.temporal.getState().pastStates).toHaveLength(2);
    second.store.getState().undo();
    second.store.getState().undo();
    await settle(second.store);
    expect(serverClip(server, first.clips[2]!)!.start_frame).toBe(18);
    expect(serverClip(server, first.clips[0]!)!.duration).toBe(9);
  });

  it('is not restored when the server timeline changed since', async () => {
    const server = new FakeServer(3);
    const storage = memoryStorage();
    const first = await open({ server, storage });
    first.store.getState().moveClips([first.clips[2]!], 10);
    await settle(first.store);
    first.store.getState().saveTimelineHistory();
    first.store.getState().closeProject();
    await server.externalEdits({ changes: [{ op: 'delete', id: first.clips[0]!, version: 1 }] });
    const second = await open({ server, storage });
    expect(second.store.temporal.getState().pastStates).toHaveLength(0);
  });
});

describe('scale', () => {
  it('1,000 clips: one move → one change in the batch, quickly', async () => {
    // "Quickly" is the work done, not a time (speed is the bench's job): one clip moves, one update is sent, and every
    // other clip keeps its object, so only the moved clip's component re-renders.
    const server = new FakeServer(1);
    const v1 = server.tracks[0]!.id;
    server.clips = Array.from({ length: 1000 }, (_, i) => ({
      id: `c${String(i).padStart(31, '0')}`,
      track_id: v1,
      shot_id: server.shots[0]!.id,
      asset_id: null,
      start_frame: i * 12,
      source_in: 0,
      duration: 9,
      version: 1,
    }));
    const { store } = await open({ server });
    const id = server.clips[500]!.id;
    const before = store.getState().timeline;
    expect(store.getState().moveClips([id], 2)).toBe(true);
    const t = store.getState().timeline;
    expect(t.clips[id]!.start_frame).toBe(500 * 12 + 2);
    expect(t.clips[id]!.duration).toBe(9);
    const others = Object.keys(t.clips).filter((other) => other !== id);
    expect(others).toHaveLength(999);
    expect(others.filter((other) => t.clips[other] !== before.clips[other])).toEqual([]);
    await settle(store);
    expect(edits(server)).toEqual([[{ op: 'update', id, version: 1, start_frame: 500 * 12 + 2 }]]);
    expect(server.clips.find((c) => c.id === id)?.start_frame).toBe(500 * 12 + 2);
  });
});
