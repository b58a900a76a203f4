import type { Download } from '../api/client';
import type { MissingMedia, ProjectSummary, RenderFormat, RenderRange, TimelineFormat } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Export and import (issue 8).
export interface RenderOptions {
  format: RenderFormat;
  /** Frames `[in_frame, out_frame)`; null: the whole timeline. */
  range: RenderRange | null;
  name?: string;
}

export interface TimelineImportState {
  status: 'idle' | 'importing' | 'done' | 'error';
  error: string | null;
  /** The clips the server could not place (their media is not in this project), from its 422. */
  missing: MissingMedia[];
  /** What was imported ("2 tracks, 5 clips"). */
  message: string | null;
}

export interface ExportSlice {
  exportDialogOpen: boolean;
  /** The render this page started last; its progress/result is `jobs[renderJobId]` (see `selectRender`). */
  renderJobId: string | null;
  renderStarting: boolean;
  /** The server's refusal of the render request (verbatim). */
  renderError: string | null;
  /** A download being fetched (a timeline format, or the archive). */
  exportBusy: TimelineFormat | 'archive' | null;
  exportError: string | null;
  timelineImport: TimelineImportState;
  archiveImport: { importing: boolean; error: string | null };
  openExportDialog(): void;
  closeExportDialog(): void;
  /** Send unsent timeline edits, then `POST /projects/{id}/render`. Returns the job id, or null (see `renderError`). */
  startRender(options: RenderOptions): Promise<string | null>;
  cancelRender(): Promise<void>;
  /** Forget a finished render (to start another). */
  resetRender(): void;
  exportTimeline(format: TimelineFormat): Promise<Download | null>;
  exportArchive(): Promise<Download | null>;
  importTimeline(file: File): Promise<boolean>;
  dismissTimelineImport(): void;
  /** A project archive becomes a new project (added to `projects`); null when refused (toast says why). */
  importArchive(file: File): Promise<ProjectSummary | null>;
}
