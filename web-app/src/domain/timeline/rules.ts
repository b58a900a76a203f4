// The timeline's invariants as checks over a whole timeline, the client's statement of the server's rules
// (backend/services/timeline_rules.py). The ops keep them by construction (an overwrite clears the range it lands
// on, trims clamp to the source, fades clamp to the clip, a locked track refuses); these checks say which rule a
// timeline breaks, so one table of cases (tests/cases/timeline_rules.json) drives both sides' tests.
import type { ClipSourceKind } from '../../api/types';
import { clipEnd, trackClipIds } from './model';
import type { Timeline, TimelineClip, TrackKind } from './model';

/** Which sources a track of each kind may show: a video asset may sit on an audio track for its sound. */
export const FITS: Readonly<Record<TrackKind, readonly ClipSourceKind[]>> = {
  video: ['shot', 'image', 'video'],
  audio: ['audio', 'video'],
};

export type RuleCode = 'locked' | 'fits' | 'bounds' | 'fades' | 'overlap';

export interface RuleViolation {
  code: RuleCode;
  /** The clips the refusal names. */
  clips: string[];
}

/** What the checks need to know of a clip's source: its kind and its length in project frames (null: a still). */
export interface RuleSource {
  kind: ClipSourceKind;
  frames: number | null;
}

/** A track of this kind may show a source of that kind. */
export function fits(track: TrackKind, source: ClipSourceKind): boolean {
  return FITS[track].includes(source);
}

/** Each fade fits in the clip (`fade_in`, `fade_out` at most `duration` each; they may overlap, as on the server). */
export function fadesFit(clip: Pick<TimelineClip, 'duration' | 'fade_in' | 'fade_out'>): boolean {
  return (clip.fade_in ?? 0) <= clip.duration && (clip.fade_out ?? 0) <= clip.duration;
}

/**
 * The first rule the timeline breaks, or null. `changed`: the clips an edit touched (a locked track refuses those);
 * `sourceOf`: the clip's source, or null when unknown (no fit or length check then).
 */
export function timelineViolation(
  t: Timeline,
  sourceOf: (clip: TimelineClip) => RuleSource | null,
  changed: readonly string[],
): RuleViolation | null {
  for (const id of changed) {
    const clip = t.clips[id];
    if (clip && t.tracks[clip.track_id]?.locked) return { code: 'locked', clips: [id] };
  }
  for (const clip of Object.values(t.clips)) {
    const track = t.tracks[clip.track_id];
    const source = sourceOf(clip);
    if (track && source && !fits(track.kind, source.kind)) return { code: 'fits', clips: [clip.id] };
    if (source?.frames != null && clip.source_in + clip.duration > source.frames) return { code: 'bounds', clips: [clip.id] };
    if (!fadesFit(clip)) return { code: 'fades', clips: [clip.id] };
  }
  for (const trackId of Object.keys(t.tracks)) {
    const ids = trackClipIds(t, trackId);
    for (let i = 1; i < ids.length; i++) {
      const before = t.clips[ids[i - 1]!]!;
      const after = t.clips[ids[i]!]!;
      if (after.start_frame < clipEnd(before)) return { code: 'overlap', clips: [before.id, after.id] };
    }
  }
  return null;
}
