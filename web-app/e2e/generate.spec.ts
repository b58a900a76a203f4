import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { expectVideoPlays } from './player';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

test('create a project, add a shot, generate it, watch progress to 100% and play the video', async ({ page }) => {
  mkdirSync(resultsDir, { recursive: true });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  // Every `job.progress` event the page receives (across the reload below): the denoising steps it reports.
  const steps: { step: number; total: number }[] = [];
  await page.exposeFunction('__recordProgress', (data: string) => {
    const event = JSON.parse(data) as { step?: number; total_steps?: number };
    if (typeof event.step === 'number' && typeof event.total_steps === 'number') steps.push({ step: event.step, total: event.total_steps });
  });
  await page.addInitScript(() => {
    const Native = window.EventSource;
    const record = (data: string) => (window as unknown as { __recordProgress: (data: string) => Promise<void> }).__recordProgress(data);
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener('job.progress', (e) => void record((e as MessageEvent<string>).data));
      }
    };
  });

  await page.goto('/');

  // The backend runs tiny test models here; the banner shows the backend's message verbatim.
  const health = await (await page.request.get('/health')).json();
  expect(health.test_models).toBe(true);
  await expect(page.getByTestId('test-models-banner')).toContainText(health.message);

  // Create a small project.
  const form = page.getByRole('form', { name: 'New project' });
  await form.getByLabel('Name').fill('E2E film');
  await form.getByLabel('Width').fill('256');
  await form.getByLabel('Height').fill('192');
  await form.getByLabel('FPS').fill('24');
  await form.getByLabel('Seed').fill('7');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/#\/projects\/[0-9a-f-]+$/);
  await expect(page.getByTestId('project-name')).toHaveText('E2E film');
  await expect(page.getByTestId('connection')).toHaveText(/live/);

  // Add a shot and describe it in the inspector: 4 s (97 frames), 40 steps. The test model compresses like the real
  // one, so even that runs in a few seconds on a CPU, long enough for the reload below to land mid-generation.
  await page.getByTestId('add-shot').click();
  await expect(page.getByTestId('clip')).toHaveCount(1);
  const inspector = page.getByTestId('inspector');
  await inspector.getByLabel('Prompt', { exact: true }).fill('a lighthouse on a cliff at dusk, waves crashing');
  await inspector.getByLabel('Length (s)').fill('4'); // 97 frames at 24 fps
  await inspector.getByLabel('Length (s)').press('Enter');
  await inspector.getByLabel('Steps').fill('40');
  await inspector.getByLabel('Steps').press('Enter');
  await inspector.getByRole('button', { name: 'Save' }).click();
  await expect(inspector.getByRole('button', { name: 'Saved' })).toBeVisible();

  // Generate; once the job shows up, reload the page: the progress must come back (jobs list + SSE).
  await inspector.getByTestId('generate').click();
  const progress = page.getByTestId('player-status').getByRole('progressbar');
  await expect(progress).toBeVisible();
  const seen: number[] = [];
  const firstValue = Number(await progress.getAttribute('aria-valuenow'));
  seen.push(firstValue);

  await page.reload();
  await expect(page.getByTestId('project-name')).toHaveText('E2E film');
  await expect(progress).toBeVisible();

  // Watch it reach 100%.
  const deadline = Date.now() + 240_000;
  for (;;) {
    const value = Number(await progress.getAttribute('aria-valuenow'));
    if (seen[seen.length - 1] !== value) seen.push(value);
    if (value >= 100) break;
    if ((await progress.getAttribute('data-status')) === 'failed') {
      throw new Error(`generation failed: ${await page.getByTestId('player-status').innerText()}`);
    }
    if (Date.now() > deadline) throw new Error(`progress stuck at ${value}% (seen ${seen.join(', ')})`);
    await page.waitForTimeout(100);
  }
  console.log(`progress values seen: ${seen.join(' → ')}`);
  await expect(progress).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('clip')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('clip').locator('img')).toBeVisible();

  // The progress it showed only went up, to 100%, across the reload too (the reloaded page reads the job's live
  // progress, not the throttled row's older value); the steps the server reported went up to the last of them.
  expect(seen.at(-1)).toBe(100);
  expect(seen.every((value, i) => i === 0 || value > seen[i - 1]!)).toBe(true);
  expect(seen.length).toBeGreaterThan(1);
  console.log(`denoising steps seen: ${steps.map((s) => `${s.step}/${s.total}`).join(' → ')}`);
  expect(steps.length).toBeGreaterThan(0);
  const total = steps[0]!.total;
  expect(total).toBe(40);
  expect(steps.every((s, i) => s.total === total && (i === 0 || s.step >= steps[i - 1]!.step))).toBe(true);
  expect(steps.at(-1)!.step).toBe(total);

  // The player has the shot's video, and it plays (the shared check: frames advance, 256×192, no error).
  const video = page.getByTestId('player');
  await expect(video).toBeVisible();
  const src = await video.evaluate((v: HTMLVideoElement) => v.currentSrc);
  expect(src).toMatch(/\/projects\/[^/]+\/generated\/.+\.mp4$/);
  await expectVideoPlays(page, new URL(src).pathname, [256, 192]);
  await page.screenshot({ path: join(resultsDir, 'generate.png'), fullPage: true });
  expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
