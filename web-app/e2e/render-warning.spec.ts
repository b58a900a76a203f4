import { expect, test } from '@playwright/test';

// Against the real backend: a render of a timeline with a shot not generated yet warns in the Export dialog before
// it starts, naming the shot by its place and prompt (not its id).
test('the Export dialog names the ungenerated shots before a render starts', async ({ page, request }) => {
  const project = await (await request.post('/projects', { data: { name: 'Render warning', width: 128, height: 128, fps: 24 } })).json();
  await request.post(`/projects/${project.id}/shots`, { data: { prompt: 'the harbour at dawn', num_frames: 9, num_inference_steps: 2 } });
  const second = await (
    await request.post(`/projects/${project.id}/shots`, { data: { prompt: 'Mara on the pier', num_frames: 9, num_inference_steps: 2 } })
  ).json();

  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await page.getByTestId('project-name').click();
  await page.keyboard.press('Control+e');
  const dialog = page.getByTestId('export-dialog');
  const warning = dialog.getByTestId('render-ungenerated');
  await expect(warning).toContainText("Shot 1 — 'the harbour at dawn' has no clip yet");
  await expect(warning).toContainText("Shot 2 — 'Mara on the pier' has no clip yet");
  await expect(warning).not.toContainText(second.id);
  await expect(dialog.getByTestId('render-start')).toBeEnabled(); // a warning, not a refusal: a draft render is fine
});
