// The player's take bar for the shot on screen: its current take as a scrub bar (frames of the take) with the in/out
// marks, the playhead and the part of the take the timeline clip shows; In / Out (keys I / O) set the marks, Retake
// this range (Video / Sound / Both) regenerates them into a new take, and ‹ › switch between the shot's takes.
import { appStore, useApp } from '../store';
import { isActive } from '../domain/jobReducer';
import { markedRange, NO_MARKS, RETAKE_PARTS, retakeProblem, takeFrames } from '../domain/retake';
import { takePosition } from '../domain/takes';
import type { TimelineClip } from '../domain/timeline/model';
import { sourceFrame } from '../domain/timeline/playback';
import { selectShotJob } from '../store/selectors';
import { getPlayhead, setPlayhead, usePlayhead } from './timeline/bind';
import { program } from './timeline/ComposedPlayer';
import { viewStore } from '../store/viewSlice';
import { MadeWith } from './MadeWith';

/**
 * I / O (keys and buttons) and Alt+X: the player's in / out point at the playhead (play loops between them), and the
 * same mark on the shot clip on screen, in frames of its take (what a retake regenerates); null clears both.
 */
export function markInOut(which: 'in' | 'out' | null): void {
  const view = viewStore.getState();
  const at = getPlayhead();
  if (which === null) {
    view.setIn(null);
    view.setOut(null);
  } else if (which === 'in') view.setIn(at);
  else view.setOut(at + 1); // the player's out point is exclusive; the take's mark is the frame itself
  const clip = program.clip;
  if (!clip?.shot_id) return;
  const s = appStore.getState();
  if (which === null) s.clearRetakeMarks(clip.shot_id);
  else s.markRetake(clip.shot_id, which, sourceFrame(clip, at));
}

const pct = (frame: number, frames: number) => `${(frame / frames) * 100}%`;

/** The take as a bar: click or drag to move the playhead to a frame of it (within what the timeline clip shows). */
function TakeScrub({ clip, frames, shotId }: { clip: TimelineClip; frames: number; shotId: string }) {
  const playhead = usePlayhead();
  const marks = useApp((s) => s.retakeMarks[shotId] ?? NO_MARKS);
  const range = markedRange(marks, frames);
  const at = sourceFrame(clip, playhead);
  const shownFrom = Math.max(0, clip.source_in);
  const shownTo = Math.min(frames, clip.source_in + clip.duration);
  const seek = (e: React.PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const frame = Math.floor(((e.clientX - box.left) / Math.max(1, box.width)) * frames);
    const inside = Math.min(shownTo - 1, Math.max(shownFrom, frame));
    setPlayhead(clip.start_frame + (inside - clip.source_in));
  };
  return (
    <div
      className="take-scrub"
      tabIndex={0}
      role="slider"
      aria-label="Frame of the take"
      aria-valuemin={0}
      aria-valuemax={frames - 1}
      aria-valuenow={Math.min(frames - 1, Math.max(0, at))}
      data-testid="take-scrub"
      data-frames={frames}
      data-in={marks.in ?? ''}
      data-out={marks.out ?? ''}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        seek(e);
      }}
      onPointerMove={(e) => {
        if (e.buttons & 1) seek(e);
      }}
    >
      {(shownFrom > 0 || shownTo < frames) && (
        <div className="take-scrub-used" style={{ left: pct(shownFrom, frames), width: pct(shownTo - shownFrom, frames) }} title="The part the timeline clip shows" />
      )}
      {range && (
        <div
          className="take-scrub-range"
          style={{ left: pct(range.start, frames), width: pct(range.end - range.start + 1, frames) }}
          data-testid="take-range"
        />
      )}
      {marks.in !== null && <div className="take-scrub-mark take-scrub-in" style={{ left: pct(marks.in, frames) }} />}
      {marks.out !== null && <div className="take-scrub-mark take-scrub-out" style={{ left: pct(marks.out + 1, frames) }} />}
      {at >= 0 && at < frames && <div className="take-scrub-head" style={{ left: pct(at + 0.5, frames) }} />}
    </div>
  );
}

/** ‹ Take 2 / 3 ›: switch the shot's clip to another of its takes (one undo step, like a retake). */
function TakeSwitcher({ shotId, busy }: { shotId: string; busy: boolean }) {
  const shot = useApp((s) => s.shots[shotId]);
  const historyBusy = useApp((s) => s.historyBusy);
  if (!shot) return null;
  const { index, count, takes } = takePosition(shot);
  if (count < 1) return null;
  const go = (delta: number) => {
    const next = takes[index + delta];
    if (next) void appStore.getState().switchTake(shotId, next.job_id);
  };
  const off = busy || historyBusy;
  return (
    <span className="take-switch" data-testid="take-switch">
      <button className="button button-small" onClick={() => go(-1)} disabled={off || index <= 0} title="Previous take" aria-label="Previous take">
        ‹
      </button>
      <span className="muted small" data-testid="take-label">
        Take {index + 1}/{count}
      </span>
      <button className="button button-small" onClick={() => go(1)} disabled={off || index < 0 || index >= count - 1} title="Next take" aria-label="Next take">
        ›
      </button>
    </span>
  );
}

export function RetakeBar({ clip, children }: { clip: TimelineClip; children?: React.ReactNode }) {
  const shotId = clip.shot_id!;
  const shot = useApp((s) => s.shots[shotId]);
  const marks = useApp((s) => s.retakeMarks[shotId] ?? NO_MARKS);
  const part = useApp((s) => s.retakeParts[shotId] ?? 'both');
  const error = useApp((s) => s.retakeErrors[shotId] ?? null);
  const starting = useApp((s) => !!s.retakeStarting[shotId]);
  const busy = useApp((s) => {
    const job = selectShotJob(s, shotId);
    return !!job && isActive(job.status);
  });
  if (!shot) return null;
  const frames = takeFrames(shot);
  const range = markedRange(marks, frames);
  const problem = retakeProblem(shot, marks, busy);
  const store = appStore.getState();
  const noTake = frames === 0;
  if (noTake) {
    return (
      <div className="retake-row" data-testid="retake">
        <span className="muted small" data-testid="retake-why">
          Retake: {problem}
        </span>
        <span className="spacer" />
        <button className="button button-small button-primary" disabled data-testid="retake-submit">
          Retake this range
        </button>
        {children}
      </div>
    );
  }
  return (
    <div className="retake" data-testid="retake">
      <div className="retake-row">
        <TakeSwitcher shotId={shotId} busy={busy} />
        <TakeScrub clip={clip} frames={frames} shotId={shotId} />
      </div>
      <MadeWith shotId={shotId} />
      <div className="retake-row">
        <span className="button-group">
          <button className="button button-small" onClick={() => markInOut('in')} title="Mark in: the first frame to retake (I)" data-testid="mark-in">
            In
          </button>
          <button className="button button-small" onClick={() => markInOut('out')} title="Mark out: the last frame to retake (O)" data-testid="mark-out">
            Out
          </button>
          <button
            className="button button-small"
            onClick={() => markInOut(null)}
            disabled={marks.in === null && marks.out === null}
            title="Clear the marks (Alt+X)"
          >
            Clear
          </button>
        </span>
        <span className="muted small retake-range" data-testid="retake-range">
          {range ? `frames ${range.start}–${range.end} of ${frames}` : `${frames} frames`}
        </span>
        <span className="spacer" />
        <div className="segmented retake-parts" role="radiogroup" aria-label="Retake what">
          {RETAKE_PARTS.map((p) => (
            <button
              key={p.part}
              type="button"
              role="radio"
              aria-checked={part === p.part}
              className={`segment${part === p.part ? ' segment-on' : ''}`}
              title={p.title}
              onClick={() => store.setRetakePart(shotId, p.part)}
            >
              {p.label}
            </button>
          ))}
        </div>
        <button
          className="button button-small button-primary"
          onClick={() => void store.retakeShot(shotId)}
          disabled={!!problem || starting}
          title={problem ?? 'Regenerate the marked frames into a new take (Undo brings the previous take back)'}
          data-testid="retake-submit"
        >
          {starting ? 'Starting…' : 'Retake this range'}
        </button>
        {children}
      </div>
      {problem && !busy && (marks.in !== null || marks.out !== null) && (
        <p className="muted small retake-why" data-testid="retake-why">
          {problem}
        </p>
      )}
      {error && (
        <div className="server-error" role="alert" data-testid="retake-error">
          <span className="server-error-tag">Server</span>
          <span className="server-error-text">{error}</span>
          <button className="icon-button" aria-label="Dismiss" onClick={() => store.clearRetakeError(shotId)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
