// One clip on a track. It subscribes to its own clip (from the drag preview while one runs), its selection, its
// source's display fields and its shot's job, so a drag or a progress tick re-renders the clips it moves, not the
// timeline. Pointer handling starts the gesture; the panel's pointer loop (gesture.ts) drives it.
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store';
import type { AppState } from '../../store';
import { isActive } from '../../domain/jobReducer';
import { triggersIn } from '../../domain/mentions';
import { sceneColourOf } from '../../domain/timeline/scenes';
import { selectShotJob } from '../../store/selectors';
import { ProgressBar } from '../ProgressBar';
import { clipMedia, selectDrawn } from './bind';
import { ClipMenu } from './ClipMenu';
import { edgeAt, startClipPointer } from './gesture';
import { mediaPath } from './geometry';

/** Filmstrip sprite height requested from the server (tiles are scaled to the clip's height, aspect kept). */
const FILMSTRIP_H = 64;
/** The clip's height on screen (video lane 58 px − 2 × 3 px inset − 2 × 1 px border). */
const CLIP_H = 50;
/** Sprite frame counts fetched (a zoom fetches a new sprite only when it crosses one of these). */
const FILM_COUNTS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64];

/** How many frames the filmstrip of a whole source needs at this zoom: as many tiles at the clip's height (aspect
 * kept) as fit across the source's on-screen width, rounded down to a FILM_COUNTS step (so tiles are drawn at most
 * 1.25× larger, centred and cropped top/bottom), 1..64. */
export function filmCount(sourcePx: number, aspect: number): number {
  const fit = sourcePx / Math.max(1, CLIP_H * aspect);
  let n = 1;
  for (const c of FILM_COUNTS) if (c <= fit) n = c;
  return n;
}

/** Canvas resolution for a waveform: the clip's on-screen width rounded up to a power of two (64..4096 px). */
function waveResolution(px: number): number {
  return Math.min(4096, Math.max(64, Math.pow(2, Math.ceil(Math.log2(Math.max(1, px))))));
}

/** Peaks per path, fetched once. */
const PEAKS_PER_SECOND = 50;
const peaksCache = new Map<string, Promise<number[] | null>>();
function loadPeaks(projectId: string, path: string): Promise<number[] | null> {
  const key = `${projectId}|${path}`;
  let p = peaksCache.get(key);
  if (!p) {
    p = fetch(`/projects/${projectId}/analysis/peaks?path=${encodeURIComponent(path)}&per_second=${PEAKS_PER_SECOND}`)
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { peaks?: number[] } | null) => body?.peaks ?? null)
      .catch(() => null);
    peaksCache.set(key, p);
  }
  return p;
}

/** The waveform of an audio clip: the source's peaks over [source_in, source_in + duration), drawn on a canvas of a
 * zoom-bucketed resolution that CSS stretches to the clip's width (a zoom step redraws nothing). */
function Waveform({ projectId, path, fps, sourceIn, duration, resolution }: { projectId: string; path: string; fps: number; sourceIn: number; duration: number; resolution: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [peaks, setPeaks] = useState<number[] | null>(null);
  useEffect(() => {
    let live = true;
    void loadPeaks(projectId, path).then((p) => live && setPeaks(p));
    return () => {
      live = false;
    };
  }, [projectId, path]);
  const w = resolution;
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !peaks?.length) return;
    const h = c.height;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = 'rgba(140, 230, 180, 0.85)';
    const perFrame = PEAKS_PER_SECOND / fps;
    for (let x = 0; x < w; x++) {
      const a = Math.floor((sourceIn + (x / w) * duration) * perFrame);
      const b = Math.max(a + 1, Math.floor((sourceIn + ((x + 1) / w) * duration) * perFrame));
      let peak = 0;
      for (let i = a; i < b && i < peaks.length; i++) peak = Math.max(peak, peaks[i]!);
      const bar = Math.max(1, peak * h);
      ctx.fillRect(x, (h - bar) / 2, 1, bar);
    }
    c.dataset.drawn = 'true';
  }, [peaks, w, fps, sourceIn, duration]);
  return <canvas ref={canvas} className="clip-wave" width={w} height={32} data-testid="waveform" />;
}

/** Memoize a derived value per component on the identity of its inputs (so a selector stays cheap on every store
 * update: 1,000 mounted clips run their selectors on each zoom/scroll step). */
function useMemoSelector<T>(inputs: (s: AppState) => readonly unknown[], compute: (s: AppState) => T): (s: AppState) => T {
  const memo = useRef<{ inputs: readonly unknown[]; out: T } | null>(null);
  return (s: AppState) => {
    const next = inputs(s);
    const m = memo.current;
    if (m && m.inputs.length === next.length && m.inputs.every((v, i) => v === next[i])) return m.out;
    const out = compute(s);
    memo.current = { inputs: next, out };
    return out;
  };
}

const NO_USES: string[] = [];

export const ClipBox = memo(function ClipBox({ id }: { id: string }) {
  const clip = useApp((s) => selectDrawn(s).clips[id]);
  const selected = useApp((s) => !!s.selectedClips[id]);
  const media = useApp(useShallow((s) => (clip ? clipMedia(s, clip) : null)));
  const projectId = useApp((s) => s.projectId ?? '');
  const fps = useApp((s) => s.project?.fps ?? 24);
  const shotId = clip?.shot_id ?? null;
  const status = useApp((s) => (shotId ? (s.shots[shotId]?.status ?? 'draft') : 'ready'));
  const job = useApp(
    useMemoSelector(
      (s) => [shotId, s.jobs, shotId ? s.shots[shotId]?.last_job_id : null],
      (s) => (shotId ? selectShotJob(s, shotId) : null),
    ),
  );
  const uses = useApp(
    useMemoSelector(
      (s) => [shotId, shotId ? (s.drafts[shotId]?.prompt ?? s.shots[shotId]?.prompt ?? '') : '', s.elements],
      (s) => (shotId ? triggersIn(s.drafts[shotId]?.prompt ?? s.shots[shotId]?.prompt ?? '', s.elements.map((e) => e.trigger)) : NO_USES),
    ),
  );
  const sceneColour = useApp(
    useMemoSelector(
      (s) => [shotId ? s.shots[shotId]?.scene_id : null, s.scenes],
      (s) => (shotId ? sceneColourOf(s.scenes, s.shots[shotId]?.scene_id) : null),
    ),
  );
  // What depends on the zoom re-renders only when a bucket changes: the filmstrip's frame count, the waveform's
  // canvas resolution. Position and width come from CSS (--start/--dur × --ppf).
  const kind = media?.kind;
  const filmSource = kind === 'shot' || kind === 'video' ? (media?.sourceFrames ?? (clip ? clip.source_in + clip.duration : 0)) : 0;
  const aspect = useApp((s) => {
    if (!clip) return 16 / 9;
    const a = clip.asset_id ? s.assets.find((x) => x.id === clip.asset_id) : null;
    const w = a ? a.width : s.project?.width;
    const h = a ? a.height : s.project?.height;
    return w && h ? w / h : 16 / 9;
  });
  const count = useApp((s) => (filmSource > 0 ? filmCount(filmSource * s.zoom, aspect) : 0));
  const waveRes = useApp((s) => (kind === 'audio' && clip ? waveResolution(clip.duration * s.zoom) : 0));
  // The filmstrip sprite shown last, kept underneath while a new one (another tile count) loads.
  const [films, setFilms] = useState<{ url: string | null; prev: string | null }>({ url: null, prev: null });
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  if (!clip || !media) return null;

  const running = job && isActive(job.status);
  const path = mediaPath(projectId, media.url);
  const isAudio = media.kind === 'audio';
  // The filmstrip sprite covers the whole source ([0, filmSource) frames, `count` tiles). CSS scales it to the source's
  // on-screen width (time-exact: the clip shows its [source_in, source_in + duration) part) with the height that keeps
  // each tile's aspect, centred (tiles are ≥ the clip's height: cropped top/bottom, never squeezed). While a new
  // count loads, the previous sprite stays underneath.
  let film: CSSProperties | undefined;
  if (path && count > 0) {
    const url = `url("/projects/${projectId}/analysis/filmstrip?path=${encodeURIComponent(path)}&count=${count}&height=${FILMSTRIP_H}")`;
    if (films.url !== url) setFilms({ url, prev: films.url });
    const prev = films.url === url ? films.prev : films.url;
    film = {
      backgroundImage: prev ? `${url}, ${prev}` : url,
      ['--src' as string]: filmSource,
      ['--src-in' as string]: clip.source_in,
    } as CSSProperties;
  } else if (media.kind === 'image' && media.url) {
    film = { backgroundImage: `url("${media.url}")`, backgroundSize: 'auto 100%', backgroundRepeat: 'repeat-x' };
  }

  return (
    <>
      <div
        className={`tl-clip tl-clip-${media.kind} clip-${status}${selected ? ' tl-clip-selected' : ''}`}
        style={{ '--start': clip.start_frame, '--dur': clip.duration } as CSSProperties}
        data-testid="clip"
        data-clip-id={id}
        data-shot-id={shotId ?? undefined}
        data-status={status}
        data-start={clip.start_frame}
        data-duration={clip.duration}
        aria-selected={selected}
        role="option"
        title={media.label}
        onPointerDown={(e) => startClipPointer(e, id)}
        // The trim cursor near an edge, set on the element (no render; only while the pointer is over this clip).
        onPointerMove={(e) => {
          if (e.buttons) return;
          const el = e.currentTarget;
          const edge = edgeAt(el, e.clientX);
          if (el.dataset.edge !== (edge ?? '')) el.dataset.edge = edge ?? '';
        }}
        onContextMenu={(e) => {
          e.preventDefault();
          const box = e.currentTarget.getBoundingClientRect();
          setMenu(e.clientX || e.clientY ? { x: e.clientX, y: e.clientY } : { x: box.left + 8, y: box.top + 8 });
        }}
      >
        {film && <div className={`tl-clip-film${count > 0 && path ? ' tl-clip-strip' : ''}`} style={film} data-testid="filmstrip" data-count={count || undefined} />}
        {!isAudio && media.thumbnail && media.kind !== 'image' && (
          <img className="tl-clip-thumb" src={media.thumbnail} alt="" draggable={false} loading="lazy" />
        )}
        {sceneColour && <span className="tl-clip-scene" style={{ background: sceneColour }} data-testid="clip-scene" />}
        {isAudio && path && (
          <Waveform projectId={projectId} path={path} fps={fps} sourceIn={clip.source_in} duration={clip.duration} resolution={waveRes} />
        )}
        <span className="tl-clip-label">{media.label || <em>Empty prompt</em>}</span>
        {(uses.length > 0 || (shotId && status !== 'ready' && !running)) && (
          <span className="tl-clip-foot">
            {uses.length > 0 && (
              <span className="clip-elements" data-testid="shot-elements" aria-label="Elements used">
                {uses.map((t) => (
                  <span key={t} className="element-chip">
                    {t}
                  </span>
                ))}
              </span>
            )}
            {shotId && status !== 'ready' && !running && <span className={`badge badge-${status} tl-clip-badge`}>{status}</span>}
          </span>
        )}
        {running && job && <ProgressBar job={job} compact />}
      </div>
      {menu && <ClipMenu clipId={id} x={menu.x} y={menu.y} onClose={closeMenu} />}
    </>
  );
});
