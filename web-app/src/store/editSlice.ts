import { ConflictError } from '../api/client';
import type { Shot } from '../api/types';
import { messageOf } from '../domain/errors';
import { defaultConditioningFrame } from '../domain/generation';
import { clampStrength, promptWithTriggers, withLora } from '../domain/loras';
import { untracked } from './untracked';
import { dirtyFields, fieldsOf, sameValue, serverOrder, toShotUpdate } from '../domain/shotFields';
import type { EditSlice } from './editSlice.types';
import type { SliceCreator } from './types';

export const createEditSlice: SliceCreator<EditSlice> = (deps) => (set, get) => {
  const { api } = deps;

  /**
   * Make the server's shot order match `shotOrder` (after a move, an undo or a redo), one PATCH of `index` at a
   * time; the server renumbers the siblings, so the project is re-read after each move.
   */
  async function persistOrder(): Promise<void> {
    const { projectId } = get();
    if (!projectId) return;
    for (let guard = 0; guard < 64; guard++) {
      const want = get().shotOrder;
      const have = serverOrder(get().shots);
      const position = want.findIndex((id, i) => have[i] !== id);
      if (position < 0) return;
      const shotId = want[position]!;
      const shot = get().shots[shotId];
      if (!shot) return;
      try {
        const updated = await api.updateShot(projectId, shotId, { version: shot.version, index: position });
        get().receiveShot(updated);
        await get().refreshProject();
      } catch (error) {
        get().notify(`Could not reorder the shots: ${messageOf(error)}`);
        await get().refreshProject();
        untracked(deps, () => set({ shotOrder: serverOrder(get().shots) }));
        return;
      }
    }
  }

  function afterHistoryMove(): void {
    const { shotOrder, shots } = get();
    const have = serverOrder(shots);
    if (shotOrder.length !== have.length || shotOrder.some((id, i) => have[i] !== id)) void persistOrder();
  }

  return {
    drafts: {},
    shotOrder: [],
    savingShotIds: {},
    shotErrors: {},

    editShot(shotId, patch) {
      const draft = get().drafts[shotId];
      if (!draft) return;
      const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((k) => !sameValue(patch[k], draft[k]));
      if (!changed) return;
      set({ drafts: { ...get().drafts, [shotId]: { ...draft, ...patch } } });
    },

    setGeneration(shotId, patch) {
      const draft = get().drafts[shotId];
      if (!draft) return;
      get().editShot(shotId, { generation: { ...draft.generation, ...patch } });
    },

    addConditioning(shotId, assetId, frame) {
      const draft = get().drafts[shotId];
      if (!draft) return;
      const at = frame ?? defaultConditioningFrame(draft.conditioning, draft.num_frames);
      get().editShot(shotId, { conditioning: [...draft.conditioning, { asset_id: assetId, frame: at, strength: 1 }] });
    },

    updateConditioning(shotId, index, patch) {
      const draft = get().drafts[shotId];
      const item = draft?.conditioning[index];
      if (!draft || !item) return;
      const next = draft.conditioning.map((c, i) => (i === index ? { ...c, ...patch } : c));
      get().editShot(shotId, { conditioning: next });
    },

    removeConditioning(shotId, index) {
      const draft = get().drafts[shotId];
      if (!draft || !draft.conditioning[index]) return;
      get().editShot(shotId, { conditioning: draft.conditioning.filter((_, i) => i !== index) });
    },

    addLora(shotId, loraId) {
      const draft = get().drafts[shotId];
      if (!draft) return;
      get().editShot(shotId, { loras: withLora(draft.loras, loraId) });
    },

    setLoraStrength(shotId, loraId, strength) {
      const draft = get().drafts[shotId];
      const value = clampStrength(strength);
      if (!draft || value === null) return;
      get().editShot(shotId, { loras: draft.loras.map((l) => (l.id === loraId ? { ...l, strength: value } : l)) });
    },

    removeLora(shotId, loraId) {
      const draft = get().drafts[shotId];
      if (!draft) return;
      get().editShot(shotId, { loras: draft.loras.filter((l) => l.id !== loraId) });
    },

    addTriggerWords(shotId, words) {
      const draft = get().drafts[shotId];
      if (!draft) return;
      get().editShot(shotId, { prompt: promptWithTriggers(draft.prompt, words) });
    },

    clearShotError(shotId) {
      if (!(shotId in get().shotErrors)) return;
      const { [shotId]: _gone, ...rest } = get().shotErrors;
      set({ shotErrors: rest });
    },

    revertShot(shotId) {
      const shot = get().shots[shotId];
      if (!shot) return;
      const { drafts } = get();
      const dirty = dirtyFields(drafts[shotId], shot);
      if (Object.keys(dirty).length === 0) return;
      const saved = fieldsOf(shot);
      const reverted = { ...drafts[shotId]! };
      for (const key of Object.keys(dirty) as (keyof typeof reverted)[]) {
        (reverted as Record<string, unknown>)[key] = saved[key];
      }
      set({ drafts: { ...drafts, [shotId]: reverted } });
    },

    async saveShot(shotId) {
      const { projectId, shots, drafts } = get();
      const shot = shots[shotId];
      if (!projectId || !shot) return null;
      const changes = dirtyFields(drafts[shotId], shot);
      if (Object.keys(changes).length === 0) return shot;
      set({ savingShotIds: { ...get().savingShotIds, [shotId]: true } });
      try {
        const version = get().editBaseVersions[shotId] ?? shot.version;
        const updated: Shot = await api.updateShot(projectId, shotId, { ...toShotUpdate(changes, shot), version });
        get().receiveShot(updated, { saved: true });
        if (get().conflict?.shotId === shotId) set({ conflict: null });
        get().clearShotError(shotId);
        return updated;
      } catch (error) {
        if (error instanceof ConflictError) {
          set({ conflict: { shotId, message: error.message, current: (error.current as Shot | null) ?? null } });
        } else {
          set({ shotErrors: { ...get().shotErrors, [shotId]: messageOf(error) } });
          get().notify(`Could not save the shot: ${messageOf(error)}`);
        }
        return null;
      } finally {
        const { [shotId]: _done, ...rest } = get().savingShotIds;
        set({ savingShotIds: rest });
      }
    },

    async moveShot(shotId, delta) {
      const order = get().shotOrder;
      const from = order.indexOf(shotId);
      const to = from + delta;
      if (from < 0 || to < 0 || to >= order.length) return;
      const next = [...order];
      next.splice(from, 1);
      next.splice(to, 0, shotId);
      set({ shotOrder: next });
      await persistOrder();
    },

    undo() {
      if (get().historyBusy) return;
      const history = deps.history().getState();
      // The newest server step goes first unless edits were made after it (they sit above it in zundo's past).
      const step = get().serverPast[get().serverPast.length - 1];
      if (step && step.depth >= history.pastStates.length) {
        void get().undoServerStep();
        return;
      }
      deps.moving.current = true;
      try {
        history.undo();
      } finally {
        deps.moving.current = false;
      }
      afterHistoryMove();
    },

    redo() {
      if (get().historyBusy) return;
      const history = deps.history().getState();
      // A server step undone at this depth was undone after every edit still waiting in zundo's future.
      const step = get().serverFuture[get().serverFuture.length - 1];
      if (step && (step.depth <= history.pastStates.length || history.futureStates.length === 0)) {
        void get().redoServerStep();
        return;
      }
      deps.moving.current = true;
      try {
        history.redo();
      } finally {
        deps.moving.current = false;
      }
      afterHistoryMove();
    },
  };
};
