import type { Asset, SegmentRequest, SegmentResponse, SegmentationStatus, ShotMask, TrackRequest } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Segmentation (SAM 3) and the Fix-frame
// editor.
/** The status light: the service's own state, or `unknown` before the first answer (or when the backend is away). */
export type SamLight = SegmentationStatus['status'] | 'unknown';

/** The Fix-frame editor: one grabbed frame of one shot, and the in-paint job made from it. */
export interface FixFrameSession {
  shotId: string;
  frame: number;
  status: 'grabbing' | 'ready' | 'error';
  /** The grabbed frame (an image asset, `origin: "frame"`). */
  asset: Asset | null;
  error: string | null;
  /** The in-paint job of this frame, once submitted. */
  inpaintJobId: string | null;
  submitting: boolean;
}

export type RegenerateHow = 'keyframes' | 'i2v';

export interface SegmentSlice {
  samStatus: SegmentationStatus | null;
  samStatusError: string | null;
  fixFrame: FixFrameSession | null;
  /** Track jobs this page started: job id → shot id (to say so when nothing was found). */
  trackJobs: Record<string, string>;
  loadSamStatus(): Promise<void>;
  /** Grab frame `frame` of the shot's clip and open the editor on it. */
  openFixFrame(shotId: string, frame: number): Promise<void>;
  closeFixFrame(): void;
  /** Ask SAM about the grabbed frame. Null when refused (the toast says why; a 503 turns the light red). */
  segmentFrame(body: Omit<SegmentRequest, 'asset_id'>): Promise<SegmentResponse | null>;
  /** Upload the mask PNG, then in-paint the grabbed frame (no shot_id: the shot's still stays as it is). */
  inpaintFrame(mask: Blob, options: { prompt: string; strength: number; steps?: number }): Promise<string | null>;
  /** Generate the shot again from a corrected frame (pinned at the grabbed frame, or as its first frame). */
  regenerateFromFrame(assetId: string, how: RegenerateHow): Promise<string | null>;
  /** Follow the object (clicks, boxes or words on the grabbed frame) through the clip. */
  trackFromFrame(prompt: Omit<TrackRequest, 'frame'>): Promise<string | null>;
  receiveMask(mask: ShotMask): void;
  deleteMask(maskId: string): Promise<void>;
  /** A track job this page started ended (say so when it found nothing or failed). */
  settleTrack(jobId: string): void;
}
