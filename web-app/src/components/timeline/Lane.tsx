// A track's lane: only the clips in the visible time range (+ overscan) are mounted. The range is quantized to
// chunks so scrolling re-renders a lane only when a chunk boundary is crossed; each clip renders itself.
import { memo } from 'react';
import type { DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../../store';
import { useView } from '../../store/viewSlice';
import type { Timeline } from '../../timeline/model';
import { clipEnd } from '../../timeline/model';
import { selectDrawn } from './bind';
import { ClipBox } from './ClipBox';
import { OVERSCAN_PX, TRACK_H } from './geometry';

const NO_IDS: readonly string[] = [];
const CHUNK_PX = 512;
export const DRAG_ASSET = 'application/x-milimo-asset';
export const DRAG_SHOT = 'application/x-milimo-shot';

/** Ids of the track's clips overlapping frames [from, to) (ids sorted by start; clips on a track never overlap). */
export function visibleIds(t: Timeline, ids: readonly string[], from: number, to: number): string[] {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (clipEnd(t.clips[ids[mid]!]!) <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < ids.length; i++) {
    const clip = t.clips[ids[i]!]!;
    if (clip.start_frame >= to) break;
    out.push(clip.id);
  }
  return out;
}

export function useVisibleFrames(): [number, number] {
  const width = useView((s) => s.viewportWidth);
  return useApp(
    useShallow((s) => {
      const from = Math.max(0, Math.floor((s.scrollX - OVERSCAN_PX) / CHUNK_PX) * CHUNK_PX);
      const to = Math.ceil((s.scrollX + width + OVERSCAN_PX) / CHUNK_PX) * CHUNK_PX;
      return [Math.floor(from / s.zoom), Math.ceil(to / s.zoom)] as [number, number];
    }),
  );
}

export const Lane = memo(function Lane({ trackId, kind }: { trackId: string; kind: 'video' | 'audio' }) {
  const ids = useApp((s) => selectDrawn(s).trackClips[trackId] ?? NO_IDS);
  const locked = useApp((s) => !!s.timeline.tracks[trackId]?.locked);
  const [from, to] = useVisibleFrames();
  const shown = visibleIds(selectDrawn(appStore.getState()), ids, from, to);
  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(DRAG_ASSET) || e.dataTransfer.types.includes(DRAG_SHOT);
  return (
    <div
      className={`tl-lane tl-lane-${kind}${locked ? ' tl-lane-locked' : ''}`}
      style={{ height: TRACK_H[kind] }}
      data-track-id={trackId}
      data-testid="lane"
      data-count={ids.length}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        const s = appStore.getState();
        const box = e.currentTarget.getBoundingClientRect();
        const frame = Math.max(0, Math.round((e.clientX - box.left) / s.zoom));
        const assetId = e.dataTransfer.getData(DRAG_ASSET);
        const shotId = e.dataTransfer.getData(DRAG_SHOT);
        const id = s.addClipFromSource({ trackId, frame, ...(assetId ? { assetId } : { shotId }) });
        if (id) s.selectClips([id], 'replace');
      }}
    >
      {shown.map((id) => (
        <ClipBox key={id} id={id} />
      ))}
    </div>
  );
});
