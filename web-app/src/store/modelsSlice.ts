import { messageOf } from '../domain/errors';
import type { ModelsSlice } from './modelsSlice.types';
import type { SliceCreator } from './types';

export const createModelsSlice: SliceCreator<ModelsSlice> =
  ({ api }) =>
  (set) => ({
    models: [],
    modelsStatus: 'idle',
    modelsError: null,

    async loadModels() {
      set({ modelsStatus: 'loading' });
      try {
        const models = await api.listModels();
        set({ models, modelsStatus: 'ready', modelsError: null });
      } catch (error) {
        set({ modelsStatus: 'error', modelsError: messageOf(error) });
      }
    },
  });
