import type { Asset } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Media bin.
export interface UploadView {
  id: number;
  name: string;
  status: 'uploading' | 'error';
  error: string | null;
}

export interface MediaSlice {
  uploads: UploadView[];
  uploadFiles(files: readonly File[]): Promise<Asset[]>;
  dismissUpload(id: number): void;
  /** Re-read the open project's assets (after an image job completes, or on demand). */
  refreshAssets(): Promise<void>;
}
