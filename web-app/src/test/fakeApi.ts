// An in-memory backend with the real API's semantics that the stores rely on: versions bump on PATCH and a stale
// version answers 409 with the current row.
import type { Api } from '../api/client';
import { ConflictError } from '../api/client';
import type { Job, ProjectState, Shot } from '../api/types';

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
    return { ...structuredClone(this.project), shots };
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
    this.shots = this.shots.filter((s) => s.id !== shotId);
  }
  async generate(body: { shot_id: string; project_id: string }) {
    this.log('generate', body);
    const job: Job = {
      id: id('job'),
      project_id: body.project_id,
      shot_id: body.shot_id,
      kind: 't2v',
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
}
