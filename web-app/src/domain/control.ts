// Control video (issue 13) in words and rules the inspector shares: the kinds of guide, the IC-LoRA each runs through
// (found by name as the server finds it: backend/services/lora_choices.py), the bounds of a control's fields, and a
// saved control with its defaults filled in. Pure: no React, no store.
import type { ControlChoice, ControlKind, Lora } from '../api/types';
import { normalName } from './loras';

export const CONTROL_KINDS: readonly { kind: ControlKind; label: string; hint: string }[] = [
  { kind: 'canny', label: 'Edges', hint: 'the clip’s outlines (Canny): layout and motion, new look' },
  { kind: 'depth', label: 'Depth', hint: 'near and far (a depth estimator): space and camera move' },
  { kind: 'pose', label: 'Pose', hint: 'the performer’s skeleton: body motion, anyone can play it' },
  { kind: 'raw', label: 'Restyle', hint: 'the clip as it is: video-to-video, same motion in a new style' },
];

/** The server's default for a new control, and its bounds (backend/schemas/control.py). */
export const CONTROL_DEFAULTS = { kind: 'canny', strength: 1, start_s: 0, from_s: null, to_s: null } as const;
export const CONTROL_STRENGTH = { min: 0, max: 1, step: 0.05 } as const;

export const UNION_CONTROL_REPO = 'Lightricks/LTX-2-19b-IC-LoRA-Union-Control';

export function controlKindLabel(kind: string): string {
  return CONTROL_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** A saved control (the server keeps only the fields that were set) with every field present; null: none. */
export function controlOf(raw: ControlChoice | null | undefined): ControlChoice | null {
  if (!raw || (!raw.asset_id && !raw.shot_id)) return null;
  return {
    asset_id: raw.asset_id ?? null,
    shot_id: raw.shot_id ?? null,
    kind: raw.kind ?? CONTROL_DEFAULTS.kind,
    strength: raw.strength ?? CONTROL_DEFAULTS.strength,
    start_s: raw.start_s ?? CONTROL_DEFAULTS.start_s,
    from_s: raw.from_s ?? null,
    to_s: raw.to_s ?? null,
  };
}

/** The control's source as one select value: `asset:<id>` or `shot:<id>`. */
export function sourceKey(control: ControlChoice | null): string {
  if (!control) return '';
  return control.asset_id ? `asset:${control.asset_id}` : control.shot_id ? `shot:${control.shot_id}` : '';
}

/** The control with its source set from a select value ('' removes the control). */
export function withSource(control: ControlChoice | null, key: string): ControlChoice | null {
  if (!key) return null;
  const [what, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const base = control ?? { ...CONTROL_DEFAULTS, asset_id: null, shot_id: null };
  return { ...base, asset_id: what === 'asset' ? id : null, shot_id: what === 'shot' ? id : null };
}

/** The library's IC-LoRA a guide of `kind` runs through: the one trained for it, else the union one; null: none. */
export function controlLoraOf(library: readonly Lora[], kind: ControlKind): Lora | null {
  const ic = library.filter((l) => l.family === 'ltx2' && normalName(l.name).includes('ic-lora'));
  for (const wanted of [`${kind}-control`, 'union-control']) {
    const found = ic.find((l) => normalName(l.name).includes(wanted));
    if (found) return found;
  }
  return null;
}

/** What is wrong with the guided range, in words (null: fine). Seconds of the shot, `length` its duration. */
export function guidedRangeProblem(control: ControlChoice, length: number): string | null {
  const from = control.from_s ?? 0;
  if (from >= length) return `guidance starts at ${from} s, after the shot ends (${length.toFixed(2)} s)`;
  if (control.to_s != null && control.to_s <= from) return 'guidance must stop after it starts';
  return null;
}
