import type { GenerationMode } from '../api/types';
import { IMAGE_MODES } from '../api/types';
import { generationRequest } from '../domain/generation';
import { fieldsOf } from '../domain/shotFields';
import { messageOf } from '../domain/errors';
import { isTerminal, jobUpdateFromEvent, jobUpdateFromRow, nextJobSeq as nextSeq, reduceJobs } from '../domain/jobReducer';
import type { JobsSlice } from './jobsSlice.types';
import type { SliceCreator } from './types';

export const createJobsSlice: SliceCreator<JobsSlice> = (deps) => (set, get) => {
  const { api } = deps;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  /** A job finished: re-read the project once things settle, in case a `shot.updated` was missed. */
  function scheduleRefresh(): void {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void get().refreshProject();
    }, 500);
  }

  return {
    jobs: {},
    connection: 'idle',
    lastEventId: null,

    setConnection(connection) {
      if (get().connection !== connection) set({ connection });
    },

    applyEvent(type, data, eventId) {
      if (eventId) set({ lastEventId: eventId });
      const projectId = get().projectId;
      if (data.project_id && projectId && data.project_id !== projectId) return;
      if (type === 'shot.updated') {
        if (data.shot) get().receiveShot(data.shot);
        return;
      }
      if (type === 'element.updated') {
        if (data.element) get().receiveElement(data.element);
        return;
      }
      if (type === 'timeline.changed') {
        get().receiveTimelineChange({ clips: data.clips ?? null, deleted: data.deleted ?? null, tracks: data.tracks ?? null });
        return;
      }
      if (type === 'mask.created') {
        if (data.mask) get().receiveMask(data.mask);
        return;
      }
      const update = jobUpdateFromEvent(type, data);
      if (!update) return;
      const jobs = reduceJobs(get().jobs, [update], nextSeq);
      if (jobs !== get().jobs) set({ jobs });
      // A finished still lands in the media bin as a new asset, and so does the guide a controlled shot followed:
      // show it now.
      const kind = jobs[update.id]?.kind;
      const guided = Boolean(jobs[update.id]?.result?.['control_asset_id']);
      if (type === 'job.completed' && kind && (IMAGE_MODES.includes(kind as GenerationMode) || guided)) void get().refreshAssets();
      if (update.status && isTerminal(update.status)) {
        if (get().pendingExtends[update.id]) get().settleExtend(update.id);
        if (get().pendingRetakes[update.id]) get().settleRetake(update.id);
        if (get().visualJobs[update.id]) void get().settleElementVisual(update.id);
        if (get().trackJobs[update.id]) get().settleTrack(update.id);
        scheduleRefresh();
      }
    },

    receiveJobs(rows) {
      const jobs = reduceJobs(get().jobs, rows.map(jobUpdateFromRow), nextSeq);
      if (jobs !== get().jobs) set({ jobs });
      for (const row of rows) {
        if (get().pendingExtends[row.id] && isTerminal(get().jobs[row.id]?.status ?? 'pending')) get().settleExtend(row.id);
        if (get().pendingRetakes[row.id]) get().settleRetake(row.id);
        if (get().visualJobs[row.id] && isTerminal(get().jobs[row.id]?.status ?? 'pending')) void get().settleElementVisual(row.id);
        if (get().trackJobs[row.id]) get().settleTrack(row.id);
      }
    },

    async loadProjectJobs(projectId) {
      try {
        const rows = await api.listProjectJobs(projectId);
        // Oldest first, so `seq` follows creation order.
        const ordered = [...rows].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
        if (get().projectId === projectId) get().receiveJobs(ordered);
      } catch (error) {
        get().notify(`Could not load the project's jobs: ${messageOf(error)}`);
      }
    },

    async generateShot(shotId, overrides) {
      const { projectId } = get();
      if (!projectId) return null;
      // Unsaved inspector edits are saved first (a 409 stops here and shows the conflict).
      const shot = await get().saveShot(shotId);
      if (!shot) return null;
      // The saved row: what the server will read.
      const body = { ...generationRequest(projectId, shot, fieldsOf(shot)), ...overrides };
      try {
        const accepted = await api.generate(body);
        const jobs = reduceJobs(
          get().jobs,
          [{ id: accepted.job_id, project_id: projectId, shot_id: shotId, status: accepted.status ?? 'pending', kind: body.mode ?? 't2v' }],
          nextSeq,
        );
        set({ jobs });
        get().clearShotError(shotId);
        return accepted.job_id;
      } catch (error) {
        set({ shotErrors: { ...get().shotErrors, [shotId]: messageOf(error) } });
        get().notify(`Could not start the generation: ${messageOf(error)}`);
        return null;
      }
    },

    async cancelJob(jobId) {
      // Say so at once: the server's answer (and a job still loading its model) can take a moment.
      if (get().jobs[jobId]) set({ jobs: reduceJobs(get().jobs, [{ id: jobId, cancelRequested: true }], nextSeq) });
      try {
        const job = await api.cancelJob(jobId);
        get().receiveJobs([job]);
      } catch (error) {
        get().notify(`Could not cancel the job: ${messageOf(error)}`);
      }
    },
  };
};
