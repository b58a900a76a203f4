import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Response } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { waitForJob } from './jobs';
import { expectVideoPlays } from './player';

// Journey 5, "Fix a frame", against the real backend AND the real SAM 3 service (global-setup starts both, tiny
// random-weight models): pause, Fix frame, SAM click, brush, in-paint, side by side, re-generate the shot from the
// repaired frame, plus tracking through the clip. Tiny SAM masks are noise: the test checks what the UI reports
// about SAM's answers, not the pixels. Sizes stay tiny (96×64, 9 frames, 2 steps).
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
const WIDTH = 96;
const HEIGHT = 64;

/** The answer of the next POST whose URL ends with `suffix`. */
function nextPost(page: Page, suffix: string): Promise<Response> {
  return page.waitForResponse((r) => r.url().endsWith(suffix) && r.request().method() === 'POST');
}

async function accepted(response: Promise<Response>): Promise<string> {
  const answer = await response;
  const body = await answer.json();
  expect(answer.status(), JSON.stringify(body)).toBe(202);
  return body.job_id as string;
}


test('fix a frame: SAM click, track, brush, in-paint side by side, re-generate the shot from it', async ({ page, request }) => {
  mkdirSync(resultsDir, { recursive: true });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));

  const project = await (await request.post('/projects', { data: { name: 'Fix frame', width: WIDTH, height: HEIGHT, fps: 24, seed: 5 } })).json();
  const shot = await (
    await request.post(`/projects/${project.id}/shots`, {
      data: { prompt: 'a red kite above a green field', num_frames: 9, num_inference_steps: 2 },
    })
  ).json();
  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);

  // The SAM light: the real service is up and runs the tiny test model.
  const status = await (await request.get('/segmentation/status')).json();
  expect(status).toMatchObject({ status: 'ok', running: true, test_model: true });
  const light = page.getByTestId('sam-status');
  await expect(light).toHaveAttribute('data-state', 'ok');
  await expect(light).toContainText('SAM ok');
  await expect(light.getByTestId('sam-test-model')).toHaveText('test model — masks are noise');

  // Generate the shot (tiny), then pause its clip on frame 5 (0.2 s × 24 fps = 4.8 → 5).
  const first = await waitForJob(page, request, await accepted(Promise.all([nextPost(page, '/generate/advanced'), page.getByTestId('inspector').getByTestId('generate').click()]).then(([r]) => r)));
  expect(first, JSON.stringify(first)).toMatchObject({ status: 'completed' });
  const video = page.getByTestId('player');
  await expect(video).toBeVisible();
  await video.evaluate(async (v: HTMLVideoElement) => {
    if (v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
    v.pause();
    v.currentTime = 0.2;
    await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
  });

  // Fix frame: the frame is grabbed (an image asset of the shot) and shown at its native size.
  const grabbed = nextPost(page, `/shots/${shot.id}/frames`);
  await page.getByTestId('fix-frame-open').click();
  const frameAnswer = await grabbed;
  const frameAsset = await frameAnswer.json();
  expect(frameAnswer.status(), JSON.stringify(frameAsset)).toBe(201);
  expect(frameAsset).toMatchObject({ origin: 'frame', source_shot_id: shot.id, source_frame: 5, width: WIDTH, height: HEIGHT });
  const dialog = page.getByTestId('fix-frame');
  await expect(dialog.getByRole('heading')).toHaveText('Fix frame 5 of shot 1');
  const frameCanvas = dialog.getByTestId('mask-frame');
  await expect(frameCanvas).toHaveAttribute('data-loaded', 'true');
  await expect(frameCanvas).toHaveJSProperty('width', WIDTH);
  await expect(frameCanvas).toHaveJSProperty('height', HEIGHT);

  // A SAM click at the image pixel (48, 16): the request carries it in the image's pixels, the UI reports the answer.
  const canvas = dialog.getByTestId('mask-canvas');
  const box = (await canvas.boundingBox())!;
  expect(box.width / box.height).toBeCloseTo(WIDTH / HEIGHT, 1);
  const segmented = nextPost(page, `/projects/${project.id}/segment`);
  await canvas.click({ position: { x: box.width * (48.5 / WIDTH), y: box.height * (16.5 / HEIGHT) } });
  const segmentAnswer = await segmented;
  const segment = await segmentAnswer.json();
  expect(segmentAnswer.status(), JSON.stringify(segment)).toBe(200);
  expect(segmentAnswer.request().postDataJSON()).toMatchObject({ asset_id: frameAsset.id, points: [[48, 16, 1]] });
  expect(segment).toMatchObject({ width: WIDTH, height: HEIGHT, test_model: true });
  await expect(dialog.getByTestId('sam-point')).toHaveCount(1);
  const report = dialog.getByTestId('sam-answer');
  await expect(report).toHaveAttribute('data-count', String(segment.masks.length));
  await expect(report).toContainText(segment.masks.length ? `score ${segment.masks[0].score.toFixed(2)}` : 'no mask');
  await expect(report).toContainText('test model — masks are noise');

  // "Find…" by words: the UI lists what SAM answered (each can be added to the mask).
  const found = nextPost(page, `/projects/${project.id}/segment`);
  await dialog.getByLabel('Find by words').fill('kite');
  await dialog.getByRole('button', { name: 'Find', exact: true }).click();
  const foundAnswer = await found;
  const foundBody = await foundAnswer.json();
  expect(foundAnswer.status(), JSON.stringify(foundBody)).toBe(200);
  expect(foundAnswer.request().postDataJSON()).toMatchObject({ asset_id: frameAsset.id, text: 'kite' });
  await expect(dialog.getByTestId('find-results')).toHaveAttribute('data-count', String(foundBody.masks.length));
  await expect(dialog.getByTestId('find-results').getByRole('button', { name: 'Add to mask' })).toHaveCount(foundBody.masks.length);

  // Track the clicked object through the clip: a track job, then the mask is listed under the shot.
  const trackJob = await accepted(Promise.all([nextPost(page, `/shots/${shot.id}/track`), dialog.getByTestId('track').click()]).then(([r]) => r));
  const track = await waitForJob(page, request, trackJob);
  expect(track, JSON.stringify(track)).toMatchObject({ kind: 'track', status: 'completed' });

  // A brush stroke across the middle: the mask now has pixels whatever SAM's noise said.
  await dialog.getByRole('radio', { name: 'Brush' }).click();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.55, { steps: 6 });
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.6, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => Number(await canvas.getAttribute('data-mask-area'))).toBeGreaterThan(WIDTH * 0.5);

  // In-paint: the mask is uploaded as a PNG at the frame's size, the job repaints the frame (no shot_id).
  await dialog.getByLabel('In-paint prompt').fill('a blue kite');
  await dialog.getByLabel('Steps').fill('2');
  const upload = page.waitForResponse((r) => r.url().endsWith(`/projects/${project.id}/assets`) && r.request().method() === 'POST');
  const inpaintPost = nextPost(page, '/generate/advanced');
  await dialog.getByTestId('inpaint-submit').click();
  const maskAsset = await (await upload).json();
  expect(maskAsset).toMatchObject({ kind: 'image', width: WIDTH, height: HEIGHT });
  const inpaintResponse = await inpaintPost;
  expect(inpaintResponse.request().postDataJSON()).toMatchObject({
    mode: 'inpaint',
    prompt: 'a blue kite',
    image_asset_id: frameAsset.id,
    mask_asset_id: maskAsset.id,
  });
  expect(inpaintResponse.request().postDataJSON()).not.toHaveProperty('shot_id');
  const inpaint = await waitForJob(page, request, await accepted(Promise.resolve(inpaintResponse)));
  expect(inpaint, JSON.stringify(inpaint)).toMatchObject({ kind: 'inpaint', status: 'completed' });
  expect(inpaint.result).toMatchObject({ source_shot_id: shot.id, source_frame: 5, test_model: true });

  // Side by side: the frame before and the repaired frame after, both loaded; the test-model note.
  const result = dialog.getByTestId('inpaint-result');
  await expect(result.getByTestId('inpaint-before')).toHaveJSProperty('naturalWidth', WIDTH);
  await expect(result.getByTestId('inpaint-after')).toHaveAttribute('src', String(inpaint.result!['image_url']));
  await expect(result.getByTestId('inpaint-after')).toHaveJSProperty('naturalWidth', WIDTH);
  await expect(result.getByTestId('inpaint-test-note')).toHaveText('test model — output is noise');
  await page.screenshot({ path: join(resultsDir, 'fix-frame.png'), fullPage: true });

  // Re-generate the shot with the repaired frame pinned at frame 5: the editor closes, the shot generates and plays.
  const again = await accepted(Promise.all([nextPost(page, '/generate/advanced'), result.getByTestId('regenerate-keyframe').click()]).then(([r]) => r));
  await expect(dialog).toHaveCount(0);
  const regenerated = await waitForJob(page, request, again);
  expect(regenerated, JSON.stringify(regenerated)).toMatchObject({ kind: 'keyframes', status: 'completed' });
  expect(regenerated.request['conditioning']).toEqual([{ asset_id: inpaint.result!['asset_id'], frame: 5, strength: 1 }]);
  await expect(page.getByTestId('player-status').getByRole('progressbar')).toHaveAttribute('data-status', 'completed');
  await expectVideoPlays(page, String(regenerated.result!['video_url']), [WIDTH, HEIGHT]);

  // The tracked object is listed under the shot: label, frames, a preview that loads; delete removes it.
  const masks = (await (await request.get(`/projects/${project.id}/shots/${shot.id}/masks`)).json()) as { id: string; num_frames: number; frames_with_object: number }[];
  const rows = page.getByTestId('inspector').getByTestId('tracked-mask');
  await expect(rows).toHaveCount(masks.length);
  if (masks.length > 0) {
    const row = rows.first();
    await expect(row.getByTestId('tracked-mask-frames')).toContainText(`${masks[0]!.frames_with_object} of ${masks[0]!.num_frames} frames`);
    await expect
      .poll(() => row.getByTestId('tracked-mask-preview').evaluate((v: HTMLVideoElement) => (v.error ? `error ${v.error.code}` : v.readyState)))
      .toBeGreaterThanOrEqual(1);
    await row.getByRole('button', { name: /Delete mask/ }).click();
    await expect(rows).toHaveCount(masks.length - 1);
  }
  expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});

test('a shot without a clip offers no Fix frame; the SAM light is green', async ({ page, request }) => {
  const project = await (await request.post('/projects', { data: { name: 'SAM refusal', width: WIDTH, height: HEIGHT, fps: 24, seed: 1 } })).json();
  await request.post(`/projects/${project.id}/shots`, { data: { prompt: 'no clip yet', num_frames: 9, num_inference_steps: 2 } });
  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('sam-status')).toHaveAttribute('data-state', 'ok');
  // No clip yet: there is no Fix frame button (nothing to pause on).
  await expect(page.getByTestId('fix-frame-open')).toHaveCount(0);
});
