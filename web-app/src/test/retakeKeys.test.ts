import { describe, expect, it } from 'vitest';
import { appStore } from '../store';
import { viewStore } from '../store/viewSlice';
import { markInOut } from '../components/RetakeBar';
import { program } from '../components/timeline/ComposedPlayer';
import type { TimelineClip } from '../domain/timeline/model';
import { makeShot } from './fakeApi';

// I / O (and the In / Out buttons) on the page's store: the player's in/out points and the retake marks of the shot
// clip on screen, in frames of its take (a clip trimmed to start at source frame 4, placed at timeline frame 100).
describe('I / O mark the shot on screen', () => {
  it('sets the player in/out and the take marks (source frames, clamped); Alt+X clears both', () => {
    const shot = makeShot('p', 0, { video_url: '/projects/p/generated/a.mp4', clip_frames: 17 });
    appStore.setState({ projectId: 'p', shots: { [shot.id]: shot } });
    program.clip = { id: 'c', track_id: 't', shot_id: shot.id, asset_id: null, start_frame: 100, source_in: 4, duration: 13 } as TimelineClip;

    appStore.getState().setPlayhead(102);
    markInOut('in');
    appStore.getState().setPlayhead(130); // past the take's end (as the server would clamp): the last frame
    markInOut('out');
    expect(viewStore.getState()).toMatchObject({ inPoint: 102, outPoint: 131 });
    expect(appStore.getState().retakeMarks[shot.id]).toEqual({ in: 6, out: 16 });

    markInOut(null);
    expect(viewStore.getState()).toMatchObject({ inPoint: null, outPoint: null });
    expect(appStore.getState().retakeMarks[shot.id]).toBeUndefined();

    // A clip that is not a shot: only the player's points.
    program.clip = { ...program.clip, shot_id: null, asset_id: 'x' } as TimelineClip;
    markInOut('in');
    expect(viewStore.getState().inPoint).toBe(130);
    expect(appStore.getState().retakeMarks).toEqual({});
    program.clip = null;
  });
});
