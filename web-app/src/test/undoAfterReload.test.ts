// README: undo/redo survives a reload. The server steps (an extension, a retake, a take switch) come back with the
// timeline's history, in their place among its edits, so the Undo button is there after a reload and undoes them.
import { describe, expect, it } from 'vitest';
import type { StudioEvent } from '../api/types';
import { createAppStore } from '../store';
import { memoryStorage } from '../domain/timeline/storage';
import { trackClipIds } from '../domain/timeline/model';
import { FakeServer } from './fakeApi';
import { waitFor } from './shotWithTake';

async function open(server: FakeServer, storage: ReturnType<typeof memoryStorage>) {
  const store = createAppStore(server, { retryDelayMs: () => 5, historySaveMs: 0, storage });
  await store.getState().openProject(server.project.id);
  return store;
}

describe('undo after a reload', () => {
  it('brings back an extension step and the timeline edits around it, in order', async () => {
    const server = new FakeServer(2);
    const shotId = server.shots[0]!.id;
    server.finishVideo(shotId, 'gen-1', '/projects/p/generated/gen-1.mp4');
    const storage = memoryStorage();
    const first = await open(server, storage);
    const s = () => first.getState();
    const ev = (jobId: string, extra: Partial<StudioEvent>): StudioEvent => ({ type: 'job.progress', project_id: server.project.id, job_id: jobId, shot_id: shotId, ...extra });

    const v1 = s().timeline.trackOrder.video[0]!;
    const clips = [...trackClipIds(s().timeline, v1)];
    s().moveClips([clips[1]!], 4); // a timeline edit before the extension
    const jobId = (await s().extendShot(shotId, { extend_seconds: 1 }))!;
    const done = server.finishVideo(shotId, jobId);
    s().applyEvent('shot.updated', { ...ev(jobId, { shot: done }), type: 'shot.updated' });
    s().applyEvent('job.completed', { ...ev(jobId, { status: 'completed', result: { video_url: done.video_url, shot_id: shotId } }), type: 'job.completed' });
    expect(s().serverPast).toHaveLength(1);
    await s().flushTimeline();
    await waitFor(() => s().timelineSync.status === 'idle');
    s().saveTimelineHistory();
    s().closeProject();

    const second = await open(server, storage);
    const t = () => second.getState();
    expect(t().serverPast).toHaveLength(1); // the Undo button is enabled: there is a step to undo
    t().undo(); // the extension first: it was the newest step
    await waitFor(() => !t().historyBusy);
    expect(t().shots[shotId]!.video_url).toBe('/projects/p/generated/gen-1.mp4');
    expect(second.temporal.getState().pastStates).toHaveLength(1);
    const moved = t().timeline.clips[clips[1]!]!.start_frame;
    t().undo(); // then the move
    expect(t().timeline.clips[clips[1]!]!.start_frame).toBe(moved - 4);
    t().redo();
    t().redo();
    await waitFor(() => !t().historyBusy);
    expect(t().shots[shotId]!.video_url).toBe(done.video_url);
  });
});
