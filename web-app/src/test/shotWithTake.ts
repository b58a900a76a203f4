// A store opened on a fake project whose one shot has a clip (take gen-1), with helpers to send it SSE events: what
// the extend and retake tests start from.
import type { StudioEvent, StudioEventType } from '../api/types';
import { createAppStore } from '../store';
import { FakeServer } from './fakeApi';

export async function openShotWithTake(clipFrames?: number) {
  const server = new FakeServer(1);
  const shotId = server.shots[0]!.id;
  server.finishVideo(shotId, 'gen-1', '/projects/p/generated/gen-1.mp4'); // the shot has a clip (take gen-1)
  if (clipFrames !== undefined) server.shots[0]!.clip_frames = clipFrames;
  const store = createAppStore(server);
  await store.getState().openProject(server.project.id);
  const s = () => store.getState();
  const ev = (jobId: string, extra: Partial<StudioEvent> = {}): StudioEvent => ({
    type: 'job.progress',
    project_id: server.project.id,
    job_id: jobId,
    shot_id: shotId,
    ...extra,
  });
  const send = (type: StudioEventType, data: StudioEvent) => s().applyEvent(type, { ...data, type });
  return { server, store, s, shotId, ev, send };
}

export async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
