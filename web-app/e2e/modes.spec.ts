import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import type { JobRow } from './jobs';
import { startAndWait, tinyShot } from './jobs';
import { expectVideoPlays } from './player';
import { encodePng } from './png';

// Generation modes against the real backend (tiny CPU test models): upload → image→video → keyframes, the models
// panel, the director and the media bin's refusals. Sizes stay tiny (128×128, 9 frames, 2 steps).
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
const ROLES = ['video', 'image', 'inpaint', 'director', 'segment']; // the backend may list more (e.g. an upscaler)

/** Click Generate, take the job id from the API's answer, and wait (server side) for the job to end. */
function generateAndWait(page: Page, request: APIRequestContext): Promise<JobRow> {
  return startAndWait(page, request, () => page.getByTestId('inspector').getByTestId('generate').click());
}


test('upload an image, image→video with it, then a keyframes conditioning item, each plays', async ({ page, request }) => {
  mkdirSync(resultsDir, { recursive: true });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const { projectId, shotId } = await tinyShot(request, 'Modes');
  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  const inspector = page.getByTestId('inspector');

  // Upload a 128×128 gradient PNG made here; it shows up in the media bin.
  const png = encodePng(128, 128, (x, y) => [x * 2, y * 2, 160]);
  await page.getByTestId('upload-input').setInputFiles({ name: 'start.png', mimeType: 'image/png', buffer: png });
  const tile = page.getByTestId('asset-tile').filter({ hasText: 'start.png' });
  await expect(tile).toBeVisible();
  await expect(tile).toHaveAttribute('data-origin', 'upload');
  await expect(tile.locator('img')).toHaveJSProperty('naturalWidth', 128);
  const assetId = await tile.getAttribute('data-asset-id');

  // Image → Video from it.
  await inspector.getByRole('radio', { name: 'Image → Video' }).click();
  await expect(inspector.getByRole('radio', { name: 'Image → Video' })).toHaveAttribute('aria-checked', 'true');
  const startImage = inspector.getByRole('group', { name: 'Start image' }).getByRole('button', { name: 'start.png' });
  await startImage.click();
  await expect(startImage).toHaveAttribute('aria-pressed', 'true');
  const i2v = await generateAndWait(page, request);
  expect(i2v, JSON.stringify(i2v)).toMatchObject({ kind: 'i2v', status: 'completed' });
  expect(i2v.request).toMatchObject({ image_asset_id: assetId });
  await expect(page.getByTestId('player-status').getByRole('progressbar')).toHaveAttribute('data-status', 'completed');
  await expectVideoPlays(page, i2v.result!.video_url!, [128, 128]);

  // Keyframes: add the image to the conditioning timeline, drag its marker, undo the drag, then type the frame.
  await inspector.getByRole('radio', { name: 'Keyframes' }).click();
  const timeline = inspector.getByTestId('conditioning-timeline');
  await timeline.getByRole('button', { name: '+ Add item' }).click();
  await timeline.getByRole('group', { name: 'Add conditioning item' }).getByRole('button', { name: 'start.png' }).click();
  const marker = timeline.getByRole('slider', { name: 'Item 1 frame' });
  await expect(marker).toHaveAttribute('aria-valuenow', '0');
  await expect(timeline.getByTestId('cond-strip')).toHaveAttribute('data-frames', '9');

  const strip = (await timeline.getByTestId('cond-strip').boundingBox())!;
  const handle = (await marker.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(strip.x + strip.width * 0.3, handle.y + handle.height / 2, { steps: 5 });
  await page.mouse.move(strip.x + strip.width * 0.5, handle.y + handle.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(marker).toHaveAttribute('aria-valuenow', '4');
  const item = timeline.getByRole('listitem', { name: 'Item 1' });
  await expect(item.getByLabel('Frame')).toHaveValue('4');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z'); // the drag was one undo step
  await expect(marker).toHaveAttribute('aria-valuenow', '0');

  await item.getByLabel('Frame').fill('6');
  await item.getByLabel('Frame').press('Enter');
  await expect(marker).toHaveAttribute('aria-valuenow', '6');
  await item.getByLabel('Strength').fill('0.8');
  await item.getByLabel('Strength').press('Enter');

  const keyframes = await generateAndWait(page, request);
  expect(keyframes, JSON.stringify(keyframes)).toMatchObject({ kind: 'keyframes', status: 'completed' });
  expect(keyframes.request['conditioning']).toEqual([{ asset_id: assetId, frame: 6, strength: 0.8 }]);
  // It was saved into the shot (PATCH … conditioning) before generating.
  const row = await (await request.get(`/projects/${projectId}/shots/${shotId}`)).json();
  expect(row.conditioning).toEqual([{ asset_id: assetId, frame: 6, strength: 0.8 }]);
  expect(row.params.generation.mode).toBe('keyframes');
  await expect(inspector.getByRole('button', { name: 'Saved' })).toBeVisible();
  await expect(page.getByTestId('player-status').getByRole('progressbar')).toHaveAttribute('data-status', 'completed');
  await expectVideoPlays(page, (keyframes.result as { video_url: string }).video_url, [128, 128]);

  await page.screenshot({ path: join(resultsDir, 'modes.png'), fullPage: true });
  expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});

test('the models panel lists the roles (the five required ones at least) and flags the test models', async ({ page, request }) => {
  const { projectId } = await tinyShot(request, 'Models');
  const models = (await (await request.get('/models')).json()) as { role: string; test_model: boolean; placement: string | null }[];
  expect(models.map((m) => m.role)).toEqual(expect.arrayContaining(ROLES));

  await page.goto(`/#/projects/${projectId}`);
  await page.getByRole('tab', { name: 'Models' }).click();
  const panel = page.getByTestId('models-panel');
  const rows = panel.getByTestId('model-row');
  await expect(rows).toHaveCount(models.length);
  for (const role of ROLES) await expect(panel.locator(`[data-testid="model-row"][data-role="${role}"]`)).toBeVisible();
  for (const model of models) {
    const row = panel.locator(`[data-testid="model-row"][data-role="${model.role}"]`);
    await expect(row).toHaveAttribute('data-test-model', String(model.test_model));
    await expect(row.getByTestId('test-flag')).toHaveCount(model.test_model ? 1 : 0);
    if (model.role === 'video') await expect(row).toHaveAttribute('data-placement', model.placement ?? 'none'); // docs/memory.md
  }
  expect(models.every((m) => m.test_model)).toBe(true); // the e2e backend runs test models only

  // The workers of GET /health: the in-process one here (MILIMO_EXECUTOR=local), with its node and what it holds.
  const health = (await (await request.get('/health')).json()) as { executor: string; workers: { id: string; node: string }[] };
  expect(health.executor).toBe('local');
  expect(health.workers.map((w) => w.id)).toEqual(['local']);
  const workers = panel.getByTestId('workers');
  await expect(workers.getByTestId('executor')).toHaveText('In-process');
  await expect(workers.getByRole('columnheader', { name: 'Worker' })).toBeVisible();
  const local = workers.locator('[data-testid="worker-row"][data-worker-id="local"]');
  await expect(local).toBeVisible();
  await expect(local).toContainText(health.workers[0]!.node);
  await expect(local.getByTestId('worker-state')).toHaveText(/^(ready|busy)$/);
  await expect(workers.getByTestId('executor-error')).toHaveCount(0);
  await local.scrollIntoViewIfNeeded();
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, 'models.png') });
});

test('the Models page lists the LoRA library; Camera: Dolly in without its LoRA says which one to get', async ({ page, request }) => {
  const { projectId } = await tinyShot(request, 'LoRAs');
  const loras = (await (await request.get('/loras')).json()) as unknown[];
  await page.goto(`/#/projects/${projectId}`);
  await page.getByRole('tab', { name: 'Models' }).click();
  const section = page.getByTestId('models-panel').getByTestId('loras');
  await expect(section.getByRole('heading', { name: /LoRAs/ })).toBeVisible();
  await expect(section.getByTestId('lora-upload')).toBeVisible();
  if (loras.length === 0) await expect(section.getByTestId('loras-empty')).toBeVisible();
  else await expect(section.getByTestId('lora-row')).toHaveCount(loras.length);

  const inspector = page.getByTestId('inspector');
  await inspector.getByTestId('camera-select').selectOption({ label: 'Dolly in' });
  const missing = inspector.getByTestId('camera-missing');
  await expect(missing).toContainText('Lightricks/LTX-2-19b-LoRA-Camera-Control-Dolly-In');
  // Saved with the shot (PATCH camera), as the other fields.
  const saved = page.waitForResponse((r) => r.url().includes(`/shots/`) && r.request().method() === 'PATCH');
  await inspector.getByRole('button', { name: 'Save' }).click();
  expect(((await (await saved).json()) as { camera: string }).camera).toBe('dolly_in');
});

test('director: enrich, see the message, accept as one undo step; a refused upload shows the server detail', async ({
  page,
  request,
}) => {
  const { projectId } = await tinyShot(request, 'Director');
  await page.goto(`/#/projects/${projectId}`);
  const inspector = page.getByTestId('inspector');
  const prompt = inspector.getByLabel('Prompt', { exact: true });
  await expect(prompt).toHaveValue('a paper boat drifting on a pond');

  await inspector.getByTestId('director-open').click();
  await inspector.getByLabel('Director instruction').fill('the boat tips over in the wind');
  const answered = page.waitForResponse((r) => r.url().endsWith('/director/enrich'));
  await inspector.getByRole('button', { name: 'Enrich' }).click();
  const enriched = await (await answered).json();
  await expect(inspector.getByTestId('director-message')).toContainText(enriched.message);
  expect(enriched.test_model).toBe(true);
  await inspector.getByRole('button', { name: 'Accept' }).click();
  await expect(prompt).toHaveValue(enriched.prompt);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(prompt).toHaveValue('a paper boat drifting on a pond');

  // Not a media file: the server's 415 detail, as it said it.
  const refused = page.waitForResponse((r) => r.url().endsWith(`/projects/${projectId}/assets`));
  await page.getByTestId('upload-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  const answer = await refused;
  expect(answer.status()).toBe(415);
  const { detail } = await answer.json();
  await expect(page.getByTestId('upload')).toContainText(detail);
  await expect(page.getByTestId('asset-tile')).toHaveCount(0);
});
