import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { createAppStore } from '../store';
import { generationProblems } from '../domain/generation';
import { selectShotDirty } from '../store/selectors';
import { FakeServer } from './fakeApi';

async function openStore() {
  const server = new FakeServer(1);
  const image = server.addAsset({ original_name: 'start.png', width: 128, height: 128 });
  const mask = server.addAsset({ original_name: 'mask.png', width: 128, height: 128 });
  const store = createAppStore(server);
  await store.getState().openProject(server.project.id);
  const shotId = store.getState().shotOrder[0]!;
  const s = () => store.getState();
  const past = () => store.temporal.getState().pastStates.length;
  return { server, store, shotId, s, past, image, mask };
}

describe('conditioning timeline edits', () => {
  it('adds, moves, re-weights and removes items, one undo step each, and undo/redo walks them back', async () => {
    const { s, shotId, image, past } = await openStore();
    s().setGeneration(shotId, { mode: 'keyframes' });
    s().addConditioning(shotId, image.id);
    expect(s().drafts[shotId]!.conditioning).toEqual([{ asset_id: image.id, frame: 0, strength: 1 }]);
    s().addConditioning(shotId, image.id); // next free frame: the last one (9 frames → 8)
    expect(s().drafts[shotId]!.conditioning[1]!.frame).toBe(8);
    s().updateConditioning(shotId, 1, { frame: 4 });
    s().updateConditioning(shotId, 1, { strength: 0.5 });
    s().updateConditioning(shotId, 1, { strength: 0.5 }); // no change: not recorded
    s().removeConditioning(shotId, 0);
    expect(past()).toBe(6);
    expect(s().drafts[shotId]!.conditioning).toEqual([{ asset_id: image.id, frame: 4, strength: 0.5 }]);

    s().undo(); // the removal
    expect(s().drafts[shotId]!.conditioning).toHaveLength(2);
    s().undo(); // strength
    expect(s().drafts[shotId]!.conditioning[1]).toEqual({ asset_id: image.id, frame: 4, strength: 1 });
    s().undo(); // frame
    expect(s().drafts[shotId]!.conditioning[1]!.frame).toBe(8);
    s().redo();
    expect(s().drafts[shotId]!.conditioning[1]!.frame).toBe(4);
  });

  it('saves the timeline (and the mode, in params.generation) with PATCH, keeping other params', async () => {
    const { s, shotId, image, server } = await openStore();
    server.shots[0]!.params = { lens: '35mm' };
    await s().refreshProject();
    s().setGeneration(shotId, { mode: 'keyframes' });
    s().addConditioning(shotId, image.id, 3);
    expect(s().drafts[shotId]!.conditioning).toEqual([{ asset_id: image.id, frame: 3, strength: 1 }]);
    await s().saveShot(shotId);
    const patch = server.calls.filter((c) => c.method === 'updateShot').at(-1)!.args[1] as Record<string, unknown>;
    expect(patch).toMatchObject({
      version: 1,
      conditioning: [{ asset_id: image.id, frame: 3, strength: 1 }],
      params: { lens: '35mm', generation: { mode: 'keyframes' } },
    });
    // The saved row reads back equal to the draft: nothing is dirty, and undo makes it dirty again.
    expect(Object.keys(s().drafts)).toHaveLength(1);
    expect(server.shots[0]!.conditioning).toEqual([{ asset_id: image.id, frame: 3, strength: 1 }]);
    expect(selectShotDirty(s(), shotId)).toBe(false);
    s().undo();
    expect(selectShotDirty(s(), shotId)).toBe(true);
    expect(s().drafts[shotId]!.conditioning).toEqual([]);
  });

  it('a server row with a new timeline updates an untouched draft without an undo step', async () => {
    const { s, shotId, image, server, past } = await openStore();
    const theirs = server.externalEdit(shotId, { conditioning: [{ asset_id: image.id, frame: 2 }] });
    s().applyEvent('shot.updated', { type: 'shot.updated', project_id: server.project.id, shot: theirs });
    expect(s().drafts[shotId]!.conditioning).toEqual([{ asset_id: image.id, frame: 2, strength: 1 }]);
    expect(past()).toBe(0);
  });

  it('mirrors the server checks: frames within the clip, strength 0..1, assets in the bin', async () => {
    const { s, shotId, image } = await openStore();
    const assets = Object.fromEntries(s().assets.map((a) => [a.id, a]));
    s().setGeneration(shotId, { mode: 'keyframes' });
    expect(generationProblems(s().drafts[shotId]!, assets)).toEqual(['add at least one item to the conditioning timeline']);
    s().addConditioning(shotId, image.id, 9); // 9 frames: 0..8
    s().addConditioning(shotId, 'gone', 0);
    s().updateConditioning(shotId, 1, { strength: 1.5 });
    expect(generationProblems(s().drafts[shotId]!, assets)).toEqual([
      'item 1: frame 0 to 8 (it is 9)',
      'item 2: not in the media bin',
      'item 2: strength 0 to 1',
    ]);
  });
});

describe('generation modes', () => {
  it('i2v sends the chosen start image; keyframes saves the timeline first and sends the mode', async () => {
    const { s, shotId, image, server } = await openStore();
    s().setGeneration(shotId, { mode: 'i2v', image_asset_id: image.id });
    await s().generateShot(shotId);
    expect(server.calls.filter((c) => c.method === 'generate').at(-1)!.args[0]).toMatchObject({
      mode: 'i2v',
      shot_id: shotId,
      image_asset_id: image.id,
      num_frames: 9,
    });

    s().setGeneration(shotId, { mode: 'keyframes' });
    s().addConditioning(shotId, image.id, 4);
    const jobId = await s().generateShot(shotId);
    expect(jobId).toBeTruthy();
    expect(server.shots[0]!.conditioning).toEqual([{ asset_id: image.id, frame: 4, strength: 1 }]);
    expect(server.calls.filter((c) => c.method === 'generate').at(-1)!.args[0]).toMatchObject({ mode: 'keyframes' });
    expect(s().jobs[jobId!]!.kind).toBe('keyframes');
  });

  it('inpaint and edit send their inputs', async () => {
    const { s, shotId, image, mask, server } = await openStore();
    s().setGeneration(shotId, { mode: 'inpaint', image_asset_id: image.id, mask_asset_id: mask.id, strength: 0.6 });
    await s().generateShot(shotId);
    expect(server.calls.filter((c) => c.method === 'generate').at(-1)!.args[0]).toMatchObject({
      mode: 'inpaint',
      image_asset_id: image.id,
      mask_asset_id: mask.id,
      strength: 0.6,
    });
    s().setGeneration(shotId, { mode: 'edit', reference_asset_ids: [image.id, mask.id] });
    await s().generateShot(shotId);
    expect(server.calls.filter((c) => c.method === 'generate').at(-1)!.args[0]).toMatchObject({
      mode: 'edit',
      reference_asset_ids: [image.id, mask.id],
    });
  });

  it("keeps the server's 422 detail verbatim for the inspector", async () => {
    const { s, shotId, server } = await openStore();
    const detail = 'conditioning[0].frame is 20, outside the clip (frames 0 to 8)';
    server.failNextGenerate = new ApiError(422, detail, '422');
    expect(await s().generateShot(shotId)).toBeNull();
    expect(s().shotErrors[shotId]).toBe(detail);
    await s().generateShot(shotId);
    expect(s().shotErrors[shotId]).toBeUndefined();
  });
});

describe('director', () => {
  it('enriching records nothing; Accept replaces the prompt as exactly one undo step', async () => {
    const { s, shotId, server, past } = await openStore();
    await s().enrichPrompt(shotId, 'a fox crosses the road');
    expect(server.calls.find((c) => c.method === 'enrichPrompt')!.args[0]).toMatchObject({
      project_id: server.project.id,
      shot_id: shotId,
      instruction: 'a fox crosses the road',
    });
    expect(s().director[shotId]).toMatchObject({ status: 'ready', result: { prompt: 'cinematic: a fox crosses the road' } });
    expect(past()).toBe(0);

    s().acceptDirector(shotId);
    expect(s().drafts[shotId]!.prompt).toBe('cinematic: a fox crosses the road');
    expect(s().director[shotId]).toBeUndefined();
    expect(past()).toBe(1);
    s().undo();
    expect(s().drafts[shotId]!.prompt).toBe('shot 0');
    s().redo();
    expect(s().drafts[shotId]!.prompt).toBe('cinematic: a fox crosses the road');
  });

  it('accepts an edited suggestion; Discard changes nothing; a 503 is shown as the server said it', async () => {
    const { s, shotId, server, past } = await openStore();
    await s().enrichPrompt(shotId, 'rain');
    s().acceptDirector(shotId, 'heavy rain on a tin roof, close-up');
    expect(s().drafts[shotId]!.prompt).toBe('heavy rain on a tin roof, close-up');
    expect(past()).toBe(1);

    await s().enrichPrompt(shotId, 'snow');
    s().discardDirector(shotId);
    expect(s().director[shotId]).toBeUndefined();
    expect(past()).toBe(1);

    server.enrichAnswer = () => {
      throw new ApiError(503, 'the GPU is busy with job j1 (waited 30 s)', '503');
    };
    await s().enrichPrompt(shotId, 'fog');
    expect(s().director[shotId]).toMatchObject({ status: 'error', error: 'the GPU is busy with job j1 (waited 30 s)' });
    expect(past()).toBe(1);
  });
});

describe('media bin', () => {
  it('refreshes the assets when an image job completes, not for video jobs', async () => {
    const { s, server } = await openStore();
    const listCalls = () => server.calls.filter((c) => c.method === 'listAssets').length;
    const base = { project_id: server.project.id, shot_id: null };
    s().applyEvent('job.completed', { type: 'job.completed', ...base, job_id: 'v1', kind: 't2v', status: 'completed' });
    expect(listCalls()).toBe(0);

    const still = server.addAsset({ origin: 'generated', job_id: 'i1', original_name: 't2i.png' });
    s().applyEvent('job.queued', { type: 'job.queued', ...base, job_id: 'i1', kind: 't2i', status: 'pending' });
    // The completion event need not repeat the kind: the job's is known.
    s().applyEvent('job.completed', {
      type: 'job.completed',
      ...base,
      job_id: 'i1',
      status: 'completed',
      result: { image_url: still.url, asset_id: still.id },
    });
    expect(listCalls()).toBe(1);
    await vi_waitFor(() => s().assets.some((a) => a.id === still.id));
    expect(s().assets.find((a) => a.id === still.id)).toMatchObject({ origin: 'generated' });
  });

  it("uploads files into the bin and keeps a refusal's detail verbatim", async () => {
    const { s } = await openStore();
    const before = s().assets.length;
    const png = new File([new Uint8Array([137, 80, 78, 71])], 'frame.png', { type: 'image/png' });
    const txt = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    const added = await s().uploadFiles([png, txt]);
    expect(added.map((a) => a.original_name)).toEqual(['frame.png']);
    expect(s().assets).toHaveLength(before + 1);
    expect(s().uploads).toEqual([expect.objectContaining({ name: 'notes.txt', status: 'error', error: 'the file is not an image' })]);
    s().dismissUpload(s().uploads[0]!.id);
    expect(s().uploads).toEqual([]);
  });
});

async function vi_waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
