import { messageOf } from '../domain/errors';
import type { DirectorSlice } from './directorSlice.types';
import type { SliceCreator } from './types';

export const createDirectorSlice: SliceCreator<DirectorSlice> =
  ({ api }) =>
  (set, get) => {
    function drop(shotId: string): void {
      if (!(shotId in get().director)) return;
      const { [shotId]: _gone, ...rest } = get().director;
      set({ director: rest });
    }

    return {
      director: {},

      async enrichPrompt(shotId, instruction) {
        const projectId = get().projectId;
        const text = instruction.trim();
        if (!projectId || !text) return;
        set({ director: { ...get().director, [shotId]: { status: 'loading', instruction: text, result: null, error: null } } });
        try {
          const result = await api.enrichPrompt({ project_id: projectId, shot_id: shotId, instruction: text });
          // Only the latest request of this shot counts (the user may have asked again or discarded meanwhile).
          if (get().director[shotId]?.instruction !== text || get().projectId !== projectId) return;
          set({ director: { ...get().director, [shotId]: { status: 'ready', instruction: text, result, error: null } } });
        } catch (error) {
          if (get().director[shotId]?.instruction !== text) return;
          // 503 (GPU busy), 404, 422: the server's detail as it is.
          set({
            director: {
              ...get().director,
              [shotId]: { status: 'error', instruction: text, result: null, error: messageOf(error) },
            },
          });
        }
      },

      acceptDirector(shotId, prompt) {
        const view = get().director[shotId];
        const text = prompt ?? view?.result?.prompt;
        if (text === undefined) return;
        get().editShot(shotId, { prompt: text }); // the one recorded step
        drop(shotId);
      },

      discardDirector(shotId) {
        drop(shotId);
      },
    };
  };
