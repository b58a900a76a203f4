import type { EditableShotField, ShotFields } from '../api/types';
import { guidanceProblems } from './guidance';

/** Client-side mirror of the backend's field bounds (backend/schemas/fields.py), for instant hints. */
export function validateShotFields(fields: ShotFields): Partial<Record<EditableShotField, string>> {
  const errors: Partial<Record<EditableShotField, string>> = {};
  for (const key of ['width', 'height'] as const) {
    const v = fields[key];
    if (!Number.isInteger(v) || v < 64 || v > 2048) errors[key] = '64 to 2048';
    else if (v % 32 !== 0) errors[key] = `multiple of 32 (${Math.floor(v / 32) * 32} or ${Math.ceil(v / 32) * 32})`;
  }
  const n = fields.num_frames;
  if (!Number.isInteger(n) || n < 9 || n > 505) errors.num_frames = '9 to 505';
  else if ((n - 1) % 8 !== 0) {
    const below = n - ((n - 1) % 8);
    errors.num_frames = `8k+1: ${below} or ${below + 8}`;
  }
  const steps = fields.num_inference_steps;
  if (!Number.isInteger(steps) || steps < 1 || steps > 200) errors.num_inference_steps = '1 to 200';
  const cfg = fields.guidance_scale;
  if (!Number.isFinite(cfg) || cfg < 0 || cfg > 30) errors.guidance_scale = '0 to 30';
  if (!Number.isInteger(fields.seed) || fields.seed < 0 || fields.seed > 2 ** 32 - 1) errors.seed = '0 to 4294967295';
  if (fields.prompt.length > 4000) errors.prompt = 'at most 4000 characters';
  if (fields.negative_prompt.length > 4000) errors.negative_prompt = 'at most 4000 characters';
  // What PATCH itself refuses (frame >= 0, strength 0..1); a frame past the clip's end is refused at generation.
  const bad = fields.conditioning.findIndex(
    (c) => !Number.isInteger(c.frame) || c.frame < 0 || !(c.strength >= 0 && c.strength <= 1),
  );
  if (bad >= 0) errors.conditioning = `item ${bad + 1}: frame ≥ 0, strength 0 to 1`;
  if (fields.conditioning.length > 64) errors.conditioning = 'at most 64 items';
  return { ...errors, ...guidanceProblems(fields) };
}
