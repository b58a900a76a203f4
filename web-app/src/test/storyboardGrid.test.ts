import { describe, expect, it } from 'vitest';
import type { Asset, ProjectState } from '../api/types';
import { frameBoard, frameBusy, shotSeconds } from '../domain/frameBoard';
import type { JobView } from '../domain/jobReducer';
import { createAppStore } from '../store';
import { FakeServer, makeShot } from './fakeApi';

type Scene = ProjectState['scenes'][number];

const scene = (id: string, index: number, heading: string): Scene =>
  ({ id, project_id: 'p', index, heading, location: '', time_of_day: '', synopsis: '', version: 1 }) as Scene;

const asset = (id: string, overrides: Partial<Asset> = {}): Asset =>
  ({
    id,
    project_id: 'p',
    kind: 'image',
    url: `/projects/p/${id}.png`,
    original_name: `${id}.png`,
    mime_type: 'image/png',
    size_bytes: 1,
    width: 64,
    height: 64,
    duration_s: null,
    origin: 'upload',
    job_id: null,
    created_at: new Date(0).toISOString(),
    ...overrides,
  }) as Asset;

const job = (id: string, shotId: string, seq: number, overrides: Partial<JobView> = {}): JobView => ({
  id,
  project_id: 'p',
  shot_id: shotId,
  status: 'running',
  progress: 0.5,
  chunk: null,
  chunks: null,
  stage: null,
  error: null,
  result: null,
  kind: 'frame',
  seq,
  ...overrides,
});

async function openStore(server: FakeServer) {
  const store = createAppStore(server, { storage: null });
  await store.getState().openProject(server.project.id);
  return store;
}

describe('the storyboard grid as data', () => {
  it('groups shots by scene in script order, with frames, candidates, latest frame job and seconds', () => {
    const a = makeShot('p', 2, { scene_id: 's2', num_frames: 49, fps: 24 });
    const b = makeShot('p', 0, { scene_id: 's1', frame_asset_id: 'c2' });
    const c = makeShot('p', 1, { scene_id: 's1' });
    const loose = makeShot('p', 3, { scene_id: null });
    const assets = [
      asset('c2', { origin: 'concept', source_shot_id: b.id, created_at: '2026-01-02T00:00:00Z' }),
      asset('c1', { origin: 'concept', source_shot_id: b.id, created_at: '2026-01-01T00:00:00Z' }),
      asset('grab', { origin: 'frame', source_shot_id: b.id }), // a frame grabbed from the clip is no candidate
      asset('up'),
    ];
    const jobs = {
      old: job('old', b.id, 1, { status: 'completed' }),
      new: job('new', b.id, 5),
      video: job('video', c.id, 9, { kind: 't2v' }),
    };
    const board = frameBoard([scene('s2', 1, 'EXT. ROOF'), scene('s1', 0, '')], [a, b, c, loose], assets, jobs);
    expect(board.map((s) => s.heading)).toEqual(['Scene 1', 'EXT. ROOF', 'Shots without a scene']);
    expect(board.map((s) => s.shots.map((x) => x.number))).toEqual([[1, 2], [3], [4]]);
    const first = board[0]!.shots[0]!;
    expect(first.frame?.id).toBe('c2');
    expect(first.candidates.map((x) => x.id)).toEqual(['c1', 'c2']);
    expect(first.frameJob?.id).toBe('new');
    expect(frameBusy(first)).toBe(true);
    const second = board[0]!.shots[1]!;
    expect(second.frameJob).toBeNull(); // a video job is not a frame job
    expect(frameBusy(second)).toBe(false);
    expect(board[1]!.shots[0]!.seconds).toBe(2);
    expect(shotSeconds({ num_frames: 121, fps: 24 })).toBe(5);
  });

  it('without scenes every shot is in one group', () => {
    const shots = [makeShot('p', 1), makeShot('p', 0)];
    const board = frameBoard([], shots, [], {});
    expect(board).toHaveLength(1);
    expect(board[0]!.heading).toBe('Shots');
    expect(board[0]!.shots.map((x) => x.shot.id)).toEqual([shots[1]!.id, shots[0]!.id]);
  });
});

describe('the frames slice', () => {
  it('queues frames for a scene with the chosen candidate count and tracks the jobs by shot', async () => {
    const server = new FakeServer(3);
    server.shots[0]!.scene_id = 'sc';
    server.shots[1]!.scene_id = 'sc';
    const store = await openStore(server);
    store.getState().setFrameCandidates(9);
    expect(store.getState().frameCandidates).toBe(4);
    store.getState().setFrameCandidates(3);
    const ids = await store.getState().generateFrames({ scene_id: 'sc' });
    expect(ids).toHaveLength(2);
    expect(server.calls.find((c) => c.method === 'queueFrames')!.args[1]).toEqual({ scene_id: 'sc', candidates: 3 });
    const jobs = store.getState().jobs;
    expect(ids.map((id) => [jobs[id]!.kind, jobs[id]!.shot_id, jobs[id]!.status])).toEqual([
      ['frame', server.shots[0]!.id, 'pending'],
      ['frame', server.shots[1]!.id, 'pending'],
    ]);
    const board = frameBoard([], Object.values(store.getState().shots), [], store.getState().jobs);
    expect(board[0]!.shots.filter(frameBusy)).toHaveLength(2);
  });

  it('a refusal is shown verbatim and nothing is tracked', async () => {
    const server = new FakeServer(1);
    const store = await openStore(server);
    expect(await store.getState().generateFrames({})).toEqual([]);
    expect(store.getState().frameError).toBe('name the shots: exactly one of shot_ids, scene_id or all: true');
    store.getState().clearFrameError();
    expect(store.getState().frameError).toBeNull();
  });

  it('picks a candidate, clears it, uploads a frame and toggles the pin, each with the held version', async () => {
    const server = new FakeServer(1);
    const store = await openStore(server);
    const shotId = server.shots[0]!.id;
    const [jobId] = await store.getState().generateFrames({ shot_ids: [shotId] });
    const [one, two] = server.finishFrames(jobId!, 2);
    await store.getState().refreshProject();
    const board = () => frameBoard([], Object.values(store.getState().shots), store.getState().assets, store.getState().jobs);
    expect(board()[0]!.shots[0]!.candidates.map((a) => a.id)).toEqual([one!.id, two!.id]);

    expect(await store.getState().pickFrame(shotId, two!.id)).toBe(true);
    expect(store.getState().shots[shotId]!.frame_asset_id).toBe(two!.id);
    expect(board()[0]!.shots[0]!.frame?.id).toBe(two!.id);
    expect(server.calls.filter((c) => c.method === 'updateShot').at(-1)!.args[1]).toEqual({ frame_asset_id: two!.id, version: 1 });

    expect(await store.getState().pickFrame(shotId, null)).toBe(true);
    expect(store.getState().shots[shotId]!.frame_asset_id).toBeNull();

    const file = new File([new Uint8Array([1])], 'mine.png', { type: 'image/png' });
    expect(await store.getState().uploadFrame(shotId, file)).toBe(true);
    const uploaded = store.getState().assets.find((a) => a.original_name === 'mine.png')!;
    expect(store.getState().shots[shotId]!.frame_asset_id).toBe(uploaded.id);
    expect(await store.getState().uploadFrame(shotId, new File([new Uint8Array([1])], 'notes.txt'))).toBe(false);
    expect(store.getState().frameError).toBe('the file is not an image');

    expect(await store.getState().setPinElementRefs(shotId, true)).toBe(true);
    expect(store.getState().shots[shotId]!.pin_element_refs).toBe(true);
    expect(store.getState().shots[shotId]!.version).toBe(5);
  });

  it('a stale version is refused and the current row is read again', async () => {
    const server = new FakeServer(1);
    const store = await openStore(server);
    const shotId = server.shots[0]!.id;
    server.shots[0]!.version = 7; // another tab changed it
    expect(await store.getState().pickFrame(shotId, 'x')).toBe(false);
    expect(store.getState().frameError).toContain('changed elsewhere');
    expect(store.getState().shots[shotId]!.version).toBe(7);
  });
});
