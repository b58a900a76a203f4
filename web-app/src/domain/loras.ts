// LoRAs and camera moves (issue 13), in words and rules the inspector and the Models page share: the family a mode
// runs, which library LoRAs a shot can take, the camera-control LoRA a move needs (found by name, as the server finds
// it: backend/services/lora_choices.py), strengths, and "made with" for a take. Pure: no React, no store.
import type { CameraMove, GenerationMode, Lora, LoraChoice, LoraFamily } from '../api/types';

/** The server's bounds (backend/schemas/project.py). */
export const LORA_STRENGTH = { min: -2, max: 2, step: 0.05, initial: 1 } as const;
export const MAX_LORAS = 8;

export const FAMILY_LABELS: Record<LoraFamily, string> = { ltx2: 'LTX-2', flux2: 'FLUX.2' };

export function familyLabel(family: LoraFamily | null | undefined): string {
  return family ? FAMILY_LABELS[family] : 'none';
}

/** The family a generation mode runs (video: LTX-2, stills: FLUX.2); null: the mode takes no LoRAs (in-paint). */
export function familyOfMode(mode: GenerationMode): LoraFamily | null {
  if (mode === 't2v' || mode === 'i2v' || mode === 'keyframes') return 'ltx2';
  if (mode === 't2i' || mode === 'edit') return 'flux2';
  return null;
}

export const CAMERA_MOVES: readonly { move: CameraMove; label: string }[] = [
  { move: 'static', label: 'Static' },
  { move: 'dolly_in', label: 'Dolly in' },
  { move: 'dolly_out', label: 'Dolly out' },
  { move: 'dolly_left', label: 'Dolly left' },
  { move: 'dolly_right', label: 'Dolly right' },
  { move: 'jib_up', label: 'Jib up' },
  { move: 'jib_down', label: 'Jib down' },
];

export function cameraLabel(move: string): string {
  return CAMERA_MOVES.find((c) => c.move === move)?.label ?? move.replace(/_/g, ' ');
}

/** A name as the server compares it: lowercased, every run of non-alphanumerics one '-'. */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** What the camera-control LoRA's file name contains, e.g. `camera-control-dolly-in`. */
export function cameraLoraKey(move: CameraMove): string {
  return `camera-control-${move.replace(/_/g, '-')}`;
}

/** Lightricks' hub repository of the move, e.g. `Lightricks/LTX-2-19b-LoRA-Camera-Control-Dolly-In`. */
export function cameraRepo(move: CameraMove): string {
  const title = move
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('-');
  return `Lightricks/LTX-2-19b-LoRA-Camera-Control-${title}`;
}

/** The library's camera-control LoRA of the move (an LTX-2 one whose name carries it), or null. */
export function cameraLoraOf(library: readonly Lora[], move: CameraMove): Lora | null {
  const key = cameraLoraKey(move);
  return library.find((l) => l.family === 'ltx2' && normalName(l.name).includes(key)) ?? null;
}

/** Why a LoRA cannot be added to a shot in a mode of `family` (null: it can). */
export function loraUnusable(lora: Lora, family: LoraFamily): string | null {
  if (lora.family !== family) {
    return lora.family ? `a ${FAMILY_LABELS[lora.family]} LoRA; this mode runs ${FAMILY_LABELS[family]}` : (lora.reason ?? 'not a LoRA of LTX-2 or FLUX.2');
  }
  if (!lora.fits) return lora.reason ?? `does not fit the ${FAMILY_LABELS[family]} model`;
  return null;
}

/** A strength within −2..2 on the 0.05 grid; null for something that is not a number. */
export function clampStrength(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const clamped = Math.min(LORA_STRENGTH.max, Math.max(LORA_STRENGTH.min, value));
  return Number((Math.round(clamped / LORA_STRENGTH.step) * LORA_STRENGTH.step).toFixed(2));
}

/** The shot's LoRAs with one added (at strength 1), unless it is there already or the list is full. */
export function withLora(chosen: readonly LoraChoice[], id: string): LoraChoice[] {
  if (chosen.some((c) => c.id === id) || chosen.length >= MAX_LORAS) return [...chosen];
  return [...chosen, { id, strength: LORA_STRENGTH.initial }];
}

/** The prompt with the trigger words that are not in it yet appended (comma-separated). */
export function promptWithTriggers(prompt: string, words: readonly string[]): string {
  const lower = prompt.toLowerCase();
  const missing = words.map((w) => w.trim()).filter((w) => w && !lower.includes(w.toLowerCase()));
  if (!missing.length) return prompt;
  const base = prompt.trimEnd();
  return base ? `${base}${/[,.;:]$/.test(base) ? '' : ','} ${missing.join(', ')}` : missing.join(', ');
}

/** One LoRA that made a take or a job (`params.takes[].loras`, `result.loras`). */
export interface MadeWithLora {
  id: string;
  name: string;
  strength: number;
  camera?: string | null;
  /** The IC-LoRA a control clip ran through, with the kind of guide (canny, depth, pose, raw). */
  control?: string | null;
}

/** The well-formed entries of a take's or a result's `loras`; null when it has no such list. */
export function madeWithOf(raw: unknown): MadeWithLora[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    const row = item as Record<string, unknown>;
    const name = typeof row['name'] === 'string' ? row['name'] : typeof row['id'] === 'string' ? row['id'] : null;
    if (!name) return [];
    const strength = typeof row['strength'] === 'number' ? row['strength'] : 1;
    const camera = typeof row['camera'] === 'string' ? row['camera'] : null;
    const control = typeof row['control'] === 'string' ? row['control'] : null;
    return [{ id: typeof row['id'] === 'string' ? row['id'] : name, name, strength, camera, control }];
  });
}

const strengthText = (s: number) => String(Number(s.toFixed(2)));

const CONTROL_WORDS: Record<string, string> = { canny: 'edges', depth: 'depth', pose: 'pose', raw: 'restyle' };

/** "noir 0.8 · dolly in · control: edges": each LoRA with its strength, a camera move or a control clip by name. */
export function madeWithText(entries: readonly MadeWithLora[]): string {
  return entries
    .map((e) =>
      e.camera
        ? cameraLabel(e.camera).toLowerCase()
        : e.control
          ? `control: ${CONTROL_WORDS[e.control] ?? e.control}`
          : `${e.name} ${strengthText(e.strength)}`,
    )
    .join(' · ');
}

/** What the take of `jobId` in `params.takes` was made with (its `loras`), or null when the take does not say. */
export function takeLoras(params: Record<string, unknown> | null | undefined, jobId: string | null): MadeWithLora[] | null {
  if (!jobId) return null;
  const takes = params?.['takes'];
  if (!Array.isArray(takes)) return null;
  const take = takes.find((t) => t && typeof t === 'object' && (t as Record<string, unknown>)['job_id'] === jobId);
  return take ? madeWithOf((take as Record<string, unknown>)['loras']) : null;
}

/**
 * What the shot's current take was made with: the take's own record in `params.takes`, else (a take that does not
 * say) the `loras` of the result of the job that made it. Null when neither says (an older take).
 */
export function madeWithOfShot(
  shot: { params: Record<string, unknown> | null | undefined },
  currentTake: string | null,
  jobResult: Record<string, unknown> | null | undefined,
): MadeWithLora[] | null {
  return takeLoras(shot.params, currentTake) ?? madeWithOf(jobResult?.['loras']);
}
