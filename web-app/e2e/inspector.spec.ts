import { expect, test } from '@playwright/test';

// The inspector as a new user meets it, against the real backend: a shot's length is typed in seconds.

async function emptyShot(request: import('@playwright/test').APIRequestContext, name: string) {
  const project = await (await request.post('/projects', { data: { name, width: 128, height: 128, fps: 24, seed: 3 } })).json();
  const shot = await (await request.post(`/projects/${project.id}/shots`, { data: { prompt: '', num_frames: 9, num_inference_steps: 2 } })).json();
  return { projectId: project.id as string, shotId: shot.id as string };
}

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
