import type { Health, Shot } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Selection / UI.
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

export interface ShotConflict {
  shotId: string;
  message: string;
  current: Shot | null;
}

export interface UiSlice {
  selectedShotId: string | null;
  health: Health | null;
  healthError: string | null;
  toasts: Toast[];
  conflict: ShotConflict | null;
  selectShot(shotId: string | null): void;
  loadHealth(): Promise<void>;
  notify(message: string, kind?: Toast['kind']): void;
  dismissToast(id: number): void;
  /** Resolve a 409 by taking the server's row and dropping the local edits to that shot. */
  reloadConflictedShot(): Promise<void>;
  dismissConflict(): void;
}
