// The program monitor: plays the composed timeline. At each frame the picture is the topmost playing video track's
// clip (playback.ts); a small pool of media elements keyed by clip keeps the clip on screen, the previous one and the
// next one (preloaded, parked on its first frame) so a cut switches elements instead of loading. A rAF clock advances
// the playhead at the shuttle rate; at 1× the visible element plays natively (re-synced if it drifts), at other rates
// and while paused every frame is a seek to the middle of its source frame. Gaps are black.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from '../../store';
import { useShallow } from 'zustand/react/shallow';
import { useView, viewStore } from '../../store/viewSlice';
import type { TimelineClip } from '../../domain/timeline/model';
import {
  advance,
  audibleClipsAt,
  sourceTime,
  timecode,
  upcomingClip,
  visibleClipAt,
} from '../../domain/timeline/playback';
import { clipMedia, getPlayhead, selectTimeline, setPlayhead, usePlayhead, usePlaybackModel } from './bind';
import { timelineEnd } from '../../domain/timeline/model';

type Clip = TimelineClip & { has_audio?: boolean | null };

/** What the page can ask the player (Fix frame, tests): the element on screen and the time we last seeked it to. */
export interface ProgramHandle {
  element: HTMLVideoElement | null;
  clip: Clip | null;
  lastSeek: number | null;
}
export const program: ProgramHandle = { element: null, clip: null, lastSeek: null };

const DRIFT_FRAMES = 2;

function seek(el: HTMLMediaElement, time: number) {
  if (Math.abs(el.currentTime - time) > 1e-4) el.currentTime = time;
}

/** One pooled element for one clip; the visible one is `data-testid="player"`. */
const PoolVideo = memo(function PoolVideo({
  clip,
  visible,
  register,
}: {
  clip: Clip;
  visible: boolean;
  register: (id: string, el: HTMLVideoElement | null) => void;
}) {
  const media = useApp(useShallow((s) => clipMedia(s, clip)));
  if (!media.url) return null;
  if (media.kind === 'image') {
    return visible ? <img className="program-media" src={media.url} alt={media.label} data-testid="program-still" /> : null;
  }
  return (
    <video
      className="program-media"
      style={{ visibility: visible ? 'visible' : 'hidden' }}
      src={media.url}
      poster={visible ? (media.thumbnail ?? undefined) : undefined}
      preload="auto"
      playsInline
      muted
      data-testid={visible ? 'player' : 'player-pool'}
      data-clip-id={clip.id}
      ref={(el) => register(clip.id, el)}
    />
  );
});

const PoolAudio = memo(function PoolAudio({ clip, register }: { clip: Clip; register: (id: string, el: HTMLAudioElement | null) => void }) {
  const url = useApp((s) => clipMedia(s, clip).url);
  if (!url) return null;
  return <audio src={url} preload="auto" data-clip-id={clip.id} ref={(el) => register(clip.id, el)} />;
});

export function ComposedPlayer({ onVideo }: { onVideo?: (el: HTMLVideoElement | null, clip: Clip | null) => void }) {
  const fps = useApp((s) => s.project?.fps ?? 24);
  const aspect = useApp((s) => (s.project ? `${s.project.width} / ${s.project.height}` : '16 / 9'));
  const { tracks, index } = usePlaybackModel();
  const playhead = usePlayhead();
  const rate = useView((s) => s.rate);
  const inPoint = useView((s) => s.inPoint);
  const outPoint = useView((s) => s.outPoint);
  const end = useApp((s) => timelineEnd(selectTimeline(s)));

  const visible = useMemo(() => visibleClipAt(tracks, index, playhead), [tracks, index, playhead]);
  const next = useMemo(() => upcomingClip(tracks, index, playhead), [tracks, index, playhead]);
  const heard = useMemo(() => audibleClipsAt(tracks, index, playhead), [tracks, index, playhead]);
  // The pool: this clip, the next, and the one before (kept so a step back does not reload).
  const previous = useRef<Clip | null>(null);
  const [pool, setPool] = useState<Clip[]>([]);
  useEffect(() => {
    setPool((old) => {
      const want = [visible, next, previous.current].filter((c): c is Clip => !!c);
      const ids = new Set<string>();
      const out: Clip[] = [];
      for (const c of want) {
        if (ids.has(c.id)) continue;
        ids.add(c.id);
        out.push(c);
      }
      if (out.length === old.length && out.every((c, i) => old[i] === c)) return old;
      return out;
    });
    if (visible) previous.current = visible;
  }, [visible, next]);
  const audioClips = useMemo(() => heard.filter((c) => tracks.find((t) => t.id === c.track_id)?.kind === 'audio'), [heard, tracks]);

  const videos = useRef(new Map<string, HTMLVideoElement>());
  const audios = useRef(new Map<string, HTMLAudioElement>());
  // Bumped when a pooled element mounts or unmounts, so the effects below see the element of the clip on screen.
  const [elements, setElements] = useState(0);
  const registerVideo = useCallback((id: string, el: HTMLVideoElement | null) => {
    if (el) videos.current.set(id, el);
    else videos.current.delete(id);
    setElements((n) => n + 1);
  }, []);
  const registerAudio = useCallback((id: string, el: HTMLAudioElement | null) => {
    if (el) audios.current.set(id, el);
    else audios.current.delete(id);
  }, []);

  // Keep the element on screen (and the audio ones) on the playhead's frame; play natively at 1×.
  useEffect(() => {
    program.clip = visible;
    program.element = visible ? (videos.current.get(visible.id) ?? null) : null;
    onVideo?.(program.element, visible);
  });
  useEffect(() => {
    const native = rate === 1;
    for (const [id, el] of videos.current) {
      const clip = pool.find((c) => c.id === id);
      if (!clip) continue;
      const onScreen = clip.id === visible?.id;
      if (!onScreen) {
        if (!el.paused) el.pause();
        // Parked on its first frame, ready for the cut.
        if (clip.id === next?.id && el.readyState >= 1) seek(el, sourceTime(clip, clip.start_frame, fps));
        continue;
      }
      // A DOM element from the pool, changed in an effect (the place for it); the compiler takes the Map's values for
      // render values here.
      // eslint-disable-next-line react-hooks/immutability -- a media element, not React state
      el.muted = !(native && heard.some((h) => h.id === clip.id));
      const want = sourceTime(clip, playhead, fps);
      if (native) {
        if (Math.abs(el.currentTime - want) > DRIFT_FRAMES / fps) {
          seek(el, want);
          program.lastSeek = want;
        }
        if (el.paused) void el.play().catch(() => undefined);
      } else {
        if (!el.paused) el.pause();
        if (el.readyState >= 1 && !el.seeking) {
          seek(el, want);
          program.lastSeek = want;
        }
      }
    }
    for (const [id, el] of audios.current) {
      const clip = audioClips.find((c) => c.id === id);
      if (!clip || !native) {
        if (!el.paused) el.pause();
        if (clip && el.readyState >= 1) seek(el, sourceTime(clip, playhead, fps));
        continue;
      }
      const want = sourceTime(clip, playhead, fps);
      if (Math.abs(el.currentTime - want) > DRIFT_FRAMES / fps) seek(el, want);
      if (el.paused) void el.play().catch(() => undefined);
    }
  }, [playhead, rate, visible, next, pool, audioClips, heard, fps, elements]);

  // The clock.
  useEffect(() => {
    if (rate === 0) return;
    let raf = 0;
    let last = performance.now();
    let frame = getPlayhead();
    const looping = inPoint !== null && outPoint !== null && outPoint > inPoint;
    const lo = looping ? inPoint : 0;
    const hi = looping ? outPoint : Math.max(end, 1);
    if (rate > 0 && frame >= hi) frame = lo; // play from the start when at the end
    const tick = (now: number) => {
      const at = getPlayhead();
      if (at !== Math.floor(frame)) frame = at; // scrubbed while playing: go on from there
      const step = advance(frame, rate, now - last, fps, lo, hi);
      last = now;
      frame = step.frame;
      if (step.stop) {
        if (looping && rate > 0) frame = lo;
        else {
          setPlayhead(Math.min(Math.floor(frame), Math.max(0, hi - 1)));
          viewStore.getState().setRate(0);
          return;
        }
      }
      const whole = Math.floor(frame);
      if (whole !== getPlayhead()) setPlayhead(whole);
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [rate, fps, inPoint, outPoint, end]);

  // Pause the elements when the project closes.
  useEffect(() => () => viewStore.getState().setRate(0), []);

  const mediaUrl = useApp((s) => (visible ? clipMedia(s, visible).url : null));
  return (
    <div className="program" data-testid="program">
      <div className="player-frame program-frame" style={{ aspectRatio: aspect }} data-clip-id={visible?.id ?? ''} data-testid="program-frame">
        {pool.map((clip) => (
          <PoolVideo key={clip.id} clip={clip} visible={clip.id === visible?.id} register={registerVideo} />
        ))}
        {audioClips.map((clip) => (
          <PoolAudio key={clip.id} clip={clip} register={registerAudio} />
        ))}
        {!visible && <div className="player-empty program-black">{end === 0 ? 'The timeline is empty' : ''}</div>}
        {visible && !mediaUrl && <div className="player-empty">Not generated yet</div>}
      </div>
      <Transport fps={fps} end={end} />
    </div>
  );
}

function Transport({ fps, end }: { fps: number; end: number }) {
  const playhead = usePlayhead();
  const rate = useView((s) => s.rate);
  const inPoint = useView((s) => s.inPoint);
  const outPoint = useView((s) => s.outPoint);
  return (
    <div className="transport" data-testid="transport">
      <button className="button button-small" onClick={() => setPlayhead(inPoint ?? 0)} title="Go to start / in point (Home)">
        ⇤
      </button>
      <button className="button button-small" onClick={() => setPlayhead(getPlayhead() - 1)} title="Previous frame (←)">
        ◀
      </button>
      <button
        className="button button-small transport-play"
        onClick={() => viewStore.getState().press('space')}
        aria-pressed={rate !== 0}
        title="Play / pause (Space)"
        data-testid="play"
      >
        {rate === 0 ? '▶' : '❚❚'}
      </button>
      <button className="button button-small" onClick={() => setPlayhead(getPlayhead() + 1)} title="Next frame (→)">
        ▶
      </button>
      <button className="button button-small" onClick={() => setPlayhead(Math.max(0, end - 1))} title="Go to end (End)">
        ⇥
      </button>
      <span className="timecode" data-testid="timecode" data-frame={playhead}>
        {timecode(playhead, fps)}
      </span>
      {rate !== 0 && rate !== 1 && <span className="badge">{rate > 0 ? `${rate}×` : `◀ ${-rate}×`}</span>}
      <span className="muted small">
        {inPoint !== null && `in ${timecode(inPoint, fps)}`} {outPoint !== null && `out ${timecode(outPoint, fps)}`}
      </span>
      <span className="spacer" />
      <span className="muted small">/ {timecode(end, fps)}</span>
    </div>
  );
}
