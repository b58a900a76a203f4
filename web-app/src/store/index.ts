import { create, useStore } from 'zustand';
import { temporal } from 'zundo';
import type { TemporalState } from 'zundo';
import { createHttpApi } from '../api/client';
import type { Api } from '../api/client';
import { createHttpBatchesApi } from '../api/batches';
import type { BatchesApi } from '../api/batches';
import { createBatchesSlice } from './batchesSlice';
import { createDirectorSlice } from './directorSlice';
import { createEditSlice } from './editSlice';
import { createElementsSlice } from './elementsSlice';
import { createExportSlice } from './exportSlice';
import { createExtendSlice } from './extendSlice';
import { createFramesSlice } from './framesSlice';
import { createJobsSlice } from './jobsSlice';
import { createQualitySlice } from './qualitySlice';
import { createLorasSlice } from './lorasSlice';
import { createMediaSlice } from './mediaSlice';
import { createModelsSlice } from './modelsSlice';
import { createProjectSlice } from './projectSlice';
import { createProjectsSlice } from './projectsSlice';
import { createRetakeSlice } from './retakeSlice';
import { createSegmentSlice } from './segmentSlice';
import { createStoryboardSlice } from './storyboardSlice';
import { installStoryboardDraft } from './storyboardDraft';
import type { EditingState } from './editSlice.types';
import type { AppState, HistoryStore, StoreDeps } from './types';
import { createTimelineSlice } from './timelineSlice';
import { createUiSlice } from './uiSlice';
import { backoffMs } from '../domain/timeline/sync';
import { browserStorage } from '../domain/timeline/storage';
import type { KeyValueStorage } from '../domain/timeline/storage';

export type { AppState } from './types';

export interface StoreOptions {
  /** Where unsent timeline edits and the timeline's undo history live (default: localStorage when there is one). */
  storage?: KeyValueStorage | null;
  /** Wait before retry `attempt` of a timeline batch (default: 1 s doubling to 30 s). */
  retryDelayMs?: (attempt: number) => number;
  /** Wait before the timeline's undo history is written after a change (default 500 ms). */
  historySaveMs?: number;
  /** Batches and the all-projects queue (default: the HTTP client). */
  batchesApi?: BatchesApi;
}

/**
 * One store composed of slices. zundo's `temporal` records only `EditingState` (inspector drafts, shot order and the
 * timeline): `partialize` hands it just those, and `equality` skips every change that leaves them untouched, so job
 * progress, toasts, selection, playhead/zoom and live drags never enter the undo history.
 */
export function createAppStore(api: Api, options: StoreOptions = {}) {
  let history: HistoryStore | null = null;
  const deps: StoreDeps = {
    api,
    batchesApi: options.batchesApi ?? createHttpBatchesApi(),
    moving: { current: false },
    storage: options.storage === undefined ? browserStorage() : options.storage,
    retryDelayMs: options.retryDelayMs ?? backoffMs,
    history: () => {
      if (!history) throw new Error('store history used before the store was created');
      return history;
    },
  };
  const store = create<AppState>()(
    temporal(
      (...a) => ({
        ...createProjectsSlice(deps)(...a),
        ...createProjectSlice(deps)(...a),
        ...createEditSlice(deps)(...a),
        ...createUiSlice(deps)(...a),
        ...createJobsSlice(deps)(...a),
        ...createMediaSlice(deps)(...a),
        ...createModelsSlice(deps)(...a),
        ...createLorasSlice(deps)(...a),
        ...createDirectorSlice(deps)(...a),
        ...createExtendSlice(deps)(...a),
        ...createRetakeSlice(deps)(...a),
        ...createStoryboardSlice(deps)(...a),
        ...createElementsSlice(deps)(...a),
        ...createFramesSlice(deps)(...a),
        ...createSegmentSlice(deps)(...a),
        ...createTimelineSlice(deps)(...a),
        ...createExportSlice(deps)(...a),
        ...createQualitySlice(deps)(...a),
        ...createBatchesSlice(deps)(...a),
      }),
      {
        partialize: (state): EditingState => ({ drafts: state.drafts, shotOrder: state.shotOrder, timeline: state.timeline }),
        equality: (past, current) =>
          past.drafts === current.drafts && past.shotOrder === current.shotOrder && past.timeline === current.timeline,
        limit: 200,
      },
    ),
  );
  history = store.temporal;
  // A new edit (not a redo) ends the redo of server steps, as it ends zundo's own.
  store.temporal.subscribe((now, before) => {
    if (deps.moving.current || now.pastStates.length <= before.pastStates.length) return;
    if (store.getState().serverFuture.length) store.setState({ serverFuture: [] });
  });
  // The timeline: every change of the local one (an edit, undo, redo, reload) is "make the server equal it".
  store.subscribe((now, before) => {
    if (now.timeline !== before.timeline) now.scheduleTimelineSync();
  });
  const historySaveMs = options.historySaveMs ?? 500;
  store.temporal.subscribe((now, before) => {
    if (now.pastStates !== before.pastStates || now.futureStates !== before.futureStates) {
      store.getState().scheduleHistorySave(historySaveMs);
    }
  });
  store.subscribe((now, before) => {
    if (now.serverPast !== before.serverPast || now.serverFuture !== before.serverFuture) now.scheduleHistorySave(historySaveMs);
  });
  installStoryboardDraft(store, deps.storage, historySaveMs);
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;

export const appStore: AppStore = createAppStore(createHttpApi());

/** Subscribe to a narrow slice of the app state. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Subscribe to the undo history (can undo / can redo). */
export function useHistory<T>(selector: (state: TemporalState<EditingState>) => T): T {
  return useStore(appStore.temporal, selector);
}
