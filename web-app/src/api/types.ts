// Names the app uses for the backend's schemas. Everything here is derived from the generated schema.d.ts, so a
// backend change that breaks the app breaks `npm run build`.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type Health = Schemas['Health'];
export type ProjectSummary = Schemas['ProjectSummary'];
export type ProjectState = Schemas['ProjectState'];
export type ProjectCreate = Schemas['ProjectCreate'];
export type Shot = Schemas['ShotRead'];
export type ShotCreate = Schemas['ShotCreate'];
export type ShotUpdate = Schemas['ShotUpdate'];
export type ShotStatus = Shot['status'];
export type Job = Schemas['JobRead'];
export type JobStatus = Job['status'];
export type GenerateRequest = Schemas['GenerateRequest'];
export type GenerateAccepted = Schemas['GenerateAccepted'];

/**
 * Smart Continue: what the user chooses in the Extend dialog (sent with `mode: "extend"`): seconds to add (0.1 to
 * 600), what happens next (plain words, optional), the overlap in seconds (server default 1.0), `replace` (the shot's
 * clip becomes the longer one) or `new_shot` (the continuation lands in a new shot after it), and lock prompt.
 */
export type ExtendOptions = Pick<GenerateRequest, 'instruction' | 'overlap_seconds' | 'extend_result' | 'lock_prompt'> & {
  extend_seconds: number;
};
export type ExtendResult = NonNullable<GenerateRequest['extend_result']>;
/** The server's limits (backend/schemas/jobs.py). */
export const EXTEND_LIMITS = {
  minSeconds: 0.1,
  maxSeconds: 600,
  minOverlap: 0.01,
  maxOverlap: 5,
  defaultOverlap: 1,
  maxInstruction: 2000,
} as const;
/** The `POST /generate/advanced` body of an extension. */
export type ExtendRequest = GenerateRequest & ExtendOptions & { shot_id: string; mode: 'extend' };

/** An LTX-2 quality preset: draft (distilled, 8 steps), standard (two-stage), final (the full recipe). */
export type Quality = NonNullable<Shot['quality']>;
export const QUALITIES = ['draft', 'standard', 'final'] as const satisfies readonly Quality[];
/** The presets of a shot as the server would run them, with their expected time here (`GET …/quality`). */
export type QualityOptions = Schemas['QualityOptions'];
export type QualityOption = Schemas['QualityOption'];

/** One finished video generation of a shot, kept in `shot.params.takes` (the server keeps paths; see domain/takes.ts). */
export interface Take {
  job_id: string;
  video_url: string | null;
  thumbnail_url: string | null;
  /** Frames of the take (null when the row does not say). */
  num_frames: number | null;
  /** The preset, seed and prompt as written that made it (null for takes from before presets): a promotion resends them. */
  quality: Quality | null;
  seed: number | null;
  prompt: string | null;
}

/** Retake: which part of the range is regenerated (`regenerate_video` / `regenerate_audio`). */
export type RetakePart = 'video' | 'audio' | 'both';
/** The `POST /generate/advanced` body of a retake. */
export type RetakeRequest = GenerateRequest & {
  shot_id: string;
  mode: 'retake';
  start_frame: number;
  end_frame: number;
  regenerate_video: boolean;
  regenerate_audio: boolean;
};
/** The `result` of a retake job: the new take and the range it regenerated. */
export interface RetakeJobResult {
  video_url?: string | null;
  thumbnail_url?: string | null;
  num_frames?: number;
  start_frame?: number;
  end_frame?: number;
  window?: [number, number];
}

/** The `result` of an extend job (also present on a cancelled one when a partial clip was committed). */
export interface ExtendJobResult {
  video_url?: string | null;
  thumbnail_url?: string | null;
  /** The shot that holds the result: the same shot (replace) or a new one right after it (new_shot). */
  shot_id?: string | null;
  chunks?: number;
  chunks_generated?: number;
  resumed_from_chunk?: number | null;
  num_frames?: number;
  duration_s?: number;
  prompts?: string[];
  test_model?: boolean;
}

export type Asset = Schemas['AssetRead'];
export type AssetKind = Asset['kind'];
export type ModelRole = Schemas['ModelRoleStatus'];
export type WorkerStatus = Schemas['WorkerStatus'];
/** A LoRA file of the library (`GET /loras`): its family, whether it fits the configured model, and why not. */
export type Lora = Schemas['LoraRead'];
export type LoraFamily = NonNullable<Lora['family']>;
/** One LoRA of a shot at a strength (−2..2; the server's default 1). */
export type LoraChoice = Required<Schemas['LoraChoice']>;
/** A camera move: applies Lightricks' camera-control LoRA of that move from the library. */
export type CameraMove = NonNullable<Shot['camera']>;
/** A control clip (IC-LoRA): a video asset or another shot's take, as it is or as its edges, depth or pose. */
export type ControlChoice = Schemas['ControlChoice'];
export type ControlKind = NonNullable<ControlChoice['kind']>;
export type EnrichRequest = Schemas['EnrichRequest'];
export type EnrichResponse = Schemas['EnrichResponse'];

/**
 * Every generation mode a shot can be set to (what the inspector's mode picker offers). `extend` and `retake` are not
 * ones: they are actions on a shot's existing clip (Smart Continue; regenerate a range of the take), sent on their own.
 */
export type GenerationMode = Exclude<NonNullable<GenerateRequest['mode']>, 'extend' | 'retake'>;
export const GENERATION_MODES = ['t2v', 'i2v', 'keyframes', 't2i', 'edit', 'inpaint'] as const satisfies readonly GenerationMode[];
export const VIDEO_MODES: readonly GenerationMode[] = ['t2v', 'i2v', 'keyframes'];
export const IMAGE_MODES: readonly GenerationMode[] = ['t2i', 'edit', 'inpaint'];

/** One item of a shot's conditioning timeline, with the server's defaults filled in. */
export type ConditioningItem = Required<Schemas['ConditioningItem']>;

/**
 * The inspector's per-shot generation choices (mode and its inputs). The server has no column for them, so they are
 * kept in the shot's free-form `params` under `params.generation` (saved with the other edits, undoable like them).
 */
export interface GenerationSettings {
  mode: GenerationMode;
  /** i2v: the start image; inpaint: the picture to repaint. */
  image_asset_id: string | null;
  /** edit: reference images (1 to 8). */
  reference_asset_ids: string[];
  /** inpaint: white = repaint; same size as the image. */
  mask_asset_id: string | null;
  /** inpaint: 1 = repaint fully. */
  strength: number;
}

/** The plain (scalar) shot columns the inspector edits. */
export const SCALAR_SHOT_FIELDS = [
  'prompt',
  'negative_prompt',
  'seed',
  'num_frames',
  'width',
  'height',
  'num_inference_steps',
  'guidance_scale',
] as const satisfies readonly (keyof Shot & keyof ShotUpdate)[];
export type ScalarShotField = (typeof SCALAR_SHOT_FIELDS)[number];

/**
 * LTX-2's guidance beyond `guidance_scale`, for picture and sound (backend/schemas/guidance.py). Each is null for the
 * pipeline's own default (domain/guidance.ts names them).
 */
export const GUIDANCE_SHOT_FIELDS = [
  'stg_scale',
  'modality_scale',
  'guidance_rescale',
  'audio_guidance_scale',
  'audio_stg_scale',
  'audio_modality_scale',
  'audio_guidance_rescale',
  'stg_blocks',
] as const satisfies readonly (keyof Shot & keyof ShotUpdate & keyof GenerateRequest)[];
export type GuidanceField = (typeof GUIDANCE_SHOT_FIELDS)[number];
/** The scalar guidance fields (all but the list of STG blocks). */
export type GuidanceScaleField = Exclude<GuidanceField, 'stg_blocks'>;
export type GuidanceValues = { [K in GuidanceScaleField]: number | null } & { stg_blocks: number[] | null };

/** Audio-to-video: the audio asset the picture is generated to (t2v / i2v), and whether the clip takes its length. */
export interface FollowSound {
  audio_asset_id: string | null;
  duration_from_audio: boolean;
}
export const SOUND_SHOT_FIELDS = ['audio_asset_id', 'duration_from_audio'] as const satisfies readonly (keyof FollowSound &
  keyof Shot &
  keyof ShotUpdate)[];

/** The shot's LoRAs (at most 8, each once), its camera move and its control clip (null: none). */
export interface ShotLoras {
  loras: LoraChoice[];
  camera: CameraMove | null;
  control: ControlChoice | null;
}

/** The shot fields the inspector edits (and undo/redo covers). */
export interface ShotFields extends Pick<Shot, ScalarShotField>, GuidanceValues, FollowSound, ShotLoras {
  /** The shot's quality preset; null: the project's default. */
  quality: Quality | null;
  conditioning: ConditioningItem[];
  generation: GenerationSettings;
}
export const EDITABLE_SHOT_FIELDS = [
  ...SCALAR_SHOT_FIELDS,
  ...GUIDANCE_SHOT_FIELDS,
  ...SOUND_SHOT_FIELDS,
  'quality',
  'loras',
  'camera',
  'control',
  'conditioning',
  'generation',
] as const satisfies readonly (keyof ShotFields)[];
export type EditableShotField = (typeof EDITABLE_SHOT_FIELDS)[number];

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ['pending', 'running'];

/** SSE event types the backend publishes on `GET /events`. */
export const JOB_EVENT_TYPES = [
  'job.queued',
  'job.started',
  'job.progress',
  'job.completed',
  'job.failed',
  'job.cancelled',
] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];
export type StudioEventType = JobEventType | 'shot.updated' | 'element.updated' | 'mask.created' | 'timeline.changed';

/** The `data:` payload of an SSE event. Fields are optional: each event type carries the ones relevant to it. */
export interface StudioEvent {
  type: StudioEventType;
  project_id?: string | null;
  job_id?: string | null;
  shot_id?: string | null;
  status?: JobStatus | null;
  progress?: number | null;
  /** Extend jobs: the chunk running now (1-based) and how many there are. */
  chunk?: number | null;
  chunks?: number | null;
  /** Denoising: the step just done (1-based) of `total_steps`; the pace measured so far and the steps left at it. */
  step?: number | null;
  total_steps?: number | null;
  step_s?: number | null;
  eta_s?: number | null;
  /** Seconds since the job started running. */
  elapsed_s?: number | null;
  stage?: string | null;
  /** Cancel was asked for: the job stops at its next safe point. */
  cancel_requested?: boolean | null;
  error?: string | null;
  result?: {
    video_url?: string | null;
    thumbnail_url?: string | null;
    image_url?: string | null;
    asset_id?: string | null;
    [key: string]: unknown;
  } | null;
  shot?: Shot | null;
  kind?: string | null;
  /** `element.updated`: the element and its full row (e.g. a generated visual attached server-side). */
  element_id?: string | null;
  element?: Element | null;
  /** `mask.created`: one object a track job followed through the shot's clip. */
  mask?: ShotMask | null;
  /** `timeline.changed`: clips created/updated (full rows) and ids deleted; a track change adds all the project's
   * `tracks` and the `deleted_tracks` ids. */
  clips?: ClipRead[] | null;
  deleted?: string[] | null;
  tracks?: TrackRead[] | null;
  deleted_tracks?: string[] | null;
}

// --- storyboard (screenplay import) and elements -----------------------------------------------------------------
export type ParseRequest = Schemas['ParseRequest'];
export type ParseResponse = Schemas['ParseResponse'];
export type ScriptFormat = ParseResponse['format'];
export type Storyboard = Schemas['Storyboard'];
/** Ask the director (Gemma 3) for a breakdown: the whole script, one scene (`scene_index`), or a treatment. */
export type BreakdownRequest = Schemas['BreakdownRequest'];
export type ProposedScene = Schemas['ProposedScene'];
export type ProposedShot = Schemas['ProposedShot'];
export type ProposedElement = Schemas['ProposedElement'];
export type CommitResponse = Schemas['CommitResponse'];
export type Element = Schemas['ElementRead'];
export type ElementCreate = Schemas['ElementCreate'];
export type ElementUpdate = Schemas['ElementUpdate'];
export type ElementType = ProposedElement['type'];
/** Storyboard concept frames: `POST /projects/{id}/frames` (one `frame` job per shot, `candidates` images each). */
export type FramesRequest = Schemas['FramesRequest'];
export type FramesAccepted = Schemas['FramesAccepted'];
/** The job kind of a concept-frame job, and the asset origin of its candidates. */
export const FRAME_JOB_KIND = 'frame';
export const CONCEPT_ORIGIN = 'concept';
export const ELEMENT_TYPES = ['character', 'location', 'object', 'style'] as const satisfies readonly ElementType[];
export type ProjectUpdate = Schemas['ProjectUpdate'];

// --- segmentation (SAM 3): status, masks on a frame, objects tracked through a clip ---------------------------------
export type SegmentationStatus = Schemas['SegmentationStatus'];
export type SamState = SegmentationStatus['status'];
export type SegmentRequest = Schemas['SegmentRequest'];
export type SegmentResponse = Schemas['SegmentResponse'];
export type SegmentMask = Schemas['SegmentMask'];
/** A click on the image: [x, y, label] in image pixels; label 1 = the object, 0 = not the object. */
export type SegmentPoint = NonNullable<SegmentRequest['points']>[number];
export type SegmentBox = NonNullable<SegmentRequest['boxes']>[number];
export type TrackRequest = Schemas['TrackRequest'];
export type ShotMask = Schemas['ShotMaskRead'];

/** The `result` of an in-paint job of a grabbed frame. */
export interface InpaintJobResult {
  image_url?: string | null;
  asset_id?: string | null;
  source_shot_id?: string | null;
  source_frame?: number | null;
  test_model?: boolean;
}

// --- timeline (NLE): tracks and clips, docs/timeline.md ---------------------------------------------------------------
export type TrackRead = Schemas['TrackRead'];
export type TrackKind = TrackRead['kind'];
export type ClipRead = Schemas['ClipRead'];
export type ClipSourceKind = ClipRead['source_kind'];
/** A new clip's fields (`id` chosen by the browser: an undone delete recreates the same row). */
export type ClipCreate = Schemas['ClipFields'];
export type TimelineEdits = Schemas['TimelineEdits'];
/** One change of a batch: `create` / `update` / `delete` (discriminated by `op`). */
export type ClipChange = TimelineEdits['changes'][number];
export type TimelineEditResult = Schemas['TimelineEditResult'];
/** What changed on the timeline since an event id (`full`: the whole timeline, replace rather than merge). */
export type TimelineChanges = Schemas['TimelineChanges'];
export type TrackCreate = Schemas['TrackCreate'];
export type TrackUpdate = Schemas['TrackUpdate'];

// --- export and import (issue 8): render masters, timelines for other editors, project archives -------------------
export type RenderRequest = Schemas['RenderRequest'];
export type RenderFormat = NonNullable<RenderRequest['format']>;
/** Frames `[in_frame, out_frame)` of the timeline; null: all of it. */
export type RenderRange = NonNullable<RenderRequest['range']>;
export const RENDER_FORMATS = ['h264', 'prores', 'dnxhr'] as const satisfies readonly RenderFormat[];
/** A render's file name (without extension), as the server accepts it (backend/schemas/render.py). */
export const RENDER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/;
export const RENDER_NAME_MAX = 100;
/** What another editor reads: `GET /projects/{id}/export?format=`. */
export type TimelineFormat = NonNullable<NonNullable<paths['/projects/{project_id}/export']['get']['parameters']['query']>['format']>;
export const TIMELINE_FORMATS = ['otio', 'edl', 'fcpxml'] as const satisfies readonly TimelineFormat[];
export type TimelineImportResult = Schemas['TimelineImportResult'];
/** One clip a refused timeline import names (its track, frame, name and media file), from the 422 body's `missing`. */
export type MissingMedia = string;

/**
 * The `result` of a completed `render` job (the backend's RenderResult, backend/schemas/render.py; job results
 * are free-form in the OpenAPI schema, so only the fields the dialog shows are named here, all but `video_url` optional).
 */
export interface RenderJobResult {
  /** The file (a project media URL), the key every video result uses; add `?download=1` to download it. */
  video_url: string;
  /** @deprecated The same URL under the render's old key, sent for one more release; read `video_url`. */
  url?: string;
  name?: string;
  frames?: number;
  in_frame?: number;
  out_frame?: number;
  width?: number;
  height?: number;
  /** Clips whose source has no file yet (rendered black and silent). */
  missing_clips?: string[];
  duration_s?: number;
  format?: RenderFormat;
  size_bytes?: number;
  has_audio?: boolean;
  /** Rendered from test-model shots: the picture is noise. */
  test_model?: boolean;
}
