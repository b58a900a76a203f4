// How an edit reaches the store: the context the pure ops need (source lengths) and committing an op's result as one
// history entry (the store subscription in index.ts then schedules the sync), or recording why it was refused.
import type { OpContext, OpResult } from '../../domain/timeline/ops';
import { sourceFramesOf } from '../../domain/timeline/sources';
import type { GetState, SetState } from './session';

export interface Committer {
  /** What the ops in src/domain/timeline/ops.ts need to know about sources, as the store knows them now. */
  context(): OpContext;
  /** Set the op's timeline (one history entry; nothing when unchanged), or its error as `timelineError`. */
  commit(result: OpResult): boolean;
  /** `ids`, or the selected clips when not given. */
  selection(ids?: readonly string[]): readonly string[];
}

export function createCommitter(set: SetState, get: GetState): Committer {
  return {
    context() {
      const s = get();
      const lookup = { clipSources: s.clipSources, shots: s.shots, assets: s.assets, fps: s.project?.fps ?? 24 };
      return { sourceFrames: (clip) => sourceFramesOf(lookup, clip) };
    },

    commit(result) {
      if (result.error) {
        set({ timelineError: result.error });
        return false;
      }
      if (get().timelineError) set({ timelineError: null });
      if (result.timeline === get().timeline) return true;
      set({ timeline: result.timeline });
      return true;
    },

    selection: (ids) => ids ?? Object.keys(get().selectedClips),
  };
}
