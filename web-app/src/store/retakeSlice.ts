// Retake: regenerate the marked range of a shot's current take (picture, sound or both) into a new take. The marks
// are per shot in frames of the take; the job's progress is the shot's like any generation; a finished retake is an
// undo step beside zundo's (extendSlice's `serverPast`): undo PATCHes the previous take back, redo the retake's own.
import type { RetakeJobResult } from '../api/types';
import { messageOf } from '../domain/errors';
import { isActive, isTerminal, nextJobSeq, reduceJobs } from '../domain/jobReducer';
import { markedRange, NO_MARKS, retakeProblem, retakeRequest, setMark, takeFrames } from '../domain/retake';
import { currentTakeOf } from '../domain/takes';
import { selectShotJob } from './selectors';
import type { RetakeSlice } from './retakeSlice.types';
import type { SliceCreator } from './types';

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

export const createRetakeSlice: SliceCreator<RetakeSlice> = (deps) => (set, get) => {
  const { api } = deps;

  function fail(shotId: string, message: string): null {
    set({ retakeErrors: { ...get().retakeErrors, [shotId]: message } });
    return null;
  }

  return {
    retakeMarks: {},
    retakeParts: {},
    retakeErrors: {},
    retakeStarting: {},
    pendingRetakes: {},

    markRetake(shotId, which, frame) {
      const shot = get().shots[shotId];
      if (!shot) return;
      const frames = takeFrames(shot);
      if (!frames) return;
      const marks = setMark(get().retakeMarks[shotId] ?? NO_MARKS, which, frame, frames);
      set({ retakeMarks: { ...get().retakeMarks, [shotId]: marks } });
    },

    clearRetakeMarks(shotId) {
      set({ retakeMarks: without(get().retakeMarks, shotId) });
    },

    setRetakePart(shotId, part) {
      set({ retakeParts: { ...get().retakeParts, [shotId]: part } });
    },

    clearRetakeError(shotId) {
      set({ retakeErrors: without(get().retakeErrors, shotId) });
    },

    async retakeShot(shotId) {
      const { projectId } = get();
      const before = get().shots[shotId];
      if (!projectId || !before || get().retakeStarting[shotId]) return null;
      const marks = get().retakeMarks[shotId] ?? NO_MARKS;
      const job = selectShotJob(get(), shotId);
      const problem = retakeProblem(before, marks, !!job && isActive(job.status));
      if (problem) return fail(shotId, problem);
      set({ retakeStarting: { ...get().retakeStarting, [shotId]: true }, retakeErrors: without(get().retakeErrors, shotId) });
      try {
        // Unsaved inspector edits (the prompt the range is regenerated with) are saved first.
        const shot = await get().saveShot(shotId);
        if (!shot) return fail(shotId, get().shotErrors[shotId] ?? 'Save the shot first (it was changed elsewhere).');
        const range = markedRange(marks, takeFrames(shot))!;
        const body = retakeRequest(projectId, shotId, range, get().retakeParts[shotId] ?? 'both');
        const accepted = await api.generate(body);
        set({
          jobs: reduceJobs(
            get().jobs,
            [{ id: accepted.job_id, project_id: projectId, shot_id: shotId, status: accepted.status ?? 'pending', kind: 'retake' }],
            nextJobSeq,
          ),
          pendingRetakes: { ...get().pendingRetakes, [accepted.job_id]: { shotId, previousTake: currentTakeOf(shot) } },
        });
        // It may already have finished (a fast job, events before the answer).
        if (isTerminal(get().jobs[accepted.job_id]!.status)) get().settleRetake(accepted.job_id);
        return accepted.job_id;
      } catch (error) {
        return fail(shotId, messageOf(error));
      } finally {
        set({ retakeStarting: without(get().retakeStarting, shotId) });
      }
    },

    settleRetake(jobId) {
      const pending = get().pendingRetakes[jobId];
      const job = get().jobs[jobId];
      if (!pending || !job || !isTerminal(job.status)) return;
      set({ pendingRetakes: without(get().pendingRetakes, jobId) });
      const result = job.result && typeof job.result === 'object' ? (job.result as RetakeJobResult) : null;
      if (!result?.video_url) return; // failed or cancelled: the shot is as it was (the progress bar says why)
      get().pushServerStep({
        kind: 'retake',
        jobId,
        shotId: pending.shotId,
        resultShotId: pending.shotId,
        result: 'replace',
        previousTake: pending.previousTake,
      });
      // Show the new take even if the shot.updated event was missed.
      if (get().shots[pending.shotId]?.video_url !== result.video_url) void get().refreshProject();
    },
  };
};
