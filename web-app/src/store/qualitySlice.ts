import { messageOf } from '../domain/errors';
import { promotableTake } from '../domain/takes';
import type { QualitySlice } from './qualitySlice.types';
import type { SliceCreator } from './types';

export const createQualitySlice: SliceCreator<QualitySlice> =
  ({ api }) =>
  (set, get) => ({
    qualityOptions: {},

    async loadQualityOptions(shotId, mode) {
      const { projectId } = get();
      if (!projectId) return;
      try {
        const options = await api.shotQuality(projectId, shotId, mode);
        if (get().projectId === projectId) set({ qualityOptions: { ...get().qualityOptions, [shotId]: options } });
      } catch {
        // A shot deleted meanwhile, or the server away: the picker keeps what it had and shows no times.
      }
    },

    async setDefaultQuality(quality) {
      const { projectId, project } = get();
      if (!projectId || !project) return;
      try {
        const summary = await api.updateProject(projectId, { version: project.version, default_quality: quality });
        const now = get().project;
        if (now && get().projectId === projectId) set({ project: { ...now, ...summary } });
      } catch (error) {
        get().notify(`Could not change the project's quality: ${messageOf(error)}`);
      }
    },

    async promoteShot(shotId) {
      const shot = get().shots[shotId];
      const take = shot ? promotableTake(shot) : null;
      if (!shot || !take || take.seed === null) return null;
      return get().generateShot(shotId, { quality: 'final', seed: take.seed, prompt: take.prompt ?? shot.prompt });
    },
  });
