// The browser side of the mask module: server mask PNGs → mask arrays, and the final mask → a PNG to upload.
import type { Size } from '../../domain/mask';
import { maskFromRgba, maskToRgba } from '../../domain/mask';

function canvasOf(size: Size): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser has no 2D canvas');
  return ctx;
}

/** Load a server mask PNG (the image's size; white = the object) as a mask array. */
export async function loadMask(url: string, size: Size): Promise<Uint8Array> {
  const image = new Image();
  image.src = url;
  await image.decode();
  const ctx = canvasOf(size);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image, 0, 0, size.width, size.height);
  return maskFromRgba(ctx.getImageData(0, 0, size.width, size.height).data, size);
}

/** The mask as a black/white PNG at the image's resolution (white = repaint). */
export async function maskToPng(mask: Uint8Array, size: Size): Promise<Blob> {
  const ctx = canvasOf(size);
  ctx.putImageData(new ImageData(maskToRgba(mask) as Uint8ClampedArray<ArrayBuffer>, size.width, size.height), 0, 0);
  return new Promise((resolve, reject) =>
    ctx.canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode the mask as PNG'))), 'image/png'),
  );
}
