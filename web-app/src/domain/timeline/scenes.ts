// Where each scene lies on the timeline (the scene band's spans, the clips' scene colour), derived from the clips,
// the shots' scene_id and the scenes. Pure: no React, no store.
import type { Timeline } from './model';
import { clipEnd } from './model';

export interface SceneRow {
  id: string;
  index: number;
  heading: string;
}

export interface SceneSpan {
  /** Unique among the spans (a scene's own spans never overlap). */
  key: string;
  sceneId: string;
  /** Timeline frames [start, end). */
  start: number;
  end: number;
  /** 1-based place of the scene in script order. */
  number: number;
  /** The heading without its INT./EXT. prefix, or "Scene N". */
  label: string;
  /** The full heading, or "Scene N". */
  title: string;
  colour: string;
}

/** Distinct on the dark timeline and from the selection blue; a scene keeps its colour while others come and go
 * because it is picked by the scene's own index. */
export const SCENE_COLOURS = ['#e8a33d', '#3fb8c9', '#c774dc', '#6cc070', '#e36d6f', '#d9c84a', '#8f8cff', '#e58fb4'] as const;

export function sceneColour(index: number): string {
  const n = SCENE_COLOURS.length;
  return SCENE_COLOURS[((Math.trunc(index) % n) + n) % n]!;
}

const PREFIX = /^\s*(?:INT\.?\s*\/\s*EXT\.?|EXT\.?\s*\/\s*INT\.?|I\s*\/\s*E\.?|INT\.|EXT\.|EST\.|INT\s|EXT\s)\s*/i;

/** "EXT. PIER - NIGHT" → "PIER - NIGHT": the place and time tell scenes apart; the prefix only costs width. */
export function shortHeading(heading: string): string {
  const trimmed = heading.trim();
  return trimmed.replace(PREFIX, '').trim() || trimmed;
}

/** The scenes in script order (index, then the server's list order for equal indexes). */
function ordered<S extends SceneRow>(scenes: readonly S[]): S[] {
  return scenes.map((s, i) => [s, i] as const).sort((a, b) => a[0].index - b[0].index || a[1] - b[1]).map(([s]) => s);
}

/** The colour of a shot's scene, or null when the shot has no (known) scene. */
export function sceneColourOf(scenes: readonly SceneRow[], sceneId: string | null | undefined): string | null {
  if (!sceneId) return null;
  const scene = scenes.find((s) => s.id === sceneId);
  return scene ? sceneColour(scene.index) : null;
}

interface Interval {
  start: number;
  end: number;
}

/** The shot clips of every scene (and of none) sorted by start, with the furthest end reached before each. */
interface ShotClips {
  sorted: Interval[];
  /** reach[i]: the largest end among sorted[0..i). */
  reach: number[];
}

/** Index of the first clip starting at or after `frame`. */
function firstFrom(sorted: readonly Interval[], frame: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < frame) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether another shot clip lies in the gap [from, to) after a scene's span so far. The scene's own clips starting
 * before `to` all end by `from` (it is the span's end) and none starts inside the gap (the next one starts at `to`),
 * so any clip that starts in the gap, or starts before it and reaches past `from`, is another scene's (or none's).
 */
function gapTaken({ sorted, reach }: ShotClips, from: number, to: number): boolean {
  const i = firstFrom(sorted, from);
  return reach[i]! > from || (i < sorted.length && sorted[i]!.start < to);
}

/**
 * Each scene's spans on the timeline, sorted by start (then script order). A scene's shot clips on any video track
 * join into one span from its first frame to its last; the span breaks where a clip of another scene's shot, or of a
 * shot with no scene, lies in a gap between them (so a scene cut into two places shows twice). Media clips (no shot)
 * neither join nor break a span: a cutaway inside a scene stays inside it. Clips of shots whose scene is unknown
 * count as shots with no scene.
 */
export function sceneSpans(
  timeline: Pick<Timeline, 'tracks' | 'clips'>,
  shots: Readonly<Record<string, { scene_id?: string | null } | undefined>>,
  scenes: readonly SceneRow[],
): SceneSpan[] {
  if (scenes.length === 0) return [];
  const byScene = new Map<string, Interval[]>(scenes.map((s) => [s.id, []]));
  const sorted: Interval[] = [];
  for (const clip of Object.values(timeline.clips)) {
    if (!clip.shot_id || timeline.tracks[clip.track_id]?.kind !== 'video') continue;
    const interval = { start: clip.start_frame, end: clipEnd(clip) };
    sorted.push(interval);
    byScene.get(shots[clip.shot_id]?.scene_id ?? '')?.push(interval);
  }
  sorted.sort((a, b) => a.start - b.start);
  const reach = [0];
  for (const c of sorted) reach.push(Math.max(reach[reach.length - 1]!, c.end));
  const all: ShotClips = { sorted, reach };

  const script = ordered(scenes);
  const out: SceneSpan[] = [];
  script.forEach((scene, position) => {
    const clips = byScene.get(scene.id)!.sort((a, b) => a.start - b.start);
    if (clips.length === 0) return;
    const number = position + 1;
    const heading = scene.heading.trim();
    const title = heading || `Scene ${number}`;
    const label = heading ? shortHeading(heading) : title;
    const colour = sceneColour(scene.index);
    const push = (start: number, end: number) => out.push({ key: `${scene.id}:${start}`, sceneId: scene.id, start, end, number, label, title, colour });
    let start = clips[0]!.start;
    let end = clips[0]!.end;
    for (const next of clips.slice(1)) {
      if (next.start > end && gapTaken(all, end, next.start)) {
        push(start, end);
        start = next.start;
      }
      end = Math.max(end, next.end);
    }
    push(start, end);
  });
  const rank = new Map(script.map((s, i) => [s.id, i]));
  return out.sort((a, b) => a.start - b.start || rank.get(a.sceneId)! - rank.get(b.sceneId)!);
}
