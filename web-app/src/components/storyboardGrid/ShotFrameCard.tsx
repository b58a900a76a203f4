// One shot of the storyboard grid: its frame, candidates, prompt, duration and status, and its frame actions.
import { useState } from 'react';
import type { BoardShot } from '../../domain/frameBoard';
import { frameBusy } from '../../domain/frameBoard';
import { useApp } from '../../store';
import { FilePickerButton } from '../FilePickerButton';

function frameJobLabel(entry: BoardShot): string | null {
  const job = entry.frameJob;
  if (!job) return null;
  if (job.status === 'pending') return 'frames queued';
  if (job.status === 'running') return `frames ${Math.round(job.progress * 100)}%`;
  if (job.status === 'failed') return `frames failed: ${job.error ?? 'unknown error'}`;
  if (job.status === 'cancelled') return 'frames cancelled';
  return null;
}

export function ShotFrameCard({ entry, testModels }: { entry: BoardShot; testModels: boolean }) {
  const { shot, frame, candidates, number, seconds } = entry;
  const generate = useApp((s) => s.generateFrames);
  const pick = useApp((s) => s.pickFrame);
  const upload = useApp((s) => s.uploadFrame);
  const setPin = useApp((s) => s.setPinElementRefs);
  const busy = frameBusy(entry);
  const jobLabel = frameJobLabel(entry);
  // The box shows the asked-for state while the PATCH is in flight; a refused one falls back to the saved row.
  const [pinAsked, setPinAsked] = useState<boolean | null>(null);
  const pinned = pinAsked ?? shot.pin_element_refs ?? false;

  return (
    <article className="frame-card" data-testid="frame-card" data-shot-id={shot.id}>
      <div className="frame-card-head">
        <strong>Shot {number}</strong>
        <span className="muted small" title={`${shot.num_frames} frames at ${shot.fps} fps`}>
          {seconds.toFixed(1)} s
        </span>
        <span className={`badge badge-${shot.status}`} data-testid="frame-card-status">
          {shot.status}
        </span>
      </div>
      <div className="frame-picture">
        {frame ? (
          <img src={frame.url} alt={`Frame of shot ${number}`} data-testid="frame-chosen" />
        ) : (
          <span className="muted small">{candidates.length ? 'pick a frame below' : 'no frame yet'}</span>
        )}
      </div>
      {frame && testModels && <p className="test-note">test model — frame is noise</p>}
      <p className="frame-prompt" title={shot.prompt}>
        {shot.prompt || <span className="muted">no prompt</span>}
      </p>
      {jobLabel && (
        <span className="small muted" data-testid="frame-job">
          {jobLabel}
        </span>
      )}
      {candidates.length > 0 && (
        <div className="frame-candidates" role="group" aria-label={`Frame candidates of shot ${number}`}>
          {candidates.map((asset, i) => {
            const chosen = asset.id === shot.frame_asset_id;
            return (
              <button
                key={asset.id}
                type="button"
                className="frame-candidate"
                aria-pressed={chosen}
                title={chosen ? 'The chosen frame (click to clear)' : `Use candidate ${i + 1} as the shot's frame`}
                onClick={() => void pick(shot.id, chosen ? null : asset.id)}
                data-testid="frame-candidate"
              >
                <img src={asset.url} alt={`Candidate ${i + 1}`} />
              </button>
            );
          })}
        </div>
      )}
      <div className="frame-actions">
        <button
          type="button"
          className="button button-small"
          disabled={busy || !shot.prompt.trim()}
          onClick={() => void generate({ shot_ids: [shot.id] })}
          data-testid="frames-shot"
        >
          {busy ? 'Generating…' : candidates.length ? 'Regenerate' : 'Generate frame'}
        </button>
        <FilePickerButton
          label="Upload frame"
          busy={false}
          accept="image/*"
          title="Use an image of your own as this shot's frame"
          className="button button-small"
          testId="frame-upload"
          onFile={(file) => void upload(shot.id, file)}
        />
        <label className="frame-pin" title="The old way: the first reference image of the shot's elements pinned at frame 0 of its video, instead of starting from the frame">
          <input
            type="checkbox"
            checked={pinned}
            onChange={(e) => {
              setPinAsked(e.target.checked);
              void setPin(shot.id, e.target.checked).finally(() => setPinAsked(null));
            }}
            data-testid="frame-pin"
          />
          Pin element references at frame 0
        </label>
      </div>
    </article>
  );
}
