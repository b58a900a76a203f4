// Before a render: which shots on the timeline have no clip yet (they would come out black and silent), named as the
// user knows them ("Shot 3 — 'Mara on the pier'"), not by id.
import type { Shot } from '../api/types';
import type { Timeline } from './timeline/model';

const LABEL_WORDS = 6;

/** "Shot 3 — 'Mara on the pier'" (the shot's place in the list and the first words of its prompt). */
export function shotName(shot: Pick<Shot, 'prompt'>, position: number): string {
  const words = shot.prompt.trim().split(/\s+/).filter(Boolean);
  const text = words.slice(0, LABEL_WORDS).join(' ') + (words.length > LABEL_WORDS ? '…' : '');
  return text ? `Shot ${position + 1} — '${text}'` : `Shot ${position + 1}`;
}

/**
 * The shots with a clip in frames `[inFrame, outFrame)` (null: the whole timeline) on a track that is heard or seen
 * (not muted) and no video yet, in shot order, each once.
 */
export function ungeneratedShots(
  timeline: Timeline,
  shots: Record<string, Shot>,
  shotOrder: readonly string[],
  range: { in_frame: number; out_frame: number } | null,
): string[] {
  const missing = new Set<string>();
  for (const clip of Object.values(timeline.clips)) {
    const shot = clip.shot_id ? shots[clip.shot_id] : undefined;
    if (!shot || shot.video_url || timeline.tracks[clip.track_id]?.muted) continue;
    if (range && (clip.start_frame + clip.duration <= range.in_frame || clip.start_frame >= range.out_frame)) continue;
    missing.add(shot.id);
  }
  return shotOrder.filter((id) => missing.has(id)).map((id) => `${shotName(shots[id]!, shotOrder.indexOf(id))} has no clip yet`);
}

/** The clips a finished render reported without media, as their shots' names (an asset's clip keeps its id). */
export function missingClipNames(clipIds: readonly string[], timeline: Timeline, shots: Record<string, Shot>, shotOrder: readonly string[]): string[] {
  const names = clipIds.map((id) => {
    const shotId = timeline.clips[id]?.shot_id;
    const shot = shotId ? shots[shotId] : undefined;
    return shot ? shotName(shot, shotOrder.indexOf(shot.id)) : `clip ${id}`;
  });
  return [...new Set(names)];
}
