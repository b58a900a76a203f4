// LTX-2's guidance recipe on a shot (backend/schemas/guidance.py, bounds from backend/schemas/fields.py): what each
// field means, its range and the pipeline's default (a field left empty, null, takes it), and the parsing of what the
// inspector's fields hold. The server stays the judge; these are instant hints.
import type { GuidanceField, GuidanceScaleField, GuidanceValues } from '../api/types';

export type GuidanceGroup = 'video' | 'sound';

export interface GuidanceSpec {
  field: GuidanceScaleField;
  group: GuidanceGroup;
  label: string;
  min: number;
  max: number;
  /** The pipeline's default, used while the field is empty (null). */
  default: number;
  step: number;
  /** One line: what it does. */
  help: string;
}

export const GUIDANCE_SPECS: readonly GuidanceSpec[] = [
  { field: 'stg_scale', group: 'video', label: 'STG', min: 0, max: 10, default: 1, step: 0.1, help: 'Spatio-temporal guidance: steers away from a perturbed pass (0 = off).' },
  { field: 'modality_scale', group: 'video', label: 'Modality', min: 0, max: 30, default: 3, step: 0.1, help: 'How much the picture follows the sound (1 = off).' },
  { field: 'guidance_rescale', group: 'video', label: 'Rescale', min: 0, max: 1, default: 0.7, step: 0.05, help: 'Against over-saturation from strong guidance (0 = off).' },
  { field: 'audio_guidance_scale', group: 'sound', label: 'Guidance', min: 0, max: 30, default: 7, step: 0.5, help: "The sound's prompt adherence (classifier-free guidance; 1 = off)." },
  { field: 'audio_stg_scale', group: 'sound', label: 'STG', min: 0, max: 10, default: 1, step: 0.1, help: 'Spatio-temporal guidance of the sound (0 = off).' },
  { field: 'audio_modality_scale', group: 'sound', label: 'Modality', min: 0, max: 30, default: 3, step: 0.1, help: 'How much the sound follows the picture (1 = off).' },
  { field: 'audio_guidance_rescale', group: 'sound', label: 'Rescale', min: 0, max: 1, default: 0.7, step: 0.05, help: "Against over-saturation of the sound's guidance (0 = off)." },
];

/** Video CFG (`guidance_scale`): a plain shot column, never null; emptied, it goes back to the shot default. */
export const VIDEO_CFG = {
  min: 0,
  max: 30,
  default: 4,
  help: 'Classifier-free guidance of the picture: prompt adherence (1 = off).',
} as const;

/** The STG blocks: which transformer blocks the perturbed pass skips. */
export const STG_BLOCKS = {
  default: [28] as readonly number[],
  min: 0,
  max: 255,
  maxCount: 16,
  help: 'Transformer blocks STG perturbs, comma-separated (0-based).',
} as const;

export const GUIDANCE_GROUPS: readonly { group: GuidanceGroup; title: string }[] = [
  { group: 'video', title: 'Video' },
  { group: 'sound', title: 'Sound' },
];

/** What a field's text means: a value (null: empty, the default) or why it is not one. */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; error: string };

/** A number field's text: empty is the default; otherwise a number inside the field's range. */
export function parseGuidance(text: string, spec: Pick<GuidanceSpec, 'min' | 'max'>): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: 'a number' };
  if (value < spec.min || value > spec.max) return { ok: false, error: `${spec.min} to ${spec.max}` };
  return { ok: true, value };
}

/** The STG blocks' text ("28" or "20, 28"): empty is the default; otherwise 1 to 16 whole numbers 0..255. */
export function parseBlocks(text: string): Parsed<number[]> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const parts = trimmed.split(/[\s,]+/).filter(Boolean);
  const values = parts.map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < STG_BLOCKS.min || v > STG_BLOCKS.max)) {
    return { ok: false, error: `whole numbers ${STG_BLOCKS.min} to ${STG_BLOCKS.max}, comma-separated` };
  }
  if (values.length > STG_BLOCKS.maxCount) return { ok: false, error: `at most ${STG_BLOCKS.maxCount} blocks` };
  return { ok: true, value: values };
}

export function formatBlocks(blocks: readonly number[] | null): string {
  return blocks ? blocks.join(', ') : '';
}

/** Problems with a shot's saved-to-be guidance values, by field (the same bounds as the server's). */
export function guidanceProblems(values: GuidanceValues): Partial<Record<GuidanceField, string>> {
  const out: Partial<Record<GuidanceField, string>> = {};
  for (const spec of GUIDANCE_SPECS) {
    const value = values[spec.field];
    if (value === null) continue;
    const parsed = parseGuidance(String(value), spec);
    if (!parsed.ok) out[spec.field] = parsed.error;
  }
  if (values.stg_blocks !== null) {
    const parsed = values.stg_blocks.length === 0 ? { ok: false as const, error: 'at least one block' } : parseBlocks(values.stg_blocks.join(','));
    if (!parsed.ok) out.stg_blocks = parsed.error;
  }
  return out;
}

/** How many guidance fields are set (not the default): the section's summary shows it. */
export function customGuidanceCount(values: GuidanceValues): number {
  return GUIDANCE_SPECS.filter((s) => values[s.field] !== null).length + (values.stg_blocks !== null ? 1 : 0);
}
