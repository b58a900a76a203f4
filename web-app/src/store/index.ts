import { create, useStore } from 'zustand';
import { temporal } from 'zundo';
import type { TemporalState } from 'zundo';
import { createHttpApi } from '../api/client';
import type { Api } from '../api/client';
import { createDirectorSlice } from './directorSlice';
import { createEditSlice } from './editSlice';
import { createElementsSlice } from './elementsSlice';
import { createExtendSlice } from './extendSlice';
import { createJobsSlice } from './jobsSlice';
import { createMediaSlice } from './mediaSlice';
import { createModelsSlice } from './modelsSlice';
import { createProjectSlice } from './projectSlice';
import { createProjectsSlice } from './projectsSlice';
import { createSegmentSlice } from './segmentSlice';
import { createStoryboardSlice } from './storyboardSlice';
import type { AppState, EditingState, HistoryStore, StoreDeps } from './types';
import { createUiSlice } from './uiSlice';

export type { AppState } from './types';

/**
 * One store composed of slices. zundo's `temporal` records only `EditingState` (inspector drafts and shot order):
 * `partialize` hands it just those, and `equality` skips every change that leaves both untouched, so job progress,
 * toasts and selection never enter the undo history.
 */
export function createAppStore(api: Api) {
  let history: HistoryStore | null = null;
  const deps: StoreDeps = {
    api,
    moving: { current: false },
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
        ...createDirectorSlice(deps)(...a),
        ...createExtendSlice(deps)(...a),
        ...createStoryboardSlice(deps)(...a),
        ...createElementsSlice(deps)(...a),
        ...createSegmentSlice(deps)(...a),
      }),
      {
        partialize: (state): EditingState => ({ drafts: state.drafts, shotOrder: state.shotOrder }),
        equality: (past, current) => past.drafts === current.drafts && past.shotOrder === current.shotOrder,
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
