// The one place the timeline components read the timeline store: hooks and actions over the store helper's
// `timelineSlice` (see src/domain/timeline/README.md), so a rename there is a change here only.
import { useMemo } from 'react';
import { appStore, useApp } from '../../store';
import type { AppState } from '../../store';
import type { Timeline, TimelineClip } from '../../domain/timeline/model';
import { EMPTY_TIMELINE, sourceKey } from '../../domain/timeline/model';
import { indexClips } from '../../domain/timeline/playback';
import type { ClipIndex, PlayClip, PlayTrack } from '../../domain/timeline/playback';

/** The timeline as drawn: the live drag's preview while one is going on, else the edited timeline. */
export const selectDrawn = (s: AppState): Timeline => s.gesture?.preview ?? s.timeline ?? EMPTY_TIMELINE;
export const selectTimeline = (s: AppState): Timeline => s.timeline ?? EMPTY_TIMELINE;
export const selectPlayhead = (s: AppState): number => s.playhead ?? 0;

export function getTimeline(): Timeline {
  return selectTimeline(appStore.getState());
}

export function getPlayhead(): number {
  return selectPlayhead(appStore.getState());
}

export function setPlayhead(frame: number): void {
  const f = Math.max(0, Math.round(frame));
  if (f !== getPlayhead()) appStore.getState().setPlayhead(f);
}

export function usePlayhead(): number {
  return useApp(selectPlayhead);
}

/** What a clip shows (media URL, label, source length): the live shot for a shot clip, so a new take plays at once. */
export interface ClipMedia {
  kind: 'shot' | 'image' | 'video' | 'audio';
  url: string | null;
  thumbnail: string | null;
  label: string;
  hasAudio: boolean;
  sourceFrames: number | null;
}

export function clipMedia(s: AppState, clip: Pick<TimelineClip, 'shot_id' | 'asset_id'>): ClipMedia {
  const source = s.clipSources?.[sourceKey(clip)];
  if (clip.shot_id) {
    const shot = s.shots[clip.shot_id];
    return {
      kind: 'shot',
      url: shot?.video_url ?? source?.media_url ?? null,
      thumbnail: shot?.thumbnail_url ?? source?.thumbnail_url ?? null,
      // The live prompt (an unsaved edit shows at once), in full; the server's label is a shortened one.
      label: s.drafts[clip.shot_id]?.prompt ?? shot?.prompt ?? source?.label ?? 'Shot',
      hasAudio: source?.has_audio ?? true,
      sourceFrames: shot?.clip_frames ?? source?.source_frames ?? null,
    };
  }
  const asset = s.assets.find((a) => a.id === clip.asset_id);
  const kind = (source?.source_kind ?? asset?.kind ?? 'video') as ClipMedia['kind'];
  return {
    kind,
    url: source?.media_url ?? asset?.url ?? null,
    thumbnail: source?.thumbnail_url ?? null,
    label: source?.label ?? asset?.original_name ?? 'Media',
    hasAudio: source?.has_audio ?? kind !== 'image',
    sourceFrames: source?.source_frames ?? null,
  };
}

/** Tracks and clips in playback's terms, and a per-track sorted index (rebuilt only when the timeline changes). */
export function playbackModel(t: Timeline, s: AppState): { tracks: PlayTrack[]; index: ClipIndex<PlayClip & TimelineClip> } {
  const tracks: PlayTrack[] = [];
  for (const kind of ['video', 'audio'] as const) {
    t.trackOrder[kind].forEach((id, i) => {
      const track = t.tracks[id];
      if (track) tracks.push({ id, kind, index: i, muted: track.muted, solo: track.solo });
    });
  }
  const clips = Object.values(t.clips).map((c) => ({ ...c, has_audio: clipMedia(s, c).hasAudio }));
  return { tracks, index: indexClips(clips) };
}

export function usePlaybackModel() {
  const timeline = useApp(selectTimeline);
  const sources = useApp((s) => s.clipSources);
  // playbackModel reads the clip sources through getState(); `sources` is here so a new source row recomputes it.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see the line above
  return useMemo(() => playbackModel(timeline, appStore.getState()), [timeline, sources]);
}
