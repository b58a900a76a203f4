import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { APIRequestContext, Page } from '@playwright/test';

/** Shots and clips of a project, as the server has them. */
async function counts(request: APIRequestContext, projectId: string): Promise<{ shots: number; clips: number; tracks: number }> {
  const project = await (await request.get(`/projects/${projectId}`)).json();
  return { shots: project.shots.length, clips: project.clips.length, tracks: project.tracks.length };
}

/** Click a button that downloads a file; returns the saved file's path and suggested name. */
async function download(page: Page, click: () => Promise<void>): Promise<{ path: string; name: string }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), click()]);
  const path = await file.path();
  expect(path).toBeTruthy();
  return { path: path!, name: file.suggestedFilename() };
}

// Issue 8 against the real backend: generate a tiny shot, render the timeline to H.264 from the Export dialog
// (progress, then a Download link that serves the MP4), export the timeline as OTIO, import that .otio back into the
// editor, then download the project archive and import it on the project list: the new project opens with the same
// shots and clips.
test('export: render H.264, OTIO file, timeline import, project archive round trip', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));

  const project = await (await request.post('/projects', { data: { name: 'Export E2E', width: 128, height: 128, fps: 24 } })).json();
  await request.post(`/projects/${project.id}/shots`, {
    data: { prompt: 'a red kite over a green hill', num_frames: 9, num_inference_steps: 2 },
  });

  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByLabel('Prompt', { exact: true })).toHaveValue('a red kite over a green hill');
  await inspector.getByTestId('generate').click();
  await expect(page.getByTestId('player-status').getByRole('progressbar')).toHaveAttribute('data-status', 'completed', {
    timeout: 240_000,
  });

  // Clip audio: select the clip, set a fade in; the outbox sends it, Ctrl+Z takes it back on the server, redo again.
  const firstClip = async () => (await (await request.get(`/projects/${project.id}/timeline`)).json()).clips[0];
  await page.getByTestId('clip').first().click();
  const audio = page.getByTestId('clip-audio');
  await expect(audio).toBeVisible();
  await audio.getByTestId('clip-fade-in').fill('4');
  await audio.getByTestId('clip-fade-in').press('Enter');
  await expect.poll(async () => (await firstClip()).fade_in).toBe(4);
  await page.getByTestId('project-name').click();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await firstClip()).fade_in).toBe(0);
  await expect(audio.getByTestId('clip-fade-in')).toHaveValue('0');
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await firstClip()).fade_in).toBe(4);

  // Ctrl+E opens the Export dialog; render the whole timeline as H.264.
  await page.keyboard.press('Control+e');
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('H.264 MP4')).toBeChecked();
  await expect(dialog.getByLabel(/Whole timeline \(9 frames/)).toBeChecked();
  await dialog.getByTestId('render-start').click();
  await expect(dialog.getByTestId('render-progress')).toBeVisible();
  const link = dialog.getByTestId('render-download');
  await expect(link).toBeVisible({ timeout: 240_000 });
  await expect(dialog.getByTestId('render-progress').getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(dialog.getByTestId('render-result')).toContainText('Frames');
  console.log(`render: ${(await dialog.getByTestId('render-result').innerText()).replace(/\s+/g, ' ')}`);
  const href = await link.getAttribute('href');
  expect(href).toMatch(/\?download=1$/);
  const file = await request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toContain('video/mp4');
  expect((await file.body()).length).toBeGreaterThan(0);

  // The timeline for another editor: OTIO is JSON whose root is a Timeline.
  await dialog.getByRole('tab', { name: 'Timeline for another editor' }).click();
  const otio = await download(page, () => dialog.getByTestId('export-otio').click());
  expect(otio.name).toMatch(/\.otio$/);
  const parsed = JSON.parse(readFileSync(otio.path, 'utf8'));
  expect(String(parsed.OTIO_SCHEMA)).toMatch(/^Timeline\./);
  await expect(dialog.getByTestId('export-note')).toContainText(otio.name);
  await dialog.getByTestId('export-close').click();
  await expect(dialog).toBeHidden();

  // Import that .otio back: its tracks and clips are added (the media is this project's own).
  const before = await counts(request, project.id);
  await page.getByTestId('import-timeline-file').setInputFiles(otio.path);
  await expect(page.getByRole('status').filter({ hasText: /Imported \d+ tracks? and 1 clip\./ })).toBeVisible();
  const after = await counts(request, project.id);
  expect(after.clips).toBe(before.clips + 1);
  await expect(page.getByTestId('clip')).toHaveCount(after.clips);

  // Project archive: download it, import it on the project list, and the new project opens with the same content.
  await page.keyboard.press('Control+e');
  await dialog.getByRole('tab', { name: 'Project archive' }).click();
  const archive = await download(page, () => dialog.getByTestId('export-archive-download').click());
  expect(archive.name).toMatch(/\.zip$/);
  expect(readFileSync(archive.path).subarray(0, 2).toString()).toBe('PK');
  await dialog.getByTestId('export-close').click();

  await page.goto('/');
  await expect(page.getByTestId('import-archive')).toBeVisible();
  await page.getByTestId('import-archive-file').setInputFiles(archive.path);
  await expect(page).toHaveURL(/#\/projects\/[0-9a-f-]+$/);
  const newId = page.url().split('/').pop()!;
  expect(newId).not.toBe(project.id);
  await expect(page.getByTestId('project-name')).toContainText('Export E2E');
  const copied = await counts(request, newId);
  expect(copied).toEqual(after);
  await expect(page.getByTestId('clip')).toHaveCount(after.clips);

  expect(consoleErrors).toEqual([]);
});
