// What this browser keeps per project (src/domain/timeline/storage.ts): the unsent edits (the outbox, folded onto the server
// as it is on reload) and the timeline's undo history (written shortly after it changes, and on pagehide).
import type { SyncStep } from '../../domain/timeline/diff';
import { rebase } from '../../domain/timeline/diff';
import { packHistory, unpackHistory } from '../../domain/timeline/history';
import type { StoredHistory } from '../../domain/timeline/history';
import type { Timeline } from '../../domain/timeline/model';
import { historyKey, outboxKey, readJson, removeKey, writeJson } from '../../domain/timeline/storage';
import { hasOverlap, packOutbox, unpackOutbox } from '../../domain/timeline/sync';
import type { StoredOutbox } from '../../domain/timeline/sync';
import { untracked } from '../untracked';
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

type PersistenceActions = Pick<TimelineSlice, 'restoreTimelineSession' | 'saveTimelineHistory' | 'scheduleHistorySave'>;

export function persistenceActions(deps: StoreDeps, set: SetState, get: GetState, outbox: Outbox): PersistenceActions {
  let historyTimer: ReturnType<typeof setTimeout> | null = null;

  function saveHistoryNow(): void {
    const { projectId, timeline } = get();
    if (!projectId || get().projectStatus !== 'ready' || !outbox.restored()) return;
    const { pastStates, futureStates } = deps.history().getState();
    const past = pastStates.map((s) => s.timeline).filter((t): t is Timeline => !!t);
    const future = futureStates.map((s) => s.timeline).filter((t): t is Timeline => !!t);
    if (!past.length && !future.length) {
      removeKey(deps.storage, historyKey(projectId));
      return;
    }
    const stored = packHistory(timeline, past, future);
    if (!writeJson(deps.storage, historyKey(projectId), stored)) removeKey(deps.storage, historyKey(projectId));
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
