import { expect, test } from '@playwright/test';
import type { JobRow } from './jobs';

// The inspector as a new user meets it, against the real backend: a typed prompt reaches the job on the first click
// of Generate (the blur that commits it moves nothing under the pointer), and a shot's length is typed in seconds.

async function emptyShot(request: import('@playwright/test').APIRequestContext, name: string) {
  const project = await (await request.post('/projects', { data: { name, width: 128, height: 128, fps: 24, seed: 3 } })).json();
  const shot = await (await request.post(`/projects/${project.id}/shots`, { data: { prompt: '', num_frames: 9, num_inference_steps: 2 } })).json();
  return { projectId: project.id as string, shotId: shot.id as string };
}

// Tall enough that Generate is in view without scrolling, as on a desktop screen: then whatever the blur removes
// above it moves it (a scrolled-to-the-bottom panel would hide the jump).
test.use({ viewport: { width: 1440, height: 1600 } });

test('a typed prompt is generated on the first click of Generate, and never reads "Saved" before it is', async ({ page, request }) => {
  const { projectId, shotId } = await emptyShot(request, 'First click');
  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  const inspector = page.getByTestId('inspector');
  const prompt = inspector.getByLabel('Prompt', { exact: true });
  await expect(prompt).toHaveValue('');
  await expect(inspector.getByTestId('gen-problems')).toContainText('prompt is empty');

  await prompt.fill('a heron lifting off a misty lake');
  // Still in the field, not committed: the shot is not saved, and says so.
  await expect(inspector.getByRole('button', { name: 'Save', exact: true })).toBeEnabled();
  await expect(inspector.getByRole('button', { name: 'Saved' })).toHaveCount(0);
  await expect(inspector.getByTestId('gen-problems')).toHaveCount(0);

  const accepted = page.waitForResponse((r) => r.url().endsWith('/generate/advanced') && r.request().method() === 'POST', { timeout: 10_000 });
  // Once, as a person clicks: press, a moment, release (the blur that commits the prompt happens on the press).
  // (Scrolled to first, as a person would: the inspector is taller than the panel since the quality presets.)
  await inspector.getByTestId('generate').scrollIntoViewIfNeeded();
  const box = (await inspector.getByTestId('generate').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(120);
  await page.mouse.up();
  const response = await accepted;
  expect(response.status()).toBe(202);
  const { job_id: jobId } = (await response.json()) as { job_id: string };
  const job = (await (await request.get(`/jobs/${jobId}`)).json()) as JobRow;
  expect(job.request.prompt).toBe('a heron lifting off a misty lake');
  const saved = await (await request.get(`/projects/${projectId}/shots/${shotId}`)).json();
  expect(saved.prompt).toBe('a heron lifting off a misty lake');
});

test('a shot length is typed in seconds and becomes 8k+1 frames', async ({ page, request }) => {
  const { projectId, shotId } = await emptyShot(request, 'Seconds');
  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  const inspector = page.getByTestId('inspector');
  const length = inspector.getByLabel('Length (s)');
  await expect(inspector.getByTestId('num_frames-hint')).toHaveText('0.4 s · 9 frames');
  await length.fill('2');
  await length.press('Enter');
  await expect(inspector.getByTestId('num_frames-hint')).toHaveText('2.0 s · 49 frames');
  await expect(length).toHaveValue('2');
  await inspector.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(inspector.getByRole('button', { name: 'Saved' })).toBeVisible();
  expect((await (await request.get(`/projects/${projectId}/shots/${shotId}`)).json()).num_frames).toBe(49);
});
