import { describe, expect, it } from 'vitest';
import { ApiError, filenameOf } from '../api/client';
import type { RenderRequest } from '../api/types';
import { createAppStore } from '../store';
import { downloadUrlOf, importMessage, missingMediaOf, selectRender } from '../store/exportSlice';
import { memoryStorage } from '../domain/timeline/storage';
import { FakeServer } from './fakeApi';

async function open(server = new FakeServer(2)) {
  const store = createAppStore(server, { storage: memoryStorage(), retryDelayMs: () => 5, historySaveMs: 0 });
  await store.getState().openProject(server.project.id);
  return { server, store };
}

type Store = Awaited<ReturnType<typeof open>>['store'];

const calls = (server: FakeServer, method: string) => server.calls.filter((c) => c.method === method);
const render = (store: Store) => selectRender(store.getState());
const event = (store: Store, type: 'job.started' | 'job.progress' | 'job.completed' | 'job.failed' | 'job.cancelled', data: Record<string, unknown>) =>
  store.getState().applyEvent(type, { type, project_id: store.getState().projectId, ...data });

const RESULT = { video_url: '/projects/p/renders/master.mp4', frames: 18, duration_s: 0.75, format: 'h264', size_bytes: 12345, has_audio: false, test_model: true };

describe('export slice: render', () => {
  it('sends format, range and name; the job appears as a render job', async () => {
    const { store, server } = await open();
    const jobId = await store.getState().startRender({ format: 'prores', range: { in_frame: 3, out_frame: 12 }, name: '  cut 1 ' });
    expect(jobId).toBeTruthy();
    const [call] = calls(server, 'render');
    expect(call!.args).toEqual([server.project.id, { format: 'prores', range: { in_frame: 3, out_frame: 12 }, name: 'cut 1' } satisfies RenderRequest]);
    expect(store.getState().renderJobId).toBe(jobId);
    expect(store.getState().jobs[jobId!]).toMatchObject({ kind: 'render', status: 'pending' });
    expect(render(store)).toMatchObject({ status: 'pending', progress: 0, error: null, downloadUrl: null });
  });

  it('the whole timeline is range null; an empty name is left out', async () => {
    const { store, server } = await open();
    await store.getState().startRender({ format: 'h264', range: null, name: '   ' });
    expect(calls(server, 'render')[0]!.args[1]).toEqual({ format: 'h264', range: null });
  });

  it('unsent timeline edits go to the server before the render request', async () => {
    const { store, server } = await open();
    const clip = store.getState().timeline.trackClips[store.getState().timeline.trackOrder.video[0]!]![1]!;
    store.getState().moveClips([clip], 5);
    await store.getState().startRender({ format: 'h264', range: null });
    const order = server.calls.map((c) => c.method).filter((m) => m === 'timelineEdits' || m === 'render');
    expect(order).toEqual(['timelineEdits', 'render']);
  });

  it('progress follows job events; completed gives the download url and the file facts', async () => {
    const { store } = await open();
    const jobId = (await store.getState().startRender({ format: 'h264', range: null }))!;
    event(store, 'job.started', { job_id: jobId });
    event(store, 'job.progress', { job_id: jobId, progress: 0.4, stage: 'encoding' });
    expect(render(store)).toMatchObject({ status: 'running', progress: 0.4, stage: 'encoding' });
    event(store, 'job.progress', { job_id: jobId, progress: 0.2 }); // a late event never moves it back
    expect(render(store).progress).toBe(0.4);
    event(store, 'job.completed', { job_id: jobId, result: RESULT });
    const view = render(store);
    expect(view).toMatchObject({ status: 'completed', progress: 1, error: null });
    expect(view.result).toMatchObject({ frames: 18, size_bytes: 12345, test_model: true });
    expect(view.downloadUrl).toBe('/projects/p/renders/master.mp4?download=1');
  });

  it('cancel goes through the jobs endpoint; a finished render is not cancelled again', async () => {
    const { store, server } = await open();
    const jobId = (await store.getState().startRender({ format: 'dnxhr', range: null }))!;
    event(store, 'job.started', { job_id: jobId });
    await store.getState().cancelRender();
    expect(server.jobs.find((j) => j.id === jobId)!.status).toBe('cancelled');
    expect(render(store).status).toBe('cancelled');
    const before = server.calls.length;
    await store.getState().cancelRender();
    expect(server.calls.length).toBe(before);
    store.getState().resetRender();
    expect(render(store).status).toBe('idle');
  });

  it("a refused request and a failed job show the server's message", async () => {
    const { store, server } = await open();
    server.failNextRender = new ApiError(422, 'the timeline has no clips in frames 100..200', '422');
    expect(await store.getState().startRender({ format: 'h264', range: { in_frame: 100, out_frame: 200 } })).toBeNull();
    expect(render(store)).toMatchObject({ status: 'idle', error: 'the timeline has no clips in frames 100..200' });

    const jobId = (await store.getState().startRender({ format: 'h264', range: null }))!;
    expect(render(store).error).toBeNull();
    event(store, 'job.failed', { job_id: jobId, error: 'ffmpeg: encoder prores_ks not found' });
    expect(render(store)).toMatchObject({ status: 'failed', error: 'ffmpeg: encoder prores_ks not found', downloadUrl: null });
  });

  it('a running render is kept by resetRender', async () => {
    const { store } = await open();
    const jobId = (await store.getState().startRender({ format: 'h264', range: null }))!;
    store.getState().resetRender();
    expect(store.getState().renderJobId).toBe(jobId);
  });

  it('download urls keep an existing query', () => {
    expect(downloadUrlOf('/a.mp4')).toBe('/a.mp4?download=1');
    expect(downloadUrlOf('/a.mp4?v=2')).toBe('/a.mp4?v=2&download=1');
  });
});

describe('export slice: timeline files and archives', () => {
  it('exports each timeline format as a file with its note; an error keeps the message', async () => {
    const { store, server } = await open();
    const otio = await store.getState().exportTimeline('otio');
    expect(otio!.filename).toBe('Test.otio');
    expect(JSON.parse(await otio!.blob.text())).toMatchObject({ OTIO_SCHEMA: 'Timeline.1' });
    const edl = await store.getState().exportTimeline('edl');
    expect(edl!.note).toContain('V1 only');
    expect(store.getState().exportBusy).toBeNull();
    server.failNextExport = new ApiError(422, 'an EDL needs a video track with clips', '422');
    expect(await store.getState().exportTimeline('edl')).toBeNull();
    expect(store.getState().exportError).toBe('an EDL needs a video track with clips');
    expect(calls(server, 'exportTimeline').map((c) => c.args[1])).toEqual(['otio', 'edl', 'edl']);
  });

  it('downloads the project archive', async () => {
    const { store, server } = await open();
    const file = await store.getState().exportArchive();
    expect(file!.filename).toBe('Test.milimo.zip');
    expect(calls(server, 'exportArchive')).toHaveLength(1);
  });

  it('reads file names from Content-Disposition', () => {
    expect(filenameOf('attachment; filename="My film.otio"', 'x')).toBe('My film.otio');
    expect(filenameOf("attachment; filename*=UTF-8''Caf%C3%A9.zip", 'x')).toBe('Café.zip');
    expect(filenameOf(null, 'timeline.otio')).toBe('timeline.otio');
  });
});

describe('import', () => {
  it('a timeline import adds its tracks and clips; the toast counts them', async () => {
    const { store } = await open();
    const tracksBefore = store.getState().timeline.trackOrder.video.length;
    const ok = await store.getState().importTimeline(new File(['{}'], 'cut.otio'));
    expect(ok).toBe(true);
    expect(store.getState().timelineImport).toMatchObject({ status: 'done', message: 'Imported 1 track and 1 clip.' });
    expect(store.getState().toasts.at(-1)).toMatchObject({ message: 'Imported 1 track and 1 clip.', kind: 'info' });
    expect(store.getState().timeline.trackOrder.video.length).toBe(tracksBefore + 1); // the project was re-read
  });

  it("a 422 naming missing media keeps the list for the dialog (no toast); other errors toast the server's words", async () => {
    const { store, server } = await open();
    server.importMissing = ['V1 @ frame 0: intro (intro.mp4)', 'A1 @ frame 24: music (song.wav)'];
    const toasts = store.getState().toasts.length;
    expect(await store.getState().importTimeline(new File(['{}'], 'cut.otio'))).toBe(false);
    expect(store.getState().timelineImport).toMatchObject({
      status: 'error',
      missing: ['V1 @ frame 0: intro (intro.mp4)', 'A1 @ frame 24: music (song.wav)'],
    });
    expect(store.getState().timelineImport.error).toContain('2 clip(s) use media that is not in this project');
    expect(store.getState().toasts.length).toBe(toasts);
    store.getState().dismissTimelineImport();
    expect(store.getState().timelineImport.status).toBe('idle');
    expect(missingMediaOf(new ApiError(422, 'not an .otio file', '422', { detail: 'not an .otio file' }))).toBeNull();
  });

  it('an archive import adds the new project to the list; a refusal keeps the message', async () => {
    const { store, server } = await open();
    const project = await store.getState().importArchive(new File(['PK'], 'film.milimo.zip'));
    expect(project!.name).toBe('Test (imported)');
    expect(store.getState().projects[0]!.id).toBe(project!.id);
    expect(store.getState().archiveImport).toEqual({ importing: false, error: null });
    expect(await store.getState().importArchive(new File(['x'], 'notes.txt'))).toBeNull();
    expect(store.getState().archiveImport.error).toBe('not a Milimo project archive');
    expect(server.imported).toHaveLength(1);
  });

  it('importMessage counts in words', () => {
    expect(importMessage({ tracks: [], clips: [] })).toBe('Imported 0 tracks and 0 clips.');
  });
});
