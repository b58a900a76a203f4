import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

test('create a project, add a shot, generate it, watch progress to 100% and play the video', async ({ page }) => {
  mkdirSync(resultsDir, { recursive: true });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));

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

  // Add a shot and describe it in the inspector (9 frames, 2 steps: the CPU test model stays quick).
  await page.getByTestId('add-shot').click();
  await expect(page.getByTestId('clip')).toHaveCount(1);
  const inspector = page.getByTestId('inspector');
  await inspector.getByLabel('Prompt', { exact: true }).fill('a lighthouse on a cliff at dusk, waves crashing');
  await inspector.getByLabel('Frames').fill('9');
  await inspector.getByLabel('Frames').press('Enter');
  await inspector.getByLabel('Steps').fill('2');
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

  // The player has the shot's video, and it plays.
  const video = page.getByTestId('player');
  await expect(video).toBeVisible();
  const src = await video.evaluate((v: HTMLVideoElement) => v.currentSrc);
  expect(src).toMatch(/\/projects\/[^/]+\/generated\/.+\.mp4$/);
  await video.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
  });
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
      return !!v && v.readyState >= 2 && (v.currentTime > 0 || v.duration > 0);
    },
    undefined,
    { timeout: 30_000 },
  );
  const state = await video.evaluate((v: HTMLVideoElement) => ({
    readyState: v.readyState,
    duration: v.duration,
    currentTime: v.currentTime,
    width: v.videoWidth,
    height: v.videoHeight,
    error: v.error?.message ?? null,
  }));
  console.log(`video: ${JSON.stringify(state)}`);
  expect(state.error).toBeNull();
  expect(state.readyState).toBeGreaterThanOrEqual(2);
  expect(state.duration).toBeGreaterThan(0);
  expect(state.width).toBe(256);
  expect(state.height).toBe(192);

  await video.evaluate((v: HTMLVideoElement) => v.pause());
  await page.screenshot({ path: join(resultsDir, 'generate.png'), fullPage: true });
  expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
