import type { ConditioningItem, EditableShotField, GenerationMode, GenerationSettings, Shot, ShotFields, ShotUpdate } from '../api/types';
import { EDITABLE_SHOT_FIELDS, GENERATION_MODES, GUIDANCE_SHOT_FIELDS, SCALAR_SHOT_FIELDS } from '../api/types';
import { controlOf } from './control';

/** The server's default in-painting strength (backend/services/generation_inputs.py). */
export const DEFAULT_INPAINT_STRENGTH = 0.9;

export const DEFAULT_GENERATION: GenerationSettings = {
  mode: 't2v',
  image_asset_id: null,
  reference_asset_ids: [],
  mask_asset_id: null,
  strength: DEFAULT_INPAINT_STRENGTH,
};

/** Structural equality for the draft values (strings, numbers, arrays and plain objects of them). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameValue(item, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function asNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The shot's saved conditioning timeline (server rows are loosely typed), with defaults filled in. */
export function conditioningOf(shot: Pick<Shot, 'conditioning'>): ConditioningItem[] {
  const out: ConditioningItem[] = [];
  for (const raw of shot.conditioning ?? []) {
    const assetId = asString(raw['asset_id']);
    if (!assetId) continue;
    out.push({ asset_id: assetId, frame: asNumber(raw['frame'], 0), strength: asNumber(raw['strength'], 1) });
  }
  return out;
}

/** The generation choices saved in `params.generation`, with defaults for anything missing or malformed. */
export function generationOf(shot: Pick<Shot, 'params'>): GenerationSettings {
  const raw = shot.params?.['generation'];
  if (!raw || typeof raw !== 'object') return DEFAULT_GENERATION;
  const g = raw as Record<string, unknown>;
  const mode = GENERATION_MODES.includes(g['mode'] as GenerationMode) ? (g['mode'] as GenerationMode) : 't2v';
  const refs = Array.isArray(g['reference_asset_ids'])
    ? (g['reference_asset_ids'] as unknown[]).filter((x): x is string => typeof x === 'string' && x.length > 0)
    : [];
  return {
    mode,
    image_asset_id: asString(g['image_asset_id']),
    reference_asset_ids: refs,
    mask_asset_id: asString(g['mask_asset_id']),
    strength: asNumber(g['strength'], DEFAULT_INPAINT_STRENGTH),
  };
}

/** The inspector's view of a server row. */
export function fieldsOf(shot: Shot): ShotFields {
  const out = {} as Record<EditableShotField, unknown>;
  for (const field of SCALAR_SHOT_FIELDS) out[field] = shot[field];
  // Absent or null: the pipeline's default (a list is copied, so a draft never shares the row's array).
  for (const field of GUIDANCE_SHOT_FIELDS) {
    const value = shot[field];
    out[field] = Array.isArray(value) ? [...value] : (value ?? null);
  }
  out.audio_asset_id = shot.audio_asset_id ?? null;
  out.duration_from_audio = shot.duration_from_audio ?? false;
  out.loras = (shot.loras ?? []).map((l) => ({ id: l.id, strength: l.strength ?? 1 }));
  out.camera = shot.camera ?? null;
  out.quality = shot.quality ?? null;
  out.control = controlOf(shot.control);
  out.conditioning = conditioningOf(shot);
  out.generation = generationOf(shot);
  return out as unknown as ShotFields;
}

/** The fields of `draft` that differ from the server row. */
export function dirtyFields(draft: ShotFields | undefined, shot: Shot | undefined): Partial<ShotFields> {
  const out: Partial<Record<EditableShotField, unknown>> = {};
  if (!draft || !shot) return out as Partial<ShotFields>;
  const saved = fieldsOf(shot);
  for (const field of EDITABLE_SHOT_FIELDS) {
    if (!sameValue(draft[field], saved[field])) out[field] = draft[field];
  }
  return out as Partial<ShotFields>;
}

export function isDirty(draft: ShotFields | undefined, shot: Shot | undefined): boolean {
  return Object.keys(dirtyFields(draft, shot)).length > 0;
}

/** A PATCH body (without `version`) for changed draft fields; `generation` goes into the row's `params`. */
export function toShotUpdate(changes: Partial<ShotFields>, shot: Shot): Omit<ShotUpdate, 'version'> {
  const { generation, conditioning, loras, ...scalars } = changes;
  const body: Omit<ShotUpdate, 'version'> = { ...scalars };
  if (conditioning) body.conditioning = conditioning.map((c) => ({ ...c }));
  if (loras) body.loras = loras.map((l) => ({ ...l }));
  if (generation) body.params = { ...shot.params, generation: { ...generation } };
  return body;
}

export function serverOrder(shots: Record<string, Shot>): string[] {
  return Object.values(shots)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.id);
}
