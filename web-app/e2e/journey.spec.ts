import { expect, test } from '@playwright/test';
import { waitForJob } from './jobs';

// Script to a first cut, as a filmmaker goes (issue 15), against the real backend and the tiny models: paste a
// screenplay → the breakdown with built prompts → the storyboard grid → concept frames for a scene → approve one →
// generate all videos → the overview finishes → the cut plays on the timeline, with its scenes marked.
const SCRIPT = `Title: The Keeper

INT. LIGHTHOUSE - NIGHT

Rain hammers the glass. MARA (40s, oilskin coat) climbs the spiral stairs.

MARA
(without turning)
You're late again.

EXT. PIER - DAWN

Waves break over the pier.
`;

test('paste a screenplay, storyboard it, approve a frame, generate all, play the cut', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const project = await (await request.post('/projects', { data: { name: 'Journey', width: 64, height: 64, fps: 24, seed: 3 } })).json();
  const projectId = project.id as string;
  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);

  // 1. The screenplay → a breakdown whose prompts carry the scene.
  await page.getByRole('tab', { name: 'Storyboard' }).click();
  const board = page.getByTestId('storyboard');
  await board.getByLabel('Script text').fill(SCRIPT);
  await board.getByTestId('parse-script').click();
  await expect(board.getByTestId('proposal-scene')).toHaveCount(2);
  await expect(board.getByLabel('Scene 1 shot 1 prompt')).toHaveValue(/^A wide establishing shot inside the lighthouse\. .*@Mara climbs/);
  await expect(board.getByLabel('Scene 1 shot 2 prompt')).toHaveValue(/@Mara says, without turning: "You're late again\."/);
  await expect(board.getByLabel('Scene 2 shot 1 prompt')).toHaveValue(/At dawn/);
  const committed = page.waitForResponse((r) => r.url().endsWith('/storyboard/commit'));
  await board.getByTestId('commit-storyboard').click();
  expect((await committed).status()).toBe(200);
  const state = await (await request.get(`/projects/${projectId}`)).json();
  const shots = [...state.shots].sort((a: { index: number }, b: { index: number }) => a.index - b.index);
  expect(shots).toHaveLength(3);
  const mara = state.elements.find((e: { name: string }) => e.name === 'Mara');
  expect(mara.description).toBe('Mara (40s, oilskin coat)');
  // The shots are as long as the script says (2 s and more: 49+ frames); 2 denoising steps keep the CPU run short.
  expect(shots.every((s: { num_frames: number }) => s.num_frames >= 49)).toBe(true);
  for (const shot of shots) {
    const patched = await request.patch(`/projects/${projectId}/shots/${shot.id}`, {
      data: { version: shot.version, num_inference_steps: 2 },
    });
    expect(patched.status()).toBe(200);
  }

  // 2. The storyboard grid: concept frames for the lighthouse scene, approve the second candidate of its first shot.
  await page.getByRole('tab', { name: 'Frames' }).click();
  const grid = page.getByTestId('storyboard-grid');
  await expect(grid.getByTestId('frame-scene')).toHaveCount(2);
  await grid.getByTestId('frame-candidates').selectOption('2');
  const framesQueued = page.waitForResponse((r) => r.url().endsWith(`/projects/${projectId}/frames`));
  await grid.getByTestId('frames-scene').first().click();
  const { job_ids: frameJobs } = await (await framesQueued).json();
  expect(frameJobs).toHaveLength(2);
  for (const jobId of frameJobs as string[]) expect((await waitForJob(page, request, jobId)).status).toBe('completed');
  const firstCard = grid.getByTestId('frame-card').first();
  await expect(firstCard.getByTestId('frame-candidate')).toHaveCount(2);
  await firstCard.getByTestId('frame-candidate').nth(1).click();
  await expect(firstCard.getByTestId('frame-chosen')).toBeVisible();
  await expect
    .poll(async () => (await (await request.get(`/projects/${projectId}/shots/${shots[0].id}`)).json()).frame_asset_id)
    .not.toBeNull();
  const approved = (await (await request.get(`/projects/${projectId}/shots/${shots[0].id}`)).json()).frame_asset_id;

  // 3. Generate all videos: the overview to finished; the approved frame is the first shot's first frame.
  const all = grid.getByTestId('generate-all');
  await all.getByTestId('generate-all-what').selectOption('videos');
  const batchQueued = page.waitForResponse((r) => r.url().endsWith(`/projects/${projectId}/generate-all`));
  await all.getByTestId('generate-all-start').click();
  const accepted = await batchQueued;
  expect(accepted.status()).toBe(202);
  const { batch_id: batchId, job_ids: videoJobs } = await accepted.json();
  expect(videoJobs).toHaveLength(3);
  const card = grid.locator(`[data-testid="batch-card"][data-batch-id="${batchId}"]`);
  await expect(card.getByTestId('batch-status')).toHaveText('Finished', { timeout: 240_000 });
  await expect(card.getByTestId('batch-counts')).toHaveText('3 of 3 shots done');
  const jobs = [];
  for (const jobId of videoJobs as string[]) jobs.push(await waitForJob(page, request, jobId));
  expect(jobs.map((j) => j.status)).toEqual(['completed', 'completed', 'completed']);
  expect(jobs[0]!.kind).toBe('i2v');
  expect(jobs[0]!.request['image_asset_id']).toBe(approved);

  // 4. The cut on the timeline: one clip per shot, the scenes marked in order, and it plays across the cut.
  await page.getByRole('tab', { name: 'Editor' }).click();
  const clips = page.getByTestId('clip');
  await expect(clips).toHaveCount(3);
  const spans = page.getByTestId('scene-band').getByTestId('scene-span');
  await expect(spans).toHaveCount(2);
  await expect(spans.nth(0)).toContainText('LIGHTHOUSE - NIGHT');
  await expect(spans.nth(1)).toContainText('PIER - DAWN');
  const timeline = await (await request.get(`/projects/${projectId}/timeline`)).json();
  const order = [...timeline.clips].sort((a: { start_frame: number }, b: { start_frame: number }) => a.start_frame - b.start_frame);
  // The clips lie end to end in script order.
  expect(order.map((c: { start_frame: number }) => c.start_frame)).toEqual([0, order[0].duration, order[0].duration + order[1].duration]);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // Space must not press the tab
  await page.keyboard.press('Home');
  await expect(page.getByTestId('program-frame')).toHaveAttribute('data-clip-id', order[0].id);
  await page.evaluate(() => {
    const frame = document.querySelector('[data-testid="program-frame"]')!;
    const seen: string[] = [frame.getAttribute('data-clip-id') ?? ''];
    (window as unknown as { seenClips: string[] }).seenClips = seen;
    new MutationObserver(() => seen.push(frame.getAttribute('data-clip-id') ?? '')).observe(frame, { attributes: true, attributeFilter: ['data-clip-id'] });
  });
  await page.keyboard.press('Space');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { seenClips: string[] }).seenClips), { timeout: 30_000 })
    .toEqual(expect.arrayContaining([order[0].id, order[1].id, order[2].id]));
  await page.keyboard.press('k');
  const video = await page.getByTestId('player').evaluate((v: HTMLVideoElement) => ({ error: v.error?.message ?? null, w: v.videoWidth }));
  expect(video).toEqual({ error: null, w: 64 });
  expect(consoleErrors).toEqual([]);
});
