import { expect, test } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';

// The timeline's scene band against the real backend: after a storyboard commit the band names the scenes in script
// order over their clips, a click on a span moves the playhead to its start, and the band follows a shot moved to
// another scene; a project without scenes has no band.

interface ServerShot {
  id: string;
  scene_id: string | null;
  version: number;
  index: number;
}
interface ServerClip {
  shot_id: string | null;
  start_frame: number;
  duration: number;
}

async function projectState(request: APIRequestContext, projectId: string) {
  const state = await (await request.get(`/projects/${projectId}`)).json();
  return state as { shots: ServerShot[]; scenes: { id: string; heading: string; index: number }[]; clips: ServerClip[] };
}

test('scene band: names in order after a commit, click seeks, follows a shot changing scene', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const project = await (await request.post('/projects', { data: { name: 'Scenes', width: 64, height: 64, fps: 24, seed: 7 } })).json();
  const committed = await request.post(`/projects/${project.id}/storyboard/commit`, {
    data: {
      scenes: [
        { heading: 'EXT. PIER - NIGHT', shots: [{ text: 'Rain hammers the empty pier.', duration_s: 2 }, { text: 'Mara waits under a lamp.', duration_s: 1 }] },
        { heading: 'INT. KITCHEN - DAY', shots: [{ text: 'Coffee drips into a mug.', duration_s: 1.5 }] },
        { heading: 'EXT. ROOF - DAWN', shots: [{ text: 'The sun rises over the city.', duration_s: 2 }] },
      ],
    },
  });
  expect(committed.status()).toBe(200);
  const state = await projectState(request, project.id);
  const scenes = [...state.scenes].sort((a, b) => a.index - b.index);
  expect(scenes.map((s) => s.heading)).toEqual(['EXT. PIER - NIGHT', 'INT. KITCHEN - DAY', 'EXT. ROOF - DAWN']);
  // Each scene's frames on the timeline, from its shots' clips.
  const extent = (sceneId: string) => {
    const ids = new Set(state.shots.filter((s) => s.scene_id === sceneId).map((s) => s.id));
    const clips = state.clips.filter((c) => c.shot_id && ids.has(c.shot_id));
    return [Math.min(...clips.map((c) => c.start_frame)), Math.max(...clips.map((c) => c.start_frame + c.duration))];
  };

  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await expect(page.getByTestId('clip')).toHaveCount(4);
  const band = page.getByTestId('scene-band');
  const spans = band.getByTestId('scene-span');
  await expect(spans).toHaveText(['1PIER - NIGHT', '2KITCHEN - DAY', '3ROOF - DAWN']);
  for (const [i, scene] of scenes.entries()) {
    const span = spans.nth(i);
    await expect(span).toHaveAttribute('data-scene-id', scene.id);
    await expect(span).toHaveAttribute('title', new RegExp(`^${scene.heading} · `));
    const [start, end] = extent(scene.id);
    await expect(span).toHaveAttribute('data-start', String(start));
    await expect(span).toHaveAttribute('data-end', String(end));
  }
  // The spans sit over their clips, and every clip carries its scene's colour strip.
  const kitchenShot = state.shots.find((s) => s.scene_id === scenes[1]!.id)!;
  const kitchenClip = page.locator(`[data-testid="clip"][data-shot-id="${kitchenShot.id}"]`);
  const [spanBox, clipBox] = [await spans.nth(1).boundingBox(), await kitchenClip.boundingBox()];
  expect(Math.abs(spanBox!.x - clipBox!.x)).toBeLessThan(2);
  expect(Math.abs(spanBox!.width - clipBox!.width)).toBeLessThan(2);
  expect(spanBox!.y + spanBox!.height).toBeLessThanOrEqual(clipBox!.y);
  await expect(page.getByTestId('clip-scene')).toHaveCount(4);
  const colour = (i: number) => spans.nth(i).evaluate((el) => getComputedStyle(el).borderLeftColor);
  expect(new Set([await colour(0), await colour(1), await colour(2)]).size).toBe(3);
  expect(await kitchenClip.getByTestId('clip-scene').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(await colour(1));

  // A click on a span seeks to its first frame.
  const playhead = page.getByTestId('playhead');
  await expect(playhead).toHaveAttribute('data-frame', '0');
  await spans.nth(2).click();
  await expect(playhead).toHaveAttribute('data-frame', String(extent(scenes[2]!.id)[0]));
  await spans.nth(1).click();
  await expect(playhead).toHaveAttribute('data-frame', String(extent(scenes[1]!.id)[0]));
  // And from the keyboard.
  await spans.nth(0).focus();
  await page.keyboard.press('Enter');
  await expect(playhead).toHaveAttribute('data-frame', '0');

  // The pier's second shot moves to the roof (another tab, a shot.updated event): the pier shrinks to its first
  // shot and the roof now has a span of its own there too, between the pier and the kitchen.
  const moved = [...state.shots].sort((a, b) => a.index - b.index)[1]!;
  expect(moved.scene_id).toBe(scenes[0]!.id);
  const patched = await request.patch(`/projects/${project.id}/shots/${moved.id}`, { data: { version: moved.version, scene_id: scenes[2]!.id } });
  expect(patched.status()).toBe(200);
  await expect(spans).toHaveText(['1PIER - NIGHT', '3ROOF - DAWN', '2KITCHEN - DAY', '3ROOF - DAWN']);
  const movedClip = state.clips.find((c) => c.shot_id === moved.id)!;
  await expect(spans.nth(0)).toHaveAttribute('data-end', String(movedClip.start_frame));
  await expect(spans.nth(1)).toHaveAttribute('data-start', String(movedClip.start_frame));

  // Dragging the last clip later takes its span with it, live (the drag's preview) and after the drop.
  const roofStart = extent(scenes[2]!.id)[0]!;
  const last = page.getByTestId('clip').last();
  await expect(last).toHaveAttribute('data-start', String(roofStart));
  const box = (await last.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width / 2 + i * 12, box.y + box.height / 2);
  const during = Number(await last.getAttribute('data-start'));
  expect(during).toBeGreaterThan(roofStart);
  await expect(spans.last()).toHaveAttribute('data-start', String(during));
  await page.mouse.up();
  await expect(page.getByTestId('save-state')).toHaveText(/All changes saved/);
  await expect(spans.last()).toHaveAttribute('data-start', (await last.getAttribute('data-start'))!);
  expect(Number(await spans.last().getAttribute('data-start'))).toBeGreaterThan(roofStart);

  // A project without scenes: no band, the tracks right under the ruler.
  const plain = await (await request.post('/projects', { data: { name: 'No scenes', width: 64, height: 64, fps: 24 } })).json();
  await request.post(`/projects/${plain.id}/shots`, { data: { prompt: 'a red kite' } });
  await page.goto(`/#/projects/${plain.id}`);
  await expect(page.getByTestId('clip')).toHaveCount(1);
  await expect(page.getByTestId('scene-band')).toHaveCount(0);
  await expect(page.getByTestId('clip-scene')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
