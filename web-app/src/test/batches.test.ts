import { describe, expect, it, vi } from 'vitest';
import type { Batch, BatchesApi, BatchShot, GenerateAllRequest } from '../api/batches';
import { liveProgress, liveShotState, type JobLookup } from '../domain/batches';
import { createAppStore } from '../store';
import { FakeServer } from './fakeApi';

function shot(jobIds: string[], state: BatchShot['state'] = 'pending'): BatchShot {
  return { shot_id: 's1', scene_id: null, label: 'Shot 1', state, note: null, job_ids: jobIds, progress: 0 };
}

function batch(projectId: string, what: Batch['what'], shots: BatchShot[]): Batch {
  const jobs = shots.reduce((n, s) => n + s.job_ids.length, 0);
  return {
    id: 'b1',
    project_id: projectId,
    scope: 'project',
    scene_id: null,
    what,
    regenerate: false,
    status: 'running',
    shots,
    jobs_total: jobs,
    jobs_done: 0,
    progress: 0,
    eta_s: null,
    created_at: '2026-12-03T08:00:00Z',
  };
}

const lookup =
  (jobs: Record<string, { status: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled'; progress: number }>) =>
  (id: string) =>
    jobs[id];

describe('a "both" batch: each shot has a frame job, then a video job', () => {
  it('shows the shot generating while its frame runs, though its video still waits', () => {
    const jobs: JobLookup = lookup({ frame: { status: 'running', progress: 0.5 }, video: { status: 'pending', progress: 0 } });
    expect(liveShotState(shot(['frame', 'video']), false, jobs)).toBe('running');
    const framed: JobLookup = lookup({ frame: { status: 'completed', progress: 1 }, video: { status: 'pending', progress: 0 } });
    expect(liveShotState(shot(['frame', 'video']), false, framed)).toBe('pending');
    expect(liveShotState(shot(['frame', 'video']), true, framed)).toBe('held');
    const failed: JobLookup = lookup({ frame: { status: 'failed', progress: 0.2 }, video: { status: 'failed', progress: 0 } });
    expect(liveShotState(shot(['frame', 'video']), false, failed)).toBe('failed');
    const done: JobLookup = lookup({ frame: { status: 'completed', progress: 1 }, video: { status: 'completed', progress: 1 } });
    expect(liveShotState(shot(['frame', 'video']), false, done)).toBe('completed');
    // A job the store has not seen yet: the server's snapshot stands.
    expect(liveShotState(shot(['frame', 'video'], 'running'), false, lookup({}))).toBe('running');
    expect(liveShotState(shot([], 'skipped'), false, done)).toBe('skipped');
  });

  it('counts the frame jobs in the live progress', () => {
    const jobs: JobLookup = lookup({ frame: { status: 'completed', progress: 1 }, video: { status: 'running', progress: 0.5 } });
    expect(liveProgress(batch('p', 'both', [shot(['frame', 'video'])]), jobs)).toBe(0.75);
  });
});

describe('generateAll asks for frames, videos or both', () => {
  it('sends what it is given (videos when nothing is said)', async () => {
    const server = new FakeServer(1);
    const sent: GenerateAllRequest[] = [];
    const batchesApi = {
      generateAll: vi.fn(async (_projectId: string, body: GenerateAllRequest) => {
        sent.push(body);
        return { batch_id: 'b1', job_ids: ['j1'] };
      }),
      getBatch: vi.fn(async () => batch(server.project.id, sent[sent.length - 1]!.what ?? 'videos', [shot(['j1'])])),
    } as unknown as BatchesApi;
    const store = createAppStore(server, { batchesApi, storage: null });
    await store.getState().openProject(server.project.id);

    await store.getState().generateAll({ scope: 'project' });
    await store.getState().generateAll({ scope: 'scene', sceneId: 'sc1' }, false, 'frames');
    expect(await store.getState().generateAll({ scope: 'project' }, true, 'both')).toBe('b1');
    expect(sent).toEqual([
      { scope: 'project', what: 'videos', regenerate: false },
      { scope: 'scene', scene_id: 'sc1', what: 'frames', regenerate: false },
      { scope: 'project', what: 'both', regenerate: true },
    ]);
    expect(store.getState().batches.b1?.what).toBe('both');
  });
});
