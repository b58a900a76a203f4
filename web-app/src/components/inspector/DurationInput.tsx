// The shot's length, typed in seconds: the frames (8k+1, as the model needs) are worked out and shown beside it.
import { appStore } from '../../store';
import { durationLabel, framesForSeconds, secondsOf } from '../../domain/duration';
import { CommitNumber, useDraftValue, useServerDiffers } from './fields';

export function DurationInput({ shotId, fps, error, note }: { shotId: string; fps: number; error?: string | undefined; note?: string | undefined }) {
  const frames = useDraftValue(shotId, 'num_frames') ?? 0;
  const modified = useServerDiffers(shotId, 'num_frames');
  return (
    <CommitNumber
      label="Length (s)"
      name="num_frames"
      value={Number(secondsOf(frames, fps))}
      integer={false}
      step={Number((8 / fps).toFixed(3))}
      min={0}
      error={error}
      hint={note ?? durationLabel(frames, fps)}
      modified={modified}
      onCommit={(seconds) => appStore.getState().editShot(shotId, { num_frames: framesForSeconds(seconds, fps) })}
    />
  );
}
