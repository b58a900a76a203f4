// A track's lane: only the clips in the frame window (view.ts: the visible range plus a margin, with hysteresis) are
// mounted, so zooming and scrolling re-render a lane only when clips enter/leave the window; each clip renders itself
// and positions itself from CSS variables (no render on zoom).
import { memo, useEffect, useRef } from 'react';
import type { DragEvent } from 'react';
import { appStore, useApp } from '../../store';
import type { AppState } from '../../store';
import type { Timeline } from '../../domain/timeline/model';
import { clipEnd } from '../../domain/timeline/model';
import { selectDrawn } from './bind';
import { ClipBox } from './ClipBox';
import { TRACK_H } from './geometry';
import { startClipPointer } from './gesture';
import { onViewFrame, useFrameWindow, useOverview } from './view';
import { viewStore } from '../../store/viewSlice';
import type { ClipSourceKind } from '../../api/types';
import { fits } from '../../domain/timeline/rules';
import { sceneColourOf } from '../../domain/timeline/scenes';

const NO_IDS: readonly string[] = [];
export const DRAG_ASSET = 'application/x-milimo-asset';
export const DRAG_SHOT = 'application/x-milimo-shot';
/** `application/x-milimo-kind-<shot|image|video|audio>`: what a drag carries, readable during dragover. */
export const DRAG_KIND_PREFIX = 'application/x-milimo-kind-';

/** Whether a drag (by its types) may drop on a lane of `kind`: shots, images and videos on video tracks; audio (and
 * a video, for its sound) on audio tracks. A drag without a kind type is let through (the store checks). */
function dropFits(types: readonly string[], kind: 'video' | 'audio'): boolean {
  if (!types.includes(DRAG_ASSET) && !types.includes(DRAG_SHOT)) return false;
  const k = types.find((t) => t.startsWith(DRAG_KIND_PREFIX))?.slice(DRAG_KIND_PREFIX.length);
  if (!k) return true;
  return fits(kind, k as ClipSourceKind);
}

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

const COLORS = {
  video: { fill: '#1f2a3d', line: '#33446a' },
  audio: { fill: '#17302a', line: '#2a5a4a' },
  selected: { fill: '#24365a', line: '#4f8cff' },
};

/** Overview of a lane (many clips in view): its clips as boxes on one view-wide canvas, redrawn once a frame after a
 * zoom/scroll or an edit; a press on a box selects/drags that clip like a mounted clip does. */
function LaneOverview({ trackId, kind }: { trackId: string; kind: 'video' | 'audio' }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const draw = () => {
      const c = canvas.current;
      const ctx = c?.getContext('2d');
      if (!c || !ctx) return;
      const s = appStore.getState();
      const t = selectDrawn(s);
      const zoom = s.zoom;
      const width = Math.max(100, viewStore.getState().viewportWidth);
      const height = TRACK_H[kind] - 6;
      const dpr = window.devicePixelRatio || 1;
      if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
        c.width = Math.round(width * dpr);
        c.height = Math.round(height * dpr);
        c.style.width = `${width}px`;
        c.style.height = `${height}px`;
      }
      c.style.transform = `translateX(${s.scrollX}px)`;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const ids = visibleIds(t, t.trackClips[trackId] ?? NO_IDS, s.scrollX / zoom, (s.scrollX + width) / zoom);
      for (const id of ids) {
        const clip = t.clips[id]!;
        const x = clip.start_frame * zoom - s.scrollX;
        const w = Math.max(1, clip.duration * zoom);
        const col = s.selectedClips[id] ? COLORS.selected : COLORS[kind];
        ctx.fillStyle = col.line;
        ctx.fillRect(x, 0, w, height);
        if (w > 2) {
          ctx.fillStyle = col.fill;
          ctx.fillRect(x + 1, 1, w - 2, height - 2);
        }
        const scene = clip.shot_id ? sceneColourOf(s.scenes, s.shots[clip.shot_id]?.scene_id) : null;
        if (scene) {
          ctx.fillStyle = scene;
          ctx.fillRect(x, 0, w, 3);
        }
      }
      c.dataset.count = String(ids.length);
    };
    const offView = onViewFrame(draw);
    let raf = 0;
    const drawnOf = (s: AppState) => ({ t: selectDrawn(s), sel: s.selectedClips, shots: s.shots, scenes: s.scenes });
    let last = drawnOf(appStore.getState());
    const offApp = appStore.subscribe((s) => {
      const next = drawnOf(s);
      if (next.t === last.t && next.sel === last.sel && next.shots === last.shots && next.scenes === last.scenes) return;
      last = next;
      if (!raf)
        raf = requestAnimationFrame(() => {
          raf = 0;
          draw();
        });
    });
    return () => {
      offView();
      offApp();
      if (raf) cancelAnimationFrame(raf);
    };
  }, [trackId, kind]);
  return (
    <canvas
      ref={canvas}
      className="tl-lane-overview"
      data-testid="lane-overview"
      onPointerDown={(e) => {
        const s = appStore.getState();
        const box = e.currentTarget.parentElement!.getBoundingClientRect();
        const frame = (e.clientX - box.left) / s.zoom;
        const t = selectDrawn(s);
        // The clip under the pointer, or within 2 px of it (boxes may be a pixel wide).
        const [id] = visibleIds(t, t.trackClips[trackId] ?? NO_IDS, frame - 2 / s.zoom, frame + 2 / s.zoom);
        if (id) startClipPointer(e, id, { trim: false });
      }}
    />
  );
}

export const Lane = memo(function Lane({ trackId, kind }: { trackId: string; kind: 'video' | 'audio' }) {
  const ids = useApp((s) => selectDrawn(s).trackClips[trackId] ?? NO_IDS);
  const locked = useApp((s) => !!s.timeline.tracks[trackId]?.locked);
  const [from, to] = useFrameWindow();
  const overview = useOverview();
  const shown = overview ? NO_IDS : visibleIds(selectDrawn(appStore.getState()), ids, from, to);
  const accepts = (e: DragEvent) => !locked && dropFits(e.dataTransfer.types, kind);
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
        // The frame under the pointer.
        const frame = Math.max(0, Math.floor((e.clientX - box.left) / s.zoom));
        const assetId = e.dataTransfer.getData(DRAG_ASSET);
        const shotId = e.dataTransfer.getData(DRAG_SHOT);
        const id = s.addClipFromSource({ trackId, frame, ...(assetId ? { assetId } : { shotId }) });
        if (id) s.selectClips([id], 'replace');
      }}
    >
      {overview && <LaneOverview trackId={trackId} kind={kind} />}
      {shown.map((id) => (
        <ClipBox key={id} id={id} />
      ))}
    </div>
  );
});
