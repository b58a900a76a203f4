import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store';
import { samLight, samTooltip } from '../store/segmentSlice';
import { FakeServer } from './fakeApi';

async function openStore({ withClip = true } = {}) {
  const server = new FakeServer(1);
  const shotId0 = server.shots[0]!.id;
  if (withClip) server.finishVideo(shotId0, 'job-0');
  const store = createAppStore(server);
  await store.getState().openProject(server.project.id);
  const shotId = store.getState().shotOrder[0]!;
  const s = () => store.getState();
  const calls = (method: string) => server.calls.filter((c) => c.method === method).map((c) => c.args);
  return { server, store, shotId, s, calls };
}

const DOWN = 'segmentation service is not running — start it with ./run_sam.sh';

describe('SAM status light', () => {
  const base = { running: true, url: 'http://127.0.0.1:8001', model: 'sam3', device: 'cpu', test_model: false, detail: null };

  it('shows the service state, or unknown before an answer / while the backend is away', () => {
    expect(samLight(null, null)).toBe('unknown');
    expect(samLight({ ...base, status: 'ok' }, null)).toBe('ok');
    expect(samLight({ ...base, running: false, status: 'loading' }, null)).toBe('loading');
    expect(samLight({ ...base, running: false, status: 'down' }, null)).toBe('down');
    expect(samLight({ ...base, running: false, status: 'error', detail: 'CUDA out of memory' }, null)).toBe('error');
    expect(samLight({ ...base, status: 'ok' }, 'Failed to fetch')).toBe('unknown');
  });

  it("the tooltip says what is wrong and how to start the service; a test model's masks are noise", () => {
    const down = samTooltip({ ...base, running: false, status: 'down', detail: 'connection refused' }, null);
    expect(down).toContain('connection refused');
    expect(down).toContain('./run_sam.sh');
    expect(samTooltip({ ...base, status: 'ok', test_model: true }, null)).toContain('test model: masks are noise');
    expect(samTooltip({ ...base, status: 'error', running: false, detail: 'bad weights' }, null)).toContain('bad weights');
  });

  it('is loaded from GET /segmentation/status', async () => {
    const { s } = await openStore();
    await s().loadSamStatus();
    expect(samLight(s().samStatus, s().samStatusError)).toBe('ok');
    expect(s().samStatus?.test_model).toBe(true);
  });

  it('turns red at once on a 503 and shows the server message, then re-checks the service', async () => {
    const { s, server } = await openStore();
    await s().loadSamStatus();
    await s().openFixFrame(s().shotOrder[0]!, 2);
    server.samDown = true;
    server.samStatus = { ...server.samStatus, running: false, status: 'down', detail: 'connection refused' };
    const answer = await s().segmentFrame({ points: [[1, 1, 1]] });
    expect(answer).toBeNull();
    expect(samLight(s().samStatus, s().samStatusError)).toBe('down');
    expect(s().toasts.at(-1)?.message).toBe(`Segmentation refused: ${DOWN}`);
    // The re-check's answer, whenever it lands (a deadline, not a fixed wait).
    await vi.waitFor(() => expect(s().samStatus?.detail).toBe('connection refused'), { timeout: 5_000, interval: 5 });
  });
});

describe('Fix frame: grab, segment, in-paint, re-generate', () => {
  it('grabs the paused frame as an image asset and opens the editor on it', async () => {
    const { s, shotId, calls } = await openStore();
    const opening = s().openFixFrame(shotId, 4);
    expect(s().fixFrame).toMatchObject({ shotId, frame: 4, status: 'grabbing', asset: null });
    await opening;
    expect(calls('grabFrame')).toEqual([[shotId, 4]]);
    expect(s().fixFrame).toMatchObject({ status: 'ready', asset: { origin: 'frame', source_shot_id: shotId, source_frame: 4 } });
    expect(s().assets.map((a) => a.id)).toContain(s().fixFrame!.asset!.id);
  });

  it("shows the server's refusal (no clip yet)", async () => {
    const { s, shotId } = await openStore({ withClip: false });
    await s().openFixFrame(shotId, 0);
    expect(s().fixFrame).toMatchObject({ status: 'error', asset: null });
    expect(s().fixFrame!.error).toMatch(/no clip/);
    expect(s().toasts.at(-1)?.message).toMatch(/Could not grab frame 0: .*no clip/);
  });

  it('asks SAM about the grabbed frame with every click', async () => {
    const { s, shotId, calls } = await openStore();
    await s().openFixFrame(shotId, 1);
    const answer = await s().segmentFrame({ points: [[3, 4, 1], [9, 9, 0]] });
    expect(answer?.masks).toHaveLength(1);
    expect(calls('segment')).toEqual([[{ points: [[3, 4, 1], [9, 9, 0]], asset_id: s().fixFrame!.asset!.id }]]);
  });

  it('uploads the mask and in-paints the frame without a shot_id (the shot keeps its still)', async () => {
    const { s, shotId, calls, server } = await openStore();
    await s().openFixFrame(shotId, 3);
    const frameId = s().fixFrame!.asset!.id;
    const jobId = await s().inpaintFrame(new Blob(['png']), { prompt: 'a blue hat', strength: 0.8, steps: 2 });
    expect(jobId).toBeTruthy();
    expect(calls('uploadAsset')).toHaveLength(1);
    expect(calls('uploadAsset')[0]![1]).toBe(frameId); // uploaded as a mask for the frame (size-checked)
    const mask = server.assets.at(-1)!;
    const body = calls('generate')[0]![0] as Record<string, unknown>;
    expect(body).toEqual({
      project_id: server.project.id,
      mode: 'inpaint',
      prompt: 'a blue hat',
      image_asset_id: frameId,
      mask_asset_id: mask.id,
      strength: 0.8,
      num_inference_steps: 2,
      seed: 42,
    });
    expect(body).not.toHaveProperty('shot_id');
    expect(s().fixFrame).toMatchObject({ inpaintJobId: jobId, submitting: false });
    expect(s().jobs[jobId!]).toMatchObject({ kind: 'inpaint', shot_id: null, status: 'pending' });
  });

  it('re-generates the shot with the repaired frame pinned at its frame, and closes the editor', async () => {
    const { s, shotId, calls, server } = await openStore();
    await s().openFixFrame(shotId, 5);
    const jobId = await s().regenerateFromFrame('asset-fixed', 'keyframes');
    expect(calls('generate').at(-1)![0]).toEqual({
      project_id: server.project.id,
      shot_id: shotId,
      mode: 'keyframes',
      conditioning: [{ asset_id: 'asset-fixed', frame: 5, strength: 1 }],
    });
    expect(s().fixFrame).toBeNull();
    expect(s().jobs[jobId!]).toMatchObject({ shot_id: shotId, kind: 'keyframes' });
  });

  it('or as the first frame of an image-to-video clip', async () => {
    const { s, shotId, calls, server } = await openStore();
    await s().openFixFrame(shotId, 5);
    await s().regenerateFromFrame('asset-fixed', 'i2v');
    expect(calls('generate').at(-1)![0]).toEqual({ project_id: server.project.id, shot_id: shotId, mode: 'i2v', image_asset_id: 'asset-fixed' });
  });
});

describe('tracking through the clip', () => {
  it('starts a track job on the grabbed frame; a 503 turns the light red', async () => {
    const { s, shotId, calls, server } = await openStore();
    await s().openFixFrame(shotId, 2);
    const jobId = await s().trackFromFrame({ points: [[5, 5, 1]] });
    expect(calls('trackShot')).toEqual([[shotId, { points: [[5, 5, 1]], frame: 2 }]]);
    expect(s().jobs[jobId!]).toMatchObject({ kind: 'track', shot_id: shotId });
    expect(s().trackJobs[jobId!]).toBe(shotId);

    server.samDown = true;
    server.samStatus = { ...server.samStatus, running: false, status: 'down', detail: DOWN };
    expect(await s().trackFromFrame({ text: 'the boat' })).toBeNull();
    expect(s().samStatus?.status).toBe('down');
    expect(s().toasts.at(-1)?.message).toBe(`Tracking refused: ${DOWN}`);
  });

  it('lists masks from the project, adds them on mask.created, and deletes them', async () => {
    const server = new FakeServer(1);
    const shotId = server.shots[0]!.id;
    const first = server.addMask(shotId, { label: 'the boat' });
    const store = createAppStore(server);
    await store.getState().openProject(server.project.id);
    const s = () => store.getState();
    expect(s().masks.map((m) => m.id)).toEqual([first.id]);

    const second = server.addMask(shotId, { label: '1 click on frame 2', frames_with_object: 5 });
    s().applyEvent('mask.created', { type: 'mask.created', project_id: server.project.id, shot_id: shotId, mask: second });
    s().applyEvent('mask.created', { type: 'mask.created', project_id: server.project.id, shot_id: shotId, mask: second }); // replayed
    expect(s().masks.map((m) => m.label)).toEqual(['the boat', '1 click on frame 2']);
    s().applyEvent('mask.created', { type: 'mask.created', project_id: 'other', mask: { ...second, id: 'x', project_id: 'other' } });
    expect(s().masks).toHaveLength(2);

    await s().deleteMask(first.id);
    expect(s().masks.map((m) => m.id)).toEqual([second.id]);
    expect(server.masks.map((m) => m.id)).toEqual([second.id]);
  });

  it('says so when a track job found nothing', async () => {
    const { s, shotId, server } = await openStore();
    await s().openFixFrame(shotId, 0);
    const jobId = (await s().trackFromFrame({ text: 'a unicorn' }))!;
    s().applyEvent('job.completed', { type: 'job.completed', project_id: server.project.id, job_id: jobId, status: 'completed', result: { found: false, masks: [] } });
    expect(s().toasts.at(-1)).toMatchObject({ kind: 'info', message: 'Tracking found no object in the clip.' });
    expect(s().trackJobs).toEqual({});
  });
});
