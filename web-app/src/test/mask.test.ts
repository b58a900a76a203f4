import { describe, expect, it } from 'vitest';
import {
  clickIsPositive,
  clientToImage,
  composite,
  countOn,
  emptyMask,
  frameAtTime,
  invertedPaint,
  maskFromRgba,
  maskToRgba,
  overlayRgba,
  PAINT_ADD,
  PAINT_ERASE,
  pointsForRequest,
  stampDisc,
  strokeSegment,
  union,
  unionAll,
} from '../domain/mask';

const size = { width: 4, height: 2 };
const m = (...bits: number[]) => Uint8Array.from(bits);

describe('pointer → image pixel', () => {
  it('maps a canvas scaled to fit back to the native pixels', () => {
    // A 64×32 image drawn at 640×320 CSS px, 100 px from the left, 50 from the top.
    const rect = { left: 100, top: 50, width: 640, height: 320 };
    const image = { width: 64, height: 32 };
    expect(clientToImage(100, 50, rect, image)).toEqual({ x: 0, y: 0 });
    expect(clientToImage(105, 55, rect, image)).toEqual({ x: 0, y: 0 });
    expect(clientToImage(110, 60, rect, image)).toEqual({ x: 1, y: 1 });
    expect(clientToImage(100 + 320, 50 + 160, rect, image)).toEqual({ x: 32, y: 16 });
    expect(clientToImage(740, 370, rect, image)).toEqual({ x: 63, y: 31 }); // the far edge stays inside
    expect(clientToImage(99, 60, rect, image)).toBeNull();
    expect(clientToImage(200, 371, rect, image)).toBeNull();
  });

  it('maps a canvas drawn smaller than the image (downscaled)', () => {
    const rect = { left: 0, top: 0, width: 192, height: 108 };
    expect(clientToImage(96, 54, rect, { width: 1920, height: 1080 })).toEqual({ x: 960, y: 540 });
    expect(clientToImage(0.05, 0.05, rect, { width: 1920, height: 1080 })).toEqual({ x: 0, y: 0 });
  });

  it('has no answer for an element not laid out yet', () => {
    expect(clientToImage(0, 0, { left: 0, top: 0, width: 0, height: 0 }, { width: 4, height: 4 })).toBeNull();
  });
});

describe('frame under the playhead', () => {
  it('is round(time × fps) clamped to the clip', () => {
    expect(frameAtTime(0, 24, 9)).toBe(0);
    expect(frameAtTime(0.1, 24, 9)).toBe(2); // 2.4
    expect(frameAtTime(0.125, 24, 9)).toBe(3);
    expect(frameAtTime(0.375, 24, 9)).toBe(8); // the end of the clip is its last frame
    expect(frameAtTime(5, 24, 9)).toBe(8);
    expect(frameAtTime(-1, 24, 9)).toBe(0);
    expect(frameAtTime(Number.NaN, 24, 9)).toBe(0);
  });
});

describe('SAM clicks', () => {
  it('sends every click so far as [x, y, label] (1 = object, 0 = not)', () => {
    expect(pointsForRequest([{ x: 3, y: 4, positive: true }, { x: 10.4, y: 2.6, positive: false }])).toEqual([
      [3, 4, 1],
      [10, 3, 0],
    ]);
  });
  it('shift, alt or the exclude toggle make a negative click', () => {
    expect(clickIsPositive({ shiftKey: false, altKey: false }, false)).toBe(true);
    expect(clickIsPositive({ shiftKey: true, altKey: false }, false)).toBe(false);
    expect(clickIsPositive({ shiftKey: false, altKey: true }, false)).toBe(false);
    expect(clickIsPositive({ shiftKey: false, altKey: false }, true)).toBe(false);
  });
});

describe('compositing', () => {
  it('unions SAM layers', () => {
    expect(union(m(1, 0, 0, 0, 0, 0, 0, 0), m(0, 1, 0, 0, 0, 0, 0, 1))).toEqual(m(1, 1, 0, 0, 0, 0, 0, 1));
    expect(unionAll([], size)).toEqual(emptyMask(size));
    expect(unionAll([m(1, 0, 0, 0, 0, 0, 0, 0), m(0, 0, 1, 0, 0, 0, 0, 0), m(0, 0, 0, 0, 0, 0, 0, 2)], size)).toEqual(
      m(1, 0, 1, 0, 0, 0, 0, 1),
    );
    expect(() => union(m(1), m(1, 0))).toThrow(/different sizes/);
  });

  it('final = SAM ∪ brush − eraser', () => {
    const sam = m(1, 1, 0, 0, 1, 0, 0, 0);
    const paint = m(0, PAINT_ERASE, PAINT_ADD, 0, 0, 0, PAINT_ERASE, PAINT_ADD);
    expect(composite(sam, paint)).toEqual(m(1, 0, 1, 0, 1, 0, 0, 1));
  });

  it('the newest stroke on a pixel wins (erase, then brush again)', () => {
    const paint = emptyMask({ width: 5, height: 1 });
    const line = { width: 5, height: 1 };
    strokeSegment(paint, line, { x: 0, y: 0 }, { x: 4, y: 0 }, 0.5, PAINT_ADD);
    expect(composite(emptyMask(line), paint)).toEqual(m(1, 1, 1, 1, 1));
    stampDisc(paint, line, 2, 0, 0.5, PAINT_ERASE);
    expect(composite(emptyMask(line), paint)).toEqual(m(1, 1, 0, 1, 1));
    stampDisc(paint, line, 2, 0, 0.5, PAINT_ADD);
    expect(countOn(composite(emptyMask(line), paint))).toBe(5);
  });

  it('invert flips the final mask exactly, whatever the layers', () => {
    const sam = m(1, 1, 0, 0, 1, 0, 0, 0);
    const paint = m(0, PAINT_ERASE, PAINT_ADD, 0, 0, 0, 0, 0);
    const final = composite(sam, paint);
    const flipped = composite(sam, invertedPaint(final));
    expect(Array.from(flipped)).toEqual(Array.from(final).map((v) => 1 - v));
  });

  it('a brush disc covers the pixels within its radius, clipped to the image', () => {
    const image = { width: 7, height: 7 };
    const paint = emptyMask(image);
    stampDisc(paint, image, 3, 3, 1, PAINT_ADD);
    expect(countOn(paint)).toBe(5); // the centre and its 4 neighbours
    const corner = emptyMask(image);
    stampDisc(corner, image, 0, 0, 2, PAINT_ADD);
    expect(countOn(corner)).toBe(6); // a quarter disc: (0,0) (1,0) (2,0) (0,1) (1,1) (0,2)
  });

  it('a fast stroke leaves no gaps between the pointer samples', () => {
    const image = { width: 40, height: 3 };
    const paint = emptyMask(image);
    strokeSegment(paint, image, { x: 0, y: 1 }, { x: 39, y: 1 }, 1, PAINT_ADD);
    for (let x = 0; x < 40; x++) expect(paint[1 * 40 + x], `x=${x}`).toBe(PAINT_ADD);
  });
});

describe('PNG-ready pixels', () => {
  it('encodes the mask as opaque black/white RGBA at the image size, and reads it back', () => {
    const mask = m(1, 0, 0, 1, 0, 1, 1, 0);
    const rgba = maskToRgba(mask);
    expect(rgba).toHaveLength(4 * 2 * 4);
    expect(Array.from(rgba.slice(0, 8))).toEqual([255, 255, 255, 255, 0, 0, 0, 255]);
    expect(maskFromRgba(rgba, size)).toEqual(mask);
  });

  it('reads a server PNG: white (or light grey) is the object', () => {
    const data = [255, 255, 255, 255, 128, 128, 128, 255, 127, 127, 127, 255, 0, 0, 0, 255];
    expect(maskFromRgba(data, { width: 2, height: 2 })).toEqual(m(1, 1, 0, 0));
    expect(() => maskFromRgba(data, { width: 4, height: 4 })).toThrow(/expected 64/);
  });

  it('tints only the masked pixels for the overlay', () => {
    const overlay = overlayRgba(m(0, 1), [255, 0, 0, 100]);
    expect(Array.from(overlay)).toEqual([0, 0, 0, 0, 255, 0, 0, 100]);
  });
});
