import { describe, expect, it, vi } from 'vitest';
import type { StudioEvent, StudioEventType } from '../api/types';
import { createAppStore } from '../store';
import { connectProjectEvents } from '../store/events';
import { mergeJob } from '../domain/jobReducer';
import { selectActiveJobs, selectShotJob } from '../store/selectors';
import { FakeServer } from './fakeApi';

async function openStore() {
  const server = new FakeServer(1);
  const store = createAppStore(server);
  await store.getState().openProject(server.project.id);
  const shotId = store.getState().shotOrder[0]!;
  const ev = (type: StudioEventType, extra: Partial<StudioEvent> = {}): StudioEvent => ({
    type,
    project_id: server.project.id,
    job_id: 'job-1',
    shot_id: shotId,
    ...extra,
  });
  return { server, store, shotId, ev };
}

describe('SSE events reduce into jobsSlice', () => {
  it('follows a job from queued to completed', async () => {
    const { store, ev, shotId } = await openStore();
    const s = () => store.getState();
    s().applyEvent('job.queued', ev('job.queued', { status: 'pending', progress: 0 }));
    expect(s().jobs['job-1']).toMatchObject({ status: 'pending', progress: 0, shot_id: shotId });
    s().applyEvent('job.started', ev('job.started', { status: 'running', progress: 0, stage: 'denoising' }));
    s().applyEvent('job.progress', ev('job.progress', { progress: 0.4, stage: 'denoising' }));
    expect(s().jobs['job-1']).toMatchObject({ status: 'running', progress: 0.4, stage: 'denoising' });
    expect(selectActiveJobs(s()).map((j) => j.id)).toEqual(['job-1']);

    const result = { video_url: '/projects/p/generated/a.mp4', thumbnail_url: '/projects/p/thumbnails/a.jpg' };
    s().applyEvent('job.completed', ev('job.completed', { status: 'completed', progress: 1, result }));
    expect(s().jobs['job-1']).toMatchObject({ status: 'completed', progress: 1, result });
    expect(selectActiveJobs(s())).toHaveLength(0);
    expect(selectShotJob(s(), shotId)?.id).toBe('job-1');
  });

  it('a tracking job about a shot never becomes the shot\'s generation progress', async () => {
    const { store, ev, shotId } = await openStore();
    const s = () => store.getState();
    s().applyEvent('job.completed', ev('job.completed', { status: 'completed', progress: 1, kind: 't2v' }));
    s().applyEvent('job.started', ev('job.started', { job_id: 'track-1', status: 'running', kind: 'track' }));
    expect(selectActiveJobs(s()).map((j) => j.id)).toEqual(['track-1']); // listed with the jobs
    expect(selectShotJob(s(), shotId)?.id).toBe('job-1'); // but the shot still shows its clip's job
  });

  it('is monotonic: late or replayed events never move a job backwards', async () => {
    const { store, ev } = await openStore();
    const s = () => store.getState();
    s().applyEvent('job.progress', ev('job.progress', { progress: 0.6 }));
    s().applyEvent('job.progress', ev('job.progress', { progress: 0.3 }));
    expect(s().jobs['job-1']!.progress).toBe(0.6);
    s().applyEvent('job.queued', ev('job.queued', { status: 'pending', progress: 0 }));
    expect(s().jobs['job-1']!.status).toBe('running');
    s().applyEvent('job.failed', ev('job.failed', { status: 'failed', error: 'out of memory' }));
    s().applyEvent('job.progress', ev('job.progress', { progress: 0.9 }));
    expect(s().jobs['job-1']).toMatchObject({ status: 'failed', error: 'out of memory', progress: 0.6 });
  });

  it('merges a fetched job list with what the stream already said (reload race)', async () => {
    const { store, ev, server, shotId } = await openStore();
    const s = () => store.getState();
    s().applyEvent('job.completed', ev('job.completed', { status: 'completed' }));
    // The list was read before the job finished and arrives after the completion event.
    s().receiveJobs([
      { ...(await server.generate({ project_id: server.project.id, shot_id: shotId }).then((a) => server.getJob(a.job_id))), id: 'job-1', status: 'running', progress: 0.5 },
    ]);
    expect(s().jobs['job-1']).toMatchObject({ status: 'completed', progress: 1 });
  });

  it('ignores events of other projects and events without a job id', async () => {
    const { store, ev } = await openStore();
    store.getState().applyEvent('job.progress', ev('job.progress', { project_id: 'elsewhere', progress: 0.5 }));
    store.getState().applyEvent('job.progress', ev('job.progress', { job_id: null, progress: 0.5 }));
    expect(store.getState().jobs).toEqual({});
  });

  it('applies shot.updated rows to the server state, ignoring older versions', async () => {
    const { store, server, shotId } = await openStore();
    const ready = server.externalEdit(shotId, { status: 'ready', video_url: '/projects/x/generated/v.mp4' });
    store.getState().applyEvent('shot.updated', { type: 'shot.updated', project_id: server.project.id, shot: ready });
    expect(store.getState().shots[shotId]).toMatchObject({ status: 'ready', video_url: '/projects/x/generated/v.mp4' });
    const stale = { ...ready, version: 1, status: 'draft' as const, video_url: null };
    store.getState().applyEvent('shot.updated', { type: 'shot.updated', project_id: server.project.id, shot: stale });
    expect(store.getState().shots[shotId]!.status).toBe('ready');
  });

  it('does not re-render subscribers when an event changes nothing', async () => {
    const { store, ev } = await openStore();
    store.getState().applyEvent('job.progress', ev('job.progress', { progress: 0.5 }));
    const jobs = store.getState().jobs;
    store.getState().applyEvent('job.progress', ev('job.progress', { progress: 0.5 }));
    expect(store.getState().jobs).toBe(jobs);
  });

  it('shows running and pending jobs after a reload from GET /projects/{id}/jobs', async () => {
    const server = new FakeServer(1);
    const shotId = server.shots[0]!.id;
    const accepted = await server.generate({ project_id: server.project.id, shot_id: shotId });
    Object.assign(server.jobs[0]!, { status: 'running', progress: 0.35, stage: 'denoising' });
    const store = createAppStore(server); // a fresh page
    await store.getState().openProject(server.project.id);
    expect(selectActiveJobs(store.getState()).map((j) => [j.id, j.status, j.progress])).toEqual([
      [accepted.job_id, 'running', 0.35],
    ]);
    expect(selectShotJob(store.getState(), shotId)?.id).toBe(accepted.job_id);
  });
});

describe('mergeJob', () => {
  it('completed always means 100%', () => {
    const job = mergeJob(undefined, { id: 'j', status: 'completed', progress: 0.2 }, 1);
    expect(job.progress).toBe(1);
  });
});

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  listeners = new Map<string, ((event: Event) => void)[]>();
  closed = false;
  constructor(public url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: unknown, lastEventId = '') {
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data: JSON.stringify(data), lastEventId });
    for (const fn of this.listeners.get(type) ?? []) fn(event);
  }
}

describe('connectProjectEvents', () => {
  it('subscribes per event type and feeds the store; reconnects with since= after the browser gives up', async () => {
    vi.useFakeTimers();
    try {
      const { store, ev, server } = await openStore();
      FakeEventSource.instances = [];
      const factory = (url: string) => new FakeEventSource(url) as unknown as EventSource;
      const close = connectProjectEvents(store, server.project.id, factory, 1000);
      const es = FakeEventSource.instances[0]!;
      expect(es.url).toBe(`/events?project_id=${server.project.id}`);
      expect(store.getState().connection).toBe('connecting');
      es.readyState = 1;
      es.emit('open');
      expect(store.getState().connection).toBe('open');

      es.emit('job.progress', ev('job.progress', { progress: 0.25 }), '41');
      expect(store.getState().jobs['job-1']!.progress).toBe(0.25);
      expect(store.getState().lastEventId).toBe('41');

      es.readyState = 2; // refused: EventSource will not retry by itself
      es.emit('error');
      expect(store.getState().connection).toBe('reconnecting');
      vi.advanceTimersByTime(1000);
      expect(FakeEventSource.instances[1]!.url).toBe(`/events?project_id=${server.project.id}&since=41`);

      close();
      expect(FakeEventSource.instances[1]!.closed).toBe(true);
      expect(store.getState().connection).toBe('idle');
    } finally {
      vi.useRealTimers();
    }
  });

  it('after a lost stream, catches the timeline up from the change feed, not a whole project read', async () => {
    vi.useFakeTimers();
    try {
      const { store, server } = await openStore();
      FakeEventSource.instances = [];
      const factory = (url: string) => new FakeEventSource(url) as unknown as EventSource;
      const close = connectProjectEvents(store, server.project.id, factory, 1000);
      const first = FakeEventSource.instances[0]!;
      first.readyState = 1;
      first.emit('open');
      const clipId = Object.keys(store.getState().timeline.clips)[0]!;
      // An earlier edit of another tab, seen live: the stream's last id is past it.
      const earlier = await server.externalEdits({ changes: [{ op: 'update', id: clipId, version: 1, start_frame: 20 }] });
      store.getState().receiveTimelineChange(earlier);
      const seen = String(server.changeLog.length);
      first.emit('job.progress', { type: 'job.progress', project_id: server.project.id, job_id: 'j', progress: 0.1 }, seen);

      first.readyState = 2; // lost; meanwhile another tab moves the clip (its event is not kept for us)
      first.emit('error');
      await server.externalEdits({ changes: [{ op: 'update', id: clipId, version: 2, start_frame: 50 }] });
      server.calls.length = 0;
      vi.advanceTimersByTime(1000);
      const second = FakeEventSource.instances[1]!;
      second.readyState = 1;
      second.emit('open');
      await vi.waitFor(() => expect(store.getState().timeline.clips[clipId]!.start_frame).toBe(50));
      expect(server.calls.map((c) => c.method)).toContain('timelineChanges');
      expect(server.calls.map((c) => c.method)).not.toContain('getProject');
      expect(server.calls.find((c) => c.method === 'timelineChanges')!.args).toEqual([Number(seen)]);

      // Lost for longer than the server keeps events: the feed answers `full`, and the project is read again.
      second.readyState = 2;
      second.emit('error');
      await server.externalEdits({ changes: [{ op: 'update', id: clipId, version: 3, start_frame: 80 }] });
      server.oldestKeptEvent = server.changeLog.length + 5;
      server.calls.length = 0;
      vi.advanceTimersByTime(1000);
      const third = FakeEventSource.instances[2]!;
      third.readyState = 1;
      third.emit('open');
      await vi.waitFor(() => expect(store.getState().timeline.clips[clipId]!.start_frame).toBe(80));
      expect(server.calls.map((c) => c.method)).toContain('getProject');
      close();
    } finally {
      vi.useRealTimers();
    }
  });
});
