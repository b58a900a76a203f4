import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { FakeServer } from './fakeApi';

async function openStore(shots = 2) {
  const server = new FakeServer(shots);
  const store = createAppStore(server);
  await store.getState().openProject(server.project.id);
  return { server, store, shotIds: store.getState().shotOrder };
}

const prompt = (store: Awaited<ReturnType<typeof openStore>>['store'], shotId: string) =>
  store.getState().drafts[shotId]!.prompt;

describe('undo/redo of inspector edits', () => {
  it('starts with an empty history after opening a project', async () => {
    const { store } = await openStore();
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(store.getState().shotOrder).toHaveLength(2);
  });

  it('undoes and redoes field edits one step at a time', async () => {
    const { store, shotIds } = await openStore();
    const id = shotIds[0]!;
    store.getState().editShot(id, { prompt: 'a red fox' });
    store.getState().editShot(id, { prompt: 'a red fox at dawn' });
    store.getState().editShot(id, { seed: 7 });
    expect(store.temporal.getState().pastStates).toHaveLength(3);

    store.getState().undo();
    expect(store.getState().drafts[id]!.seed).toBe(42);
    expect(prompt(store, id)).toBe('a red fox at dawn');
    store.getState().undo();
    expect(prompt(store, id)).toBe('a red fox');
    store.getState().undo();
    expect(prompt(store, id)).toBe('shot 0');
    store.getState().redo();
    expect(prompt(store, id)).toBe('a red fox');
    expect(store.temporal.getState().futureStates).toHaveLength(2);
  });

  it('does not record edits that change nothing', async () => {
    const { store, shotIds } = await openStore();
    store.getState().editShot(shotIds[0]!, { prompt: 'shot 0' });
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });

  it('never records jobs, progress, selection, toasts or server rows', async () => {
    const { store, shotIds, server } = await openStore();
    const id = shotIds[0]!;
    store.getState().editShot(id, { prompt: 'edited' });
    const before = store.temporal.getState().pastStates.length;

    const job = { type: 'job.progress' as const, project_id: server.project.id, job_id: 'j1', shot_id: id, progress: 0.5 };
    store.getState().applyEvent('job.queued', { ...job, type: 'job.queued' });
    store.getState().applyEvent('job.progress', job);
    store.getState().selectShot(shotIds[1]!);
    store.getState().notify('hello');
    const other = server.externalEdit(shotIds[1]!, { status: 'generating' });
    store.getState().applyEvent('shot.updated', { type: 'shot.updated', project_id: server.project.id, shot: other });

    expect(store.temporal.getState().pastStates).toHaveLength(before);
    store.getState().undo();
    expect(prompt(store, id)).toBe('shot 0');
    // Undo touched the drafts only: the job, the server row and the toast are as they were.
    expect(store.getState().jobs.j1!.progress).toBe(0.5);
    expect(store.getState().shots[shotIds[1]!]!.status).toBe('generating');
    expect(store.getState().toasts).toHaveLength(1);
  });

  it('saves only the changed fields with the version it saw, and undo after save makes the shot dirty again', async () => {
    const { store, shotIds, server } = await openStore();
    const id = shotIds[0]!;
    store.getState().editShot(id, { prompt: 'first' });
    store.getState().editShot(id, { num_frames: 17 });
    const saved = await store.getState().saveShot(id);

    const patch = server.calls.find((c) => c.method === 'updateShot')!;
    expect(patch.args[1]).toEqual({ version: 1, prompt: 'first', num_frames: 17 });
    expect(saved?.version).toBe(2);
    expect(store.getState().shots[id]!.version).toBe(2);

    store.getState().undo(); // num_frames back to 9: an unsaved change against the saved row
    expect(store.getState().drafts[id]!.num_frames).toBe(9);
    await store.getState().saveShot(id);
    expect(server.shots[0]!.num_frames).toBe(9);
    expect(server.shots[0]!.version).toBe(3);
  });

  it('follows server changes to fields the user has not touched, and keeps unsaved edits', async () => {
    const { store, shotIds, server } = await openStore();
    const id = shotIds[0]!;
    store.getState().editShot(id, { prompt: 'mine' });
    const theirs = server.externalEdit(id, { prompt: 'theirs', seed: 99 });
    store.getState().receiveShot(theirs);
    expect(store.getState().drafts[id]!.prompt).toBe('mine');
    expect(store.getState().drafts[id]!.seed).toBe(99);
  });

  it('a save after the server changed a field the user also edited meets the 409 (no blind overwrite via SSE)', async () => {
    const { store, shotIds, server } = await openStore();
    const id = shotIds[0]!;
    store.getState().editShot(id, { prompt: 'mine' });
    // Another tab saves the same field; its shot.updated reaches us before we save.
    const theirs = server.externalEdit(id, { prompt: 'theirs' });
    store.getState().applyEvent('shot.updated', { type: 'shot.updated', project_id: server.project.id, shot: theirs });
    expect(store.getState().shots[id]!.version).toBe(2);

    expect(await store.getState().saveShot(id)).toBeNull();
    expect(server.calls.find((c) => c.method === 'updateShot')!.args[1]).toMatchObject({ version: 1 });
    expect(store.getState().conflict?.shotId).toBe(id);
    expect(server.shots[0]!.prompt).toBe('theirs');
  });

  it('a save after the server changed only other fields goes through with the new version', async () => {
    const { store, shotIds, server } = await openStore();
    const id = shotIds[0]!;
    store.getState().editShot(id, { prompt: 'mine' });
    const theirs = server.externalEdit(id, { seed: 5, status: 'ready' });
    store.getState().applyEvent('shot.updated', { type: 'shot.updated', project_id: server.project.id, shot: theirs });
    const saved = await store.getState().saveShot(id);
    expect(saved).toMatchObject({ prompt: 'mine', seed: 5, version: 3 });
    expect(store.getState().conflict).toBeNull();
  });

  it('reorders shots, persists the order with PATCH index, and undoes the move', async () => {
    const { store, shotIds, server } = await openStore(3);
    const [a, b, c] = shotIds as [string, string, string];
    await store.getState().moveShot(c, -2);
    expect(store.getState().shotOrder).toEqual([c, a, b]);
    expect([...server.shots].sort((x, y) => x.index - y.index).map((s) => s.id)).toEqual([c, a, b]);

    store.getState().undo();
    expect(store.getState().shotOrder).toEqual([a, b, c]);
    await vi_waitFor(() => [...server.shots].sort((x, y) => x.index - y.index).map((s) => s.id).join() === [a, b, c].join());
  });
});

describe('409 conflicts', () => {
  it('shows the conflict, keeps the local edit and does not overwrite the server row', async () => {
    const { store, shotIds, server } = await openStore();
    const id = shotIds[0]!;
    server.externalEdit(id, { prompt: 'changed in another tab' });
    store.getState().editShot(id, { prompt: 'my edit' });

    const result = await store.getState().saveShot(id);
    expect(result).toBeNull();
    const conflict = store.getState().conflict!;
    expect(conflict.shotId).toBe(id);
    expect(conflict.message).toMatch(/changed elsewhere/);
    expect(conflict.current?.prompt).toBe('changed in another tab');
    expect(server.shots[0]!.prompt).toBe('changed in another tab');
    expect(store.getState().drafts[id]!.prompt).toBe('my edit');
  });

  it('Reload takes the server row; undo brings the local edit back, and saving it then uses the new version', async () => {
    const { store, shotIds, server } = await openStore();
    const id = shotIds[0]!;
    server.externalEdit(id, { prompt: 'theirs' });
    store.getState().editShot(id, { prompt: 'mine' });
    await store.getState().saveShot(id);

    await store.getState().reloadConflictedShot();
    expect(store.getState().conflict).toBeNull();
    expect(store.getState().shots[id]!.version).toBe(2);
    expect(store.getState().drafts[id]!.prompt).toBe('theirs');

    store.getState().undo();
    expect(store.getState().drafts[id]!.prompt).toBe('mine');
    await store.getState().saveShot(id);
    expect(server.shots[0]!.prompt).toBe('mine');
    expect(server.shots[0]!.version).toBe(3);
  });

  it('generate saves dirty edits first and does not start a job on conflict', async () => {
    const { store, shotIds, server } = await openStore();
    const id = shotIds[0]!;
    store.getState().editShot(id, { prompt: 'go' });
    const jobId = await store.getState().generateShot(id);
    expect(jobId).toBeTruthy();
    const gen = server.calls.find((c) => c.method === 'generate')!;
    expect(gen.args[0]).toMatchObject({ shot_id: id, mode: 't2v', prompt: 'go', num_frames: 9, width: 256, height: 192 });
    expect(store.getState().jobs[jobId!]!.status).toBe('pending');

    server.externalEdit(id, { prompt: 'other' });
    store.getState().editShot(id, { prompt: 'again' });
    expect(await store.getState().generateShot(id)).toBeNull();
    expect(server.calls.filter((c) => c.method === 'generate')).toHaveLength(1);
    expect(store.getState().conflict?.shotId).toBe(id);
  });
});

async function vi_waitFor(check: () => boolean, timeoutMs = 1000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('shot order from other tabs', () => {
  it('takes the server order when another tab moves a shot (its renumbered shots arrive as shot.updated)', async () => {
    const { store, server, shotIds } = await openStore(3);
    const [a, b, c] = shotIds as [string, string, string];
    // Another tab moves c to the front: the server announces c, a and b with their new indexes, one by one.
    for (const [id, index] of [[c, 0], [a, 1], [b, 2]] as const) {
      const shot = server.externalEdit(id, { index });
      store.getState().applyEvent('shot.updated', { type: 'shot.updated', project_id: server.project.id, shot });
    }
    expect(store.getState().shotOrder).toEqual([c, a, b]);
    expect(store.temporal.getState().pastStates).toHaveLength(0); // a server row, not an edit of ours
  });

  it('keeps our own move while it is being saved', async () => {
    const { store, server, shotIds } = await openStore(3);
    const [a, b, c] = shotIds as [string, string, string];
    store.setState({ shotOrder: [b, a, c] }); // our move, not yet on the server
    const shot = server.externalEdit(c, { index: 0 });
    store.getState().applyEvent('shot.updated', { type: 'shot.updated', project_id: server.project.id, shot });
    expect(store.getState().shotOrder).toEqual([b, a, c]);
  });
});
