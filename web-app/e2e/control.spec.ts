// Directing a shot (issue 13) as a filmmaker does it: LoRAs uploaded on the Models page, then a shot with a LoRA and a
// camera move, generated and played ("Made with" says what made it); then a shot guided by another shot's take as
// edges through the IC-LoRA, generated and played, with the guide it followed in the media bin.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { startAndWait, tinyShot } from './jobs';
import { expectVideoPlays } from './player';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const resultsDir = join(here, '..', 'test-results');
const python = process.env.MILIMO_PYTHON ?? join(repoRoot, '.venv', 'bin', 'python');

/** A LoRA of the studio's tiny LTX-2 (Lightricks' key style), as a .safetensors file's bytes. */
function tinyLora(seed: number): Buffer {
  const data = process.env.MILIMO_E2E_DATA_DIR;
  if (!data) throw new Error('MILIMO_E2E_DATA_DIR is not set (global-setup sets it)');
  const config = join(data, 'models', 'test', 'ltx2', 'transformer', 'config.json');
  const script =
    'import sys; from pathlib import Path; from backend.testing.fake_hub import tiny_ltx2_lora; ' +
    'sys.stdout.buffer.write(tiny_ltx2_lora(Path(sys.argv[1]), rank=8, seed=int(sys.argv[2])))';
  return execFileSync(python, ['-c', script, config, String(seed)], { cwd: repoRoot, maxBuffer: 64 << 20 });
}

/** Upload `name`.safetensors on the Models page and wait until the library lists it, fitting the video model. */
async function uploadLora(page: Page, name: string, seed: number) {
  await page.getByRole('tab', { name: 'Models' }).click();
  const section = page.getByTestId('models-panel').getByTestId('loras');
  const stored = page.waitForResponse((r) => r.url().endsWith('/loras') && r.request().method() === 'POST');
  await section.getByTestId('lora-upload-file').setInputFiles({ name: `${name}.safetensors`, mimeType: 'application/octet-stream', buffer: tinyLora(seed) });
  const response = await stored;
  expect(response.status(), await response.text()).toBe(201);
  const row = section.locator('[data-testid="lora-row"]', { hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('lora-fits')).toBeVisible();
  await page.getByRole('tab', { name: /^Media/ }).click();
}

test.describe.configure({ mode: 'serial' });

// The e2e backend is shared by every spec: the LoRAs uploaded here leave with this file, so the specs after it see
// the library as it was (a camera move whose LoRA is missing, for one).
test.afterAll(async ({ request }) => {
  const mine = /^(mlmo-noir|ltx-2-19b-lora-camera-control-dolly-left|ltx-2-19b-ic-lora-union-control-ref0\.5)-/;
  for (const lora of (await (await request.get('/loras')).json()) as { id: string; name: string }[]) {
    if (mine.test(lora.name)) expect((await request.delete(`/loras/${lora.id}`)).ok()).toBe(true);
  }
});

test('a shot with a LoRA and a camera move: uploaded, chosen, generated and played, and its take says so', async ({ page, request }) => {
  const { projectId } = await tinyShot(request, 'LoRA and camera');
  await page.goto(`/#/projects/${projectId}`);
  await uploadLora(page, 'mlmo-noir', 3);
  await uploadLora(page, 'ltx-2-19b-lora-camera-control-dolly-left', 4);

  const inspector = page.getByTestId('inspector');
  // Uploads are stored under a server name: the file's name and a suffix.
  const noir = (await inspector.getByTestId('lora-add').locator('option', { hasText: 'mlmo-noir' }).textContent())!.trim();
  expect(noir).toMatch(/^mlmo-noir-[0-9a-f]+$/);
  await inspector.getByTestId('lora-add').selectOption({ label: noir });
  await expect(inspector.getByTestId('lora-chosen')).toHaveCount(1);
  await inspector.getByTestId('camera-select').selectOption({ label: 'Dolly left' });
  await expect(inspector.getByTestId('camera-missing')).toHaveCount(0); // its LoRA is in the library now
  // The camera-control LoRA is the Camera select's: it is not offered as a LoRA to add by hand.
  await expect(inspector.getByTestId('lora-add').locator('option', { hasText: 'camera-control' })).toHaveCount(0);

  const job = await startAndWait(page, request, () => inspector.getByTestId('generate').click());
  expect(job.status, job.error ?? '').toBe('completed');
  const made = (job.result!['loras'] as { name: string; camera?: string }[]).map((l) => l.camera ?? l.name);
  expect(made).toEqual([noir, 'dolly_left']);
  await expectVideoPlays(page, job.result!.video_url!, [128, 128]);
  await expect(page.getByTestId('made-with')).toHaveText(`Made with: ${noir} 1 · dolly left`);
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, 'lora-camera-shot.png') });
});

test("a shot guided by another shot's take as edges: generated and played, the guide kept in the media bin", async ({ page, request }) => {
  const { projectId, shotId } = await tinyShot(request, 'Control video');
  const source = await (
    await request.post(`/projects/${projectId}/shots`, {
      data: { prompt: 'a paper lantern floating over the pond at night', num_frames: 9, num_inference_steps: 2, seed: 8 },
    })
  ).json();
  await page.goto(`/#/projects/${projectId}`);
  await uploadLora(page, 'ltx-2-19b-ic-lora-union-control-ref0.5', 5);

  // The second shot gets a take to follow.
  await page.getByTestId('clip').nth(1).click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByLabel('Prompt', { exact: true })).toHaveValue(/paper lantern/);
  const made = await startAndWait(page, request, () => inspector.getByTestId('generate').click());
  expect(made.status, made.error ?? '').toBe('completed');

  // The first shot (where the player's playhead is) follows it, as edges.
  await page.getByTestId('clip').first().click();
  await expect(inspector.getByLabel('Prompt', { exact: true })).toHaveValue(/paper boat/);
  const picker = inspector.getByTestId('control-picker');
  await picker.getByTestId('control-source').selectOption({ value: `shot:${source.id}` });
  await picker.getByTestId('control-kind').selectOption({ label: 'Edges' });
  await expect(picker).toContainText('ltx-2-19b-ic-lora-union-control-ref0.5'); // the IC-LoRA it will run through
  await expect(picker.getByTestId('control-missing')).toHaveCount(0);
  await picker.scrollIntoViewIfNeeded();
  mkdirSync(resultsDir, { recursive: true });
  await picker.screenshot({ path: join(resultsDir, 'control-picker.png') });
  const job = await startAndWait(page, request, () => inspector.getByTestId('generate').click());
  expect(job.status, job.error ?? '').toBe('completed');
  expect(job.request['control']).toMatchObject({ shot_id: source.id, kind: 'canny' });
  await expectVideoPlays(page, job.result!.video_url!, [128, 128]);
  await expect(page.getByTestId('made-with')).toHaveText(/^Made with: control: edges$/);

  // The saved shot keeps its control; the guide it followed is a video of the media bin.
  const shot = await (await request.get(`/projects/${projectId}/shots/${shotId}`)).json();
  expect(shot.control).toMatchObject({ shot_id: source.id, kind: 'canny' });
  const guide = page.getByTestId('media-bin').locator('[data-testid="asset-tile"][data-origin="control"]');
  await expect(guide).toBeVisible();
  await page.screenshot({ path: join(resultsDir, 'control-shot.png') });
});
