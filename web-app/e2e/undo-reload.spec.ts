import { expect, test } from '@playwright/test';

// README: "undo/redo that survives a reload". Against the real backend: a timeline edit, a reload, and the Undo
// button (not only Ctrl+Z) is there to take the edit back.
test('after a reload the Undo button undoes the last timeline edit', async ({ page, request }) => {
  const project = await (await request.post('/projects', { data: { name: 'Undo after reload', width: 128, height: 128, fps: 24 } })).json();
  for (const prompt of ['the harbour at dawn', 'a gull on a post']) {
    await request.post(`/projects/${project.id}/shots`, { data: { prompt, num_frames: 9, num_inference_steps: 2 } });
  }
  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await expect(page.getByTestId('clip')).toHaveCount(2);
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  await expect(undo).toBeDisabled();

  await page.getByTestId('clip').nth(1).click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('clip')).toHaveCount(1);
  await expect(page.getByTestId('save-state')).toHaveText(/All changes saved/);
  await expect(undo).toBeEnabled();

  await page.reload();
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await expect(page.getByTestId('clip')).toHaveCount(1);
  await expect(undo).toBeEnabled();
  await undo.click();
  await expect(page.getByTestId('clip')).toHaveCount(2);
  await expect.poll(async () => (await (await request.get(`/projects/${project.id}/timeline`)).json()).clips.length).toBe(2);
});
