import type { Asset } from '../api/types';
import { messageOf } from '../domain/errors';
import type { MediaSlice } from './mediaSlice.types';
import type { SliceCreator } from './types';

let uploadSeq = 0;

/** The media bin: the open project's assets (kept in `assets` by the project slice), uploads in flight. */
export const createMediaSlice: SliceCreator<MediaSlice> =
  ({ api }) =>
  (set, get) => ({
    uploads: [],

    async uploadFiles(files) {
      const projectId = get().projectId;
      if (!projectId) return [];
      const added: Asset[] = [];
      // One at a time: the server decodes each file to validate it, and the order in the bin follows the drop.
      for (const file of files) {
        const id = ++uploadSeq;
        set({ uploads: [...get().uploads, { id, name: file.name, status: 'uploading', error: null }] });
        try {
          const asset = await api.uploadAsset(projectId, file, file.name);
          if (get().projectId !== projectId) return added;
          added.push(asset);
          set({
            uploads: get().uploads.filter((u) => u.id !== id),
            assets: [...get().assets.filter((a) => a.id !== asset.id), asset],
          });
        } catch (error) {
          // 415 (not a media file) / 413 (too large): the server's words.
          set({
            uploads: get().uploads.map((u) => (u.id === id ? { ...u, status: 'error', error: messageOf(error) } : u)),
          });
        }
      }
      return added;
    },

    dismissUpload(id) {
      set({ uploads: get().uploads.filter((u) => u.id !== id) });
    },

    async refreshAssets() {
      const projectId = get().projectId;
      if (!projectId) return;
      try {
        const assets = await api.listAssets(projectId);
        if (get().projectId === projectId) set({ assets });
      } catch (error) {
        get().notify(`Could not refresh the media bin: ${messageOf(error)}`);
      }
    },
  });
