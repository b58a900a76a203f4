import { useEffect, useState } from 'react';
import { appStore, useApp } from '../store';
import { isImageMode } from '../domain/generation';
import { frameAtTime } from '../domain/mask';
import { selectShotJob } from '../store/selectors';
import type { TimelineClip } from '../domain/timeline/model';
import { sourceFrame } from '../domain/timeline/playback';
import { MadeWith } from './MadeWith';
import { ProgressBar } from './ProgressBar';
import { RetakeBar } from './RetakeBar';
import { getPlayhead } from './timeline/bind';
import { ComposedPlayer, program } from './timeline/ComposedPlayer';

/**
 * "Fix frame": the paused frame of the shot on screen — the clip under the playhead, mapped to its source frame —
 * opens the mask editor on it. A time set on the element by hand (not by our seek) is read as the frame nearest to it.
 */
function FixFrameButton({ clip, video, paused }: { clip: TimelineClip; video: HTMLVideoElement | null; paused: boolean }) {
  const shotId = clip.shot_id!;
  const fps = useApp((s) => s.shots[shotId]?.fps ?? s.project?.fps ?? 24);
  const numFrames = useApp((s) => s.shots[shotId]?.num_frames ?? 1);
  const grabbing = useApp((s) => s.fixFrame?.status === 'grabbing');
  const open = () => {
    if (!video) return;
    const total = Number.isFinite(video.duration) && video.duration > 0 ? Math.round(video.duration * fps) : numFrames;
    const ours = program.lastSeek !== null && Math.abs(video.currentTime - program.lastSeek) < 1e-3;
    const frame = ours ? Math.min(total - 1, sourceFrame(clip, getPlayhead())) : frameAtTime(video.currentTime, fps, total);
    appStore.getState().selectShot(shotId);
    void appStore.getState().openFixFrame(shotId, frame);
  };
  return (
    <button
      className="button button-small"
      onClick={open}
      disabled={!paused || !video || grabbing}
      title={paused ? 'Mask this frame and in-paint it (SAM 3 + Flux 2)' : 'Pause on the frame to fix first'}
      data-testid="fix-frame-open"
    >
      Fix frame
    </button>
  );
}

/**
 * The viewer: the composed timeline (program), the selected shot's still in the image modes, the take bar of the shot
 * on screen (marks, Retake this range, takes), Fix frame, progress.
 */
export function Player() {
  const [video, setVideo] = useState<{ el: HTMLVideoElement | null; clip: TimelineClip | null }>({ el: null, clip: null });
  const [paused, setPaused] = useState(true);
  const shotId = useApp((s) => s.selectedShotId);
  const job = useApp((s) => (s.selectedShotId ? selectShotJob(s, s.selectedShotId) : null));
  // A still-image mode shows the shot's latest still over the program.
  const imageUrl = useApp((s) => {
    const id = s.selectedShotId;
    const mode = id ? s.drafts[id]?.generation.mode : undefined;
    return id && mode && isImageMode(mode) ? (s.shots[id]?.image_url ?? null) : null;
  });
  const clip = video.clip;
  const el = video.el;
  useEffect(() => {
    if (!el) return;
    const play = () => setPaused(false);
    const pause = () => setPaused(true);
    el.addEventListener('play', play);
    el.addEventListener('pause', pause);
    return () => {
      el.removeEventListener('play', play);
      el.removeEventListener('pause', pause);
    };
  }, [el]);
  const hasVideo = useApp((s) => !!(clip?.shot_id && s.shots[clip.shot_id]?.video_url));

  return (
    <div className="player">
      {imageUrl ? (
        <div className="player-frame">
          <img className="player-video" src={imageUrl} alt="The shot's generated still" data-testid="player-image" />
        </div>
      ) : (
        <ComposedPlayer
          onVideo={(el, c) => {
            if (el !== video.el || c !== video.clip) {
              setVideo({ el, clip: c });
              setPaused(el ? el.paused : true);
            }
          }}
        />
      )}
      {imageUrl && shotId && <MadeWith shotId={shotId} />}
      {clip?.shot_id && !imageUrl && (
        <RetakeBar clip={clip}>
          {hasVideo && <FixFrameButton key={clip.id} clip={clip} video={video.el} paused={paused} />}
        </RetakeBar>
      )}
      <div className="player-status" data-testid="player-status">
        {job ? <ProgressBar job={job} /> : <span className="muted small">{shotId ? 'No generation yet' : 'Select a shot'}</span>}
      </div>
    </div>
  );
}
