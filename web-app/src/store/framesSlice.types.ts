import type { FramesRequest } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Storyboard concept frames: FLUX.2
// stills of shots made with their elements' reference images; a shot's chosen one starts its video.
export type FrameTarget = Pick<FramesRequest, 'shot_ids' | 'scene_id' | 'all'>;

export interface FramesSlice {
  /** Images per shot the next "Generate frames" asks for (1-4). */
  frameCandidates: number;
  /** The server's last refusal of a frame request or choice (verbatim). */
  frameError: string | null;
  setFrameCandidates(count: number): void;
  /** Queue one `frame` job per shot of `target` (shots, a scene, or all); the job ids, or [] when refused. */
  generateFrames(target: FrameTarget): Promise<string[]>;
  /** Make `assetId` the shot's storyboard frame (null: none); false when the server refused. */
  pickFrame(shotId: string, assetId: string | null): Promise<boolean>;
  /** Upload an image and make it the shot's frame. */
  uploadFrame(shotId: string, file: File): Promise<boolean>;
  /** Pin the shot's element references at frame 0 (the old way) instead of starting from its frame. */
  setPinElementRefs(shotId: string, pin: boolean): Promise<boolean>;
  clearFrameError(): void;
}
