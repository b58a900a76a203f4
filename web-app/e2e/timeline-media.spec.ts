import { expect, test } from '@playwright/test';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { encodePng } from './png';
import { encodeWav } from './wav';

// Drag sources onto the timeline (media-bin tiles: a still onto V1, a sound onto A1; the inspector's shot header onto
// V2), checked on the server; and real media on clips: a generated shot's filmstrip sprite loads (JPEG, frames at
// their aspect) and an audio clip draws its waveform.

interface ServerClip {
  id: string;
  track_id: string;
  shot_id: string | null;
  asset_id: string | null;
  start_frame: number;
  source_in: number;
  duration: number;
}
interface ServerTrack {
  id: string;
  name: string;
  kind: 'video' | 'audio';
}

async function state(request: APIRequestContext, projectId: string): Promise<{ clips: ServerClip[]; tracks: ServerTrack[]; shots: { id: string; status: string }[]; assets: { id: string; original_name: string }[] }> {
  return (await request.get(`/projects/${projectId}`)).json();
}

/** A mono WAV: `seconds` of a 220 Hz tone whose loudness ramps up then down (a visible waveform). */
function encodeRamp(seconds: number, rate = 8000): Buffer {
  return encodeWav(seconds, rate, (i, n) => [0.8 * Math.sin((Math.PI * i) / n) * Math.sin((2 * Math.PI * 220 * i) / rate)]);
}

function lane(page: Page, trackId: string): Locator {
  return page.locator(`[data-testid="lane"][data-track-id="${trackId}"]`);
}

/** Drag `source` (HTML5 drag and drop) onto frame `frame` (+ half a frame) of a lane. */
async function dropAt(source: Locator, target: Locator, frame: number, zoom: number) {
  const box = (await target.boundingBox())!;
  await source.dragTo(target, { targetPosition: { x: (frame + 0.5) * zoom, y: box.height / 2 } });
}

test('timeline media: drag a still, a sound and a shot onto tracks; filmstrip and waveform of real media', async ({ page, request }) => {
  test.setTimeout(400_000);
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));

  const project = await (await request.post('/projects', { data: { name: 'NLE media', width: 128, height: 128, fps: 24, seed: 7 } })).json();
  const shot = await (await request.post(`/projects/${project.id}/shots`, { data: { prompt: 'a lighthouse at dusk', num_frames: 9, num_inference_steps: 2 } })).json();
  // Generate it through the API (the timeline spec covers the Generate button).
  expect((await request.post('/generate/advanced', { data: { project_id: project.id, shot_id: shot.id, mode: 't2v' } })).status()).toBe(202);
  await expect.poll(async () => (await state(request, project.id)).shots[0]?.status, { timeout: 240_000, intervals: [1000] }).toBe('ready');

  const filmstrips: { status: number; type: string }[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/analysis/filmstrip')) filmstrips.push({ status: r.status(), type: r.headers()['content-type'] ?? '' });
  });
  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  const shotClip = page.locator(`[data-testid="clip"][data-shot-id="${shot.id}"]`);
  await expect(shotClip).toHaveCount(1);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 3; i++) await page.keyboard.press('+');
  await expect.poll(async () => (await shotClip.boundingBox())!.width / 9).toBeGreaterThan(6);
  const zoom = (await shotClip.boundingBox())!.width / 9;

  // Filmstrip: the generated shot's clip has a sprite background that loads as a JPEG, one 128×128 frame per tile
  // drawn at its own aspect (square: sprite width = count × height).
  const strip = shotClip.getByTestId('filmstrip');
  await expect(strip).toHaveAttribute('data-count', /\d+/);
  const count = Number(await strip.getAttribute('data-count'));
  const url = await strip.evaluate((el) => /url\("?([^")]+)"?\)/.exec(getComputedStyle(el).backgroundImage)?.[1] ?? '');
  expect(url).toContain(`count=${count}`);
  const res = await request.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('image/jpeg');
  const sprite = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    return { w: img.naturalWidth, h: img.naturalHeight };
  }, url);
  expect(sprite.w).toBe(count * sprite.h);
  await expect.poll(() => filmstrips.length).toBeGreaterThan(0);
  expect(filmstrips.every((f) => f.status === 200 && f.type.includes('image/jpeg'))).toBe(true);
  // Tiles keep their aspect on screen: the drawn sprite is as wide as the source on screen and count × as wide as tall.
  const drawn = await strip.evaluate((el) => getComputedStyle(el).backgroundSize);
  const [bw, bh] = drawn.split(' ');
  expect(parseFloat(bw!)).toBeCloseTo(9 * zoom, 0);
  expect(bh).toBe('auto');

  // Upload a still and a sound through the media bin.
  const png = encodePng(32, 32, (x, y) => [x * 8, y * 8, 128]);
  await page.getByTestId('upload-input').setInputFiles([
    { name: 'still.png', mimeType: 'image/png', buffer: png },
    { name: 'tone.wav', mimeType: 'audio/wav', buffer: encodeRamp(1) },
  ]);
  const still = page.locator('[data-testid="asset-tile"][data-kind="image"]');
  const tone = page.locator('[data-testid="asset-tile"][data-kind="audio"]');
  await expect(still).toHaveCount(1);
  await expect(tone).toHaveCount(1);
  const stillId = (await still.getAttribute('data-asset-id'))!;
  const toneId = (await tone.getAttribute('data-asset-id'))!;

  const tracks = (await state(request, project.id)).tracks;
  const v1 = tracks.find((t) => t.name === 'V1')!;
  const a1 = tracks.find((t) => t.name === 'A1')!;

  // The sound does not drop on a video track; the still goes on V1 at frame 12, the sound on A1 at frame 5.
  await dropAt(tone, lane(page, v1.id), 30, zoom);
  await dropAt(still, lane(page, v1.id), 12, zoom);
  await dropAt(tone, lane(page, a1.id), 5, zoom);
  await expect
    .poll(async () =>
      (await state(request, project.id)).clips
        .filter((c) => c.asset_id)
        .map((c) => `${c.asset_id === stillId ? 'still' : c.asset_id === toneId ? 'tone' : '?'}@${c.track_id === v1.id ? 'V1' : c.track_id === a1.id ? 'A1' : '?'}:${c.start_frame}+${c.duration}`)
        .sort(),
    )
    .toEqual(['still@V1:12+120', 'tone@A1:5+24']);

  // The inspector's shot header drags the shot onto a new video track V2 at frame 3.
  await page.getByTestId('add-video-track').click();
  await expect.poll(async () => (await state(request, project.id)).tracks.filter((t) => t.kind === 'video').length).toBe(2);
  const v2 = (await state(request, project.id)).tracks.find((t) => t.name === 'V2')!;
  await shotClip.first().click();
  await dropAt(page.getByTestId('shot-drag'), lane(page, v2.id), 3, zoom);
  await expect
    .poll(async () => (await state(request, project.id)).clips.filter((c) => c.shot_id === shot.id).map((c) => `${c.track_id === v2.id ? 'V2' : 'V1'}:${c.start_frame}+${c.duration}`).sort())
    .toEqual(['V1:0+9', 'V2:3+9']);
  await expect(page.getByTestId('save-state')).toHaveText(/All changes saved/);

  // Waveform: the sound's clip draws its peaks (non-blank pixels on its canvas).
  const wave = page.locator(`[data-testid="lane"][data-track-id="${a1.id}"] [data-testid="waveform"]`);
  await expect(wave).toHaveAttribute('data-drawn', 'true');
  const lit = await wave.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return { n, total: c.width * c.height };
  });
  expect(lit.n).toBeGreaterThan(lit.total * 0.05);
  expect(lit.n).toBeLessThan(lit.total);

  expect(consoleErrors.filter((e) => !/favicon/i.test(e))).toEqual([]);
});
