// Smart Continue: extend a shot by N seconds, and make that undoable. The extension is a server-side change (a new
// take becomes the shot's clip, or a new shot appears), so its undo is a server call too: PATCH the shot back to the
// previous take (replace) or DELETE the new shot (new_shot). zundo keeps recording only the editing state; the server
// steps sit beside it in `serverPast` / `serverFuture`, each tagged with zundo's depth, so Ctrl+Z walks both in order.
import { ConflictError } from '../api/client';
import type { ExtendJobResult, ExtendRequest, Shot } from '../api/types';
import { currentTakeOf } from '../domain/takes';
import { messageOf } from '../domain/errors';
import { isTerminal, nextJobSeq, reduceJobs } from '../domain/jobReducer';
import { untracked } from './untracked';
import type { ExtendSlice, ServerStep } from './extendSlice.types';
import type { SliceCreator } from './types';

/** How a step is named in a message. */
const STEP_NAMES: Record<ServerStep['kind'], string> = { extend: 'extension', retake: 'retake', take: 'take switch' };

function extendResultOf(result: unknown): ExtendJobResult | null {
  return result && typeof result === 'object' ? (result as ExtendJobResult) : null;
}

export const createExtendSlice: SliceCreator<ExtendSlice> = (deps) => (set, get) => {
  const { api } = deps;

  /** PATCH the shot's current take; one retry on a 409 with the row the server sent. */
  async function applyTake(shotId: string, take: string): Promise<void> {
    const projectId = get().projectId;
    const shot = get().shots[shotId];
    if (!projectId || !shot) throw new Error('the shot is not in this project any more');
    let updated: Shot;
    try {
      updated = await api.selectTake(projectId, shotId, shot.version, take);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const current = (error.current as Shot | null) ?? (await api.getProject(projectId)).shots.find((s) => s.id === shotId);
      if (!current) throw error;
      updated = await api.selectTake(projectId, shotId, current.version, take);
    }
    get().receiveShot(updated);
  }

  function removeShotLocally(shotId: string): void {
    const { [shotId]: _gone, ...shots } = get().shots;
    const { [shotId]: _draft, ...drafts } = get().drafts;
    untracked(deps, () => set({ shots, drafts, shotOrder: get().shotOrder.filter((id) => id !== shotId) }));
  }

  return {
    extendDialogShotId: null,
    extendError: null,
    extending: false,
    pendingExtends: {},
    serverPast: [],
    serverFuture: [],
    historyBusy: false,

    openExtendDialog(shotId) {
      set({ extendDialogShotId: shotId, extendError: null });
    },

    closeExtendDialog() {
      set({ extendDialogShotId: null, extendError: null });
    },

    async extendShot(shotId, options) {
      const { projectId } = get();
      if (!projectId || !get().shots[shotId]) return null;
      set({ extending: true, extendError: null });
      try {
        // Unsaved inspector edits are saved first (a 409 stops here and shows the conflict).
        const shot = await get().saveShot(shotId);
        if (!shot) {
          set({ extendError: get().shotErrors[shotId] ?? 'Save the shot first (it was changed elsewhere).' });
          return null;
        }
        const body: ExtendRequest = { project_id: projectId, shot_id: shotId, mode: 'extend', ...options };
        if (!body.instruction?.trim()) delete body.instruction;
        const accepted = await api.extendShot(body);
        const jobs = reduceJobs(
          get().jobs,
          [{ id: accepted.job_id, project_id: projectId, shot_id: shotId, status: accepted.status ?? 'pending', kind: 'extend' }],
          nextJobSeq,
        );
        set({
          jobs,
          pendingExtends: {
            ...get().pendingExtends,
            [accepted.job_id]: { shotId, result: options.extend_result ?? 'replace', previousTake: currentTakeOf(shot) },
          },
          extendDialogShotId: null,
        });
        get().clearShotError(shotId);
        // It may already have finished (a fast job, events before the answer).
        if (isTerminal(get().jobs[accepted.job_id]!.status)) get().settleExtend(accepted.job_id);
        return accepted.job_id;
      } catch (error) {
        set({ extendError: messageOf(error), shotErrors: { ...get().shotErrors, [shotId]: messageOf(error) } });
        return null;
      } finally {
        set({ extending: false });
      }
    },

    settleExtend(jobId) {
      const pending = get().pendingExtends[jobId];
      const job = get().jobs[jobId];
      if (!pending || !job || !isTerminal(job.status)) return;
      const { [jobId]: _done, ...rest } = get().pendingExtends;
      set({ pendingExtends: rest });
      const result = extendResultOf(job.result);
      // Failed, or cancelled before any chunk was committed: the shot is as it was, nothing to undo.
      if (!result?.video_url) return;
      const resultShotId = result.shot_id ?? pending.shotId;
      const step: Omit<ServerStep, 'depth'> = {
        kind: 'extend',
        jobId,
        shotId: pending.shotId,
        resultShotId,
        result: resultShotId !== pending.shotId ? 'new_shot' : pending.result,
        previousTake: pending.previousTake,
      };
      get().pushServerStep(step);
      if (step.result === 'new_shot') {
        void get()
          .refreshProject()
          .then(() => {
            if (get().shots[resultShotId]) get().selectShot(resultShotId);
          });
      } else if (get().shots[resultShotId]?.video_url !== result.video_url) {
        void get().refreshProject(); // show the longer clip even if the shot.updated event was missed
      }
    },

    pushServerStep(step) {
      // A new step ends every redo: zundo's as well as ours.
      deps.history().setState({ futureStates: [] });
      set({ serverPast: [...get().serverPast, { ...step, depth: deps.history().getState().pastStates.length }], serverFuture: [] });
    },

    async switchTake(shotId, takeJobId) {
      const shot = get().shots[shotId];
      if (!shot || get().historyBusy) return;
      const previousTake = currentTakeOf(shot);
      if (previousTake === takeJobId) return;
      set({ historyBusy: true });
      try {
        await applyTake(shotId, takeJobId);
        get().pushServerStep({ kind: 'take', jobId: takeJobId, shotId, resultShotId: shotId, result: 'replace', previousTake });
      } catch (error) {
        get().notify(`Could not switch to that take: ${messageOf(error)}`);
      } finally {
        set({ historyBusy: false });
      }
    },

    async undoServerStep() {
      const step = get().serverPast[get().serverPast.length - 1];
      if (!step || get().historyBusy) return;
      set({ historyBusy: true });
      try {
        if (step.result === 'replace') {
          if (!step.previousTake) throw new Error('the shot had no earlier take to go back to');
          await applyTake(step.resultShotId, step.previousTake);
          set({ serverPast: get().serverPast.slice(0, -1), serverFuture: [...get().serverFuture, step] });
        } else {
          const projectId = get().projectId;
          if (!projectId) return;
          await api.deleteShot(projectId, step.resultShotId);
          removeShotLocally(step.resultShotId);
          if (get().selectedShotId === step.resultShotId || !get().selectedShotId) get().selectShot(step.shotId);
          // A deleted shot cannot be brought back (its clip went with it), so this undo ends the redo history.
          deps.history().setState({ futureStates: [] });
          set({ serverPast: get().serverPast.slice(0, -1), serverFuture: [] });
          get().notify('Undo removed the shot the extension made; this cannot be redone (extend again instead).', 'info');
          await get().refreshProject();
        }
      } catch (error) {
        // A step that can no longer be undone (the shot is gone, the take unknown) is dropped rather than retried.
        set({ serverPast: get().serverPast.filter((s) => s !== step) });
        get().notify(`Could not undo the ${STEP_NAMES[step.kind]}: ${messageOf(error)}`);
      } finally {
        set({ historyBusy: false });
      }
    },

    async redoServerStep() {
      const step = get().serverFuture[get().serverFuture.length - 1];
      if (!step || get().historyBusy) return;
      set({ historyBusy: true });
      try {
        // Only replace steps reach the redo stack: the step's own take (extension, retake, chosen take) is the clip again.
        await applyTake(step.resultShotId, step.jobId);
        set({
          serverFuture: get().serverFuture.slice(0, -1),
          serverPast: [...get().serverPast, { ...step, depth: deps.history().getState().pastStates.length }],
        });
      } catch (error) {
        set({ serverFuture: get().serverFuture.filter((s) => s !== step) });
        get().notify(`Could not redo the ${STEP_NAMES[step.kind]}: ${messageOf(error)}`);
      } finally {
        set({ historyBusy: false });
      }
    },
  };
};
