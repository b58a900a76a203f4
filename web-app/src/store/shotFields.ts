import type { EditableShotField, Shot, ShotFields } from '../api/types';
import { EDITABLE_SHOT_FIELDS } from '../api/types';

export function fieldsOf(shot: Shot): ShotFields {
  const out = {} as Record<EditableShotField, unknown>;
  for (const field of EDITABLE_SHOT_FIELDS) out[field] = shot[field];
  return out as ShotFields;
}

/** The fields of `draft` that differ from the server row. */
export function dirtyFields(draft: ShotFields | undefined, shot: Shot | undefined): Partial<ShotFields> {
  const out: Partial<Record<EditableShotField, unknown>> = {};
  if (!draft || !shot) return out as Partial<ShotFields>;
  for (const field of EDITABLE_SHOT_FIELDS) {
    if (draft[field] !== shot[field]) out[field] = draft[field];
  }
  return out as Partial<ShotFields>;
}

export function isDirty(draft: ShotFields | undefined, shot: Shot | undefined): boolean {
  return Object.keys(dirtyFields(draft, shot)).length > 0;
}

export function serverOrder(shots: Record<string, Shot>): string[] {
  return Object.values(shots)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.id);
}
