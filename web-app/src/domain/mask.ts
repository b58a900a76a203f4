// Pure mask arithmetic for the Fix-frame editor, in the IMAGE's pixels (never the canvas's CSS pixels): pointer →
// pixel mapping, SAM clicks, brush/eraser strokes, the final mask and the RGBA buffers the canvas draws and the PNG
// upload encodes. A mask is a Uint8Array of width × height, 1 = the object / repaint, 0 = keep.
import type { SegmentPoint } from '../api/types';

export interface Size {
  width: number;
  height: number;
}

/** Where an element sits on screen (a DOMRect's fields). */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A SAM click in image pixels: `positive` = "this is the object", otherwise "this is not". */
export interface MaskPoint {
  x: number;
  y: number;
  positive: boolean;
}

/** What each pixel's last stroke did: untouched (SAM decides), painted in by the brush, or erased. */
export const PAINT_NONE = 0;
export const PAINT_ADD = 1;
export const PAINT_ERASE = 2;
export type PaintValue = typeof PAINT_NONE | typeof PAINT_ADD | typeof PAINT_ERASE;

export function emptyMask(size: Size): Uint8Array {
  return new Uint8Array(size.width * size.height);
}

/**
 * A pointer position (client coordinates) → the image pixel under it, for a canvas of the image's native size drawn
 * at `rect` (scaled to fit, aspect kept by the element's own box). Null when the pointer is outside the image.
 */
export function clientToImage(clientX: number, clientY: number, rect: Rect, image: Size): { x: number; y: number } | null {
  if (rect.width <= 0 || rect.height <= 0) return null;
  const u = (clientX - rect.left) / rect.width;
  const v = (clientY - rect.top) / rect.height;
  if (u < 0 || v < 0 || u > 1 || v > 1) return null;
  return {
    x: Math.min(image.width - 1, Math.floor(u * image.width)),
    y: Math.min(image.height - 1, Math.floor(v * image.height)),
  };
}

/** The clip frame under the player's playhead: round(time × fps), kept inside the clip. */
export function frameAtTime(currentTime: number, fps: number, numFrames: number): number {
  const last = Math.max(0, Math.floor(numFrames) - 1);
  if (!Number.isFinite(currentTime) || !Number.isFinite(fps) || fps <= 0) return 0;
  return Math.min(last, Math.max(0, Math.round(currentTime * fps)));
}

// --- SAM clicks ------------------------------------------------------------------------------------------------------
/** The body's `points`: every click so far, as [x, y, label]. */
export function pointsForRequest(points: readonly MaskPoint[]): SegmentPoint[] {
  return points.map((p) => [Math.round(p.x), Math.round(p.y), p.positive ? 1 : 0] as SegmentPoint);
}

/** A click is negative when shift or alt is held, or the editor's "exclude" toggle is on. */
export function clickIsPositive(modifiers: { shiftKey: boolean; altKey: boolean }, excludeMode: boolean): boolean {
  return !(modifiers.shiftKey || modifiers.altKey || excludeMode);
}

// --- masks from PNGs and into PNGs -------------------------------------------------------------------------------------
/** A server mask PNG's RGBA pixels → a mask (white = the object; anything brighter than mid grey counts). */
export function maskFromRgba(data: ArrayLike<number>, size: Size): Uint8Array {
  const n = size.width * size.height;
  if (data.length < n * 4) throw new Error(`mask pixels: expected ${n * 4} values for ${size.width}x${size.height}, got ${data.length}`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = data[i * 4]! > 127 ? 1 : 0;
  return out;
}

/** The mask as opaque black/white RGBA (ImageData's layout): what the uploaded PNG holds. */
export function maskToRgba(mask: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(mask.length * 4);
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i] ? 255 : 0;
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The mask as a tinted overlay (transparent where 0). */
export function overlayRgba(mask: Uint8Array, color: readonly [number, number, number, number] = [255, 40, 40, 120]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(mask.length * 4);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    out.set(color, i * 4);
  }
  return out;
}

// --- layers --------------------------------------------------------------------------------------------------------
/** a ∪ b (a new mask). */
export function union(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new Error(`masks of different sizes (${a.length} and ${b.length} pixels)`);
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] || b[i] ? 1 : 0;
  return out;
}

/** Union of any number of masks (empty when none). */
export function unionAll(masks: readonly Uint8Array[], size: Size): Uint8Array {
  return masks.reduce((acc, m) => union(acc, m), emptyMask(size));
}

/** The final mask: (SAM layers ∪ brush) − eraser, the newest stroke on each pixel winning. */
export function composite(sam: Uint8Array, paint: Uint8Array): Uint8Array {
  if (sam.length !== paint.length) throw new Error(`masks of different sizes (${sam.length} and ${paint.length} pixels)`);
  const out = new Uint8Array(sam.length);
  for (let i = 0; i < sam.length; i++) {
    const p = paint[i];
    out[i] = p === PAINT_ADD ? 1 : p === PAINT_ERASE ? 0 : sam[i] ? 1 : 0;
  }
  return out;
}

/**
 * Invert the final mask into paint: every pixel gets an explicit stroke, so (SAM ∪ brush − eraser) flips exactly.
 */
export function invertedPaint(finalMask: Uint8Array): Uint8Array {
  const out = new Uint8Array(finalMask.length);
  for (let i = 0; i < finalMask.length; i++) out[i] = finalMask[i] ? PAINT_ERASE : PAINT_ADD;
  return out;
}

export function countOn(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}

// --- brush strokes (mutate the paint layer in place: called per pointer move) ----------------------------------------
/** A filled disc of `radius` image pixels at (cx, cy). */
export function stampDisc(paint: Uint8Array, size: Size, cx: number, cy: number, radius: number, value: PaintValue): void {
  const r = Math.max(0.5, radius);
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(size.width - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(size.height - 1, Math.ceil(cy + r));
  const r2 = r * r;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx;
      const dy = y - cy;
      if (dx * dx + dy * dy <= r2) paint[y * size.width + x] = value;
    }
  }
}

/** Discs along the segment (x0, y0) → (x1, y1), close enough to leave no gaps. */
export function strokeSegment(
  paint: Uint8Array,
  size: Size,
  from: { x: number; y: number },
  to: { x: number; y: number },
  radius: number,
  value: PaintValue,
): void {
  const distance = Math.hypot(to.x - from.x, to.y - from.y);
  const steps = Math.max(1, Math.ceil(distance / Math.max(0.5, radius / 2)));
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    stampDisc(paint, size, from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, radius, value);
  }
}
