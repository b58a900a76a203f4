// Export and import (issue 8): render the timeline to a master file (a `render` job: progress over SSE like every
// job, cancel through the jobs endpoint), download the timeline for another editor (OTIO / EDL / FCP XML) or the whole
// project as an archive, and bring a timeline (.otio) or an archive back in. None of it is undoable: a render makes a
// file, an import changes the server (the timeline follows through the usual refresh / `timeline.changed`).
import { ApiError } from '../api/client';
import type { Download } from '../api/client';
import type { MissingMedia, RenderJobResult, RenderRequest, TimelineImportResult } from '../api/types';
import { messageOf } from '../domain/errors';
import { isTerminal, nextJobSeq, reduceJobs } from '../domain/jobReducer';
import type { JobView } from '../domain/jobReducer';
import type { ExportSlice } from './exportSlice.types';
import type { AppState, SliceCreator } from './types';

/** What the Export dialog shows of the render it started. */
export interface RenderView {
  status: 'idle' | 'starting' | JobView['status'];
  progress: number;
  stage: string | null;
  /** The refusal of the request, or the job's failure (the server's words). */
  error: string | null;
  result: RenderJobResult | null;
  /** The file as a download (`?download=1`), once completed. */
  downloadUrl: string | null;
}

function renderResultOf(result: unknown): RenderJobResult | null {
  return result && typeof result === 'object' && typeof (result as RenderJobResult).video_url === 'string' ? (result as RenderJobResult) : null;
}

/** `url` with `download=1` added to its query. */
export function downloadUrlOf(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}download=1`;
}

/** The render this page started, from its job (progress, status, result) and the request's own error. */
export function selectRender(s: Pick<AppState, 'renderJobId' | 'renderStarting' | 'renderError' | 'jobs'>): RenderView {
  const job = s.renderJobId ? s.jobs[s.renderJobId] : undefined;
  if (!job) {
    return { status: s.renderStarting ? 'starting' : 'idle', progress: 0, stage: null, error: s.renderError, result: null, downloadUrl: null };
  }
  const result = job.status === 'completed' ? renderResultOf(job.result) : null;
  return {
    status: job.status,
    progress: job.progress,
    stage: job.stage,
    error: job.status === 'failed' ? (job.error ?? 'The render failed.') : s.renderError,
    result,
    downloadUrl: result ? downloadUrlOf(result.video_url) : null,
  };
}

/** The clips a refused timeline import names as missing media (the 422 body's list), or null when it names none. */
export function missingMediaOf(error: unknown): MissingMedia[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const pick = (value: unknown): unknown =>
    value && typeof value === 'object' ? (value as Record<string, unknown>).missing : undefined;
  const list = pick(error.body) ?? pick(error.detail);
  return Array.isArray(list) && list.length ? (list as MissingMedia[]) : null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Imported 2 tracks and 5 clips." */
export function importMessage(result: TimelineImportResult): string {
  return `Imported ${plural(result.tracks.length, 'track')} and ${plural(result.clips.length, 'clip')}.`;
}

export const createExportSlice: SliceCreator<ExportSlice> = (deps) => (set, get) => {
  const { api } = deps;

  return {
    exportDialogOpen: false,
    renderJobId: null,
    renderStarting: false,
    renderError: null,
    exportBusy: null,
    exportError: null,
    timelineImport: { status: 'idle', error: null, missing: [], message: null },
    archiveImport: { importing: false, error: null },

    openExportDialog() {
      set({ exportDialogOpen: true, exportError: null });
    },

    closeExportDialog() {
      set({ exportDialogOpen: false });
    },

    async startRender(options) {
      const { projectId } = get();
      if (!projectId || get().renderStarting) return null;
      set({ renderStarting: true, renderError: null, renderJobId: null });
      try {
        // Render what the user sees: send unsent timeline edits first.
        await get().flushTimeline();
        const body: RenderRequest = { format: options.format, range: options.range };
        const name = options.name?.trim();
        if (name) body.name = name;
        const accepted = await api.render(projectId, body);
        const jobs = reduceJobs(
          get().jobs,
          [{ id: accepted.job_id, project_id: projectId, status: accepted.status ?? 'pending', kind: 'render' }],
          nextJobSeq,
        );
        set({ jobs, renderJobId: accepted.job_id });
        return accepted.job_id;
      } catch (error) {
        set({ renderError: messageOf(error) });
        return null;
      } finally {
        set({ renderStarting: false });
      }
    },

    async cancelRender() {
      const jobId = get().renderJobId;
      const job = jobId ? get().jobs[jobId] : undefined;
      if (!jobId || !job || isTerminal(job.status)) return;
      await get().cancelJob(jobId);
    },

    resetRender() {
      const jobId = get().renderJobId;
      const job = jobId ? get().jobs[jobId] : undefined;
      if (job && !isTerminal(job.status)) return; // a running render stays shown until it ends or is cancelled
      set({ renderJobId: null, renderError: null });
    },

    async exportTimeline(format) {
      return download(format, () => api.exportTimeline(get().projectId!, format));
    },

    async exportArchive() {
      return download('archive', () => api.exportArchive(get().projectId!));
    },

    async importTimeline(file) {
      const { projectId } = get();
      if (!projectId) return false;
      set({ timelineImport: { status: 'importing', error: null, missing: [], message: null } });
      try {
        await get().flushTimeline();
        const result = await api.importTimeline(projectId, file, file.name);
        const message = importMessage(result);
        set({ timelineImport: { status: 'done', error: null, missing: [], message } });
        get().notify(message, 'info');
        await get().refreshProject();
        return true;
      } catch (error) {
        const missing = missingMediaOf(error) ?? [];
        set({ timelineImport: { status: 'error', error: messageOf(error), missing, message: null } });
        if (!missing.length) get().notify(`Could not import the timeline: ${messageOf(error)}`);
        return false;
      }
    },

    dismissTimelineImport() {
      set({ timelineImport: { status: 'idle', error: null, missing: [], message: null } });
    },

    async importArchive(file) {
      set({ archiveImport: { importing: true, error: null } });
      try {
        const project = await api.importArchive(file, file.name);
        set({
          projects: [project, ...get().projects.filter((p) => p.id !== project.id)],
          archiveImport: { importing: false, error: null },
        });
        get().notify(`Imported “${project.name}”.`, 'info');
        return project;
      } catch (error) {
        set({ archiveImport: { importing: false, error: messageOf(error) } });
        get().notify(`Could not import the archive: ${messageOf(error)}`);
        return null;
      }
    },
  };

  async function download(what: NonNullable<ExportSlice['exportBusy']>, call: () => Promise<Download>): Promise<Download | null> {
    if (!get().projectId || get().exportBusy) return null;
    set({ exportBusy: what, exportError: null });
    try {
      await get().flushTimeline();
      return await call();
    } catch (error) {
      set({ exportError: messageOf(error) });
      return null;
    } finally {
      set({ exportBusy: null });
    }
  }
};
