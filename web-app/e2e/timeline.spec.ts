import { expect, test } from '@playwright/test';
import type { APIRequestContext, Locator, Page } from '@playwright/test';

// The multi-track timeline against the real backend: every edit is made with the mouse/keyboard and checked on the
// server (GET /projects/{id}), undo/redo and a reload keep following it, the program monitor plays across a cut, and
// a second browser context editing the same clip gets the conflict banner with Reload.

interface ServerClip {
  id: string;
  shot_id: string | null;
  track_id: string;
  start_frame: number;
  source_in: number;
  duration: number;
  version: number;
}

async function serverClips(request: APIRequestContext, projectId: string): Promise<ServerClip[]> {
  const state = await (await request.get(`/projects/${projectId}`)).json();
  return (state.clips as ServerClip[]).sort((a, b) => a.start_frame - b.start_frame);
}

/** The server's clips of a shot as "start+duration@source_in", in order. */
async function shotClips(request: APIRequestContext, projectId: string, shotId: string): Promise<string[]> {
  return (await serverClips(request, projectId)).filter((c) => c.shot_id === shotId).map((c) => `${c.start_frame}+${c.duration}@${c.source_in}`);
}

function clipOf(page: Page, shotId: string): Locator {
  return page.locator(`[data-testid="clip"][data-shot-id="${shotId}"]`);
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
  await page.mouse.up();
}

test('timeline: move, trim, split, ripple delete, undo/redo, reload, composed playback, conflict', async ({ page, request, browser }) => {
  test.setTimeout(400_000);
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));

  const project = await (await request.post('/projects', { data: { name: 'NLE', width: 128, height: 128, fps: 24, seed: 3 } })).json();
  const shots: { id: string }[] = [];
  for (const prompt of ['a red kite', 'a blue boat', 'a green hill']) {
    shots.push(await (await request.post(`/projects/${project.id}/shots`, { data: { prompt, num_frames: 9, num_inference_steps: 2 } })).json());
  }
  const [s1, s2, s3] = shots.map((s) => s.id) as [string, string, string];
  // Each new shot got a clip at the end of V1: [0,9) [9,18) [18,27).
  expect(await serverClips(request, project.id)).toMatchObject([{ start_frame: 0 }, { start_frame: 9 }, { start_frame: 18 }]);

  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await expect(page.getByTestId('clip')).toHaveCount(3);

  // Generate shot 1 (its clip gets media; progress shows on the clip and under the player).
  await clipOf(page, s1).click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByLabel('Prompt', { exact: true })).toHaveValue('a red kite');
  await inspector.getByTestId('generate').click();
  await expect(page.getByTestId('player-status').getByRole('progressbar')).toHaveAttribute('data-status', 'completed', { timeout: 240_000 });
  await expect(clipOf(page, s1)).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('player')).toBeVisible();

  // Zoom in (+ three times) so frames are wide enough to aim at.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 3; i++) await page.keyboard.press('+');
  const box3 = (await clipOf(page, s3).boundingBox())!;
  const zoom = box3.width / 9;
  expect(zoom).toBeGreaterThan(6);

  // Move: drag shot 3's clip right by 10 frames → start 28 on the server.
  await drag(page, { x: box3.x + box3.width / 2, y: box3.y + box3.height / 2 }, { x: box3.x + box3.width / 2 + 10 * zoom, y: box3.y + box3.height / 2 });
  await expect.poll(() => shotClips(request, project.id, s3)).toEqual(['28+9@0']);

  // Trim: drag shot 2's out edge left by 3 frames → duration 6.
  const box2 = (await clipOf(page, s2).boundingBox())!;
  await drag(page, { x: box2.x + box2.width - 2, y: box2.y + box2.height / 2 }, { x: box2.x + box2.width - 2 - 3 * zoom, y: box2.y + box2.height / 2 });
  await expect.poll(() => shotClips(request, project.id, s2)).toEqual(['9+6@0']);

  // Split: select shot 1's clip, put the playhead on frame 4 (click the ruler), press S → two clips on the server.
  await clipOf(page, s1).click();
  const ruler = (await page.getByTestId('ruler').boundingBox())!;
  await page.mouse.click(ruler.x + 4.5 * zoom, ruler.y + ruler.height / 2);
  await expect(page.getByTestId('playhead')).toHaveAttribute('data-frame', '4');
  await page.keyboard.press('s');
  await expect.poll(() => shotClips(request, project.id, s1)).toEqual(['0+4@0', '4+5@4']);
  await expect(clipOf(page, s1)).toHaveCount(2);

  // Ripple delete shot 2's clip: shot 3's clip closes the gap (28 − 6 = 22).
  await clipOf(page, s2).click();
  await page.keyboard.press('Shift+Delete');
  await expect.poll(() => shotClips(request, project.id, s2)).toEqual([]);
  await expect.poll(() => shotClips(request, project.id, s3)).toEqual(['22+9@0']);

  // Undo / redo: the server follows.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(() => shotClips(request, project.id, s2)).toEqual(['9+6@0']);
  await expect.poll(() => shotClips(request, project.id, s3)).toEqual(['28+9@0']);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => shotClips(request, project.id, s2)).toEqual([]);
  await expect.poll(() => shotClips(request, project.id, s3)).toEqual(['22+9@0']);
  await expect(page.getByTestId('save-state')).toHaveText(/All changes saved/);

  // Reload: the timeline and its undo history are still there (Ctrl+Z undoes the ripple delete).
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await expect(page.getByTestId('clip')).toHaveCount(3);
  await expect(clipOf(page, s3)).toHaveAttribute('data-start', '22');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(() => shotClips(request, project.id, s2)).toEqual(['9+6@0']);
  await expect.poll(() => shotClips(request, project.id, s3)).toEqual(['28+9@0']);
  await expect(clipOf(page, s2)).toHaveCount(1);

  // Composed playback: from frame 0, Space plays across the cut between shot 1's two halves.
  const halves = (await serverClips(request, project.id)).filter((c) => c.shot_id === s1).map((c) => c.id);
  await page.keyboard.press('Home');
  await expect(page.getByTestId('program-frame')).toHaveAttribute('data-clip-id', halves[0]!);
  await page.evaluate(() => {
    const frame = document.querySelector('[data-testid="program-frame"]')!;
    const seen: string[] = [frame.getAttribute('data-clip-id') ?? ''];
    (window as unknown as { seenClips: string[] }).seenClips = seen;
    new MutationObserver(() => seen.push(frame.getAttribute('data-clip-id') ?? '')).observe(frame, { attributes: true, attributeFilter: ['data-clip-id'] });
  });
  await page.keyboard.press('Space');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { seenClips: string[] }).seenClips), { timeout: 10_000 })
    .toEqual(expect.arrayContaining([halves[0], halves[1]]));
  await page.keyboard.press('k');
  await page.keyboard.press('Home');
  const video = await page.getByTestId('player').evaluate((v: HTMLVideoElement) => ({ error: v.error?.message ?? null, w: v.videoWidth }));
  expect(video).toEqual({ error: null, w: 128 });

  // Shortcuts overlay.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  // A second browser context opens the project without live updates (so it stays on the old versions) …
  const other = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page2 = await other.newPage();
  await page2.route('**/events?*', (route) => route.abort());
  await page2.goto(`/#/projects/${project.id}`);
  await expect(page2.getByTestId('clip')).toHaveCount(4);
  // … this page moves shot 3's clip (saved: version bumps) …
  await page.keyboard.press('Home');
  const box3b = (await clipOf(page, s3).boundingBox())!;
  await drag(page, { x: box3b.x + box3b.width / 2, y: box3b.y + box3b.height / 2 }, { x: box3b.x + box3b.width / 2 + 5 * zoom, y: box3b.y + box3b.height / 2 });
  await expect.poll(async () => (await shotClips(request, project.id, s3))[0]).not.toBe('28+9@0');
  const moved = await shotClips(request, project.id, s3);
  const movedStart = moved[0]!.split('+')[0]!;
  // … and the other one deletes the same clip: 409 → the conflict banner, nothing overwritten.
  await clipOf(page2, s3).click();
  await page2.keyboard.press('Delete');
  const conflict = page2.getByTestId('timeline').getByTestId('conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('changed in another tab');
  expect(await shotClips(request, project.id, s3)).toEqual(moved);
  await conflict.getByRole('button', { name: 'Reload' }).click();
  await expect(conflict).toBeHidden();
  await expect(clipOf(page2, s3)).toHaveAttribute('data-start', movedStart);
  await other.close();

  expect(consoleErrors.filter((e) => !/favicon|409|Conflict/i.test(e))).toEqual([]);
});
