// The storyboard grid as data: scenes in order, each with its shots in script order, and per shot its chosen frame,
// its concept-frame candidates and its latest frame job. Pure: no React, no store.
import type { Asset, ProjectState, Shot } from '../api/types';
import { CONCEPT_ORIGIN, FRAME_JOB_KIND } from '../api/types';
import type { JobView } from './jobReducer';

type Scene = ProjectState['scenes'][number];

export interface BoardShot {
  shot: Shot;
  /** 1-based position in the whole project (what the server's messages call "shot N"). */
  number: number;
  /** The chosen frame (concept candidate or upload), when the shot has one and the asset is known. */
  frame: Asset | null;
  /** This shot's concept-frame candidates, oldest first. */
  candidates: Asset[];
  /** The shot's latest frame job (running, or how the last one ended). */
  frameJob: JobView | null;
  /** Seconds the shot lasts (frames / fps). */
  seconds: number;
}

export interface BoardScene {
  /** null: the shots that belong to no scene. */
  id: string | null;
  heading: string;
  shots: BoardShot[];
}

/** Seconds of a shot, to a tenth. */
export function shotSeconds(shot: Pick<Shot, 'num_frames' | 'fps'>): number {
  return shot.fps > 0 ? Math.round((shot.num_frames / shot.fps) * 10) / 10 : 0;
}

export function frameBoard(
  scenes: readonly Scene[],
  shots: readonly Shot[],
  assets: readonly Asset[],
  jobs: Readonly<Record<string, JobView>>,
): BoardScene[] {
  const ordered = [...shots].sort((a, b) => a.index - b.index);
  const byId = new Map(assets.map((a) => [a.id, a]));
  const candidates = new Map<string, Asset[]>();
  for (const asset of assets) {
    if (asset.origin !== CONCEPT_ORIGIN || !asset.source_shot_id) continue;
    candidates.set(asset.source_shot_id, [...(candidates.get(asset.source_shot_id) ?? []), asset]);
  }
  const latestJob = new Map<string, JobView>();
  for (const job of Object.values(jobs)) {
    if (job.kind !== FRAME_JOB_KIND || !job.shot_id) continue;
    const seen = latestJob.get(job.shot_id);
    if (!seen || job.seq > seen.seq) latestJob.set(job.shot_id, job);
  }
  const board = (shot: Shot, position: number): BoardShot => ({
    shot,
    number: position + 1,
    frame: shot.frame_asset_id ? (byId.get(shot.frame_asset_id) ?? null) : null,
    candidates: (candidates.get(shot.id) ?? []).sort((a, b) => a.created_at.localeCompare(b.created_at)),
    frameJob: latestJob.get(shot.id) ?? null,
    seconds: shotSeconds(shot),
  });
  const all = ordered.map(board);
  const known = new Set(scenes.map((s) => s.id));
  const out: BoardScene[] = [...scenes]
    .sort((a, b) => a.index - b.index)
    .map((scene, i) => ({
      id: scene.id,
      heading: scene.heading || `Scene ${i + 1}`,
      shots: all.filter((b) => b.shot.scene_id === scene.id),
    }));
  const loose = all.filter((b) => !b.shot.scene_id || !known.has(b.shot.scene_id));
  if (loose.length) out.push({ id: null, heading: scenes.length ? 'Shots without a scene' : 'Shots', shots: loose });
  return out;
}

/** Whether a frame job for the shot is waiting or running (its buttons show that). */
export function frameBusy(board: BoardShot): boolean {
  return board.frameJob !== null && (board.frameJob.status === 'pending' || board.frameJob.status === 'running');
}
