import type { ProjectState, Shot, ShotMask } from '../api/types';
import type { LoadStatus } from './shared';

// The slice's state and actions (./types.ts joins the slices into AppState). Project: the open project as the server
// last told us.
export type ProjectMeta = Omit<ProjectState, 'shots' | 'scenes' | 'elements' | 'assets' | 'masks'>;

export interface ProjectSlice {
  projectId: string | null;
  project: ProjectMeta | null;
  /** Server rows by id: the last version the server sent. Never edited locally. */
  shots: Record<string, Shot>;
  scenes: ProjectState['scenes'];
  elements: ProjectState['elements'];
  assets: ProjectState['assets'];
  /** Objects tracked through shots' clips (SAM 3), oldest first. */
  masks: ShotMask[];
  projectStatus: LoadStatus;
  projectError: string | null;
  /**
   * For a shot whose unsaved edits the server has since changed under (another tab edited the same field): the
   * version those edits were based on. Saving sends it, so the server answers 409 instead of taking a blind write.
   */
  editBaseVersions: Record<string, number>;
  openProject(projectId: string): Promise<void>;
  closeProject(): void;
  refreshProject(): Promise<void>;
  /**
   * A server row arrived (PATCH answer, `shot.updated`, reload): keep it if it is not older than what we have.
   * `saved` (the answer to our own PATCH) and `force` (Reload after a conflict, even over a newer row) also make the
   * row the new base for edits.
   */
  receiveShot(shot: Shot, options?: { force?: boolean; saved?: boolean }): void;
  addShot(prompt?: string): Promise<Shot | null>;
  deleteShot(shotId: string): Promise<void>;
}
