import type { Quality, QualityOptions } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Quality presets (docs/quality.md): each
// shot's presets as the server would run them (steps, passes, expected time here, why one cannot run), the project's
// default preset, and "re-generate as final".
export interface QualitySlice {
  /** By shot id: the presets last read for it (`GET …/shots/{id}/quality`). */
  qualityOptions: Record<string, QualityOptions>;
  /** Read the shot's presets in `mode` (the inspector's mode; stills have none). */
  loadQualityOptions(shotId: string, mode: 't2v' | 'i2v' | 'keyframes'): Promise<void>;
  /** The project's default preset (shots without their own run it). */
  setDefaultQuality(quality: Quality): Promise<void>;
  /** Generate the shot's current draft/standard take again as final: its seed and its prompt as written. */
  promoteShot(shotId: string): Promise<string | null>;
}
