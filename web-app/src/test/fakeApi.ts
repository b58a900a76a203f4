// An in-memory backend with the real API's semantics that the stores rely on: versions bump on PATCH and a stale
// version answers 409 with the current row.
import type { Api } from '../api/client';
import { ApiError, ConflictError } from '../api/client';
import type {
  BreakdownRequest,
  Asset,
  CommitResponse,
  Element,
  ElementCreate,
  ElementUpdate,
  EnrichRequest,
  FramesAccepted,
  FramesRequest,
  EnrichResponse,
  Job,
  Lora,
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
  ClipRead,
  TimelineEdits,
  TimelineChanges,
  TimelineEditResult,
  TrackCreate,
  TrackRead,
  TrackUpdate,
  ProjectSummary,
  ProjectUpdate,
  Quality,
  QualityOption,
  RenderRequest,
  TimelineFormat,
  TimelineImportResult,
} from '../api/types';
import { QUALITIES } from '../api/types';
import type { Download } from '../api/client';
import type { Batch, BatchesApi, BatchShot, GenerateAllRequest, QueueFilter, QueueJob } from '../api/batches';

let counter = 0;
const id = (prefix: string) => `${prefix}${++counter}`;
const hex = () => crypto.randomUUID().replace(/-/g, '');

/** A clip row as the fake server keeps it. */
export interface FakeClip {
  id: string;
  track_id: string;
  shot_id: string | null;
  asset_id: string | null;
  start_frame: number;
  source_in: number;
  duration: number;
  version: number;
  gain_db?: number;
  fade_in?: number;
  fade_out?: number;
}

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
    version: 1,
    updated_at: new Date(0).toISOString(),
    ...overrides,
  };
}

/** A library row as `GET /loras` lists it: an LTX-2 LoRA that fits, unless told otherwise. */
export function makeLora(overrides: Partial<Lora> = {}): Lora {
  return {
    id: id('lora'),
    name: 'lora',
    family: 'ltx2',
    rank: 16,
    fits: true,
    reason: null,
    trigger_words: [],
    layers: 96,
    size_bytes: 12_500_000,
    managed: true,
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
  /** The LoRA library (`GET /loras`). */
  loras: Lora[] = [];
  /** Thrown by the next `uploadLora` / `deleteLora` (a server refusal: 422, 413, 409). */
  failNextLora: Error | null = null;
  async listLoras() {
    this.log('listLoras');
    return structuredClone(this.loras);
  }
  async uploadLora(_file: Blob, filename: string) {
    this.log('uploadLora', filename);
    const failure = this.failNextLora;
    this.failNextLora = null;
    if (failure) throw failure;
    const row = makeLora({ name: filename.replace(/\.safetensors$/, ''), managed: true });
    this.loras.push(row);
    return structuredClone(row);
  }
  async deleteLora(loraId: string) {
    this.log('deleteLora', loraId);
    const failure = this.failNextLora;
    this.failNextLora = null;
    if (failure) throw failure;
    if (!this.loras.some((l) => l.id === loraId)) throw new ApiError(404, `no LoRA ${loraId}`, '404');
    this.loras = this.loras.filter((l) => l.id !== loraId);
  }
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
      default_quality: 'final',
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
    // As migration 0005: V1 and A1, and every shot on V1 back to back.
    this.tracks.push(this.trackRow('video', 0, 'V1'), this.trackRow('audio', 0, 'A1'));
    let at = 0;
    for (const shot of this.shots) {
      this.clips.push({ id: hex(), track_id: this.tracks[0]!.id, shot_id: shot.id, asset_id: null, start_frame: at, source_in: 0, duration: shot.num_frames, version: 1 });
      at += shot.num_frames;
    }
  }

  // --- timeline: tracks and clips with the server's rules (versions, 409, 422) ----------------------------------
  tracks: TrackRead[] = [];
  clips: FakeClip[] = [];
  /** Every applied batch as the server's events would name it: an id, the clips written and deleted. */
  changeLog: { id: number; clips: string[]; deleted: string[] }[] = [];
  /** Events older than this are no longer kept (the server's MILIMO_EVENT_HISTORY): a catch-up is then `full`. */
  oldestKeptEvent = 1;
  /** The next `timelineEdits` calls throw these (a network error, a 5xx …), one per call. */
  failEdits: Error[] = [];
  /** Answer `timelineEdits` only when this promise resolves (to hold a request in flight). */
  holdEdits: Promise<void> | null = null;

  private trackRow(kind: 'video' | 'audio', index: number, name: string, id = hex()): TrackRead {
    return { id, project_id: this.project.id, kind, index, name, muted: false, solo: false, locked: false, version: 1 };
  }

  clipRead(clip: FakeClip): ClipRead {
    const shot = clip.shot_id ? this.shots.find((s) => s.id === clip.shot_id) : undefined;
    const asset = clip.asset_id ? this.assets.find((a) => a.id === clip.asset_id) : undefined;
    const fps = this.project.fps;
    return {
      ...clip,
      gain_db: clip.gain_db ?? 0,
      fade_in: clip.fade_in ?? 0,
      fade_out: clip.fade_out ?? 0,
      project_id: this.project.id,
      source_kind: shot ? 'shot' : asset?.kind === 'audio' ? 'audio' : asset?.kind === 'video' ? 'video' : 'image',
      media_url: shot ? shot.video_url : (asset?.url ?? null),
      source_frames: shot ? shot.num_frames : asset?.duration_s ? Math.round(asset.duration_s * fps) : null,
      has_audio: shot ? !!shot.video_url : asset?.kind === 'audio' || asset?.kind === 'video',
      thumbnail_url: shot ? shot.thumbnail_url : asset?.kind === 'image' ? asset.url : null,
      label: shot ? shot.prompt : (asset?.original_name ?? ''),
    };
  }

  trackReads(): TrackRead[] {
    return [...this.tracks]
      .sort((a, b) => (a.kind === b.kind ? a.index - b.index : a.kind === 'video' ? -1 : 1))
      .map((t) => structuredClone(t));
  }

  private place(track: TrackRead, index: number | null | undefined) {
    const siblings = this.tracks.filter((t) => t.kind === track.kind && t.id !== track.id).sort((a, b) => a.index - b.index);
    siblings.splice(index == null ? siblings.length : Math.min(index, siblings.length), 0, track);
    siblings.forEach((t, i) => (t.index = i));
  }

  async timelineEdits(_projectId: string, body: TimelineEdits): Promise<TimelineEditResult> {
    this.log('timelineEdits', body);
    if (this.holdEdits) await this.holdEdits;
    const failure = this.failEdits.shift();
    if (failure) throw failure;
    const stale = body.changes.filter((c) => {
      if (c.op === 'create') return this.clips.some((x) => x.id === c.clip.id);
      const row = this.clips.find((x) => x.id === c.id);
      return !row || row.version !== c.version;
    });
    if (stale.length) {
      const conflicts = stale.map((c) => {
        const id = c.op === 'create' ? c.clip.id! : c.id;
        const row = this.clips.find((x) => x.id === id);
        return { id, current: row ? this.clipRead(row) : null };
      });
      throw new ConflictError(`${conflicts.length} clip(s) changed elsewhere; nothing was applied`, conflicts);
    }
    const next = this.clips.map((c) => ({ ...c }));
    const touched: string[] = [];
    const deleted: string[] = [];
    const lockedTrack = (trackId: string) => this.tracks.find((t) => t.id === trackId)?.locked;
    for (const c of body.changes) {
      if (c.op === 'delete') {
        const at = next.findIndex((x) => x.id === c.id);
        if (lockedTrack(next[at]!.track_id)) throw new ApiError(422, `track ${next[at]!.track_id} is locked`, '422');
        next.splice(at, 1);
        deleted.push(c.id);
      } else if (c.op === 'update') {
        const row = next.find((x) => x.id === c.id)!;
        if (lockedTrack(row.track_id) || (c.track_id && lockedTrack(c.track_id))) throw new ApiError(422, 'track is locked', '422');
        if (c.track_id != null) row.track_id = c.track_id;
        if (c.start_frame != null) row.start_frame = c.start_frame;
        if (c.source_in != null) row.source_in = c.source_in;
        if (c.duration != null) row.duration = c.duration;
        if (c.gain_db != null) row.gain_db = c.gain_db;
        if (c.fade_in != null) row.fade_in = c.fade_in;
        if (c.fade_out != null) row.fade_out = c.fade_out;
        if ((row.fade_in ?? 0) > row.duration || (row.fade_out ?? 0) > row.duration) {
          throw new ApiError(422, `clip ${row.id}: a fade is longer than the clip`, '422');
        }
        row.version += 1;
        touched.push(row.id);
      } else {
        const f = c.clip;
        if (lockedTrack(f.track_id)) throw new ApiError(422, 'track is locked', '422');
        if (!this.tracks.some((t) => t.id === f.track_id)) throw new ApiError(422, `no track ${f.track_id}`, '422');
        const row: FakeClip = { id: f.id ?? hex(), track_id: f.track_id, shot_id: f.shot_id ?? null, asset_id: f.asset_id ?? null, start_frame: f.start_frame, source_in: f.source_in ?? 0, duration: f.duration, version: 1 };
        if (f.gain_db) row.gain_db = f.gain_db;
        if (f.fade_in) row.fade_in = f.fade_in;
        if (f.fade_out) row.fade_out = f.fade_out;
        next.push(row);
        touched.push(row.id);
      }
    }
    for (const track of this.tracks) {
      const on = next.filter((c) => c.track_id === track.id).sort((a, b) => a.start_frame - b.start_frame);
      for (let i = 1; i < on.length; i++) {
        if (on[i - 1]!.start_frame + on[i - 1]!.duration > on[i]!.start_frame) {
          throw new ApiError(422, `clips ${on[i - 1]!.id} and ${on[i]!.id} overlap on track ${track.name}`, '422');
        }
      }
    }
    for (const c of next) if (c.start_frame < 0 || c.duration < 1 || c.source_in < 0) throw new ApiError(422, `clip ${c.id} is out of bounds`, '422');
    this.clips = next;
    this.changeLog.push({ id: this.changeLog.length + 1, clips: touched.filter((id) => !deleted.includes(id)), deleted });
    return {
      clips: touched.filter((id) => !deleted.includes(id)).map((id) => this.clipRead(this.clips.find((c) => c.id === id)!)),
      deleted,
      tracks: this.trackReads(),
    };
  }

  async timelineChanges(_projectId: string, since: number): Promise<TimelineChanges> {
    this.log('timelineChanges', since);
    const cursor = this.changeLog.length;
    const sorted = [...this.clips].sort((a, b) => a.start_frame - b.start_frame);
    const base = { since, cursor, project_version: this.project.version, tracks: this.trackReads() };
    if (since <= 0 || since > cursor || since < this.oldestKeptEvent - 1) {
      return { ...base, full: true, clips: sorted.map((c) => this.clipRead(c)), deleted: [] };
    }
    const named = new Set(this.changeLog.filter((e) => e.id > since).flatMap((e) => [...e.clips, ...e.deleted]));
    const present = sorted.filter((c) => named.has(c.id));
    const deleted = [...named].filter((id) => !present.some((c) => c.id === id));
    return { ...base, full: false, clips: present.map((c) => this.clipRead(c)), deleted };
  }

  /** Another tab's batch (bypassing the client): returns the `timeline.changed` payload. */
  externalEdits(body: TimelineEdits) {
    const calls = this.calls.length;
    const holdEdits = this.holdEdits;
    this.holdEdits = null;
    const promise = this.timelineEdits(this.project.id, body);
    this.holdEdits = holdEdits;
    this.calls.length = calls;
    return promise;
  }

  async createTrack(_projectId: string, body: TrackCreate): Promise<TrackRead> {
    this.log('createTrack', body);
    if (body.id) {
      const taken = this.tracks.find((t) => t.id === body.id);
      if (taken) throw new ConflictError(`track id ${body.id} is already taken`, [{ id: body.id, current: structuredClone(taken) }]);
    }
    const count = this.tracks.filter((t) => t.kind === body.kind).length;
    const track = this.trackRow(body.kind, count, body.name ?? `${body.kind === 'video' ? 'V' : 'A'}${count + 1}`, body.id ?? undefined);
    this.tracks.push(track);
    this.place(track, body.index);
    return structuredClone(track);
  }

  async updateTrack(_projectId: string, trackId: string, body: TrackUpdate): Promise<TrackRead> {
    this.log('updateTrack', trackId, body);
    const track = this.tracks.find((t) => t.id === trackId);
    if (!track) throw new ApiError(404, 'track not found', '404');
    if (track.version !== body.version) throw new ConflictError('track was changed elsewhere', structuredClone(track));
    for (const key of ['name', 'muted', 'solo', 'locked'] as const) {
      if (body[key] !== null && body[key] !== undefined) (track as Record<string, unknown>)[key] = body[key];
    }
    track.version += 1;
    if (body.index !== null && body.index !== undefined) this.place(track, body.index);
    return structuredClone(track);
  }

  async deleteTrack(_projectId: string, trackId: string, version: number): Promise<void> {
    this.log('deleteTrack', trackId, version);
    const track = this.tracks.find((t) => t.id === trackId);
    if (!track) throw new ApiError(404, 'track not found', '404');
    if (track.version !== version) throw new ConflictError('track was changed elsewhere', structuredClone(track));
    if (track.locked) throw new ApiError(422, `track ${track.name} is locked`, '422');
    if (this.tracks.filter((t) => t.kind === track.kind).length <= 1) throw new ApiError(422, `the last ${track.kind} track cannot be removed`, '422');
    this.tracks = this.tracks.filter((t) => t.id !== trackId);
    this.clips = this.clips.filter((c) => c.track_id !== trackId);
    this.tracks.filter((t) => t.kind === track.kind).sort((a, b) => a.index - b.index).forEach((t, i) => (t.index = i));
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
  async updateProject(projectId: string, body: ProjectUpdate) {
    this.log('updateProject', projectId, body);
    if (body.version !== this.project.version) throw new ApiError(409, 'stale version', '409');
    const { version: _version, ...fields } = body;
    Object.assign(this.project, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined)));
    this.project.version += 1;
    return structuredClone(this.project);
  }
  /** What `shotQuality` answers for each preset (tests set a preset unavailable, or a time). */
  qualityAnswers: Partial<Record<Quality, Partial<QualityOption>>> = {};
  async shotQuality(projectId: string, shotId: string, mode: string) {
    this.log('shotQuality', projectId, shotId, mode);
    const shot = this.shots.find((s) => s.id === shotId);
    if (!shot) throw new ApiError(404, 'no such shot', '404');
    const base: Record<Quality, QualityOption> = {
      draft: { quality: 'draft', steps: 8, passes_per_step: 1, seconds: null, available: true, reason: null },
      standard: { quality: 'standard', steps: shot.num_inference_steps + 3, passes_per_step: 3, seconds: null, available: true, reason: null },
      final: { quality: 'final', steps: shot.num_inference_steps, passes_per_step: 3, seconds: null, available: true, reason: null },
    };
    return {
      shot_id: shotId,
      chosen: shot.quality ?? this.project.default_quality ?? 'final',
      project_default: this.project.default_quality ?? 'final',
      options: QUALITIES.map((q) => ({ ...base[q], ...this.qualityAnswers[q] })),
    };
  }
  async getProject(projectId: string) {
    this.log('getProject', projectId);
    const shots = [...this.shots].sort((a, b) => a.index - b.index).map((s) => structuredClone(s));
    return {
      ...structuredClone(this.project),
      shots,
      assets: structuredClone(this.assets),
      elements: structuredClone(this.elements),
      masks: structuredClone(this.masks),
      tracks: this.trackReads(),
      clips: [...this.clips].sort((a, b) => a.start_frame - b.start_frame).map((c) => this.clipRead(c)),
    };
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
  /** Concept frames: one `frame` job per named shot (in script order), as the backend queues them. */
  async queueFrames(projectId: string, body: FramesRequest) {
    this.log('queueFrames', projectId, body);
    const named = [body.shot_ids ? 1 : 0, body.scene_id ? 1 : 0, body.all ? 1 : 0].reduce((a, b) => a + b, 0);
    if (named !== 1) throw new ApiError(422, 'name the shots: exactly one of shot_ids, scene_id or all: true', '422');
    const shots = [...this.shots]
      .sort((a, b) => a.index - b.index)
      .filter((s) => body.all || (body.scene_id ? s.scene_id === body.scene_id : body.shot_ids!.includes(s.id)));
    if (!shots.length) throw new ApiError(422, 'there are no shots to make frames for', '422');
    const accepted: FramesAccepted = { job_ids: [], shot_ids: [] };
    for (const shot of shots) {
      const { job_id } = await this.generate({ project_id: projectId, shot_id: shot.id, mode: 'frame' });
      this.jobs.find((j) => j.id === job_id)!.request = { candidates: body.candidates ?? 1 };
      accepted.job_ids.push(job_id);
      accepted.shot_ids.push(shot.id);
    }
    return accepted;
  }
  /** A frame job finished server-side: `count` concept candidates of its shot land in the project's assets. */
  finishFrames(jobId: string, count: number): Asset[] {
    const job = this.jobs.find((j) => j.id === jobId)!;
    const made = Array.from({ length: count }, () =>
      this.addAsset({ origin: 'concept', source_shot_id: job.shot_id, job_id: jobId, created_at: new Date().toISOString() }),
    );
    Object.assign(job, { status: 'completed', progress: 1, result: { asset_ids: made.map((a) => a.id) } });
    return made;
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
  /** What the next `breakdownStoryboard` answers (or throws): by default the parse's answer, as the director's. */
  breakdownAnswer: (body: BreakdownRequest) => ParseResponse = (body) => ({ ...this.parseAnswer({ text: body.text }), breakdown: 'director' });
  async breakdownStoryboard(_projectId: string, body: BreakdownRequest) {
    this.log('breakdownStoryboard', body);
    return structuredClone(this.breakdownAnswer(body));
  }
  async commitStoryboard(_projectId: string, body: Storyboard): Promise<CommitResponse> {
    this.log('commitStoryboard', body);
    let created = 0;
    for (const scene of body.scenes ?? []) {
      for (const shot of scene.shots ?? []) {
        this.shots.push(makeShot(this.project.id, this.shots.length, { prompt: shot.prompt?.trim() || shot.text }));
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

  // --- export and import (issue 8) -------------------------------------------------------------------------------
  /** Thrown by the next `render` (a refusal, e.g. an empty timeline). */
  failNextRender: Error | null = null;
  /** Thrown by the next timeline/archive export (e.g. an EDL of a timeline without video clips). */
  failNextExport: Error | null = null;
  /** Clips of the next `importTimeline` whose media is missing: it answers 422 with them in `missing`. */
  importMissing: string[] = [];
  /** Projects made from archives. */
  imported: ProjectSummary[] = [];
  async render(projectId: string, body: RenderRequest) {
    this.log('render', projectId, body);
    if (this.failNextRender) {
      const error = this.failNextRender;
      this.failNextRender = null;
      throw error;
    }
    return this.generate({ project_id: projectId, mode: 'render' });
  }
  async exportTimeline(projectId: string, format: TimelineFormat): Promise<Download> {
    this.log('exportTimeline', projectId, format);
    if (this.failNextExport) {
      const error = this.failNextExport;
      this.failNextExport = null;
      throw error;
    }
    const text = format === 'otio' ? JSON.stringify({ OTIO_SCHEMA: 'Timeline.1', name: this.project.name }) : 'TITLE: Test';
    return { blob: new Blob([text]), filename: `Test.${format}`, note: format === 'edl' ? 'EDL: V1 only; 1 track left out' : null };
  }
  async exportArchive(projectId: string): Promise<Download> {
    this.log('exportArchive', projectId);
    return { blob: new Blob(['PK']), filename: 'Test.milimo.zip', note: null };
  }
  async importTimeline(projectId: string, _file: Blob, filename: string): Promise<TimelineImportResult> {
    this.log('importTimeline', projectId, filename);
    if (this.importMissing.length) {
      const missing = this.importMissing;
      this.importMissing = [];
      const detail = `${missing.length} clip(s) use media that is not in this project: ${missing.join('; ')}`;
      throw new ApiError(422, detail, '422', { detail, missing });
    }
    const track = await this.createTrack(projectId, { kind: 'video', name: 'V1 (imported)' });
    const shot = this.shots[0]!;
    const result = await this.timelineEdits(projectId, {
      changes: [{ op: 'create', clip: { id: hex(), track_id: track.id, shot_id: shot.id, start_frame: 0, duration: shot.num_frames } }],
    });
    return { tracks: [track], clips: result.clips };
  }
  async importArchive(_file: Blob, filename: string): Promise<ProjectSummary> {
    this.log('importArchive', filename);
    if (!filename.endsWith('.zip')) throw new ApiError(422, 'not a Milimo project archive', '422');
    const summary = { ...structuredClone(this.project), id: id('project'), name: `${this.project.name} (imported)` } as ProjectSummary;
    this.imported.push(summary);
    return summary;
  }
}

/**
 * Batches and the all-projects queue, in memory (the store's `batchesApi`): rows are set by the test; pause, resume
 * and cancel change them as the server does, or fail with `failNext`; `hold` keeps an answer back until released.
 */
export class FakeBatches implements BatchesApi {
  batches: Record<string, Batch> = {};
  queue: QueueJob[] = [];
  calls: { method: string; args: unknown[] }[] = [];
  failNext: Error | null = null;
  hold: Promise<void> | null = null;

  private async answer<T>(method: string, args: unknown[], make: () => T): Promise<T> {
    this.calls.push({ method, args });
    if (this.hold) await this.hold;
    const failure = this.failNext;
    if (failure) {
      this.failNext = null;
      throw failure;
    }
    return make();
  }

  private row(batchId: string): Batch {
    const batch = this.batches[batchId];
    if (!batch) throw new ApiError(404, `batch '${batchId}' does not exist`, 'Not found');
    return batch;
  }

  private change(batchId: string, status: Batch['status'], shot: (state: BatchShot['state']) => BatchShot['state']) {
    const batch = this.row(batchId);
    this.batches[batchId] = { ...batch, status, shots: batch.shots.map((s) => ({ ...s, state: shot(s.state) })) };
    return this.batches[batchId]!;
  }

  generateAll(projectId: string, body: GenerateAllRequest) {
    return this.answer('generateAll', [projectId, body], () => {
      throw new ApiError(422, 'nothing to generate', 'Unprocessable');
    });
  }

  getBatch(batchId: string) {
    return this.answer('getBatch', [batchId], () => this.row(batchId));
  }

  listBatches(projectId: string, limit = 1) {
    return this.answer('listBatches', [projectId, limit], () =>
      Object.values(this.batches)
        .filter((b) => b.project_id === projectId)
        .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
        .slice(0, limit),
    );
  }

  pauseBatch(batchId: string) {
    return this.answer('pauseBatch', [batchId], () => {
      if (!['running', 'paused'].includes(this.row(batchId).status)) {
        throw new ApiError(409, `batch '${batchId}' is ${this.row(batchId).status}: nothing is left to pause`, 'Conflict');
      }
      return this.change(batchId, 'paused', (s) => (s === 'pending' ? 'held' : s));
    });
  }

  resumeBatch(batchId: string) {
    return this.answer('resumeBatch', [batchId], () => this.change(batchId, 'running', (s) => (s === 'held' ? 'pending' : s)));
  }

  cancelBatch(batchId: string) {
    return this.answer('cancelBatch', [batchId], () =>
      this.change(batchId, 'cancelled', (s) => (s === 'pending' || s === 'held' ? 'cancelled' : s)),
    );
  }

  listQueue(filter: QueueFilter = {}) {
    return this.answer('listQueue', [filter], () => {
      const items = this.queue.filter((job) => !filter.project_id || job.project_id === filter.project_id);
      return { items, total: items.length, limit: 200, offset: 0 };
    });
  }
}
