// Pure helpers for the generation modes: labels, the client-side mirror of the server's checks
// (backend/services/generation_inputs.py, backend/schemas/jobs.py), and the `POST /generate/advanced` body.
// The mirror only gives instant hints; whatever the server answers (its 422 `detail`) is shown as it is.
import type { Asset, AssetKind, ConditioningItem, GenerateRequest, GenerationMode, Shot, ShotFields } from '../api/types';
import { IMAGE_MODES } from '../api/types';

export const MODE_LABELS: Record<GenerationMode, string> = {
  t2v: 'Text → Video',
  i2v: 'Image → Video',
  keyframes: 'Keyframes',
  t2i: 'Text → Image',
  edit: 'Edit with references',
  inpaint: 'In-paint',
};

export const MAX_CONDITIONING_ITEMS = 32;
export const MAX_REFERENCES = 8;
/** Asset kinds each input accepts (the server answers 422 for others). */
export const CONDITIONING_KINDS: readonly AssetKind[] = ['image', 'video'];
export const IMAGE_KINDS: readonly AssetKind[] = ['image'];

export function isImageMode(mode: GenerationMode): boolean {
  return IMAGE_MODES.includes(mode);
}

/** Modes that can follow a sound (audio-to-video); the server ignores a shot's sound in the others. */
export const SOUND_MODES: readonly GenerationMode[] = ['t2v', 'i2v', 'keyframes'];
/** The most frames one generation makes (NumFrames' bound). */
export const MAX_FRAMES = 505;

/** Frames of a clip whose length follows a sound of `seconds` at `fps`: the 8k+1 that covers it (as the server). */
export function framesForSound(seconds: number, fps: number): number {
  return 1 + Math.max(1, Math.ceil((Math.round(seconds * fps) - 1) / 8)) * 8;
}

/** What stops the shot's sound from being followed (empty: fine, or no sound chosen). */
export function soundProblems(fields: ShotFields, assets: Record<string, Asset>, fps: number): string[] {
  if (!fields.audio_asset_id || !SOUND_MODES.includes(fields.generation.mode)) return [];
  const asset = assets[fields.audio_asset_id];
  if (!asset) return ['the sound to follow is not in the media bin'];
  if (asset.kind !== 'audio') return [`the sound to follow must be an audio asset (it is ${asset.kind})`];
  if (fields.duration_from_audio) {
    if (!asset.duration_s) return ['the length of that sound is unknown: set the frames instead'];
    if (framesForSound(asset.duration_s, fps) > MAX_FRAMES) {
      return [`the sound lasts ${asset.duration_s.toFixed(1)} s; one generation makes at most ${((MAX_FRAMES - 1) / fps).toFixed(1)} s`];
    }
  }
  return [];
}

/** Problems with one conditioning item: `frame` / `strength` / `asset`. */
export interface ConditioningIssues {
  frame?: string;
  strength?: string;
  asset?: string;
}

export function conditioningIssues(
  item: ConditioningItem,
  numFrames: number,
  assets: Record<string, Asset> | null,
): ConditioningIssues {
  const out: ConditioningIssues = {};
  const last = numFrames - 1;
  if (!Number.isInteger(item.frame) || item.frame < 0 || item.frame > last) out.frame = `frame 0 to ${last}`;
  if (!Number.isFinite(item.strength) || item.strength < 0 || item.strength > 1) out.strength = '0 to 1';
  if (assets) {
    const asset = assets[item.asset_id];
    if (!asset) out.asset = 'not in the media bin';
    else if (!CONDITIONING_KINDS.includes(asset.kind)) out.asset = `an ${asset.kind} cannot condition a clip`;
  }
  return out;
}

function imageProblem(label: string, id: string | null, assets: Record<string, Asset>): string | null {
  if (!id) return `choose ${label}`;
  const asset = assets[id];
  if (!asset) return `${label} is not in the media bin`;
  if (asset.kind !== 'image') return `${label} must be an image (it is ${asset.kind})`;
  return null;
}

/**
 * What stops this shot's current mode from being generated, as short sentences (empty: ready). Mirrors the server;
 * the server stays the judge.
 */
export function generationProblems(fields: ShotFields, assets: Record<string, Asset>, fps = 24): string[] {
  const problems: string[] = [...soundProblems(fields, assets, fps)];
  const g = fields.generation;
  if (!fields.prompt.trim()) problems.push('the prompt is empty: describe what to generate');
  if (fields.camera && isImageMode(g.mode)) problems.push('a camera move is for video modes: set Camera to None');
  if (fields.loras.length && g.mode === 'inpaint') problems.push('in-painting takes no LoRAs: remove them');
  switch (g.mode) {
    case 'i2v': {
      const p = imageProblem('a start image', g.image_asset_id, assets);
      if (p) problems.push(p);
      break;
    }
    case 'keyframes': {
      if (fields.conditioning.length === 0) problems.push('add at least one item to the conditioning timeline');
      if (fields.conditioning.length > MAX_CONDITIONING_ITEMS) problems.push(`at most ${MAX_CONDITIONING_ITEMS} items`);
      fields.conditioning.forEach((item, n) => {
        const issues = conditioningIssues(item, fields.num_frames, assets);
        if (issues.asset) problems.push(`item ${n + 1}: ${issues.asset}`);
        if (issues.frame) problems.push(`item ${n + 1}: ${issues.frame} (it is ${item.frame})`);
        if (issues.strength) problems.push(`item ${n + 1}: strength ${issues.strength}`);
      });
      break;
    }
    case 'edit': {
      if (g.reference_asset_ids.length === 0) problems.push('choose at least one reference image');
      if (g.reference_asset_ids.length > MAX_REFERENCES) problems.push(`at most ${MAX_REFERENCES} reference images`);
      g.reference_asset_ids.forEach((id, n) => {
        const p = imageProblem(`reference ${n + 1}`, id, assets);
        if (p) problems.push(p);
      });
      break;
    }
    case 'inpaint': {
      const pi = imageProblem('an image', g.image_asset_id, assets);
      const pm = imageProblem('a mask', g.mask_asset_id, assets);
      if (pi) problems.push(pi);
      if (pm) problems.push(pm);
      if (!pi && !pm) {
        const image = assets[g.image_asset_id!]!;
        const mask = assets[g.mask_asset_id!]!;
        if (image.width !== mask.width || image.height !== mask.height) {
          problems.push(
            `the mask is ${mask.width}x${mask.height} but the image is ${image.width}x${image.height}; they must be the same size`,
          );
        }
      }
      if (!Number.isFinite(g.strength) || g.strength < 0 || g.strength > 1) problems.push('strength 0 to 1');
      break;
    }
    default:
      break;
  }
  return problems;
}

/** The request for the shot's saved state (`shot`, after saving the drafts) in its current mode. */
export function generationRequest(projectId: string, shot: Shot, fields: ShotFields): GenerateRequest {
  const g = fields.generation;
  const body: GenerateRequest = {
    project_id: projectId,
    shot_id: shot.id,
    mode: g.mode,
    prompt: shot.prompt,
    negative_prompt: shot.negative_prompt,
    width: shot.width,
    height: shot.height,
    seed: shot.seed,
    num_inference_steps: shot.num_inference_steps,
  };
  if (!isImageMode(g.mode)) body.num_frames = shot.num_frames;
  switch (g.mode) {
    case 'i2v':
      body.image_asset_id = g.image_asset_id;
      break;
    case 'keyframes':
      // No `conditioning` here: the server takes the shot's saved timeline (saved just before).
      break;
    case 'edit':
      body.reference_asset_ids = [...g.reference_asset_ids];
      break;
    case 'inpaint':
      body.image_asset_id = g.image_asset_id;
      body.mask_asset_id = g.mask_asset_id;
      body.strength = g.strength;
      // The server paints at the image's own size.
      delete body.width;
      delete body.height;
      break;
    default:
      break;
  }
  return body;
}

/** Where a new conditioning item goes: the first free of the first frame, the last, the middle. */
export function defaultConditioningFrame(items: readonly ConditioningItem[], numFrames: number): number {
  const last = Math.max(0, numFrames - 1);
  const taken = new Set(items.map((i) => i.frame));
  for (const frame of [0, last, Math.round(last / 2)]) if (!taken.has(frame)) return frame;
  return 0;
}

export function assetsById(assets: readonly Asset[]): Record<string, Asset> {
  return Object.fromEntries(assets.map((a) => [a.id, a]));
}
