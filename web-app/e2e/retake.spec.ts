import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { startAndWait, tinyShot } from './jobs';
import { playerClip } from './player';
import { encodeWav } from './wav';

// Retake and audio-to-video against the real backend (tiny CPU test models: the pictures are noise). A 17-frame shot
// is generated, a range in its middle is marked (I on the keyboard, Out button) and retaken (picture and sound) into
// a new take that the player plays; Ctrl+Z brings the first take back. Then a WAV made here is uploaded, chosen as the
// shot's sound with "Length follows the sound", and the generated clip plays that long, with a sound track.
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

/** A tiny shot of `frames` frames, opened in the editor (live); the console errors the page logs from now on. */
async function openShot(page: Page, request: APIRequestContext, name: string, frames: number) {
  mkdirSync(resultsDir, { recursive: true });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const { projectId, shotId } = await tinyShot(request, name, frames);
  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  return { projectId, shotId, consoleErrors };
}

/** The take bar: move the playhead to frame `frame` of the take by clicking the scrub bar there. */
async function scrubTo(page: Page, frame: number, frames: number) {
  const bar = page.getByTestId('take-scrub');
  const box = (await bar.boundingBox())!;
  await page.mouse.click(box.x + ((frame + 0.5) / frames) * box.width, box.y + box.height / 2);
  await expect(bar).toHaveAttribute('aria-valuenow', String(frame));
}

/** A stereo WAV of a sine (the right channel at half level). */
function sine(seconds: number, hz: number, rate = 48_000): Buffer {
  return encodeWav(seconds, rate, (i) => {
    const v = 0.5 * Math.sin((2 * Math.PI * hz * i) / rate);
    return [v, v / 2];
  });
}

test('mark a range of the take, Retake this range (Both), the player plays the new take, Ctrl+Z brings the old one back', async ({
  page,
  request,
}) => {
  const { projectId, shotId, consoleErrors } = await openShot(page, request, 'Retake', 17);
  const inspector = page.getByTestId('inspector');
  const retake = page.getByTestId('retake');

  // No take yet: the retake is off, and says why.
  await expect(retake.getByTestId('retake-submit')).toBeDisabled();
  await expect(retake.getByTestId('retake-why')).toContainText('no take yet');

  const first = await startAndWait(page, request, () => inspector.getByTestId('generate').click());
  expect(first, JSON.stringify(first)).toMatchObject({ kind: 't2v', status: 'completed' });
  await expect(page.getByTestId('player-status').getByRole('progressbar')).toHaveAttribute('data-status', 'completed');
  await expect.poll(async () => (await playerClip(page)).path).toBe(first.result!.video_url);
  const original = await playerClip(page);
  const bar = retake.getByTestId('take-scrub');
  await expect(bar).toHaveAttribute('data-frames', '17');
  await expect(retake.getByTestId('take-label')).toHaveText('Take 1/1');

  // In at frame 6 with the I key, out at frame 11 with the Out button: the range shows on the bar.
  await scrubTo(page, 6, 17);
  await page.keyboard.press('i');
  await expect(bar).toHaveAttribute('data-in', '6');
  await scrubTo(page, 11, 17);
  await retake.getByTestId('mark-out').click();
  await expect(bar).toHaveAttribute('data-out', '11');
  // The keys and the buttons set the player's in / out points too (play loops between them).
  await expect(page.getByTestId('transport')).toContainText('in 00:00:00:06');
  await expect(page.getByTestId('transport')).toContainText('out 00:00:00:12');
  await expect(retake.getByTestId('retake-range')).toHaveText('frames 6–11 of 17');
  await expect(retake.getByTestId('take-range')).toBeVisible();
  await expect(retake.getByRole('radio', { name: 'Both' })).toHaveAttribute('aria-checked', 'true');
  await retake.getByRole('radio', { name: 'Sound' }).click();
  await retake.getByRole('radio', { name: 'Both' }).click();
  await page.screenshot({ path: join(resultsDir, 'retake-marks.png') });

  const second = await startAndWait(page, request, () => retake.getByTestId('retake-submit').click());
  expect(second, JSON.stringify(second)).toMatchObject({ kind: 'retake', status: 'completed' });
  expect(second.request).toMatchObject({ start_frame: 6, end_frame: 11, regenerate_video: true, regenerate_audio: true });
  expect(second.result).toMatchObject({ start_frame: 6, end_frame: 11, num_frames: 17 });
  await expect(page.getByTestId('player-status').getByRole('progressbar')).toHaveAttribute('data-status', 'completed');

  // The player plays the new take.
  await expect.poll(async () => (await playerClip(page)).path, { timeout: 30_000 }).toBe(second.result!.video_url);
  expect(second.result!.video_url).not.toBe(original.path);
  await page.getByTestId('player').evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
  });
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="player"]')?.currentTime ?? 0) > 0);
  await page.getByTestId('player').evaluate((v: HTMLVideoElement) => v.pause());
  await expect(retake.getByTestId('take-label')).toHaveText('Take 2/2');
  await expect(bar).toHaveAttribute('data-in', '6'); // the marks stay for another go
  const row = await (await request.get(`/projects/${projectId}/shots/${shotId}`)).json();
  expect(row.params.takes.map((t: { job_id: string }) => t.job_id)).toEqual([first.id, second.id]);
  await page.screenshot({ path: join(resultsDir, 'retake-done.png') });

  // Ctrl+Z (outside text fields): the previous take is the clip again (PATCH take); Ctrl+Shift+Z the retake.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const undo = page.waitForResponse((r) => r.url().endsWith(`/shots/${shotId}`) && r.request().method() === 'PATCH');
  await page.keyboard.press('Control+z');
  expect((await undo).request().postDataJSON()).toMatchObject({ take: first.id });
  await expect.poll(async () => (await playerClip(page)).path, { timeout: 30_000 }).toBe(original.path);
  await expect(retake.getByTestId('take-label')).toHaveText('Take 1/2');
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await playerClip(page)).path, { timeout: 30_000 }).toBe(second.result!.video_url);
  // The take switcher goes back too.
  await retake.getByRole('button', { name: 'Previous take' }).click();
  await expect.poll(async () => (await playerClip(page)).path, { timeout: 30_000 }).toBe(original.path);

  expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});

test('upload a WAV, follow it with the length from the sound: the clip plays that long, with sound', async ({ page, request }) => {
  const { projectId, shotId, consoleErrors } = await openShot(page, request, 'Sound', 9);
  const inspector = page.getByTestId('inspector');
  const follow = inspector.getByTestId('follow-sound');
  await expect(follow).toContainText('No sound in the media bin yet');

  await page.getByTestId('upload-input').setInputFiles({ name: 'line.wav', mimeType: 'audio/wav', buffer: sine(0.8, 440) });
  const tile = page.getByTestId('asset-tile').filter({ hasText: 'line.wav' });
  await expect(tile).toBeVisible();
  const assetId = await tile.getAttribute('data-asset-id');

  await follow.getByLabel('Sound to follow').selectOption({ label: 'line.wav · 0.8 s' });
  await expect(follow.getByLabel('Length follows the sound')).toBeEnabled();
  await follow.getByLabel('Length follows the sound').check();
  await expect(follow).toContainText('(25 frames, 1.04 s)');
  await expect(inspector.getByText('follows the sound', { exact: true })).toBeVisible(); // the Frames hint
  await follow.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(resultsDir, 'sound-follow.png') });

  // The guidance section: a value for the sound's guidance, then back to the default with its reset.
  const guidance = inspector.getByTestId('guidance');
  await guidance.locator('summary').click();
  const audioCfg = guidance.getByRole('group', { name: 'Sound guidance' }).getByLabel('Guidance', { exact: true });
  await expect(audioCfg).toHaveAttribute('placeholder', '7');
  await audioCfg.fill('40');
  await audioCfg.press('Enter');
  await expect(guidance.getByRole('group', { name: 'Sound guidance' })).toContainText('0 to 30');
  await audioCfg.fill('9');
  await audioCfg.press('Enter');
  await expect(guidance.locator('summary')).toContainText('1 set');
  await guidance.screenshot({ path: join(resultsDir, 'sound-guidance.png') });
  await guidance.getByRole('button', { name: 'Reset Guidance to the default' }).last().click();
  await expect(audioCfg).toHaveValue('');
  const stg = guidance.getByRole('group', { name: 'Video guidance' }).getByLabel('STG', { exact: true });
  await stg.fill('0');
  await stg.press('Enter');

  const job = await startAndWait(page, request, () => inspector.getByTestId('generate').click());
  expect(job, JSON.stringify(job)).toMatchObject({ kind: 't2v', status: 'completed' });
  expect(job.request).toMatchObject({ audio_asset_id: assetId, duration_from_audio: true, num_frames: 25, stg_scale: 0 });
  expect(job.request['audio_guidance_scale'] ?? null).toBeNull();
  const row = await (await request.get(`/projects/${projectId}/shots/${shotId}`)).json();
  expect(row).toMatchObject({ audio_asset_id: assetId, duration_from_audio: true, stg_scale: 0, audio_guidance_scale: null });

  // The clip plays for the sound's length (25 frames at 24 fps) and carries a sound track.
  await expect(page.getByTestId('player-status').getByRole('progressbar')).toHaveAttribute('data-status', 'completed');
  await expect.poll(async () => (await playerClip(page)).path, { timeout: 30_000 }).toBe(job.result!.video_url);
  const clip = await playerClip(page);
  expect(Math.abs(clip.duration - 25 / 24)).toBeLessThan(0.1);
  const file = await (await request.get(job.result!.video_url!)).body();
  expect(file.includes(Buffer.from('mp4a'))).toBe(true); // an AAC track
  await page.getByTestId('player').evaluate(async (v: HTMLVideoElement) => {
    v.muted = false;
    v.volume = 0.01;
    await v.play();
  });
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="player"]') as (HTMLVideoElement & { webkitAudioDecodedByteCount?: number }) | null;
      return !!v && v.currentTime > 0.3 && (v.webkitAudioDecodedByteCount ?? 1) > 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.getByTestId('player').evaluate((v: HTMLVideoElement) => v.pause());
  // The timeline clip took the new length.
  await expect(page.getByTestId('clip')).toHaveCount(1);

  expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
