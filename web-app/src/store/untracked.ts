// Changes that come from the server (loads, SSE rows, sync answers) are not user edits: zundo must not record them.
// Every slice that applies such a change uses this; it lives apart from the slices so none of them imports another.
import type { StoreDeps } from './types';

/** Run a state change that is server sync, not a user edit: undo history must not record it. */
export function untracked(deps: StoreDeps, change: () => void): void {
  const history = deps.history().getState();
  const wasTracking = history.isTracking;
  if (wasTracking) history.pause();
  try {
    change();
  } finally {
    if (wasTracking) history.resume();
  }
}
