// An in-memory backend with the real API's semantics that the stores rely on: versions bump on PATCH and a stale
// version answers 409 with the current row.
import type { Api } from '../api/client';
import { ApiError, ConflictError } from '../api/client';
import type {
  Asset,
  CommitResponse,
  Element,
  ElementCreate,
  ElementUpdate,
  EnrichRequest,
  EnrichResponse,
  Job,
  ModelRole,
  ParseRequest,
  ParseResponse,
  ProjectState,
  SegmentationStatus,
  SegmentRequest,
  SegmentResponse,
  Shot,
  ShotMask,
  Storyboard,
  TrackRequest,
} from '../api/types';

let counter = 0;
const id = (prefix: string) => `${prefix}${++counter}`;

export function makeShot(projectId: string, index: number, overrides: Partial<Shot> = {}): Shot {
  return {
    id: id('shot'),
    project_id: projectId,
    scene_id: null,
    index,
    prompt: `shot ${index}`,
    negative_prompt: '',
    seed: 42,
    width: 256,
    height: 192,
    num_frames: 9,
    fps: 24,
    num_inference_steps: 4,
    guidance_scale: 4,
    params: {},
    conditioning: [],
    status: 'draft',
    video_url: null,
    thumbnail_url: null,
    image_url: null,
    last_job_id: null,
    track: 0,
    start_frame: 0,
    trim_in: 0,
    trim_out: 0,
    version: 1,
    updated_at: new Date(0).toISOString(),
    ...overrides,
  };
}

export class FakeServer implements Api {
  project: Omit<ProjectState, 'shots'>;
  shots: Shot[] = [];
  jobs: Job[] = [];
  calls: { method: string; args: unknown[] }[] = [];
  assets: Asset[] = [];
  /** What the next `enrichPrompt` answers (or throws). */
  enrichAnswer: (body: EnrichRequest) => EnrichResponse = (body) => ({
    prompt: `cinematic: ${body.instruction}`,
    instruction: body.instruction,
    used_director: true,
    test_model: true,
    message: 'TEST MODEL: this text is noise',
  });
  models: ModelRole[] = [];
  /** Thrown by the next `generate` (a server refusal). */
  failNextGenerate: Error | null = null;

  constructor(shotCount = 2) {
    this.project = {
      id: id('project'),
      name: 'Test',
      width: 256,
      height: 192,
      fps: 24,
      seed: 42,
      settings: {},
      version: 1,
      created_at: new Date(0).toISOString(),
      updated_at: new Date(0).toISOString(),
      shot_count: shotCount,
      thumbnail_url: null,
      scenes: [],
      elements: [],
      assets: [],
    };
    for (let i = 0; i < shotCount; i++) this.shots.push(makeShot(this.project.id, i));
  }

  /** Someone else edits a shot (another tab, another user). */
  externalEdit(shotId: string, patch: Partial<Shot>): Shot {
    const shot = this.shots.find((s) => s.id === shotId)!;
    Object.assign(shot, patch, { version: shot.version + 1 });
    return structuredClone(shot);
  }

  private log(method: string, ...args: unknown[]) {
    this.calls.push({ method, args: structuredClone(args) });
  }

  async health() {
    return { status: 'ok', version: '0', test_models: true, message: 'noise', models: [], worker_alive: true };
  }
  async listProjects() {
    return [{ ...this.project }];
  }
  async createProject() {
    return { ...this.project };
  }
  async getProject(projectId: string) {
    this.log('getProject', projectId);
    const shots = [...this.shots].sort((a, b) => a.index - b.index).map((s) => structuredClone(s));
    return { ...structuredClone(this.project), shots, assets: structuredClone(this.assets), elements: structuredClone(this.elements), masks: structuredClone(this.masks) };
  }
  /** An asset appears server-side (an image job finished, another tab uploaded). */
  addAsset(overrides: Partial<Asset> = {}): Asset {
    const assetId = id('asset');
    const asset: Asset = {
      id: assetId,
      project_id: this.project.id,
      kind: 'image',
      url: `/projects/${this.project.id}/assets/${assetId}.png`,
      original_name: `${assetId}.png`,
      mime_type: 'image/png',
      size_bytes: 100,
      width: 64,
      height: 64,
      duration_s: null,
      origin: 'upload',
      job_id: null,
      created_at: new Date(0).toISOString(),
      ...overrides,
    };
    this.assets.push(asset);
    return structuredClone(asset);
  }
  async listAssets(projectId: string) {
    this.log('listAssets', projectId);
    return structuredClone(this.assets);
  }
  async uploadAsset(_projectId: string, _file: Blob, filename: string, maskFor?: string) {
    this.log('uploadAsset', filename, maskFor);
    if (!filename.endsWith('.png')) throw new ApiError(415, 'the file is not an image', '415');
    return this.addAsset({ original_name: filename });
  }
  async enrichPrompt(body: EnrichRequest) {
    this.log('enrichPrompt', body);
    return this.enrichAnswer(body);
  }
  async listModels() {
    return structuredClone(this.models);
  }
  async createShot(projectId: string, body: { prompt?: string }) {
    this.log('createShot', projectId, body);
    const shot = makeShot(projectId, this.shots.length, { prompt: body.prompt ?? '' });
    this.shots.push(shot);
    return structuredClone(shot);
  }
  async updateShot(_projectId: string, shotId: string, body: { version: number } & Record<string, unknown>) {
    this.log('updateShot', shotId, body);
    const shot = this.shots.find((s) => s.id === shotId);
    if (!shot) throw new Error('not found');
    if (body.version !== shot.version) {
      const message = `shot was changed elsewhere (you edited version ${body.version}, it is now at version ${shot.version})`;
      throw new ConflictError(message, structuredClone(shot));
    }
    const { version: _v, index, ...fields } = body;
    Object.assign(shot, fields, { version: shot.version + 1 });
    if (typeof index === 'number') {
      const others = this.shots.filter((s) => s.id !== shotId).sort((a, b) => a.index - b.index);
      others.splice(index, 0, shot);
      others.forEach((s, i) => (s.index = i));
    }
    return structuredClone(shot);
  }
  async deleteShot(_projectId: string, shotId: string) {
    this.log('deleteShot', shotId);
    this.shots = this.shots.filter((s) => s.id !== shotId);
  }
  async generate(body: { shot_id?: string | null; project_id: string; mode?: string }) {
    this.log('generate', body);
    if (this.failNextGenerate) {
      const error = this.failNextGenerate;
      this.failNextGenerate = null;
      throw error;
    }
    const job: Job = {
      id: id('job'),
      project_id: body.project_id,
      shot_id: body.shot_id ?? null,
      kind: body.mode ?? 't2v',
      status: 'pending',
      progress: 0,
      stage: null,
      error: null,
      request: {},
      result: null,
      created_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
    };
    this.jobs.push(job);
    return { job_id: job.id, status: 'pending' as const };
  }
  /** A video job finished server-side: the shot gets a new take, which becomes its clip (as the backend does). */
  finishVideo(shotId: string, jobId: string, videoUrl = `/projects/p/generated/${jobId}.mp4`): Shot {
    const shot = this.shots.find((s) => s.id === shotId)!;
    const takes = Array.isArray((shot.params as Record<string, unknown>).takes)
      ? ((shot.params as Record<string, unknown>).takes as unknown[])
      : [];
    const thumbnail = videoUrl.replace(/\.mp4$/, '.jpg');
    shot.params = { ...shot.params, takes: [...takes, { job_id: jobId, video_url: videoUrl, thumbnail_url: thumbnail }] };
    Object.assign(shot, { video_url: videoUrl, thumbnail_url: thumbnail, last_job_id: jobId, status: 'ready', version: shot.version + 1 });
    return structuredClone(shot);
  }
  /** A shot the server adds (an extension with `extend_result: "new_shot"`), right after `afterShotId`. */
  insertShotAfter(afterShotId: string, overrides: Partial<Shot> = {}): Shot {
    const after = this.shots.find((s) => s.id === afterShotId)!;
    for (const s of this.shots) if (s.index > after.index) s.index += 1;
    const shot = makeShot(this.project.id, after.index + 1, overrides);
    this.shots.push(shot);
    return structuredClone(shot);
  }
  async extendShot(body: { project_id: string; shot_id: string; mode: 'extend' }) {
    this.log('extendShot', body);
    const shot = this.shots.find((s) => s.id === body.shot_id);
    if (!shot) throw new ApiError(404, 'shot not found', '404');
    if (!shot.video_url) throw new ApiError(422, 'this shot has no clip yet: generate the shot first', '422');
    return this.generate({ ...body, mode: 'extend' });
  }
  async selectTake(_projectId: string, shotId: string, version: number, take: string) {
    this.log('selectTake', shotId, version, take);
    const shot = this.shots.find((s) => s.id === shotId);
    if (!shot) throw new ApiError(404, 'shot not found', '404');
    if (version !== shot.version) {
      throw new ConflictError(`shot was changed elsewhere (version ${version}, now ${shot.version})`, structuredClone(shot));
    }
    const takes = ((shot.params as Record<string, unknown>).takes ?? []) as { job_id: string; video_url: string; thumbnail_url: string }[];
    const found = takes.find((t) => t.job_id === take);
    if (!found) throw new ApiError(422, `unknown take ${take}`, '422');
    Object.assign(shot, { video_url: found.video_url, thumbnail_url: found.thumbnail_url, version: shot.version + 1 });
    return structuredClone(shot);
  }
  async getJob(jobId: string) {
    return structuredClone(this.jobs.find((j) => j.id === jobId)!);
  }
  async listProjectJobs() {
    this.log('listProjectJobs');
    return structuredClone(this.jobs);
  }
  async cancelJob(jobId: string) {
    const job = this.jobs.find((j) => j.id === jobId)!;
    job.status = 'cancelled';
    return structuredClone(job);
  }
  // --- storyboard + elements ------------------------------------------------------------------------------------
  elements: Element[] = [];
  /** What the next `parseStoryboard` answers (or throws). */
  parseAnswer: (body: ParseRequest) => ParseResponse = () => ({ format: 'fountain', title: '', warnings: [], scenes: [], elements: [] });
  async parseStoryboard(_projectId: string, body: ParseRequest) {
    this.log('parseStoryboard', body);
    return structuredClone(this.parseAnswer(body));
  }
  async commitStoryboard(_projectId: string, body: Storyboard): Promise<CommitResponse> {
    this.log('commitStoryboard', body);
    let created = 0;
    for (const scene of body.scenes ?? []) {
      for (const shot of scene.shots ?? []) {
        this.shots.push(makeShot(this.project.id, this.shots.length, { prompt: shot.text }));
        created++;
      }
    }
    let elements = 0;
    for (const e of body.elements ?? []) {
      if (this.elements.some((x) => x.name.toLowerCase() === e.name.toLowerCase())) continue;
      await this.createElement(this.project.id, { name: e.name, element_type: e.type });
      elements++;
    }
    return { scenes_created: (body.scenes ?? []).length, shots_created: created, shots_kept: 0, shots_removed: 0, shots_left_alone: 0, elements_created: elements };
  }
  async createElement(projectId: string, body: ElementCreate): Promise<Element> {
    this.log('createElement', body);
    const trigger = '@' + (body.trigger?.replace(/^@/, '') || body.name.replace(/[^A-Za-z0-9_]+/g, ''));
    if (this.elements.some((e) => e.trigger.toLowerCase() === trigger.toLowerCase())) {
      throw new ApiError(409, `trigger ${trigger} is taken`, '409');
    }
    const element: Element = {
      id: id('element'),
      project_id: projectId,
      name: body.name,
      trigger,
      element_type: body.element_type ?? 'character',
      description: body.description ?? '',
      reference_asset_ids: body.reference_asset_ids ?? [],
      version: 1,
    };
    this.elements.push(element);
    return structuredClone(element);
  }
  async updateElement(_projectId: string, elementId: string, body: ElementUpdate): Promise<Element> {
    this.log('updateElement', elementId, body);
    const element = this.elements.find((e) => e.id === elementId);
    if (!element) throw new ApiError(404, 'element not found', '404');
    if (body.version !== element.version) throw new ConflictError('element was changed elsewhere', structuredClone(element));
    const { version: _v, ...fields } = body;
    for (const [key, value] of Object.entries(fields)) if (value !== null && value !== undefined) (element as Record<string, unknown>)[key] = value;
    element.version += 1;
    return structuredClone(element);
  }
  async deleteElement(_projectId: string, elementId: string) {
    this.log('deleteElement', elementId);
    this.elements = this.elements.filter((e) => e.id !== elementId);
  }
  // --- segmentation (SAM 3) ---------------------------------------------------------------------------------------
  samStatus: SegmentationStatus = {
    running: true,
    status: 'ok',
    url: 'http://127.0.0.1:8001',
    model: 'sam3-tiny',
    device: 'cpu',
    test_model: true,
    detail: null,
  };
  /** When set, SAM calls answer 503 with the backend's message (the service is down). */
  samDown = false;
  masks: ShotMask[] = [];
  /** What the next `segment` answers. */
  segmentAnswer: (body: SegmentRequest) => SegmentResponse = (body) => ({
    width: 64,
    height: 64,
    model: 'sam3-tiny',
    test_model: true,
    masks: [{ score: 0.42, box: [0, 0, 8, 8], area: 64, mask_url: `/projects/p/generated/mask-${body.asset_id}.png`, asset_id: null }],
  });
  private samRefusal() {
    return new ApiError(503, 'segmentation service is not running — start it with ./run_sam.sh', '503');
  }
  async segmentationStatus() {
    return structuredClone(this.samStatus);
  }
  async grabFrame(_projectId: string, shotId: string, frame: number) {
    this.log('grabFrame', shotId, frame);
    const shot = this.shots.find((s) => s.id === shotId);
    if (!shot?.video_url) throw new ApiError(422, `shot ${shotId} has no clip yet`, '422');
    if (frame < 0 || frame >= shot.num_frames) throw new ApiError(422, `frame ${frame} is outside the clip (frames 0 to ${shot.num_frames - 1})`, '422');
    return this.addAsset({ origin: 'frame', source_shot_id: shotId, source_frame: frame, width: shot.width, height: shot.height });
  }
  async segment(_projectId: string, body: SegmentRequest) {
    this.log('segment', body);
    if (this.samDown) throw this.samRefusal();
    return structuredClone(this.segmentAnswer(body));
  }
  async trackShot(projectId: string, shotId: string, body: TrackRequest) {
    this.log('trackShot', shotId, body);
    if (this.samDown) throw this.samRefusal();
    return this.generate({ project_id: projectId, shot_id: shotId, mode: 'track' });
  }
  async listShotMasks(_projectId: string, shotId: string) {
    return structuredClone(this.masks.filter((m) => m.shot_id === shotId));
  }
  async deleteMask(_projectId: string, maskId: string) {
    this.log('deleteMask', maskId);
    if (!this.masks.some((m) => m.id === maskId)) throw new ApiError(404, 'mask not found', '404');
    this.masks = this.masks.filter((m) => m.id !== maskId);
  }
  /** A track job finished server-side: one object followed through the shot's clip. */
  addMask(shotId: string, overrides: Partial<ShotMask> = {}): ShotMask {
    const maskId = id('mask');
    const mask: ShotMask = {
      id: maskId,
      project_id: this.project.id,
      shot_id: shotId,
      job_id: null,
      label: '1 click on frame 0',
      object_id: 1,
      prompt: {},
      num_frames: 9,
      frames_with_object: 7,
      width: 256,
      height: 192,
      preview_url: `/projects/p/generated/masks/${maskId}.mp4`,
      thumbnail_url: `/projects/p/thumbnails/mask_${maskId}.jpg`,
      video_url: '/projects/p/generated/clip.mp4',
      data_url: `/projects/p/generated/masks/${maskId}.npz`,
      created_at: new Date(0).toISOString(),
      ...overrides,
    };
    this.masks.push(mask);
    return structuredClone(mask);
  }
}
