import { messageOf } from '../domain/errors';
import type { LorasSlice } from './lorasSlice.types';
import type { SliceCreator } from './types';

export const createLorasSlice: SliceCreator<LorasSlice> =
  ({ api }) =>
  (set, get) => ({
    loras: [],
    lorasStatus: 'idle',
    lorasError: null,
    loraActionError: null,
    loraUploading: null,

    async loadLoras() {
      set({ lorasStatus: 'loading' });
      try {
        const loras = await api.listLoras();
        set({ loras, lorasStatus: 'ready', lorasError: null });
      } catch (error) {
        set({ lorasStatus: 'error', lorasError: messageOf(error) });
      }
    },

    async uploadLora(file, filename) {
      set({ loraUploading: filename, loraActionError: null });
      try {
        const row = await api.uploadLora(file, filename);
        await get().loadLoras();
        return row;
      } catch (error) {
        set({ loraActionError: `${filename}: ${messageOf(error)}` });
        return null;
      } finally {
        set({ loraUploading: null });
      }
    },

    async deleteLora(loraId) {
      set({ loraActionError: null });
      const name = get().loras.find((l) => l.id === loraId)?.name ?? loraId;
      try {
        await api.deleteLora(loraId);
        return true;
      } catch (error) {
        set({ loraActionError: `${name}: ${messageOf(error)}` });
        return false;
      } finally {
        await get().loadLoras();
      }
    },

    dismissLoraError() {
      set({ loraActionError: null });
    },
  });
