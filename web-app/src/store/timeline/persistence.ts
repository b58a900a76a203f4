// What this browser keeps per project (src/domain/timeline/storage.ts): the unsent edits (the outbox, folded onto the server
// as it is on reload) and the undo history (written shortly after it changes, and on pagehide): the timeline's, and
// the server steps beside it (an extension, a retake, a take switch), so Undo after a reload reaches those too.
import type { SyncStep } from '../../domain/timeline/diff';
import { rebase } from '../../domain/timeline/diff';
import { packedDepth, packHistory, unpackHistory } from '../../domain/timeline/history';
import type { StoredHistory } from '../../domain/timeline/history';
import type { Timeline } from '../../domain/timeline/model';
import { historyKey, outboxKey, readJson, removeKey, serverStepsKey, writeJson } from '../../domain/timeline/storage';
import { hasOverlap, packOutbox, unpackOutbox } from '../../domain/timeline/sync';
import type { StoredOutbox } from '../../domain/timeline/sync';
import { untracked } from '../untracked';
import type { ServerStep } from '../extendSlice.types';
import type { TimelineSlice } from '../timelineSlice.types';
import type { AppState, StoreDeps } from '../types';
import type { GetState, Outbox, SetState } from './session';

/** Keep the outbox (`steps` planned from `state`) across a reload, or forget it when nothing waits. */
export function saveOutbox(deps: StoreDeps, state: AppState, steps: readonly SyncStep[]): void {
  const { projectId } = state;
  if (!projectId) return;
  if (!steps.length) removeKey(deps.storage, outboxKey(projectId));
  else {
    const stored: StoredOutbox = packOutbox(state.timeline, state.serverTimeline, state.timelineVersions);
    writeJson(deps.storage, outboxKey(projectId), stored);
  }
}

/** What is kept of the server steps: zundo-free, depths counted in the packed timeline history. */
interface StoredSteps {
  v: 1;
  past: ServerStep[];
  future: ServerStep[];
}

type PersistenceActions = Pick<TimelineSlice, 'restoreTimelineSession' | 'saveTimelineHistory' | 'scheduleHistorySave'>;

export function persistenceActions(deps: StoreDeps, set: SetState, get: GetState, outbox: Outbox): PersistenceActions {
  let historyTimer: ReturnType<typeof setTimeout> | null = null;

  function saveHistoryNow(): void {
    const { projectId, timeline } = get();
    if (!projectId || get().projectStatus !== 'ready' || !outbox.restored()) return;
    const { pastStates, futureStates } = deps.history().getState();
    const past = pastStates.map((s) => s.timeline).filter((t): t is Timeline => !!t);
    const future = futureStates.map((s) => s.timeline).filter((t): t is Timeline => !!t);
    let stored: StoredHistory | null = null;
    if (!past.length && !future.length) removeKey(deps.storage, historyKey(projectId));
    else {
      stored = packHistory(timeline, past, future);
      if (!writeJson(deps.storage, historyKey(projectId), stored)) {
        removeKey(deps.storage, historyKey(projectId));
        stored = null;
      }
    }
    saveServerSteps(projectId, past, stored);
  }

  /** The extension/retake/take steps, their depths counted in the packed past (what a reload brings back). */
  function saveServerSteps(projectId: string, past: readonly Timeline[], stored: StoredHistory | null): void {
    const { serverPast, serverFuture } = get();
    if (!serverPast.length && !serverFuture.length) {
      removeKey(deps.storage, serverStepsKey(projectId));
      return;
    }
    const at = (step: ServerStep): ServerStep => ({ ...step, depth: packedDepth(past, step.depth, stored) });
    const steps: StoredSteps = { v: 1, past: serverPast.map(at), future: serverFuture.map(at) };
    if (!writeJson(deps.storage, serverStepsKey(projectId), steps)) removeKey(deps.storage, serverStepsKey(projectId));
  }

  /** Server steps kept from before the reload, placed at most as deep as the restored past goes. */
  function restoreServerSteps(projectId: string): void {
    const steps = readJson<StoredSteps>(deps.storage, serverStepsKey(projectId));
    if (!steps || steps.v !== 1 || !Array.isArray(steps.past) || !Array.isArray(steps.future)) return;
    const depth = deps.history().getState().pastStates.length;
    const place = (step: ServerStep): ServerStep => ({ ...step, depth: Math.min(Math.max(0, step.depth), depth) });
    untracked(deps, () => set({ serverPast: steps.past.map(place), serverFuture: steps.future.map(place) }));
  }

  return {
    restoreTimelineSession() {
      const { projectId } = get();
      if (!projectId) return;
      outbox.markRestored();
      const stored = unpackOutbox(readJson<StoredOutbox>(deps.storage, outboxKey(projectId)));
      if (stored) {
        // Unsent edits from before the reload, folded onto the server as it is now.
        const { timeline, conflicts } = rebase(stored.server, stored.local, get().serverTimeline);
        // The conflict first: setting the timeline starts the outbox.
        if (conflicts.length || hasOverlap(timeline)) {
          outbox.setSync({ status: 'conflict', conflictIds: conflicts, error: 'The timeline was changed elsewhere while these edits waited.' });
        }
        untracked(deps, () => set({ timeline }));
      }
      const saved = unpackHistory(get().timeline, readJson<StoredHistory>(deps.storage, historyKey(projectId)));
      if (saved) {
        const { drafts, shotOrder } = get();
        deps.history().setState({
          pastStates: saved.past.map((timeline) => ({ drafts, shotOrder, timeline })),
          futureStates: saved.future.map((timeline) => ({ drafts, shotOrder, timeline })),
        });
      }
      restoreServerSteps(projectId);
      outbox.schedule();
    },

    saveTimelineHistory() {
      if (historyTimer) clearTimeout(historyTimer);
      historyTimer = null;
      saveHistoryNow();
    },

    scheduleHistorySave(delayMs) {
      if (historyTimer) clearTimeout(historyTimer);
      historyTimer = setTimeout(() => {
        historyTimer = null;
        saveHistoryNow();
      }, delayMs);
    },
  };
}
