// The batch overview's words and derivations, the queue's "why it waits", and the store's pause/resume/cancel.
import { describe, expect, it } from 'vitest';
import type { Batch, BatchShot, QueueJob } from '../api/batches';
import { ApiError } from '../api/client';
import {
  batchActions,
  batchCounts,
  countsLabel,
  etaLabel,
  optimisticBatch,
  projectBatches,
  shotStateIn,
  shotStep,
} from '../domain/batches';
import { jobKindLabel, splitQueue, waitReason } from '../domain/queue';
import { createAppStore } from '../store';
import { FakeBatches, FakeServer } from './fakeApi';

type Status = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

function shot(n: number, jobIds: string[], state: BatchShot['state'], note: string | null = null): BatchShot {
  return { shot_id: `s${n}`, scene_id: null, label: `Shot ${n}`, state, note, job_ids: jobIds, progress: 0 };
}

function batch(overrides: Partial<Batch> = {}): Batch {
  return {
    id: 'b1',
    project_id: 'p1',
    scope: 'project',
    scene_id: null,
    what: 'both',
    regenerate: false,
    status: 'running',
    shots: [
      shot(1, ['f1', 'v1'], 'completed'),
      shot(2, ['f2', 'v2'], 'running'),
      shot(3, ['f3', 'v3'], 'pending'),
      shot(4, [], 'skipped', 'already has a frame and a video'),
    ],
    jobs_total: 6,
    jobs_done: 2,
    progress: 0.4,
    eta_s: 200,
    created_at: '2026-12-03T08:00:00Z',
    ...overrides,
  };
}

const jobs =
  (table: Record<string, { status: Status; progress?: number; kind?: string | null }>) =>
  (id: string) =>
    table[id] ? { progress: 0, kind: null, ...table[id]! } : undefined;

describe('time left, in words', () => {
  it('rounds to what a person would say', () => {
    expect(etaLabel(null, 'running')).toBe('estimating…');
    expect(etaLabel(undefined, 'running')).toBe('estimating…');
    expect(etaLabel(0, 'running')).toBe('almost done');
    expect(etaLabel(2, 'running')).toBe('about 5 s left');
    expect(etaLabel(42, 'running')).toBe('about 40 s left');
    expect(etaLabel(200, 'running')).toBe('about 3 min left');
    expect(etaLabel(3600, 'running')).toBe('about 1 h left');
    expect(etaLabel(4800, 'paused')).toBe('about 1 h 20 min left');
    expect(etaLabel(200, 'completed')).toBe('');
    expect(etaLabel(null, 'cancelled')).toBe('');
  });
});

describe('the overview of a batch', () => {
  it('counts shots done, failed and skipped from the live jobs', () => {
    const live = jobs({
      f1: { status: 'completed' },
      v1: { status: 'completed' },
      f2: { status: 'completed' },
      v2: { status: 'failed' },
      f3: { status: 'running', progress: 0.5 },
      v3: { status: 'pending' },
    });
    const counts = batchCounts(batch(), live);
    expect(counts).toEqual({ queued: 3, done: 1, failed: 1, cancelled: 0, skipped: 1 });
    expect(countsLabel(counts)).toBe('1 of 3 shots done · 1 failed · 1 skipped');
    expect(countsLabel({ queued: 1, done: 0, failed: 0, cancelled: 0, skipped: 0 })).toBe('0 of 1 shot done');
  });

  it('names the step a shot is at: its frame, then its video', () => {
    const b = batch();
    const s2 = b.shots[1]!;
    // Unknown jobs: a "both" shot's first job is its frame.
    expect(shotStep(s2, 'both', jobs({}))).toBe('frame');
    expect(shotStep(s2, 'both', jobs({ f2: { status: 'completed', kind: 'frame' }, v2: { status: 'running', kind: 'i2v' } }))).toBe(
      'video',
    );
    expect(shotStep(shot(5, ['x'], 'pending'), 'frames', jobs({}))).toBe('frame');
    expect(shotStep(shot(5, ['x'], 'pending'), 'videos', jobs({}))).toBe('video');
    expect(shotStep(shot(5, ['x'], 'pending'), 'both', jobs({}))).toBe('video'); // a shot that had its frame
    expect(shotStep(b.shots[3]!, 'both', jobs({}))).toBeNull();
  });

  it('shows a cancelled batch’s waiting shots as cancelled before their events arrive', () => {
    const live = jobs({ f3: { status: 'pending' }, v3: { status: 'pending' } });
    const s3 = batch().shots[2]!;
    expect(shotStateIn(batch(), s3, live)).toBe('pending');
    expect(shotStateIn(batch({ status: 'paused' }), s3, live)).toBe('held');
    expect(shotStateIn(batch({ status: 'cancelled' }), s3, live)).toBe('cancelled');
  });

  it('pause holds the waiting shots, resume releases them, cancel ends them; an ended batch stays', () => {
    const paused = optimisticBatch(batch(), 'pause');
    expect(paused.status).toBe('paused');
    expect(paused.shots.map((s) => s.state)).toEqual(['completed', 'running', 'held', 'skipped']);
    const resumed = optimisticBatch(paused, 'resume');
    expect(resumed.status).toBe('running');
    expect(resumed.shots.map((s) => s.state)).toEqual(['completed', 'running', 'pending', 'skipped']);
    const cancelled = optimisticBatch(paused, 'cancel');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.shots.map((s) => s.state)).toEqual(['completed', 'running', 'cancelled', 'skipped']);
    const done = batch({ status: 'completed' });
    expect(optimisticBatch(done, 'pause')).toBe(done);
    expect(batchActions('running')).toEqual(['pause', 'cancel']);
    expect(batchActions('paused')).toEqual(['resume', 'cancel']);
    expect(batchActions('failed')).toEqual([]);
  });

  it('lists the project’s batches newest first, without the dismissed', () => {
    const rows = {
      a: batch({ id: 'a', created_at: '2026-12-03T08:00:00Z' }),
      b: batch({ id: 'b', created_at: '2026-12-03T09:00:00Z' }),
      c: batch({ id: 'c', created_at: '2026-12-03T10:00:00Z', project_id: 'other' }),
      d: batch({ id: 'd', created_at: '2026-12-03T07:00:00Z' }),
    };
    expect(projectBatches(rows, 'p1', ['d']).map((b) => b.id)).toEqual(['b', 'a']);
    expect(projectBatches(rows, null, [])).toEqual([]);
  });
});

function queueJob(overrides: Partial<QueueJob>): QueueJob {
  return {
    id: 'j',
    project_id: 'p1',
    project_name: 'Harbour',
    shot_id: 's1',
    shot_label: 'Shot 1 · the pier',
    kind: 'frame',
    status: 'pending',
    progress: 0,
    stage: null,
    error: null,
    batch_id: null,
    held: false,
    position: 1,
    created_at: '2026-12-03T08:00:00Z',
    started_at: null,
    finished_at: null,
    ...overrides,
  };
}

describe('the all-projects queue says why a job waits', () => {
  it('held, next, or its place in line behind what runs', () => {
    expect(waitReason(queueJob({ held: true, position: null }), 1)).toBe('held: its batch is paused (resume the batch to let it run)');
    expect(waitReason(queueJob({ position: 1 }), 0)).toBe('next in line');
    expect(waitReason(queueJob({ position: 1 }), 1)).toBe('next in line, after the job running now');
    expect(waitReason(queueJob({ position: 3 }), 1)).toBe('#3 in line: after the job running now and 2 waiting jobs ahead');
    expect(waitReason(queueJob({ position: 2 }), 0)).toBe('#2 in line: 1 waiting job ahead');
    expect(waitReason(queueJob({ position: null }), 0)).toBe('its batch is being cancelled');
    expect(waitReason(queueJob({ status: 'running', position: null }), 1)).toBeNull();
    expect(jobKindLabel('frame')).toBe('concept frame');
    expect(jobKindLabel('i2v')).toBe('video from frame');
    expect(jobKindLabel('mystery')).toBe('mystery');
    const { active, ended } = splitQueue([queueJob({ id: 'r', status: 'running' }), queueJob({ id: 'w' }), queueJob({ id: 'd', status: 'completed' })]);
    expect(active.map((j) => j.id)).toEqual(['r', 'w']);
    expect(ended.map((j) => j.id)).toEqual(['d']);
  });
});

async function storeWith(rows: Batch[]) {
  const server = new FakeServer(1);
  const fake = new FakeBatches();
  for (const row of rows) fake.batches[row.id] = { ...row, project_id: server.project.id };
  const store = createAppStore(server, { batchesApi: fake, storage: null });
  await store.getState().openProject(server.project.id);
  await store.getState().loadBatches(server.project.id);
  return { store, fake, projectId: server.project.id };
}

describe('pause, resume and cancel from the overview', () => {
  it('loads the project’s batches on opening, the newest as the current one', async () => {
    const { store, fake } = await storeWith([
      batch({ id: 'old', created_at: '2026-12-03T07:00:00Z', status: 'completed' }),
      batch({ id: 'new', created_at: '2026-12-03T08:00:00Z' }),
    ]);
    expect(fake.calls.find((c) => c.method === 'listBatches')?.args[1]).toBe(5);
    expect(Object.keys(store.getState().batches).sort()).toEqual(['new', 'old']);
    expect(store.getState().currentBatchId).toBe('new');
  });

  it('shows the new state at once, then takes the server’s answer', async () => {
    const { store, fake } = await storeWith([batch()]);
    let release = () => {};
    fake.hold = new Promise<void>((r) => (release = r));
    const pausing = store.getState().pauseBatch('b1');
    expect(store.getState().batches.b1!.status).toBe('paused');
    expect(store.getState().batches.b1!.shots[2]!.state).toBe('held');
    expect(store.getState().batchActing.b1).toBe('pause');
    // A second click while the first is in flight sends nothing.
    await store.getState().resumeBatch('b1');
    expect(fake.calls.filter((c) => c.method === 'resumeBatch')).toHaveLength(0);
    fake.hold = null;
    release();
    await pausing;
    expect(store.getState().batchActing.b1).toBeUndefined();
    expect(store.getState().batches.b1!.status).toBe('paused');

    await store.getState().resumeBatch('b1');
    expect(store.getState().batches.b1!.status).toBe('running');
    expect(store.getState().batches.b1!.shots[2]!.state).toBe('pending');

    const cancelling = store.getState().cancelBatch('b1');
    expect(store.getState().batches.b1!.status).toBe('cancelled');
    await cancelling;
    expect(fake.batches.b1!.status).toBe('cancelled');
    expect(store.getState().batches.b1!.status).toBe('cancelled');
  });

  it('keeps the action in flight over an event the server sent before it', async () => {
    const { store, fake } = await storeWith([batch()]);
    let release = () => {};
    fake.hold = new Promise<void>((r) => (release = r));
    const pausing = store.getState().pauseBatch('b1');
    const before = store.getState().batchSeenAt.b1!;
    store.getState().receiveBatch({ ...fake.batches.b1!, jobs_done: 3 }); // a job ended, the pause not yet taken
    expect(store.getState().batches.b1!.status).toBe('paused');
    expect(store.getState().batches.b1!.jobs_done).toBe(3);
    expect(store.getState().batchSeenAt.b1!).toBeGreaterThanOrEqual(before);
    fake.hold = null;
    release();
    await pausing;
    expect(store.getState().batches.b1!.status).toBe('paused');
  });

  it('puts the row back and says why when the server refuses', async () => {
    const { store, fake } = await storeWith([batch()]);
    fake.failNext = new ApiError(409, "batch 'b1' is completed: nothing is left to pause", 'Conflict');
    await store.getState().pauseBatch('b1');
    expect(store.getState().batches.b1!.status).toBe('running');
    expect(store.getState().batches.b1!.shots[2]!.state).toBe('pending');
    expect(store.getState().batchActionErrors.b1).toBe("Could not pause: batch 'b1' is completed: nothing is left to pause");
    // The next action clears the old complaint.
    await store.getState().pauseBatch('b1');
    expect(store.getState().batchActionErrors.b1).toBeUndefined();
    expect(store.getState().batches.b1!.status).toBe('paused');
  });

  it('closes an ended batch in the overview', async () => {
    const { store, projectId } = await storeWith([batch({ status: 'completed' })]);
    store.getState().dismissBatch('b1');
    expect(store.getState().dismissedBatchIds).toContain('b1');
    expect(store.getState().currentBatchId).toBeNull();
    const s = store.getState();
    expect(projectBatches(s.batches, projectId, s.dismissedBatchIds)).toEqual([]);
  });

  it('reads the queue of every project, or of this one only', async () => {
    const { store, fake, projectId } = await storeWith([]);
    fake.queue = [queueJob({ id: 'mine', project_id: projectId }), queueJob({ id: 'theirs', project_id: 'elsewhere' })];
    store.getState().openQueue();
    await store.getState().loadQueue();
    expect(store.getState().queue.items.map((j) => j.id)).toEqual(['mine', 'theirs']);
    store.getState().setQueueOnlyProject(true);
    await store.getState().loadQueue();
    expect(store.getState().queue.items.map((j) => j.id)).toEqual(['mine']);
    fake.failNext = new Error('connection refused');
    await store.getState().loadQueue();
    expect(store.getState().queue.error).toBe('connection refused');
    expect(store.getState().queue.items.map((j) => j.id)).toEqual(['mine']);
  });
});
