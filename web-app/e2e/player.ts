import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** The player shows `videoUrl`, it plays without error, and its picture is `width`×`height`; left paused. */
export async function expectVideoPlays(page: Page, videoUrl: string, [width, height]: [number, number]) {
  const video = page.getByTestId('player');
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => new URL(v.currentSrc).pathname)).toBe(videoUrl);
  await video.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
  });
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
      return !!v && v.readyState >= 2 && v.currentTime > 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  const state = await video.evaluate((v: HTMLVideoElement) => ({
    error: v.error?.message ?? null,
    duration: v.duration,
    width: v.videoWidth,
    height: v.videoHeight,
  }));
  expect(state.error).toBeNull();
  expect(state.duration).toBeGreaterThan(0);
  expect([state.width, state.height]).toEqual([width, height]);
  await video.evaluate((v: HTMLVideoElement) => v.pause());
}

/** The player's clip, once it can play: its source (full URL and path) and its duration. */
export async function playerClip(page: Page): Promise<{ src: string; path: string; duration: number }> {
  await expect(page.getByTestId('player')).toBeVisible();
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="player"]');
      return !!v && v.readyState >= 1 && Number.isFinite(v.duration) && v.duration > 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  return page
    .getByTestId('player')
    .evaluate((v: HTMLVideoElement) => ({ src: v.currentSrc, path: new URL(v.currentSrc).pathname, duration: v.duration }));
}
