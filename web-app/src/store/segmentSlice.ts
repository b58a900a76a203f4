// Segmentation (SAM 3) as the studio uses it: the service's status light, the Fix-frame editor's server calls (grab a
// frame, ask SAM, in-paint, re-generate the shot from the result) and the objects tracked through shots' clips.
import { ApiError } from '../api/client';
import type { GenerateRequest, SegmentationStatus } from '../api/types';
import { messageOf } from '../domain/errors';
import { isTerminal, nextJobSeq, reduceJobs } from '../domain/jobReducer';
import type { SamLight, SegmentSlice } from './segmentSlice.types';
import type { AppState, SliceCreator } from './types';

/** What a refused SAM call means for the light: 503 = the service is not there (or not ready). */
export function isSamUnavailable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 503;
}

/** The light's colour-state: the service's own status, `unknown` before any answer or while the backend is away. */
export function samLight(status: SegmentationStatus | null, error: string | null): SamLight {
  if (error || !status) return 'unknown';
  return status.status;
}

export const SAM_START_HINT = 'start it with ./run_sam.sh';

/** The light's tooltip: the state in words, the detail, and how to start the service when it is down. */
export function samTooltip(status: SegmentationStatus | null, error: string | null): string {
  if (error) return `Segmentation status unknown: ${error}`;
  if (!status) return 'Segmentation status: checking…';
  const parts = [`SAM 3 segmentation: ${status.status}`];
  if (status.model) parts.push(`model ${status.model}${status.device ? ` on ${status.device}` : ''}`);
  if (status.detail) parts.push(status.detail);
  if (status.status === 'down' && !(status.detail ?? '').includes('run_sam.sh')) parts.push(SAM_START_HINT);
  if (status.test_model) parts.push('test model: masks are noise');
  return parts.join(' — ');
}

export const createSegmentSlice: SliceCreator<SegmentSlice> = ({ api }) => (set, get) => {
  /** A SAM call was refused: say the server's words; a 503 turns the light red now and re-checks it. */
  function refused(what: string, error: unknown): void {
    if (isSamUnavailable(error)) {
      const prev = get().samStatus;
      set({
        samStatus: { url: prev?.url ?? '', ...prev, running: false, status: 'down', detail: messageOf(error) },
        samStatusError: null,
      });
      void get().loadSamStatus();
    }
    get().notify(`${what}: ${messageOf(error)}`);
  }

  function addJob(state: AppState, jobId: string, kind: string, shotId: string | null) {
    return reduceJobs(
      state.jobs,
      [{ id: jobId, project_id: state.projectId, shot_id: shotId, status: 'pending', kind }],
      nextJobSeq,
    );
  }

  return {
    samStatus: null,
    samStatusError: null,
    fixFrame: null,
    trackJobs: {},

    async loadSamStatus() {
      try {
        const samStatus = await api.segmentationStatus();
        set({ samStatus, samStatusError: null });
      } catch (error) {
        set({ samStatusError: messageOf(error) });
      }
    },

    async openFixFrame(shotId, frame) {
      const projectId = get().projectId;
      if (!projectId) return;
      set({
        fixFrame: { shotId, frame, status: 'grabbing', asset: null, error: null, inpaintJobId: null, submitting: false },
      });
      try {
        const asset = await api.grabFrame(projectId, shotId, frame);
        const now = get().fixFrame;
        if (!now || now.shotId !== shotId || now.frame !== frame) return; // closed or re-opened meanwhile
        set({
          fixFrame: { ...now, status: 'ready', asset },
          assets: [...get().assets.filter((a) => a.id !== asset.id), asset],
        });
      } catch (error) {
        const now = get().fixFrame;
        if (now?.shotId === shotId) set({ fixFrame: { ...now, status: 'error', error: messageOf(error) } });
        get().notify(`Could not grab frame ${frame}: ${messageOf(error)}`);
      }
    },

    closeFixFrame() {
      if (get().fixFrame) set({ fixFrame: null });
    },

    async segmentFrame(body) {
      const { projectId, fixFrame } = get();
      if (!projectId || !fixFrame?.asset) return null;
      try {
        const answer = await api.segment(projectId, { ...body, asset_id: fixFrame.asset.id });
        if (get().samStatus?.status !== 'ok') void get().loadSamStatus(); // it answered: the light may be stale
        return answer;
      } catch (error) {
        refused('Segmentation refused', error);
        return null;
      }
    },

    async inpaintFrame(mask, { prompt, strength, steps }) {
      const { projectId, fixFrame } = get();
      if (!projectId || !fixFrame?.asset) return null;
      const shot = get().shots[fixFrame.shotId];
      set({ fixFrame: { ...fixFrame, submitting: true } });
      const done = (patch: Partial<NonNullable<AppState['fixFrame']>>) => {
        const now = get().fixFrame;
        if (now && now.asset?.id === fixFrame.asset?.id) set({ fixFrame: { ...now, submitting: false, ...patch } });
      };
      try {
        const maskAsset = await api.uploadAsset(
          projectId, mask, `mask-${fixFrame.shotId.slice(0, 8)}-f${fixFrame.frame}.png`, fixFrame.asset.id,
        );
        set({ assets: [...get().assets.filter((a) => a.id !== maskAsset.id), maskAsset] });
        // No shot_id: a shot_id would replace the shot's still; the frame stays tied to its shot anyway.
        const body: GenerateRequest = {
          project_id: projectId,
          mode: 'inpaint',
          prompt,
          image_asset_id: fixFrame.asset.id,
          mask_asset_id: maskAsset.id,
          strength,
        };
        if (steps) body.num_inference_steps = steps;
        if (shot) body.seed = shot.seed;
        const accepted = await api.generate(body);
        set({ jobs: addJob(get(), accepted.job_id, 'inpaint', null) });
        done({ inpaintJobId: accepted.job_id });
        return accepted.job_id;
      } catch (error) {
        done({});
        get().notify(`Could not start the in-paint: ${messageOf(error)}`);
        return null;
      }
    },

    async regenerateFromFrame(assetId, how) {
      const { projectId, fixFrame } = get();
      if (!projectId || !fixFrame) return null;
      const { shotId, frame } = fixFrame;
      // Unsaved inspector edits (the prompt…) go first, as Generate does; a 409 stops here and shows the conflict.
      const shot = await get().saveShot(shotId);
      if (!shot) return null;
      const body: GenerateRequest =
        how === 'i2v'
          ? { project_id: projectId, shot_id: shotId, mode: 'i2v', image_asset_id: assetId }
          : { project_id: projectId, shot_id: shotId, mode: 'keyframes', conditioning: [{ asset_id: assetId, frame, strength: 1 }] };
      try {
        const accepted = await api.generate(body);
        set({ jobs: addJob(get(), accepted.job_id, how, shotId), fixFrame: null, selectedShotId: shotId });
        get().clearShotError(shotId);
        return accepted.job_id;
      } catch (error) {
        get().notify(`Could not re-generate the shot: ${messageOf(error)}`);
        return null;
      }
    },

    async trackFromFrame(prompt) {
      const { projectId, fixFrame } = get();
      if (!projectId || !fixFrame) return null;
      try {
        const accepted = await api.trackShot(projectId, fixFrame.shotId, { ...prompt, frame: fixFrame.frame });
        set({
          jobs: addJob(get(), accepted.job_id, 'track', fixFrame.shotId),
          trackJobs: { ...get().trackJobs, [accepted.job_id]: fixFrame.shotId },
        });
        get().notify('Tracking through the clip: the masks appear under the shot in the inspector.', 'info');
        return accepted.job_id;
      } catch (error) {
        refused('Tracking refused', error);
        return null;
      }
    },

    receiveMask(mask) {
      if (mask.project_id !== get().projectId) return;
      const masks = get().masks;
      const at = masks.findIndex((m) => m.id === mask.id);
      set({ masks: at >= 0 ? masks.map((m, i) => (i === at ? mask : m)) : [...masks, mask] });
    },

    async deleteMask(maskId) {
      const projectId = get().projectId;
      if (!projectId) return;
      try {
        await api.deleteMask(projectId, maskId);
        set({ masks: get().masks.filter((m) => m.id !== maskId) });
      } catch (error) {
        get().notify(`Could not delete the mask: ${messageOf(error)}`);
      }
    },

    settleTrack(jobId) {
      const shotId = get().trackJobs[jobId];
      const job = get().jobs[jobId];
      if (!shotId || !job || !isTerminal(job.status)) return;
      const { [jobId]: _done, ...rest } = get().trackJobs;
      set({ trackJobs: rest });
      if (job.status === 'failed') get().notify(`Tracking failed: ${job.error ?? 'no reason given'}`);
      else if (job.status === 'completed' && (job.result as { found?: boolean } | null)?.found === false) {
        get().notify('Tracking found no object in the clip.', 'info');
      }
    },
  };
};
