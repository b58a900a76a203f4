// The timeline's horizontal view without React renders: zoom (px per frame) is the CSS custom property `--ppf` on the
// tracks container, and every clip, the playhead and the snap guide place themselves with
// `calc(var(--start) * var(--ppf) * 1px)`, so a zoom step changes one style property and re-renders nothing. What
// does go through React is the *virtualization window* (which clips are mounted): a range of frames with hysteresis,
// recomputed at most once an animation frame and changed only when the view leaves it (or it grows far larger than
// the view), so zooming and scrolling remount clips in a few steps, not on every event.
import { useSyncExternalStore } from 'react';
import { appStore } from '../../store';
import { viewStore } from '../../store/viewSlice';
import { clipEnd } from '../../domain/timeline/model';
import type { Timeline } from '../../domain/timeline/model';
import { selectDrawn } from './bind';

export type FrameWindow = readonly [from: number, to: number];

/** The view in frames, [first, last) visible. */
function viewFrames(): [number, number, number] {
  const s = appStore.getState();
  const width = Math.max(100, viewStore.getState().viewportWidth);
  const zoom = s.zoom > 0 ? s.zoom : 1;
  const f0 = Math.max(0, s.scrollX / zoom);
  return [f0, f0 + width / zoom, width / zoom];
}

/** A fresh window: the view plus a margin of a power-of-two chunk (span/8 … span/4) on each side, chunk-aligned
 * (so at most twice the view). */
export function windowFor(f0: number, f1: number, span: number): FrameWindow {
  const chunk = Math.pow(2, Math.max(0, Math.ceil(Math.log2(Math.max(1, span / 8)))));
  return [Math.max(0, (Math.floor(f0 / chunk) - 1) * chunk), (Math.ceil(f1 / chunk) + 1) * chunk];
}

/** Whether `w` still serves the view: it covers the view plus a 1/16 view of margin, and is at most 3× as wide. */
export function windowServes(w: FrameWindow, f0: number, f1: number, span: number): boolean {
  const margin = span / 16;
  return (w[0] <= 0 || w[0] <= f0 - margin) && w[1] >= f1 + margin && w[1] - w[0] <= 3 * span + 2;
}

/** How many clips of the track overlap frames [from, to) (two binary searches). */
export function countIn(t: Timeline, ids: readonly string[], from: number, to: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (clipEnd(t.clips[ids[mid]!]!) <= from) lo = mid + 1;
    else hi = mid;
  }
  let a = lo;
  hi = ids.length;
  while (a < hi) {
    const mid = (a + hi) >> 1;
    if (t.clips[ids[mid]!]!.start_frame < to) a = mid + 1;
    else hi = mid;
  }
  return a - lo;
}

/** Overview mode: past this many clips in view (all tracks), lanes draw their clips on a canvas instead of mounting
 * them (a zoomed-out view of a long timeline: clips a few px wide, and 1,000 moving boxes cost 100+ ms a zoom step
 * in style/layout/paint); back to clips below OVERVIEW_OFF (hysteresis). */
export const OVERVIEW_ON = 100;
export const OVERVIEW_OFF = 70;

let current: FrameWindow = [0, 0];
let overview = false;
const listeners = new Set<() => void>();
let raf = 0;
let started = false;
let lastTimeline: Timeline | null = null;

function inView(t: Timeline, f0: number, f1: number): number {
  let n = 0;
  for (const ids of Object.values(t.trackClips)) n += countIn(t, ids, f0, f1);
  return n;
}

function recompute(): void {
  raf = 0;
  const [f0, f1, span] = viewFrames();
  const n = inView(selectDrawn(appStore.getState()), f0, f1);
  const nextOverview = overview ? n >= OVERVIEW_OFF : n > OVERVIEW_ON;
  if (windowServes(current, f0, f1, span) && nextOverview === overview) return;
  if (!windowServes(current, f0, f1, span)) current = windowFor(f0, f1, span);
  overview = nextOverview;
  for (const l of listeners) l();
}

function schedule(): void {
  if (!raf) raf = requestAnimationFrame(recompute);
}

function start(): void {
  if (started) return;
  started = true;
  const [f0, f1, span] = viewFrames();
  current = windowFor(f0, f1, span);
  overview = inView(selectDrawn(appStore.getState()), f0, f1) > OVERVIEW_ON;
  let zoom = appStore.getState().zoom;
  let scrollX = appStore.getState().scrollX;
  appStore.subscribe((s) => {
    const t = s.timeline;
    if (s.zoom === zoom && s.scrollX === scrollX && t === lastTimeline) return;
    zoom = s.zoom;
    scrollX = s.scrollX;
    lastTimeline = t;
    schedule();
  });
  viewStore.subscribe(schedule);
}

function subscribe(l: () => void): () => void {
  start();
  listeners.add(l);
  return () => listeners.delete(l);
}

function snapshot(): FrameWindow {
  start();
  return current;
}

/** The frames whose clips are mounted (changes a few times per zoom/scroll gesture, at most once a frame). */
export function useFrameWindow(): FrameWindow {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Whether lanes draw an overview canvas instead of clips (see OVERVIEW_ON). */
export function useOverview(): boolean {
  return useSyncExternalStore(subscribe, () => {
    start();
    return overview;
  });
}

/** Run `fn` once per animation frame after any zoom/scroll/viewport change (and once now); returns the unsubscribe. */
export function onViewFrame(fn: () => void): () => void {
  let id = 0;
  const run = () => {
    id = 0;
    fn();
  };
  const kick = () => {
    if (!id) id = requestAnimationFrame(run);
  };
  let zoom = appStore.getState().zoom;
  let scrollX = appStore.getState().scrollX;
  let fps = appStore.getState().project?.fps;
  const offApp = appStore.subscribe((s) => {
    if (s.zoom === zoom && s.scrollX === scrollX && s.project?.fps === fps) return;
    zoom = s.zoom;
    scrollX = s.scrollX;
    fps = s.project?.fps;
    kick();
  });
  const offView = viewStore.subscribe(kick);
  fn();
  return () => {
    offApp();
    offView();
    if (id) cancelAnimationFrame(id);
  };
}
