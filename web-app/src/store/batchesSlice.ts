// The batches slice: Generate all / Generate scene, the batches' overview (pause, resume, cancel) and the queue.
import type { Batch, BatchesApi } from '../api/batches';
import { optimisticBatch, type BatchAction } from '../domain/batches';
import { messageOf } from '../domain/errors';
import type { BatchesSlice } from './batchesSlice.types';
import type { SliceCreator } from './types';

const CLOSED_QUEUE = { open: false, onlyProject: false, items: [], total: 0, loading: false, error: null };
/** Enough for the overview: the running ones and the few before them. */
const LISTED_BATCHES = 5;
const DISMISSED_KEY = 'milimo.dismissedBatches';

// Session storage: a dismissed batch stays closed across a reload of this tab, not forever.
function readDismissed(): string[] {
  try {
    const raw = globalThis.sessionStorage?.getItem(DISMISSED_KEY);
    const ids: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function writeDismissed(ids: string[]): void {
  try {
    globalThis.sessionStorage?.setItem(DISMISSED_KEY, JSON.stringify(ids.slice(-100)));
  } catch {
    // storage full or refused: the dismissal lasts until the reload
  }
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const rest = { ...record };
  delete rest[key];
  return rest;
}

/** The batches slice gets its own small client (`deps.batchesApi`), so the main `Api` and its fake stay as they are. */
export const createBatchesSlice: SliceCreator<BatchesSlice> = (deps) => (set, get) => {
  const api: BatchesApi = deps.batchesApi;

  async function act(batchId: string, action: BatchAction, call: (id: string) => Promise<Batch>): Promise<void> {
    const before = get().batches[batchId];
    if (!before || get().batchActing[batchId]) return;
    set({
      batches: { ...get().batches, [batchId]: optimisticBatch(before, action) },
      batchActing: { ...get().batchActing, [batchId]: action },
      batchActionErrors: without(get().batchActionErrors, batchId),
    });
    try {
      const row = await call(batchId);
      set({ batchActing: without(get().batchActing, batchId) });
      get().receiveBatch(row);
    } catch (error) {
      // Back to the row as it was, unless an event has brought a newer one meanwhile.
      const now = get().batches[batchId];
      const optimistic = now && now.status === optimisticBatch(before, action).status;
      set({
        batches: optimistic ? { ...get().batches, [batchId]: before } : get().batches,
        batchActing: without(get().batchActing, batchId),
        batchActionErrors: { ...get().batchActionErrors, [batchId]: `Could not ${action}: ${messageOf(error)}` },
      });
    }
  }

  return {
    batches: {},
    currentBatchId: null,
    batchError: null,
    queue: CLOSED_QUEUE,

    async generateAll(target, regenerate = false, what = 'videos') {
      const { projectId } = get();
      if (!projectId) return null;
      const body =
        target.scope === 'scene'
          ? { scope: 'scene' as const, scene_id: target.sceneId, what, regenerate }
          : { scope: 'project' as const, what, regenerate };
      try {
        const accepted = await api.generateAll(projectId, body);
        set({ currentBatchId: accepted.batch_id, batchError: null });
        // The batch.updated event may have come first; the row is read anyway so the overview shows at once.
        get().receiveBatch(await api.getBatch(accepted.batch_id));
        return accepted.batch_id;
      } catch (error) {
        set({ batchError: messageOf(error) });
        return null;
      }
    },

    async loadBatches(projectId) {
      try {
        const rows = await api.listBatches(projectId, LISTED_BATCHES);
        if (get().projectId !== projectId) return;
        // Oldest first, so the newest ends as the current one.
        for (const row of [...rows].reverse()) get().receiveBatch(row);
      } catch (error) {
        get().notify(`Could not load the project's batches: ${messageOf(error)}`);
      }
    },

    receiveBatch(incoming) {
      if (incoming.project_id !== get().projectId) return;
      // An event sent before the server took the action in flight would undo what the page already shows.
      const acting = get().batchActing[incoming.id];
      const batch = acting ? optimisticBatch(incoming, acting) : incoming;
      const current = get().currentBatchId ? get().batches[get().currentBatchId!] : undefined;
      // A newer batch takes the overview; an older one's late event only updates its own row.
      const newer = !current || current.id === batch.id || String(batch.created_at) >= String(current.created_at);
      set({
        batches: { ...get().batches, [batch.id]: batch },
        batchSeenAt: { ...get().batchSeenAt, [batch.id]: Date.now() },
        ...(newer || !get().currentBatchId ? { currentBatchId: batch.id } : {}),
      });
    },

    batchActing: {},
    batchActionErrors: {},
    batchSeenAt: {},
    dismissedBatchIds: readDismissed(),
    pauseBatch: (batchId) => act(batchId, 'pause', (id) => api.pauseBatch(id)),
    resumeBatch: (batchId) => act(batchId, 'resume', (id) => api.resumeBatch(id)),
    cancelBatch: (batchId) => act(batchId, 'cancel', (id) => api.cancelBatch(id)),

    dismissBatch(batchId) {
      const dismissed = [...get().dismissedBatchIds.filter((id) => id !== batchId), batchId];
      writeDismissed(dismissed);
      set({
        dismissedBatchIds: dismissed,
        ...(get().currentBatchId === batchId ? { currentBatchId: null } : {}),
      });
    },

    openQueue() {
      set({ queue: { ...get().queue, open: true } });
      void get().loadQueue();
    },

    closeQueue() {
      set({ queue: { ...get().queue, open: false } });
    },

    setQueueOnlyProject(only) {
      set({ queue: { ...get().queue, onlyProject: only } });
      void get().loadQueue();
    },

    async loadQueue() {
      const { onlyProject } = get().queue;
      const projectId = onlyProject ? get().projectId : null;
      set({ queue: { ...get().queue, loading: true } });
      try {
        const page = await api.listQueue({ project_id: projectId });
        set({ queue: { ...get().queue, items: page.items, total: page.total, loading: false, error: null } });
      } catch (error) {
        set({ queue: { ...get().queue, loading: false, error: messageOf(error) } });
      }
    },
  };
};
