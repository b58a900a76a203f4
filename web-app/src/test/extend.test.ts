import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { currentTakeOf } from '../domain/takes';
import { mergeJob } from '../domain/jobReducer';
import { chunkLabel } from '../components/ProgressBar';
import { FakeServer } from './fakeApi';
import { openShotWithTake, waitFor } from './shotWithTake';

describe('chunk progress', () => {
  it('reduces chunk / chunks from progress events, monotonically', async () => {
    const { s, send, ev } = await openShotWithTake();
    send('job.started', ev('job-x', { status: 'running', progress: 0 }));
    send('job.progress', ev('job-x', { progress: 0.2, chunk: 1, chunks: 3 }));
    expect(s().jobs['job-x']).toMatchObject({ chunk: 1, chunks: 3, progress: 0.2 });
    send('job.progress', ev('job-x', { progress: 0.45, chunk: 2, chunks: 3 }));
    expect(chunkLabel(s().jobs['job-x']!)).toBe('chunk 2/3 · 45%');
    // A replayed event of chunk 1 moves neither the chunk nor the progress back.
    send('job.progress', ev('job-x', { progress: 0.3, chunk: 1, chunks: 3 }));
    expect(s().jobs['job-x']).toMatchObject({ chunk: 2, chunks: 3, progress: 0.45 });
    // A plain progress event (no chunk fields) keeps the counters.
    send('job.progress', ev('job-x', { progress: 0.5 }));
    expect(s().jobs['job-x']).toMatchObject({ chunk: 2, chunks: 3, progress: 0.5 });
    send('job.completed', ev('job-x', { status: 'completed', result: { video_url: '/v.mp4' } }));
    expect(chunkLabel(s().jobs['job-x']!)).toBeNull(); // only while running
  });

  it('clamps the chunk to the total and ignores nonsense', () => {
    const a = mergeJob(undefined, { id: 'j', status: 'running', chunk: 5, chunks: 3 }, 1);
    expect(a).toMatchObject({ chunk: 3, chunks: 3 });
    const b = mergeJob(a, { id: 'j', chunk: 0, chunks: -1 }, 1);
    expect(b).toBe(a);
    expect(chunkLabel({ status: 'running', chunk: null, chunks: null, progress: 0.5 })).toBeNull();
  });
});

describe('extend', () => {
  it('knows the current take', async () => {
    const { server, shotId } = await openShotWithTake();
    expect(currentTakeOf(server.shots.find((x) => x.id === shotId)!)).toBe('gen-1');
    expect(currentTakeOf({ params: {}, video_url: null, last_job_id: null })).toBeNull();
  });

  it('sends the extend request (saving edits first) and shows the 422 detail when the shot has no clip', async () => {
    const server = new FakeServer(2);
    const store = createAppStore(server);
    await store.getState().openProject(server.project.id);
    const [first] = store.getState().shotOrder;
    store.getState().openExtendDialog(first!);
    const id = await store.getState().extendShot(first!, { extend_seconds: 1 });
    expect(id).toBeNull();
    expect(store.getState().extendError).toMatch(/generate the shot first/);
    expect(store.getState().extendDialogShotId).toBe(first); // the dialog stays open with the server's words

    const { s, server: srv, shotId } = await openShotWithTake();
    s().editShot(shotId, { prompt: 'edited' });
    const jobId = await s().extendShot(shotId, {
      extend_seconds: 1.5,
      instruction: 'the camera pulls back',
      overlap_seconds: 1,
      extend_result: 'replace',
      lock_prompt: true,
    });
    expect(jobId).toBeTruthy();
    const calls = srv.calls.map((c) => c.method);
    expect(calls.indexOf('updateShot')).toBeLessThan(calls.indexOf('extendShot'));
    expect(srv.calls.find((c) => c.method === 'extendShot')!.args[0]).toEqual({
      project_id: srv.project.id,
      shot_id: shotId,
      mode: 'extend',
      extend_seconds: 1.5,
      instruction: 'the camera pulls back',
      overlap_seconds: 1,
      extend_result: 'replace',
      lock_prompt: true,
    });
    expect(s().jobs[jobId!]).toMatchObject({ kind: 'extend', shot_id: shotId, status: 'pending' });
    expect(s().pendingExtends[jobId!]).toEqual({ shotId, result: 'replace', previousTake: 'gen-1' });
  });

  it('replace: Ctrl+Z PATCHes the previous take back, redo PATCHes the extension take', async () => {
    const { s, server, shotId, send, ev } = await openShotWithTake();
    const jobId = (await s().extendShot(shotId, { extend_seconds: 1 }))!;
    send('job.progress', ev(jobId, { progress: 0.5, chunk: 1, chunks: 2 }));
    expect(s().serverPast).toHaveLength(0); // nothing to undo while it runs
    const done = server.finishVideo(shotId, jobId, `/projects/p/generated/${jobId}.mp4`);
    send('shot.updated', ev(jobId, { shot: done }));
    send('job.completed', ev(jobId, { status: 'completed', result: { video_url: done.video_url, shot_id: shotId, chunks: 2 } }));
    expect(s().serverPast).toHaveLength(1);
    expect(s().shots[shotId]!.video_url).toBe(`/projects/p/generated/${jobId}.mp4`);

    s().undo();
    await waitFor(() => !s().historyBusy);
    expect(server.calls.filter((c) => c.method === 'selectTake').at(-1)!.args).toEqual([shotId, done.version, 'gen-1']);
    expect(s().shots[shotId]!.video_url).toBe('/projects/p/generated/gen-1.mp4');
    expect(s().serverPast).toHaveLength(0);
    expect(s().serverFuture).toHaveLength(1);

    s().redo();
    await waitFor(() => !s().historyBusy);
    expect(server.calls.filter((c) => c.method === 'selectTake').at(-1)!.args[2]).toBe(jobId);
    expect(s().shots[shotId]!.video_url).toBe(`/projects/p/generated/${jobId}.mp4`);
    expect(s().serverPast).toHaveLength(1);
  });

  it('keeps edits and server steps in one order', async () => {
    const { s, server, shotId, send, ev } = await openShotWithTake();
    s().editShot(shotId, { seed: 1 }); // an edit before the extension
    const jobId = (await s().extendShot(shotId, { extend_seconds: 1 }))!; // saves it
    const done = server.finishVideo(shotId, jobId);
    send('shot.updated', ev(jobId, { shot: done }));
    send('job.completed', ev(jobId, { status: 'completed', result: { video_url: done.video_url } }));
    s().editShot(shotId, { seed: 2 }); // an edit after it

    s().undo(); // the later edit first: no server call
    expect(s().drafts[shotId]!.seed).toBe(1);
    expect(server.calls.some((c) => c.method === 'selectTake')).toBe(false);
    s().undo(); // then the extension
    await waitFor(() => !s().historyBusy);
    expect(s().shots[shotId]!.video_url).toContain('gen-1');
    s().redo(); // redo in reverse: the extension, then the edit
    await waitFor(() => !s().historyBusy);
    expect(s().shots[shotId]!.video_url).toContain(jobId);
    s().redo();
    expect(s().drafts[shotId]!.seed).toBe(2);
  });

  it('a cancelled extension with a partial clip is undoable; one without a clip is not', async () => {
    const { s, server, shotId, send, ev } = await openShotWithTake();
    const a = (await s().extendShot(shotId, { extend_seconds: 3 }))!;
    send('job.cancelled', ev(a, { status: 'cancelled', result: null }));
    expect(s().serverPast).toHaveLength(0);
    const b = (await s().extendShot(shotId, { extend_seconds: 3 }))!;
    const partial = server.finishVideo(shotId, b);
    send('job.cancelled', ev(b, { status: 'cancelled', result: { video_url: partial.video_url, chunks_generated: 1 } }));
    expect(s().serverPast.map((x) => x.jobId)).toEqual([b]);
  });

  it('new_shot: undo DELETEs the new shot and cannot be redone', async () => {
    const { s, server, shotId, send, ev } = await openShotWithTake();
    const jobId = (await s().extendShot(shotId, { extend_seconds: 1, extend_result: 'new_shot' }))!;
    const added = server.insertShotAfter(shotId, { video_url: '/n.mp4', status: 'ready' });
    send('shot.updated', ev(jobId, { shot: added, shot_id: added.id }));
    send('job.completed', ev(jobId, { status: 'completed', result: { video_url: '/n.mp4', shot_id: added.id } }));
    expect(s().serverPast[0]).toMatchObject({ result: 'new_shot', resultShotId: added.id });
    await waitFor(() => s().selectedShotId === added.id);

    s().undo();
    await waitFor(() => !s().historyBusy);
    expect(server.calls.filter((c) => c.method === 'deleteShot').map((c) => c.args[0])).toEqual([added.id]);
    expect(s().shots[added.id]).toBeUndefined();
    expect(s().shotOrder).toEqual([shotId]);
    expect(s().selectedShotId).toBe(shotId);
    expect(s().serverFuture).toHaveLength(0);
  });

  it('a new edit after an undone extension ends its redo', async () => {
    const { s, server, shotId, send, ev } = await openShotWithTake();
    const jobId = (await s().extendShot(shotId, { extend_seconds: 1 }))!;
    const done = server.finishVideo(shotId, jobId);
    send('shot.updated', ev(jobId, { shot: done }));
    send('job.completed', ev(jobId, { status: 'completed', result: { video_url: done.video_url } }));
    s().undo();
    await waitFor(() => !s().historyBusy);
    expect(s().serverFuture).toHaveLength(1);
    s().editShot(shotId, { prompt: 'something else' });
    expect(s().serverFuture).toHaveLength(0);
  });
});
