import type { ShotUpdate } from '../api/types';
import { FRAME_JOB_KIND } from '../api/types';
import { messageOf } from '../domain/errors';
import { nextJobSeq, reduceJobs } from '../domain/jobReducer';
import type { FramesSlice } from './framesSlice.types';
import type { SliceCreator } from './types';

export const MAX_FRAME_CANDIDATES = 4;

export const createFramesSlice: SliceCreator<FramesSlice> =
  ({ api }) =>
  (set, get) => {
    function refuse(error: unknown): void {
      set({ frameError: messageOf(error) });
    }

    /** PATCH the shot's frame fields with the version we hold; a 409 re-reads the project to show the current row. */
    async function patchShot(shotId: string, fields: Pick<ShotUpdate, 'frame_asset_id' | 'pin_element_refs'>): Promise<boolean> {
      const projectId = get().projectId;
      const shot = get().shots[shotId];
      if (!projectId || !shot) return false;
      try {
        const updated = await api.updateShot(projectId, shotId, { ...fields, version: shot.version });
        get().receiveShot(updated, { saved: true });
        set({ frameError: null });
        return true;
      } catch (error) {
        refuse(error);
        await get().refreshProject();
        return false;
      }
    }

    return {
      frameCandidates: 2,
      frameError: null,

      setFrameCandidates(count) {
        set({ frameCandidates: Math.min(MAX_FRAME_CANDIDATES, Math.max(1, Math.round(count))) });
      },

      async generateFrames(target) {
        const projectId = get().projectId;
        if (!projectId) return [];
        try {
          const accepted = await api.queueFrames(projectId, { ...target, candidates: get().frameCandidates });
          const rows = accepted.job_ids.map((id, i) => ({
            id,
            project_id: projectId,
            shot_id: accepted.shot_ids[i] ?? null,
            status: 'pending' as const,
            kind: FRAME_JOB_KIND,
          }));
          set({ jobs: reduceJobs(get().jobs, rows, nextJobSeq), frameError: null });
          return accepted.job_ids;
        } catch (error) {
          refuse(error);
          return [];
        }
      },

      pickFrame(shotId, assetId) {
        return patchShot(shotId, { frame_asset_id: assetId });
      },

      async uploadFrame(shotId, file) {
        const projectId = get().projectId;
        if (!projectId) return false;
        try {
          const asset = await api.uploadAsset(projectId, file, file.name);
          set({ assets: [...get().assets.filter((a) => a.id !== asset.id), asset] });
          return await patchShot(shotId, { frame_asset_id: asset.id });
        } catch (error) {
          refuse(error); // 415: not an image the server can read
          return false;
        }
      },

      setPinElementRefs(shotId, pin) {
        return patchShot(shotId, { pin_element_refs: pin });
      },

      clearFrameError() {
        set({ frameError: null });
      },
    };
  };
