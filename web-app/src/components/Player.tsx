import { useState } from 'react';
import { appStore, useApp } from '../store';
import { isImageMode } from '../store/generation';
import { frameAtTime } from '../store/mask';
import { selectShotJob } from '../store/selectors';
import { ProgressBar } from './ProgressBar';

/** "Fix frame": grab the paused frame of the shot's clip and open the mask editor on it. */
function FixFrameButton({ shotId, video, paused }: { shotId: string; video: HTMLVideoElement | null; paused: boolean }) {
  const fps = useApp((s) => s.shots[shotId]?.fps ?? 24);
  const numFrames = useApp((s) => s.shots[shotId]?.num_frames ?? 1);
  const grabbing = useApp((s) => s.fixFrame?.status === 'grabbing');
  const open = () => {
    if (!video) return;
    const total = Number.isFinite(video.duration) && video.duration > 0 ? Math.round(video.duration * fps) : numFrames;
    void appStore.getState().openFixFrame(shotId, frameAtTime(video.currentTime, fps, total));
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

export function Player() {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [paused, setPaused] = useState(true);
  const shotId = useApp((s) => s.selectedShotId);
  const videoUrl = useApp((s) => (s.selectedShotId ? (s.shots[s.selectedShotId]?.video_url ?? null) : null));
  const poster = useApp((s) => (s.selectedShotId ? (s.shots[s.selectedShotId]?.thumbnail_url ?? undefined) : undefined));
  const aspect = useApp((s) => {
    const shot = s.selectedShotId ? s.shots[s.selectedShotId] : undefined;
    return shot ? `${shot.width} / ${shot.height}` : s.project ? `${s.project.width} / ${s.project.height}` : '16 / 9';
  });
  const job = useApp((s) => (s.selectedShotId ? selectShotJob(s, s.selectedShotId) : null));
  // A still-image mode shows the shot's latest still; the video modes its clip.
  const imageUrl = useApp((s) => {
    const id = s.selectedShotId;
    const mode = id ? s.drafts[id]?.generation.mode : undefined;
    return id && mode && isImageMode(mode) ? (s.shots[id]?.image_url ?? null) : null;
  });

  return (
    <div className="player">
      <div className="player-frame" style={{ aspectRatio: aspect }}>
        {imageUrl ? (
          <img className="player-video" src={imageUrl} alt="The shot's generated still" data-testid="player-image" />
        ) : videoUrl ? (
          <video
            key={videoUrl}
            className="player-video"
            src={videoUrl}
            poster={poster}
            controls
            playsInline
            loop
            preload="auto"
            data-testid="player"
            ref={setVideo}
            onPlay={() => setPaused(false)}
            onPause={() => setPaused(true)}
            onLoadedData={(e) => setPaused(e.currentTarget.paused)}
          />
        ) : (
          <div className="player-empty">
            {shotId ? (job && job.status !== 'completed' ? 'Generating…' : 'Not generated yet') : 'Select a shot'}
          </div>
        )}
      </div>
      {shotId && videoUrl && !imageUrl && (
        <div className="player-tools">
          <FixFrameButton key={videoUrl} shotId={shotId} video={video} paused={paused} />
        </div>
      )}
      <div className="player-status" data-testid="player-status">{job ? <ProgressBar job={job} /> : <span className="muted small">No generation yet</span>}</div>
    </div>
  );
}
