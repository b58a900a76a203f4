import { expect, test } from '@playwright/test';
import { playerClip } from './player';

// Smart Continue against the real backend: generate a tiny shot, extend it by six seconds with an instruction,
// watch the chunk progress, play the longer clip, then Ctrl+Z puts the original clip back.
test('extend a shot (chunk progress, longer clip) and undo it with Ctrl+Z', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));

  const project = await (await request.post('/projects', { data: { name: 'Extend', width: 128, height: 128, fps: 24 } })).json();
  const shot = await (
    await request.post(`/projects/${project.id}/shots`, {
      data: { prompt: 'a paper boat drifting on a pond', num_frames: 9, num_inference_steps: 2 },
    })
  ).json();

  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByLabel('Prompt', { exact: true })).toHaveValue('a paper boat drifting on a pond');
  await expect(inspector.getByTestId('extend')).toBeDisabled(); // no clip yet

  // Generate the shot.
  await inspector.getByTestId('generate').click();
  const status = page.getByTestId('player-status').getByRole('progressbar');
  await expect(status).toHaveAttribute('data-status', 'completed', { timeout: 240_000 });
  const original = await playerClip(page);
  console.log(`original clip: ${JSON.stringify(original)}`);

  // Extend by 6 s from the timeline card's context menu: more than one native-length chunk (about 5 s), so two.
  await page.getByTestId('clip').click({ button: 'right' });
  await page.getByTestId('shot-menu').getByRole('menuitem', { name: 'Extend…' }).click();
  const dialog = page.getByTestId('extend-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Seconds to add').fill('6');
  // The default overlap (1 s) is longer than this 9-frame shot: the server caps it below the clip's length.
  await dialog.getByLabel('What happens next').fill('the boat drifts out of frame to the right');
  await expect(dialog.getByLabel("Replace this shot's clip")).toBeChecked();
  await dialog.getByTestId('extend-submit').click();
  await expect(dialog).toBeHidden();

  // Chunk progress: "chunk n/m · p%" while it runs, then done.
  const chunkLabels = new Set<string>();
  const deadline = Date.now() + 240_000;
  for (;;) {
    // allInnerTexts does not wait: the label goes away when the job finishes.
    for (const text of await page.getByTestId('player-status').getByTestId('job-chunk').allInnerTexts()) {
      if (text.trim()) chunkLabels.add(text.trim());
    }
    const state = await status.getAttribute('data-status');
    if (state === 'completed') break;
    if (state === 'failed' || state === 'cancelled') {
      throw new Error(`extend ${state}: ${await page.getByTestId('player-status').innerText()}`);
    }
    if (Date.now() > deadline) throw new Error(`extend did not finish (chunks seen: ${[...chunkLabels].join(', ')})`);
    await page.waitForTimeout(50);
  }
  console.log(`chunk labels seen: ${[...chunkLabels].join(' → ')}`);
  expect([...chunkLabels].some((t) => /^chunk \d+\/\d+ · \d+%$/.test(t))).toBe(true);

  // The player now has the longer clip, and it plays.
  await expect.poll(async () => (await playerClip(page)).src, { timeout: 30_000 }).not.toBe(original.src);
  const extended = await playerClip(page);
  console.log(`extended clip: ${JSON.stringify(extended)}`);
  expect(extended.duration).toBeGreaterThan(original.duration + 0.3);
  await page.getByTestId('player').evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
  });
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="player"]')?.currentTime ?? 0) > 0);
  await page.getByTestId('player').evaluate((v: HTMLVideoElement) => v.pause());

  // Its clip on the timeline took the new length (the added footage is on the timeline, not cut off), here too.
  const clipFrames = async () => (await (await request.get(`/projects/${project.id}/timeline`)).json()).clips[0].duration as number;
  await expect.poll(clipFrames).toBe(9 + 6 * 24);
  await expect(page.getByTestId('clip')).toHaveAttribute('data-duration', String(9 + 6 * 24));

  // The shot keeps both takes.
  const row = (await (await request.get(`/projects/${project.id}`)).json()).shots.find((s: { id: string }) => s.id === shot.id);
  expect(row.params.takes.length).toBeGreaterThanOrEqual(2);

  // Ctrl+Z (outside text fields) restores the original clip.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await playerClip(page)).src, { timeout: 30_000 }).toBe(original.src);
  const restored = await playerClip(page);
  expect(Math.abs(restored.duration - original.duration)).toBeLessThan(0.05);
  await expect.poll(clipFrames).toBe(9);

  // Redo brings the extension back.
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await playerClip(page)).src, { timeout: 30_000 }).toBe(extended.src);

  expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
