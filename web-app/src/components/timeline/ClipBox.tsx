// One clip on a track. It subscribes to its own clip (from the drag preview while one runs), its selection, its
// source's display fields and its shot's job, so a drag or a progress tick re-renders the clips it moves, not the
// timeline. Pointer handling starts the gesture; the panel's pointer loop (gesture.ts) drives it.
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store';
import { isActive } from '../../store/jobReducer';
import { triggersIn } from '../../store/mentions';
import { selectShotJob } from '../../store/selectors';
import { ProgressBar } from '../ProgressBar';
import { clipMedia, selectDrawn } from './bind';
import { ClipMenu } from './ClipMenu';
import { startClipPointer } from './gesture';
import { mediaPath } from './geometry';

const FILMSTRIP_H = 48;

/** Peaks per path, fetched once. */
const peaksCache = new Map<string, Promise<number[] | null>>();
function loadPeaks(projectId: string, path: string): Promise<number[] | null> {
  const key = `${projectId}|${path}`;
  let p = peaksCache.get(key);
  if (!p) {
    p = fetch(`/projects/${projectId}/analysis/peaks?path=${encodeURIComponent(path)}&per_second=50`)
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { peaks?: number[] } | null) => body?.peaks ?? null)
      .catch(() => null);
    peaksCache.set(key, p);
  }
  return p;
}

/** The waveform of an audio clip: the source's peaks over [source_in, source_in + duration), on a canvas. */
function Waveform({ projectId, path, fps, sourceIn, duration, width }: { projectId: string; path: string; fps: number; sourceIn: number; duration: number; width: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [peaks, setPeaks] = useState<number[] | null>(null);
  useEffect(() => {
    let live = true;
    void loadPeaks(projectId, path).then((p) => live && setPeaks(p));
    return () => {
      live = false;
    };
  }, [projectId, path]);
  const w = Math.max(1, Math.min(4096, Math.round(width)));
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !peaks?.length) return;
    const h = c.height;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = 'rgba(140, 230, 180, 0.85)';
    const perFrame = 50 / fps;
    for (let x = 0; x < w; x++) {
      const a = Math.floor((sourceIn + (x / w) * duration) * perFrame);
      const b = Math.max(a + 1, Math.floor((sourceIn + ((x + 1) / w) * duration) * perFrame));
      let peak = 0;
      for (let i = a; i < b && i < peaks.length; i++) peak = Math.max(peak, peaks[i]!);
      const bar = Math.max(1, peak * h);
      ctx.fillRect(x, (h - bar) / 2, 1, bar);
    }
  }, [peaks, w, fps, sourceIn, duration]);
  return <canvas ref={canvas} className="clip-wave" width={w} height={32} data-testid="waveform" />;
}

export const ClipBox = memo(function ClipBox({ id }: { id: string }) {
  const clip = useApp((s) => selectDrawn(s).clips[id]);
  const zoom = useApp((s) => s.zoom);
  const selected = useApp((s) => !!s.selectedClips[id]);
  const media = useApp(useShallow((s) => (clip ? clipMedia(s, clip) : null)));
  const projectId = useApp((s) => s.projectId ?? '');
  const fps = useApp((s) => s.project?.fps ?? 24);
  const shotId = clip?.shot_id ?? null;
  const status = useApp((s) => (shotId ? (s.shots[shotId]?.status ?? 'draft') : 'ready'));
  const job = useApp((s) => (shotId ? selectShotJob(s, shotId) : null));
  const uses = useApp(
    useShallow((s) =>
      shotId ? triggersIn(s.drafts[shotId]?.prompt ?? s.shots[shotId]?.prompt ?? '', s.elements.map((e) => e.trigger)) : [],
    ),
  );
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  if (!clip || !media) return null;

  const left = clip.start_frame * zoom;
  const width = Math.max(2, clip.duration * zoom);
  const running = job && isActive(job.status);
  const path = mediaPath(projectId, media.url);
  const isAudio = media.kind === 'audio';
  // The filmstrip sprite covers the whole source; the clip shows its [source_in, source_in + duration) part.
  const sourceLen = media.sourceFrames ?? clip.source_in + clip.duration;
  const count = Math.max(1, Math.min(24, Math.ceil(sourceLen / fps)));
  const film =
    !isAudio && path && media.kind !== 'image' && width > 40
      ? {
          backgroundImage: `url("/projects/${projectId}/analysis/filmstrip?path=${encodeURIComponent(path)}&count=${count}&height=${FILMSTRIP_H}")`,
          backgroundSize: `${sourceLen * zoom}px 100%`,
          backgroundPositionX: `${-clip.source_in * zoom}px`,
        }
      : media.kind === 'image' && media.url
        ? { backgroundImage: `url("${media.url}")`, backgroundSize: 'auto 100%' }
        : undefined;

  return (
    <>
      <div
        className={`tl-clip tl-clip-${media.kind} clip-${status}${selected ? ' tl-clip-selected' : ''}`}
        style={{ transform: `translate3d(${left}px,0,0)`, width }}
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
        onContextMenu={(e) => {
          e.preventDefault();
          const box = e.currentTarget.getBoundingClientRect();
          setMenu(e.clientX || e.clientY ? { x: e.clientX, y: e.clientY } : { x: box.left + 8, y: box.top + 8 });
        }}
      >
        <div className="tl-clip-film" style={film} />
        {!isAudio && media.thumbnail && width > 16 && (
          <img className="tl-clip-thumb" src={media.thumbnail} alt="" draggable={false} loading="lazy" />
        )}
        {isAudio && path && width > 8 && (
          <Waveform projectId={projectId} path={path} fps={fps} sourceIn={clip.source_in} duration={clip.duration} width={width} />
        )}
        <span className="tl-clip-label">{media.label || <em>Empty prompt</em>}</span>
        {uses.length > 0 && (
          <span className="clip-elements" data-testid="shot-elements" aria-label="Elements used">
            {uses.map((t) => (
              <span key={t} className="element-chip">
                {t}
              </span>
            ))}
          </span>
        )}
        {shotId && status !== 'ready' && !running && width > 70 && <span className={`badge badge-${status} tl-clip-badge`}>{status}</span>}
        {running && job && <ProgressBar job={job} compact />}
        <span className="tl-trim tl-trim-in" data-edge="in" aria-hidden />
        <span className="tl-trim tl-trim-out" data-edge="out" aria-hidden />
      </div>
      {menu && <ClipMenu clipId={id} x={menu.x} y={menu.y} onClose={closeMenu} />}
    </>
  );
});
