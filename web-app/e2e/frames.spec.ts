import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { waitForJob } from './jobs';
import { encodePng } from './png';

// The storyboard grid against the real backend (tiny FLUX.2 on the CPU): a scene's shots with an @element, generate
// concept frames for the scene (2 candidates each, with the element's reference image), approve one, pin another
// shot's element references at frame 0, upload a frame of one's own.
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

test('open the storyboard grid, generate frames for a scene, approve one', async ({ page, request }) => {
  mkdirSync(resultsDir, { recursive: true });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const project = await (await request.post('/projects', { data: { name: 'Frames', width: 64, height: 64, fps: 24, seed: 5 } })).json();
  const projectId = project.id as string;
  const face = await (
    await request.post(`/projects/${projectId}/assets`, {
      multipart: { file: { name: 'mara.png', mimeType: 'image/png', buffer: encodePng(64, 64, (x, y) => [x * 4, y * 4, 90]) } },
    })
  ).json();
  const mara = await (
    await request.post(`/projects/${projectId}/elements`, {
      data: { name: 'Mara', description: 'a woman in an oilskin coat', reference_asset_ids: [face.id] },
    })
  ).json();
  const scene = await (await request.post(`/projects/${projectId}/scenes`, { data: { heading: 'EXT. PIER - NIGHT' } })).json();
  const shots: Array<{ id: string }> = [];
  for (const prompt of [`${mara.trigger} waits on the pier, rain`, 'the empty sea at night']) {
    shots.push(
      await (await request.post(`/projects/${projectId}/shots`, { data: { prompt, scene_id: scene.id, num_frames: 49 } })).json(),
    );
  }

  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await page.getByRole('tab', { name: 'Frames' }).click();
  const grid = page.getByTestId('storyboard-grid');
  await expect(grid.getByTestId('frame-scene')).toHaveCount(1);
  await expect(grid.getByRole('heading', { name: 'EXT. PIER - NIGHT' })).toBeVisible();
  const cards = grid.getByTestId('frame-card');
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toContainText('Shot 1');
  await expect(cards.nth(0)).toContainText('2.0 s'); // 49 frames at 24 fps
  await expect(cards.nth(0)).toContainText(`${mara.trigger} waits on the pier`);
  await expect(cards.nth(0)).toContainText('no frame yet');
  await expect(grid.getByTestId('frames-test-note')).toHaveText('test models — frames are noise');

  await grid.getByTestId('frame-candidates').selectOption('2');
  const queued = page.waitForResponse((r) => r.url().endsWith(`/projects/${projectId}/frames`) && r.request().method() === 'POST');
  await grid.getByTestId('frames-scene').click();
  const accepted = await queued;
  expect(accepted.status()).toBe(202);
  const { job_ids: jobIds, shot_ids: shotIds } = await accepted.json();
  expect(shotIds).toEqual(shots.map((s) => s.id));
  const jobs = [];
  for (const jobId of jobIds as string[]) jobs.push(await waitForJob(page, request, jobId));
  expect(jobs.map((j) => [j.kind, j.status])).toEqual([
    ['frame', 'completed'],
    ['frame', 'completed'],
  ]);
  expect(jobs[0]!.request['reference_asset_ids']).toEqual([face.id]); // Mara's look goes into her shot's frame
  expect(jobs[0]!.request['candidates']).toBe(2);
  expect(jobs[1]!.request['reference_asset_ids']).toEqual([]);

  // The candidates arrive; approve the second one of shot 1.
  const candidates = cards.nth(0).getByTestId('frame-candidate');
  await expect(candidates).toHaveCount(2);
  await expect(cards.nth(1).getByTestId('frame-candidate')).toHaveCount(2);
  await expect(cards.nth(0)).toContainText('pick a frame below');
  const chosenId = (jobs[0]!.result!['asset_ids'] as string[])[1]!;
  await candidates.nth(1).click();
  await expect(candidates.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(candidates.nth(0)).toHaveAttribute('aria-pressed', 'false');
  await expect(cards.nth(0).getByTestId('frame-chosen')).toBeVisible();
  await expect(cards.nth(0)).toContainText('test model — frame is noise');
  await expect
    .poll(async () => (await (await request.get(`/projects/${projectId}/shots/${shots[0].id}`)).json()).frame_asset_id)
    .toBe(chosenId);

  // Shot 2: the old way, element references pinned at frame 0; then a frame of one's own.
  await cards.nth(1).getByTestId('frame-pin').check();
  await expect
    .poll(async () => (await (await request.get(`/projects/${projectId}/shots/${shots[1].id}`)).json()).pin_element_refs)
    .toBe(true);
  await cards
    .nth(1)
    .getByTestId('frame-upload-file')
    .setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: encodePng(64, 64, () => [200, 40, 40]) });
  await expect(cards.nth(1).getByTestId('frame-chosen')).toBeVisible();
  const second = await (await request.get(`/projects/${projectId}/shots/${shots[1].id}`)).json();
  expect(second.frame_asset_id).not.toBeNull();
  expect((jobs[1]!.result!['asset_ids'] as string[]).includes(second.frame_asset_id)).toBe(false);
  await expect(grid.getByTestId('frames-error')).toHaveCount(0);

  await page.screenshot({ path: join(resultsDir, 'frames.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});
