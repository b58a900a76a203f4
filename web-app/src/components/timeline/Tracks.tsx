// Track headers (name, mute/solo/lock, remove, drag to reorder) and the ruler (timecode; scrub the playhead).
import { memo, useEffect, useRef } from 'react';
import { appStore, useApp } from '../../store';
import { timecode } from '../../domain/timeline/playback';
import { setPlayhead } from './bind';
import { viewStore } from '../../store/viewSlice';
import { HEADER_W, RULER_H, TRACK_H, tickStep } from './geometry';
import { onViewFrame } from './view';

const DRAG_TRACK = 'application/x-milimo-track';

export const TrackHeader = memo(function TrackHeader({ trackId }: { trackId: string }) {
  const track = useApp((s) => s.timeline.tracks[trackId]);
  const position = useApp((s) => (track ? s.timeline.trackOrder[track.kind].indexOf(trackId) : -1));
  const count = useApp((s) => (track ? s.timeline.trackOrder[track.kind].length : 0));
  if (!track) return null;
  const flag = (key: 'muted' | 'solo' | 'locked') => () => appStore.getState().setTrackFlags(trackId, { [key]: !track[key] });
  return (
    <div
      className={`tl-header tl-header-${track.kind}`}
      style={{ height: TRACK_H[track.kind] }}
      data-testid="track-header"
      data-track-id={trackId}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TRACK, `${track.kind}:${trackId}`);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(DRAG_TRACK)) e.preventDefault();
      }}
      onDrop={(e) => {
        const [kind, id] = e.dataTransfer.getData(DRAG_TRACK).split(':');
        if (kind === track.kind && id && id !== trackId) appStore.getState().reorderTrack(id, position);
      }}
      title="Drag to reorder"
    >
      <span className="tl-grip" aria-hidden>
        ⋮⋮
      </span>
      <strong className="tl-track-name">{track.name}</strong>
      <span className="tl-flags">
        <button className={`tl-flag${track.muted ? ' on' : ''}`} aria-pressed={track.muted} onClick={flag('muted')} title={track.kind === 'video' ? 'Hide track' : 'Mute track'}>
          M
        </button>
        <button className={`tl-flag tl-flag-solo${track.solo ? ' on' : ''}`} aria-pressed={track.solo} onClick={flag('solo')} title="Solo">
          S
        </button>
        <button className={`tl-flag${track.locked ? ' on' : ''}`} aria-pressed={track.locked} onClick={flag('locked')} title="Lock track">
          L
        </button>
        <button
          className="tl-flag"
          disabled={count <= 1 || track.locked}
          onClick={() => appStore.getState().removeTrack(trackId)}
          title="Remove track (and its clips)"
          aria-label={`Remove ${track.name}`}
        >
          ×
        </button>
      </span>
    </div>
  );
});

/** Ruler labels rendered once each (fillText shapes text on every call: ~0.2 ms apiece in software rendering, a few
 * ms a frame while zooming) and then stamped with drawImage. */
const labelCache = new Map<string, HTMLCanvasElement>();
function labelImage(text: string, dpr: number): HTMLCanvasElement {
  const key = `${dpr}|${text}`;
  let img = labelCache.get(key);
  if (!img) {
    if (labelCache.size > 600) labelCache.clear();
    img = document.createElement('canvas');
    const ctx = img.getContext('2d')!;
    const font = '10px ui-monospace, SFMono-Regular, Menlo, monospace';
    ctx.font = font;
    const w = Math.ceil(ctx.measureText(text).width) + 2;
    img.width = Math.ceil(w * dpr);
    img.height = Math.ceil(12 * dpr);
    ctx.scale(dpr, dpr);
    ctx.font = font;
    ctx.fillStyle = '#8d94a0';
    ctx.textBaseline = 'bottom';
    ctx.fillText(text, 0, 12);
    labelCache.set(key, img);
  }
  return img;
}

/** Timecode ruler, drawn on one viewport-wide canvas (sticky over the scroll area) once a frame after a zoom/scroll,
 * so its cost does not depend on the zoom or the timeline's length; pointer down/drag scrubs the playhead. */
export function Ruler() {
  const ref = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const draw = () => {
      const c = canvas.current;
      const ctx = c?.getContext('2d');
      if (!c || !ctx) return;
      const s = appStore.getState();
      const zoom = s.zoom;
      const fps = s.project?.fps ?? 24;
      const width = Math.max(100, viewStore.getState().viewportWidth);
      const height = RULER_H;
      const dpr = window.devicePixelRatio || 1;
      if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
        c.width = Math.round(width * dpr);
        c.height = Math.round(height * dpr);
        c.style.width = `${width}px`;
        c.style.height = `${height}px`;
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const step = tickStep(zoom, fps);
      const minor = step % 4 === 0 ? step / 4 : step % 5 === 0 ? step / 5 : step % 2 === 0 ? step / 2 : step;
      const x0 = s.scrollX;
      const first = Math.floor(x0 / zoom / minor) * minor;
      const last = (x0 + width) / zoom;
      for (let f = Math.max(0, first), n = 0; f <= last && n < 1000; f += minor, n++) {
        const x = Math.round(f * zoom - x0) + 0.5;
        const major = f % step === 0;
        ctx.fillStyle = major ? '#8b929c' : '#4a505a';
        ctx.fillRect(x - 0.5, height - (major ? 12 : 6), 1, major ? 12 : 6);
        if (major) {
          const img = labelImage(step < fps ? timecode(f, fps) : timecode(f, fps).slice(0, 8), dpr);
          ctx.drawImage(img, x + 4, height - 24, img.width / dpr, img.height / dpr);
        }
      }
    };
    return onViewFrame(draw);
  }, []);
  const scrub = (clientX: number) => {
    const box = ref.current?.getBoundingClientRect();
    if (box) setPlayhead(Math.floor((clientX - box.left) / appStore.getState().zoom));
  };
  return (
    <div
      ref={ref}
      className="tl-ruler"
      data-testid="ruler"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        scrub(e.clientX);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) scrub(e.clientX);
      }}
    >
      <canvas ref={canvas} className="tl-ruler-canvas" style={{ left: HEADER_W }} aria-hidden />
    </div>
  );
}
