// The multi-track timeline: toolbar (save state, zoom), the conflict banner, and one scroll area holding the ruler
// (sticky top), the scene band under it (in a project with scenes), the track headers (sticky left) and the lanes
// (video tracks stacked with the top one covering, audio below). Horizontal position comes from the store's
// zoom/scrollX without React renders: the zoom is the CSS variable `--ppf` on the tracks container (set here, from a
// store subscription), and clips, the playhead and the snap guide place themselves with calc() from their own
// `--start`/`--dur`/`--at` (see view.ts). The playhead, snap guide and marquee are overlays that subscribe to their own
// state only.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import { appStore, useApp } from '../../store';
import { viewStore } from '../../store/viewSlice';
import { timelineEnd } from '../../domain/timeline/model';
import { selectDrawn, setPlayhead, usePlayhead } from './bind';
import { HEADER_W, MAX_ZOOM, MIN_ZOOM, RULER_H, TRACK_H, clampZoom } from './geometry';
import { Lane, visibleIds } from './Lane';
import { Ruler, TrackHeader } from './Tracks';
import { SceneBand, sceneBandHeight } from './SceneBand';

/** Zoom around a point of the lanes (px from the lanes' left edge in the viewport): that frame stays put. */
export function zoomAround(nextZoom: number, anchorPx?: number): void {
  const s = appStore.getState();
  const zoom = clampZoom(nextZoom);
  if (zoom === s.zoom) return;
  const at = anchorPx ?? (s.playhead * s.zoom - s.scrollX >= 0 ? s.playhead * s.zoom - s.scrollX : 0);
  const frame = (s.scrollX + at) / s.zoom;
  s.setZoom(zoom);
  s.setScrollX(Math.max(0, frame * zoom - at));
}

function SaveState() {
  const sync = useApp((s) => s.timelineSync);
  const error = useApp((s) => s.timelineError);
  let text: string;
  if (sync.status === 'conflict') text = 'Not saved: changed elsewhere';
  else if (sync.status === 'retrying') text = `${sync.pending} edit${sync.pending === 1 ? '' : 's'} waiting — retrying…`;
  else if (sync.status === 'refused') text = `Not saved: ${sync.error ?? 'refused'}`;
  else if (sync.pending > 0 || sync.status === 'sending') text = 'Saving…';
  else text = 'All changes saved';
  return (
    <span className="tl-save" data-testid="save-state" data-status={sync.status} data-pending={sync.pending} title={sync.error ?? undefined}>
      <span className={`tl-save-dot tl-save-${sync.status}`} aria-hidden />
      {text}
      {sync.status === 'retrying' && (
        <button className="button button-small" onClick={() => appStore.getState().retryTimelineSync()}>
          Retry now
        </button>
      )}
      {error && sync.status !== 'refused' && <span className="field-error small">{error}</span>}
    </span>
  );
}

function TimelineConflict() {
  const conflict = useApp((s) => s.timelineSync.status === 'conflict');
  const [busy, setBusy] = useState(false);
  if (!conflict) return null;
  return (
    <div className="conflict tl-conflict" role="alert" data-testid="conflict">
      <strong>Timeline changed elsewhere</strong>
      <p>This project was changed in another tab — Reload to take its timeline (undo brings your edits back).</p>
      <div className="button-row">
        <button
          className="button button-small"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await appStore.getState().reloadFromServer();
            setBusy(false);
          }}
        >
          Reload
        </button>
      </div>
    </div>
  );
}

function AddShot() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      className="button button-primary button-small"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await appStore.getState().addShot('');
        setBusy(false);
      }}
      data-testid="add-shot"
    >
      + Add shot
    </button>
  );
}

function ZoomControl() {
  const zoom = useApp((s) => s.zoom);
  // A log slider: equal steps are equal ratios.
  const toSlider = (z: number) => Math.round((Math.log(z / MIN_ZOOM) / Math.log(MAX_ZOOM / MIN_ZOOM)) * 1000);
  const fromSlider = (v: number) => MIN_ZOOM * Math.pow(MAX_ZOOM / MIN_ZOOM, v / 1000);
  return (
    <span className="tl-zoom">
      <button className="button button-small" onClick={() => zoomAround(zoom / 1.25)} title="Zoom out (-)">
        −
      </button>
      <input
        type="range"
        min={0}
        max={1000}
        value={toSlider(zoom)}
        onChange={(e) => zoomAround(fromSlider(Number(e.target.value)))}
        aria-label="Zoom"
        data-testid="zoom"
      />
      <button className="button button-small" onClick={() => zoomAround(zoom * 1.25)} title="Zoom in (+)">
        +
      </button>
    </span>
  );
}

function Playhead() {
  const playhead = usePlayhead();
  return <div className="tl-playhead tl-at" style={{ '--at': playhead } as CSSProperties} data-testid="playhead" data-frame={playhead} />;
}

function SnapGuide() {
  const at = useApp((s) => s.gesture?.snappedTo ?? null);
  if (at === null) return null;
  return <div className="tl-snap tl-at" style={{ '--at': at } as CSSProperties} data-testid="snap-line" />;
}

interface Marquee {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function TimelinePanel() {
  const video = useApp((s) => s.timeline.trackOrder.video);
  const audio = useApp((s) => s.timeline.trackOrder.audio);
  const clipCount = useApp((s) => Object.keys(s.timeline.clips).length);
  const end = useApp((s) => timelineEnd(selectDrawn(s)));
  const fps = useApp((s) => s.project?.fps ?? 24);
  const gestureError = useApp((s) => s.gesture?.error ?? null);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const [marquee, setMarquee] = useState<Marquee | null>(null);
  const domScroll = useRef(0);
  const scrollerLeft = useRef<number | null>(null);

  // Zoom → `--ppf` at once (a style write: no layout forced here); the DOM scroll position follows the store's scrollX
  // once a frame (a scrollLeft write lays out, so never more than once a frame). Nothing here *reads* layout (no
  // scrollLeft/getBoundingClientRect after a style write): the DOM position is remembered in domScroll.
  useLayoutEffect(() => {
    const el = scroller.current;
    const box = content.current;
    if (!el || !box) return;
    let zoom = NaN;
    let raf = 0;
    const syncScroll = () => {
      raf = 0;
      const x = appStore.getState().scrollX;
      if (Math.abs(domScroll.current - x) > 0.5) {
        el.scrollLeft = x;
        domScroll.current = x;
      }
    };
    const apply = (s: { zoom: number; scrollX: number }) => {
      if (s.zoom !== zoom) {
        zoom = s.zoom;
        box.style.setProperty('--ppf', String(zoom));
      }
      if (!raf && Math.abs(domScroll.current - s.scrollX) > 0.5) raf = requestAnimationFrame(syncScroll);
    };
    domScroll.current = el.scrollLeft;
    apply(appStore.getState());
    syncScroll();
    const off = appStore.subscribe(apply);
    return () => {
      off();
      if (raf) cancelAnimationFrame(raf);
    };
  }, []);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      viewStore.getState().setViewportWidth(Math.max(100, el.clientWidth - HEADER_W));
      scrollerLeft.current = null;
    };
    const forget = () => (scrollerLeft.current = null);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    // Ctrl+wheel zooms around the pointer (a non-passive listener, so the page does not zoom).
    const wheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      // The scroller's page position, measured once per pointer entry/resize (measuring on every wheel event would
      // force a layout of all the clips after each zoom step).
      scrollerLeft.current ??= el.getBoundingClientRect().left;
      const s = appStore.getState();
      zoomAround(s.zoom * Math.pow(1.0015, -e.deltaY), Math.max(0, e.clientX - scrollerLeft.current - HEADER_W));
    };
    el.addEventListener('wheel', wheel, { passive: false });
    el.addEventListener('pointerenter', forget);
    window.addEventListener('resize', forget);
    return () => {
      ro.disconnect();
      el.removeEventListener('wheel', wheel);
      el.removeEventListener('pointerenter', forget);
      window.removeEventListener('resize', forget);
    };
  }, []);
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    domScroll.current = el.scrollLeft;
    if (Math.abs(appStore.getState().scrollX - el.scrollLeft) > 0.5) appStore.getState().setScrollX(el.scrollLeft);
  }, []);

  const tracks = [...[...video].reverse().map((id) => ({ id, kind: 'video' as const })), ...audio.map((id) => ({ id, kind: 'audio' as const }))];

  // Marquee: drag on empty lane space selects the clips it touches (Shift/Ctrl adds).
  const onLanePointerDown = (e: React.PointerEvent) => {
    const target = e.target as HTMLElement;
    if (e.button !== 0 || !(target.classList.contains('tl-lane') || target.classList.contains('tl-lane-overview'))) return;
    const box = content.current!.getBoundingClientRect();
    const x0 = e.clientX - box.left;
    const y0 = e.clientY - box.top;
    const additive = e.shiftKey || e.ctrlKey || e.metaKey;
    let moved = false;
    const move = (ev: PointerEvent) => {
      const x1 = ev.clientX - box.left;
      const y1 = ev.clientY - box.top;
      if (!moved && Math.abs(x1 - x0) + Math.abs(y1 - y0) < 4) return;
      moved = true;
      setMarquee({ x0, y0, x1, y1 });
    };
    const up = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setMarquee(null);
      const s = appStore.getState();
      if (!moved) {
        if (!additive) s.selectClips([], 'replace');
        return;
      }
      const x1 = ev.clientX - box.left;
      const y1 = ev.clientY - box.top;
      const [left, right] = [Math.min(x0, x1) - HEADER_W, Math.max(x0, x1) - HEADER_W];
      const [top, bottom] = [Math.min(y0, y1), Math.max(y0, y1)];
      const from = Math.floor(Math.max(0, left) / s.zoom);
      const to = Math.ceil(Math.max(0, right) / s.zoom);
      const ids: string[] = [];
      let y = RULER_H + sceneBandHeight(s);
      for (const t of tracks) {
        const h = TRACK_H[t.kind];
        if (y + h > top && y < bottom) ids.push(...visibleIds(s.timeline, s.timeline.trackClips[t.id] ?? [], from, to));
        y += h;
      }
      s.selectClips(ids, additive ? 'add' : 'replace');
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div className="timeline tl" data-testid="timeline">
      <div className="timeline-toolbar">
        <h2 className="panel-title">Timeline</h2>
        <span className="muted small" data-testid="timeline-summary">
          {clipCount} clip{clipCount === 1 ? '' : 's'} · {end} frames · {(end / fps).toFixed(1)} s
        </span>
        <SaveState />
        {gestureError && <span className="field-error small">{gestureError}</span>}
        <span className="spacer" />
        <button className="button button-small" onClick={() => appStore.getState().addTrack('video')} title="Add a video track" data-testid="add-video-track">
          + Video track
        </button>
        <button className="button button-small" onClick={() => appStore.getState().addTrack('audio')} title="Add an audio track" data-testid="add-audio-track">
          + Audio track
        </button>
        <ZoomControl />
        <button className="button button-small" onClick={() => viewStore.getState().setShortcutsOpen(true)} title="Keyboard shortcuts (?)">
          ?
        </button>
        <AddShot />
      </div>
      <TimelineConflict />
      <div className="tl-scroll" ref={scroller} onScroll={onScroll}>
        <div
          className="tl-content"
          ref={content}
          // Width: the timeline plus 30 s, at least the view plus 200 px — from --ppf, so a zoom step renders nothing.
          style={{ '--ppf': appStore.getState().zoom, '--end': end + fps * 30 } as CSSProperties}
          onPointerDown={onLanePointerDown}
        >
          <div className="tl-ruler-row" style={{ height: RULER_H }}>
            <div className="tl-corner" style={{ width: HEADER_W }}>
              <span className="muted small">{clipCount === 0 ? 'No clips yet' : ''}</span>
            </div>
            <Ruler />
          </div>
          <SceneBand />
          {tracks.map((t) => (
            <div key={t.id} className={`tl-row tl-row-${t.kind}`} role="listbox" aria-label={`Track ${t.id}`} aria-multiselectable>
              <TrackHeader trackId={t.id} />
              <Lane trackId={t.id} kind={t.kind} />
            </div>
          ))}
          <Playhead />
          <SnapGuide />
          {marquee && (
            <div
              className="tl-marquee"
              data-testid="marquee"
              style={{
                left: Math.min(marquee.x0, marquee.x1),
                top: Math.min(marquee.y0, marquee.y1),
                width: Math.abs(marquee.x1 - marquee.x0),
                height: Math.abs(marquee.y1 - marquee.y0),
              }}
            />
          )}
        </div>
      </div>
    </div>
  );
}

export { setPlayhead };
