// A shot's takes (`params.takes`): every finished clip of it, so a replaced one can be brought back (`PATCH take`).
// The server keeps each take's file as a project-relative path; its URL is `/projects/{project_id}/{path}`, the same
// URL the shot's `video_url` has while that take is its clip.
import type { Quality, Shot, Take } from '../api/types';
import { QUALITIES } from '../api/types';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** A take's media URL: given as a URL, or built from the server's project-relative path. */
function mediaUrl(url: unknown, path: unknown, projectId: string | undefined): string | null {
  const given = text(url);
  if (given) return given;
  const relative = text(path);
  return relative && projectId ? `/projects/${projectId}/${relative}` : null;
}

/** The shot's takes (`params.takes`), the well-formed ones, oldest first. */
export function takesOf(shot: Pick<Shot, 'params'> & { project_id?: string }): Take[] {
  const raw = (shot.params as Record<string, unknown> | null | undefined)?.takes;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((t) => {
    if (!t || typeof t !== 'object') return [];
    const row = t as Record<string, unknown>;
    const jobId = text(row['job_id']);
    if (!jobId) return [];
    const frames = row['num_frames'];
    return [
      {
        job_id: jobId,
        video_url: mediaUrl(row['video_url'], row['video_path'], shot.project_id),
        thumbnail_url: mediaUrl(row['thumbnail_url'], row['thumbnail_path'], shot.project_id),
        num_frames: typeof frames === 'number' && Number.isInteger(frames) && frames > 0 ? frames : null,
        quality: QUALITIES.includes(row['quality'] as Quality) ? (row['quality'] as Quality) : null,
        seed: typeof row['seed'] === 'number' && Number.isInteger(row['seed']) ? row['seed'] : null,
        prompt: typeof row['prompt'] === 'string' ? row['prompt'] : null,
      },
    ];
  });
}

/** The take that is the shot's clip now: the one with its video, else its newest take, else its last job. */
export function currentTakeOf(shot: Pick<Shot, 'params' | 'video_url' | 'last_job_id'> & { project_id?: string }): string | null {
  const takes = takesOf(shot);
  const match = shot.video_url ? takes.find((t) => t.video_url === shot.video_url) : undefined;
  if (match) return match.job_id;
  if (takes.length) return takes[takes.length - 1]!.job_id;
  return shot.video_url ? (shot.last_job_id ?? null) : null;
}

/** Where the current take stands among the takes: `index` (0-based, -1 when unknown) of `count`. */
export function takePosition(shot: Pick<Shot, 'params' | 'video_url' | 'last_job_id'> & { project_id?: string }): {
  index: number;
  count: number;
  takes: Take[];
} {
  const takes = takesOf(shot);
  const current = currentTakeOf(shot);
  return { index: takes.findIndex((t) => t.job_id === current), count: takes.length, takes };
}

/** The shot's current take, when it is a draft or standard one that "re-generate as final" can promote. */
export function promotableTake(shot: Pick<Shot, 'params' | 'video_url' | 'last_job_id'> & { project_id?: string }): Take | null {
  const current = currentTakeOf(shot);
  const take = takesOf(shot).find((t) => t.job_id === current);
  return take && take.quality && take.quality !== 'final' && take.seed !== null ? take : null;
}
