import { useApp } from '../store';
import { isImageMode } from '../store/generation';
import { selectShotJob } from '../store/selectors';
import { ProgressBar } from './ProgressBar';

export function Player() {
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
          />
        ) : (
          <div className="player-empty">
            {shotId ? (job && job.status !== 'completed' ? 'Generating…' : 'Not generated yet') : 'Select a shot'}
          </div>
        )}
      </div>
      <div className="player-status" data-testid="player-status">{job ? <ProgressBar job={job} /> : <span className="muted small">No generation yet</span>}</div>
    </div>
  );
}
