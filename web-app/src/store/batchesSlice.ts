import type { Batch, BatchesApi } from '../api/batches';
import { messageOf } from '../domain/errors';
import type { BatchesSlice } from './batchesSlice.types';
import type { SliceCreator } from './types';

const CLOSED_QUEUE = { open: false, onlyProject: false, items: [], total: 0, loading: false, error: null };

/** The batches slice gets its own small client (`deps.batchesApi`), so the main `Api` and its fake stay as they are. */
export const createBatchesSlice: SliceCreator<BatchesSlice> = (deps) => (set, get) => {
  const api: BatchesApi = deps.batchesApi;

  async function act(batchId: string, call: (id: string) => Promise<Batch>, what: string): Promise<void> {
    try {
      get().receiveBatch(await call(batchId));
      set({ batchError: null });
    } catch (error) {
      set({ batchError: messageOf(error) });
      get().notify(`Could not ${what} the batch: ${messageOf(error)}`);
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

    async loadLatestBatch(projectId) {
      try {
        const [latest] = await api.listBatches(projectId, 1);
        if (latest && get().projectId === projectId) get().receiveBatch(latest);
      } catch (error) {
        get().notify(`Could not load the project's batches: ${messageOf(error)}`);
      }
    },

    receiveBatch(batch) {
      if (batch.project_id !== get().projectId) return;
      const current = get().currentBatchId ? get().batches[get().currentBatchId!] : undefined;
      // A newer batch takes the overview; an older one's late event only updates its own row.
      const newer = !current || current.id === batch.id || String(batch.created_at) >= String(current.created_at);
      set({
        batches: { ...get().batches, [batch.id]: batch },
        ...(newer || !get().currentBatchId ? { currentBatchId: batch.id } : {}),
      });
    },

    pauseBatch: (batchId) => act(batchId, api.pauseBatch, 'pause'),
    resumeBatch: (batchId) => act(batchId, api.resumeBatch, 'resume'),
    cancelBatch: (batchId) => act(batchId, api.cancelBatch, 'cancel'),

    dismissBatch() {
      set({ currentBatchId: null, batchError: null });
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
