// The thin typed client: every call the app makes to the backend, nothing else. Paths and bodies are checked against
// the generated OpenAPI types; failures become ApiError with the server's own message.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type {
  BreakdownRequest,
  Asset,
  CommitResponse,
  Element,
  ElementCreate,
  ElementUpdate,
  EnrichRequest,
  EnrichResponse,
  ExtendRequest,
  FramesAccepted,
  FramesRequest,
  GenerateAccepted,
  GenerateRequest,
  Health,
  Job,
  Lora,
  SegmentationStatus,
  SegmentRequest,
  SegmentResponse,
  ShotMask,
  TrackRequest,
  ModelRole,
  ParseRequest,
  ParseResponse,
  ProjectCreate,
  ProjectState,
  ProjectSummary,
  ProjectUpdate,
  QualityOptions,
  Shot,
  ShotCreate,
  ShotUpdate,
  Storyboard,
  TimelineChanges,
  TimelineEditResult,
  TimelineEdits,
  TrackCreate,
  TrackRead,
  TrackUpdate,
  RenderRequest,
  TimelineFormat,
  TimelineImportResult,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly detail: unknown;
  /** The whole error body (fields beside `detail`, e.g. a timeline import's `missing` list). */
  readonly body: unknown;

  constructor(status: number, detail: unknown, fallback: string, body?: unknown) {
    super(describeDetail(detail) ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.body = body;
  }
}

/** A file the server sent (an export, an archive), with the name from its Content-Disposition. */
export interface Download {
  blob: Blob;
  filename: string;
  /** What the format left out (the `X-Milimo-Export-Note` header, e.g. an EDL's other tracks), or null. */
  note: string | null;
}

/** The file name of a Content-Disposition header (`filename*=UTF-8''…` or `filename="…"`), or `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain ? plain[1]!.trim() : fallback;
}

/** A 409 from a versioned PATCH: someone else changed the row; `current` is the row as it is now. */
export class ConflictError<T> extends ApiError {
  readonly current: T | null;

  constructor(detail: unknown, current: T | null) {
    super(409, detail, 'This item was changed elsewhere.');
    this.name = 'ConflictError';
    this.current = current;
  }
}

/** Turns FastAPI's `detail` (a string, `{message}`, or a 422 list of `{loc, msg}`) into one readable sentence. */
export function describeDetail(detail: unknown): string | null {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const parts = detail.map((item) => {
      if (item && typeof item === 'object' && 'msg' in item) {
        const loc = Array.isArray((item as { loc?: unknown }).loc)
          ? ((item as { loc: unknown[] }).loc.filter((p) => p !== 'body').join('.') as string)
          : '';
        const msg = String((item as { msg: unknown }).msg).replace(/^Value error, /, '');
        return loc ? `${loc}: ${msg}` : msg;
      }
      return String(item);
    });
    return parts.length ? parts.join('; ') : null;
  }
  if (detail && typeof detail === 'object' && 'message' in detail) {
    return String((detail as { message: unknown }).message);
  }
  return null;
}

export interface Api {
  health(): Promise<Health>;
  listProjects(): Promise<ProjectSummary[]>;
  createProject(body: ProjectCreate): Promise<ProjectSummary>;
  getProject(projectId: string): Promise<ProjectState>;
  /** Change project fields (name, sizes, `default_quality`…); `version` is the one last seen (409 when stale). */
  updateProject(projectId: string, body: ProjectUpdate): Promise<ProjectSummary>;
  /** The shot's quality presets in `mode`, as the server would run them, with their expected time here. */
  shotQuality(projectId: string, shotId: string, mode: 't2v' | 'i2v' | 'keyframes'): Promise<QualityOptions>;
  createShot(projectId: string, body: ShotCreate): Promise<Shot>;
  updateShot(projectId: string, shotId: string, body: ShotUpdate): Promise<Shot>;
  deleteShot(projectId: string, shotId: string): Promise<void>;
  generate(body: GenerateRequest): Promise<GenerateAccepted>;
  /** Storyboard concept frames for shots (by ids, a scene, or all): one `frame` job per shot. */
  queueFrames(projectId: string, body: FramesRequest): Promise<FramesAccepted>;
  /** Smart Continue: `POST /generate/advanced` with `mode: "extend"` (422 when the shot has no clip yet). */
  extendShot(body: ExtendRequest): Promise<GenerateAccepted>;
  /** Make one of the shot's takes (`params.takes[].job_id`) its current clip; the server sets video/thumbnail. */
  selectTake(projectId: string, shotId: string, version: number, takeJobId: string): Promise<Shot>;
  getJob(jobId: string): Promise<Job>;
  listProjectJobs(projectId: string): Promise<Job[]>;
  cancelJob(jobId: string): Promise<Job>;
  listAssets(projectId: string): Promise<Asset[]>;
  /** Multipart upload; the server checks the content (415 not a media file, 413 too large). */
  /** Upload media; with `maskFor` (an image asset's id) the file is a mask drawn on that image (same size). */
  uploadAsset(projectId: string, file: Blob, filename: string, maskFor?: string): Promise<Asset>;
  enrichPrompt(body: EnrichRequest): Promise<EnrichResponse>;
  listModels(): Promise<ModelRole[]>;
  /** The LoRA library: every .safetensors in <data>/loras and the user's folders, checked against the models. */
  listLoras(): Promise<Lora[]>;
  /** Add a LoRA file (422 with `detail` when it is not a LoRA of LTX-2 / FLUX.2, 413 too large); 201 with its row. */
  uploadLora(file: Blob, filename: string): Promise<Lora>;
  /** Remove a LoRA of the studio's own folder (409 for one in the user's folder, 404 unknown). */
  deleteLora(loraId: string): Promise<void>;
  /** Propose scenes/shots/elements from a script; saves nothing (422 `line N: …` when unreadable). */
  parseStoryboard(projectId: string, body: ParseRequest): Promise<ParseResponse>;
  /** The director's breakdown, in the parse's shape (nothing saved; 422 when its answers did not keep the script). */
  breakdownStoryboard(projectId: string, body: BreakdownRequest): Promise<ParseResponse>;
  /** Save the (adjusted) proposal, all or nothing. */
  commitStoryboard(projectId: string, body: Storyboard): Promise<CommitResponse>;
  createElement(projectId: string, body: ElementCreate): Promise<Element>;
  updateElement(projectId: string, elementId: string, body: ElementUpdate): Promise<Element>;
  deleteElement(projectId: string, elementId: string): Promise<void>;
  /** The SAM 3 service as the backend sees it (always 200; `status: "down"` when it is not running). */
  segmentationStatus(): Promise<SegmentationStatus>;
  /** Save one frame of the shot's clip as an image asset (422 outside the clip or without a clip). */
  grabFrame(projectId: string, shotId: string, frame: number): Promise<Asset>;
  /** Masks on an image asset from clicks, a box or words (503 when the SAM service is down). */
  segment(projectId: string, body: SegmentRequest): Promise<SegmentResponse>;
  /** Follow an object through the shot's clip: a `track` job; its masks arrive as `mask.created`. */
  trackShot(projectId: string, shotId: string, body: TrackRequest): Promise<GenerateAccepted>;
  listShotMasks(projectId: string, shotId: string): Promise<ShotMask[]>;
  deleteMask(projectId: string, maskId: string): Promise<void>;
  /**
   * The one way clips change: an atomic batch of create/update/delete. 409 (a stale version) throws a ConflictError
   * whose `current` is the server's `conflicts` list (`[{id, current: ClipRead | null}]`); 422 an ApiError.
   */
  timelineEdits(projectId: string, body: TimelineEdits): Promise<TimelineEditResult>;
  /** The clips changed since an event id, and every track: a catch-up that costs what changed. */
  timelineChanges(projectId: string, since: number): Promise<TimelineChanges>;
  createTrack(projectId: string, body: TrackCreate): Promise<TrackRead>;
  updateTrack(projectId: string, trackId: string, body: TrackUpdate): Promise<TrackRead>;
  deleteTrack(projectId: string, trackId: string, version: number): Promise<void>;
  /** Render the timeline (or a range of it) to a master file: a `render` job (progress on SSE, cancel as any job). */
  render(projectId: string, body: RenderRequest): Promise<GenerateAccepted>;
  /** The timeline for another editor (OTIO / EDL / FCP XML), as a file. */
  exportTimeline(projectId: string, format: TimelineFormat): Promise<Download>;
  /** The whole project (database rows and media) as a .zip. */
  exportArchive(projectId: string): Promise<Download>;
  /** Bring an .otio timeline into the project (422 with `missing`: clips whose media is not in the project). */
  importTimeline(projectId: string, file: Blob, filename: string): Promise<TimelineImportResult>;
  /** A project archive becomes a new project (422 for an archive of a newer format). */
  importArchive(file: Blob, filename: string): Promise<ProjectSummary>;
}

function pick(value: unknown, key: string): unknown {
  return value && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

export type Result<T> = { data?: T; error?: unknown; response: Response };

export function unwrap<T>(result: Result<T>): T {
  const { data, error, response } = result;
  if (!response.ok) {
    const detail = error && typeof error === 'object' && 'detail' in error ? (error as { detail: unknown }).detail : error;
    if (response.status === 409) {
      // The current row comes beside `detail` ({detail: "...", current: {...}}) or inside it ({detail: {message,
      // current}}); accept both.
      throw new ConflictError(
        detail,
        pick(error, 'current') ?? pick(detail, 'current') ?? pick(error, 'conflicts') ?? pick(detail, 'conflicts') ?? null,
      );
    }
    throw new ApiError(response.status, detail, `${response.status} ${response.statusText || 'request failed'}`, error);
  }
  return data as T;
}

function unwrapDownload(result: Result<Blob>, fallback: string): Download {
  const blob = unwrap(result);
  const headers = result.response.headers;
  return { blob, filename: filenameOf(headers.get('content-disposition'), fallback), note: headers.get('x-milimo-export-note') };
}

export function createHttpApi(baseUrl = ''): Api {
  const client = createClient<paths>({ baseUrl });
  return {
    timelineEdits: async (projectId, body) =>
      unwrap(await client.POST('/projects/{project_id}/timeline/edits', { params: { path: { project_id: projectId } }, body })),
    timelineChanges: async (projectId, since) =>
      unwrap(
        await client.GET('/projects/{project_id}/timeline/changes', {
          params: { path: { project_id: projectId }, query: { since } },
        }),
      ),
    createTrack: async (projectId, body) =>
      unwrap(await client.POST('/projects/{project_id}/tracks', { params: { path: { project_id: projectId } }, body })),
    updateTrack: async (projectId, trackId, body) =>
      unwrap(
        await client.PATCH('/projects/{project_id}/tracks/{track_id}', {
          params: { path: { project_id: projectId, track_id: trackId } },
          body,
        }),
      ),
    deleteTrack: async (projectId, trackId, version) => {
      unwrap(
        await client.DELETE('/projects/{project_id}/tracks/{track_id}', {
          params: { path: { project_id: projectId, track_id: trackId }, query: { version } },
        }),
      );
    },
    render: async (projectId, body) =>
      unwrap(await client.POST('/projects/{project_id}/render', { params: { path: { project_id: projectId } }, body })),
    exportTimeline: async (projectId, format) =>
      unwrapDownload(
        (await client.GET('/projects/{project_id}/export', {
          params: { path: { project_id: projectId }, query: { format } },
          parseAs: 'blob',
        })) as Result<Blob>,
        `timeline.${format === 'fcpxml' ? 'fcpxml' : format}`,
      ),
    exportArchive: async (projectId) =>
      unwrapDownload(
        (await client.GET('/projects/{project_id}/archive', {
          params: { path: { project_id: projectId } },
          parseAs: 'blob',
        })) as Result<Blob>,
        'project.zip',
      ),
    importTimeline: async (projectId, file, filename) =>
      unwrap(
        await client.POST('/projects/{project_id}/import', {
          params: { path: { project_id: projectId } },
          // As uploadAsset: the schema types the part as a string; the real body is this FormData.
          body: { file: filename },
          bodySerializer: () => {
            const form = new FormData();
            form.append('file', file, filename);
            return form;
          },
        }),
      ),
    importArchive: async (file, filename) =>
      unwrap(
        await client.POST('/projects/import-archive', {
          body: { file: filename },
          bodySerializer: () => {
            const form = new FormData();
            form.append('file', file, filename);
            return form;
          },
        }),
      ),
    health: async () => unwrap(await client.GET('/health')),
    listProjects: async () => unwrap(await client.GET('/projects')),
    createProject: async (body) => unwrap(await client.POST('/projects', { body })),
    getProject: async (projectId) =>
      unwrap(await client.GET('/projects/{project_id}', { params: { path: { project_id: projectId } } })),
    updateProject: async (projectId, body) =>
      unwrap(await client.PATCH('/projects/{project_id}', { params: { path: { project_id: projectId } }, body })),
    shotQuality: async (projectId, shotId, mode) =>
      unwrap(
        await client.GET('/projects/{project_id}/shots/{shot_id}/quality', {
          params: { path: { project_id: projectId, shot_id: shotId }, query: { mode } },
        }),
      ),
    createShot: async (projectId, body) =>
      unwrap(await client.POST('/projects/{project_id}/shots', { params: { path: { project_id: projectId } }, body })),
    updateShot: async (projectId, shotId, body) =>
      unwrap(
        await client.PATCH('/projects/{project_id}/shots/{shot_id}', {
          params: { path: { project_id: projectId, shot_id: shotId } },
          body,
        }),
      ),
    deleteShot: async (projectId, shotId) => {
      unwrap(
        await client.DELETE('/projects/{project_id}/shots/{shot_id}', {
          params: { path: { project_id: projectId, shot_id: shotId } },
        }),
      );
    },
    generate: async (body) => unwrap(await client.POST('/generate/advanced', { body })),
    queueFrames: async (projectId, body) =>
      unwrap(await client.POST('/projects/{project_id}/frames', { params: { path: { project_id: projectId } }, body })),
    extendShot: async (body) =>
      unwrap(await client.POST('/generate/advanced', { body })),
    selectTake: async (projectId, shotId, version, takeJobId) =>
      unwrap(
        await client.PATCH('/projects/{project_id}/shots/{shot_id}', {
          params: { path: { project_id: projectId, shot_id: shotId } },
          body: { version, take: takeJobId },
        }),
      ),
    getJob: async (jobId) => unwrap(await client.GET('/jobs/{job_id}', { params: { path: { job_id: jobId } } })),
    listProjectJobs: async (projectId) =>
      unwrap(await client.GET('/projects/{project_id}/jobs', { params: { path: { project_id: projectId } } })),
    cancelJob: async (jobId) =>
      unwrap(await client.POST('/jobs/{job_id}/cancel', { params: { path: { job_id: jobId } } })),
    listAssets: async (projectId) =>
      unwrap(await client.GET('/projects/{project_id}/assets', { params: { path: { project_id: projectId } } })),
    uploadAsset: async (projectId, file, filename, maskFor) =>
      unwrap(
        await client.POST('/projects/{project_id}/assets', {
          params: { path: { project_id: projectId } },
          // The schema types the part as a string; the real body is the FormData built here (the browser sets the
          // multipart Content-Type with its boundary).
          body: { file: filename, ...(maskFor ? { mask_for: maskFor } : {}) },
          bodySerializer: () => {
            const form = new FormData();
            form.append('file', file, filename);
            if (maskFor) form.append('mask_for', maskFor);
            return form;
          },
        }),
      ),
    enrichPrompt: async (body) => unwrap(await client.POST('/director/enrich', { body })),
    listModels: async () => unwrap(await client.GET('/models')),
    listLoras: async () => unwrap(await client.GET('/loras')),
    uploadLora: async (file, filename) =>
      unwrap(
        await client.POST('/loras', {
          // As uploadAsset: the schema types the part as a string; the real body is this FormData.
          body: { file: filename },
          bodySerializer: () => {
            const form = new FormData();
            form.append('file', file, filename);
            return form;
          },
        }),
      ),
    deleteLora: async (loraId) => {
      unwrap(await client.DELETE('/loras/{lora_id}', { params: { path: { lora_id: loraId } } }));
    },
    parseStoryboard: async (projectId, body) =>
      unwrap(
        await client.POST('/projects/{project_id}/storyboard/parse', { params: { path: { project_id: projectId } }, body }),
      ),
    breakdownStoryboard: async (projectId, body) =>
      unwrap(
        await client.POST('/projects/{project_id}/storyboard/breakdown', { params: { path: { project_id: projectId } }, body }),
      ),
    commitStoryboard: async (projectId, body) =>
      unwrap(
        await client.POST('/projects/{project_id}/storyboard/commit', { params: { path: { project_id: projectId } }, body }),
      ),
    createElement: async (projectId, body) =>
      unwrap(await client.POST('/projects/{project_id}/elements', { params: { path: { project_id: projectId } }, body })),
    updateElement: async (projectId, elementId, body) =>
      unwrap(
        await client.PATCH('/projects/{project_id}/elements/{element_id}', {
          params: { path: { project_id: projectId, element_id: elementId } },
          body,
        }),
      ),
    deleteElement: async (projectId, elementId) => {
      unwrap(
        await client.DELETE('/projects/{project_id}/elements/{element_id}', {
          params: { path: { project_id: projectId, element_id: elementId } },
        }),
      );
    },
    segmentationStatus: async () => unwrap(await client.GET('/segmentation/status')),
    grabFrame: async (projectId, shotId, frame) =>
      unwrap(
        await client.POST('/projects/{project_id}/shots/{shot_id}/frames', {
          params: { path: { project_id: projectId, shot_id: shotId } },
          body: { frame },
        }),
      ),
    segment: async (projectId, body) =>
      unwrap(await client.POST('/projects/{project_id}/segment', { params: { path: { project_id: projectId } }, body })),
    trackShot: async (projectId, shotId, body) =>
      unwrap(
        await client.POST('/projects/{project_id}/shots/{shot_id}/track', {
          params: { path: { project_id: projectId, shot_id: shotId } },
          body,
        }),
      ),
    listShotMasks: async (projectId, shotId) =>
      unwrap(
        await client.GET('/projects/{project_id}/shots/{shot_id}/masks', {
          params: { path: { project_id: projectId, shot_id: shotId } },
        }),
      ),
    deleteMask: async (projectId, maskId) => {
      unwrap(
        await client.DELETE('/projects/{project_id}/masks/{mask_id}', {
          params: { path: { project_id: projectId, mask_id: maskId } },
        }),
      );
    },
  };
}
