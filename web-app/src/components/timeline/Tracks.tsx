// Track headers (name, mute/solo/lock, remove, drag to reorder) and the ruler (timecode; scrub the playhead).
import { memo, useRef } from 'react';
import { appStore, useApp } from '../../store';
import { timecode } from '../../timeline/playback';
import { setPlayhead } from './bind';
import { OVERSCAN_PX, TRACK_H, tickStep } from './geometry';
import { useVisibleFrames } from './Lane';

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

/** Timecode ruler; pointer down/drag scrubs the playhead. Only the visible ticks are drawn. */
export function Ruler({ width }: { width: number }) {
  const zoom = useApp((s) => s.zoom);
  const fps = useApp((s) => s.project?.fps ?? 24);
  const [from, to] = useVisibleFrames();
  const ref = useRef<HTMLDivElement>(null);
  const step = tickStep(zoom, fps);
  const minor = step % 4 === 0 ? step / 4 : step % 5 === 0 ? step / 5 : step % 2 === 0 ? step / 2 : step;
  const ticks: { frame: number; major: boolean }[] = [];
  const first = Math.floor(from / minor) * minor;
  for (let f = first; f <= to + OVERSCAN_PX / zoom && ticks.length < 2000; f += minor) ticks.push({ frame: f, major: f % step === 0 });
  const scrub = (clientX: number) => {
    const box = ref.current?.getBoundingClientRect();
    if (box) setPlayhead(Math.floor((clientX - box.left) / appStore.getState().zoom));
  };
  return (
    <div
      ref={ref}
      className="tl-ruler"
      style={{ width }}
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
      {ticks.map(({ frame, major }) => (
        <span key={frame} className={major ? 'tl-tick tl-tick-major' : 'tl-tick'} style={{ transform: `translateX(${frame * zoom}px)` }}>
          {major && <span className="tl-tick-label">{step < fps ? `${timecode(frame, fps)}` : timecode(frame, fps).slice(0, 8)}</span>}
        </span>
      ))}
    </div>
  );
}
