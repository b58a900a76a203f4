import { messageOf } from '../domain/errors';
import { fieldsOf } from '../domain/shotFields';
import type { SliceCreator } from './types';
import type { UiSlice } from './uiSlice.types';

let toastSeq = 0;

export const createUiSlice: SliceCreator<UiSlice> = (deps) => (set, get) => ({
  selectedShotId: null,
  health: null,
  healthError: null,
  toasts: [],
  conflict: null,

  selectShot(shotId) {
    if (get().selectedShotId !== shotId) set({ selectedShotId: shotId });
  },

  async loadHealth() {
    try {
      const health = await deps.api.health();
      set({ health, healthError: null });
    } catch (error) {
      set({ healthError: messageOf(error) });
    }
  },

  notify(message, kind = 'error') {
    const toast = { id: ++toastSeq, kind, message };
    set({ toasts: [...get().toasts.slice(-4), toast] });
  },

  dismissToast(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },

  async reloadConflictedShot() {
    const conflict = get().conflict;
    if (!conflict) return;
    let current = conflict.current;
    const projectId = get().projectId;
    if (!current && projectId) {
      const state = await deps.api.getProject(projectId);
      current = state.shots.find((s) => s.id === conflict.shotId) ?? null;
    }
    const known = get().shots[conflict.shotId];
    if (current && known && known.version > current.version) current = known; // a newer row arrived since the 409
    if (current) {
      get().receiveShot(current, { force: true }); // the server row (not recorded)
      // Dropping the local edits is the user's decision, so it is recorded: undo brings them back to save on purpose.
      const { drafts } = get();
      set({ drafts: { ...drafts, [current.id]: fieldsOf(current) } });
    }
    set({ conflict: null });
  },

  dismissConflict() {
    set({ conflict: null });
  },
});
