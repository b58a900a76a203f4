import { expect, test } from '@playwright/test';

// Inspector editing against the real backend: undo/redo with the keyboard, and a 409 that is shown, not overwritten.
test('inspector edits undo/redo with Ctrl+Z / Ctrl+Shift+Z, and a stale save shows a conflict with Reload', async ({
  page,
  request,
}) => {
  const project = await (await request.post('/projects', { data: { name: 'Editing', width: 256, height: 192 } })).json();
  const shot = await (await request.post(`/projects/${project.id}/shots`, { data: { prompt: 'original', num_frames: 9 } })).json();

  await page.goto(`/#/projects/${project.id}`);
  const inspector = page.getByTestId('inspector');
  const prompt = inspector.getByLabel('Prompt', { exact: true });
  await expect(prompt).toHaveValue('original');

  await prompt.fill('first edit');
  await prompt.blur();
  await prompt.fill('second edit');
  await prompt.blur();
  await page.locator('body').click({ position: { x: 5, y: 5 } });

  await page.keyboard.press('Control+z');
  await expect(prompt).toHaveValue('first edit');
  await page.keyboard.press('Control+z');
  await expect(prompt).toHaveValue('original');
  await page.keyboard.press('Control+Shift+z');
  await expect(prompt).toHaveValue('first edit');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(prompt).toHaveValue('second edit');

  // Someone else saves the shot meanwhile (version 1 → 2); our save still carries version 1.
  const other = await request.patch(`/projects/${project.id}/shots/${shot.id}`, { data: { version: 1, prompt: 'from another tab' } });
  expect(other.status()).toBe(200);
  await inspector.getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByTestId('conflict');
  await expect(conflict).toContainText('changed elsewhere');
  const row = await (await request.get(`/projects/${project.id}`)).json();
  expect(row.shots[0].prompt).toBe('from another tab'); // not overwritten
  await expect(prompt).toHaveValue('second edit'); // nor our edit lost

  await conflict.getByRole('button', { name: 'Reload' }).click();
  await expect(conflict).toBeHidden();
  await expect(prompt).toHaveValue('from another tab');
  await expect(inspector.getByRole('button', { name: 'Saved' })).toBeVisible();
});
