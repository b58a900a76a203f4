// Sizes of the timeline and the mapping between frames and pixels (zoom = pixels per frame).
export const HEADER_W = 168;
export const RULER_H = 26;
export const TRACK_H = { video: 58, audio: 42 } as const;
export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 40;

export const frameToX = (frame: number, zoom: number) => frame * zoom;
export const xToFrame = (x: number, zoom: number) => Math.max(0, Math.round(x / zoom));

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Ruler ticks: the smallest "nice" step (frames) at least `minPx` wide. */
export function tickStep(zoom: number, fps: number, minPx = 70): number {
  const f = Math.max(1, Math.round(fps));
  const steps = [1, 2, 5, 10, Math.round(f / 2), f, 2 * f, 5 * f, 10 * f, 15 * f, 30 * f, 60 * f, 120 * f, 300 * f, 600 * f, 1800 * f, 3600 * f];
  for (const step of steps) if (step >= 1 && step * zoom >= minPx) return step;
  return steps[steps.length - 1]!;
}

/** The project-relative path of a media URL (`/projects/<id>/generated/x.mp4` → `generated/x.mp4`) for analysis. */
export function mediaPath(projectId: string, url: string | null): string | null {
  if (!url) return null;
  const clean = url.split('?')[0]!;
  const prefix = `/projects/${projectId}/`;
  return clean.startsWith(prefix) ? decodeURIComponent(clean.slice(prefix.length)) : null;
}
