import type { Element } from '../api/types';
import { messageOf } from './errors';
import { isTerminal, nextJobSeq, reduceJobs } from './jobReducer';
import type { ElementsSlice, SliceCreator } from './types';

function assetIdOf(result: unknown): string | null {
  if (result && typeof result === 'object' && 'asset_id' in result) {
    const id = (result as { asset_id: unknown }).asset_id;
    return typeof id === 'string' && id ? id : null;
  }
  return null;
}

/** The default "Generate visual" prompt for an element. */
export function visualPrompt(element: Pick<Element, 'trigger' | 'element_type'>): string {
  switch (element.element_type) {
    case 'character':
      return `character sheet of ${element.trigger}, front view, neutral background`;
    case 'location':
      return `establishing shot of ${element.trigger}, wide angle`;
    case 'style':
      return `a still in the style of ${element.trigger}`;
    default:
      return `product shot of ${element.trigger}, neutral background`;
  }
}

export const createElementsSlice: SliceCreator<ElementsSlice> =
  ({ api }) =>
  (set, get) => {
    function receive(element: Element): void {
      const list = get().elements;
      const known = list.some((e) => e.id === element.id);
      set({ elements: known ? list.map((e) => (e.id === element.id ? element : e)) : [...list, element] });
    }
    function refuse(error: unknown): void {
      set({ elementError: messageOf(error) });
    }

    return {
      elementError: null,
      visualJobs: {},

      async createElement(body) {
        const projectId = get().projectId;
        if (!projectId) return null;
        try {
          const element = await api.createElement(projectId, body);
          receive(element);
          set({ elementError: null });
          return element;
        } catch (error) {
          refuse(error);
          return null;
        }
      },

      async updateElement(elementId, patch) {
        const projectId = get().projectId;
        const current = get().elements.find((e) => e.id === elementId);
        if (!projectId || !current) return null;
        try {
          const element = await api.updateElement(projectId, elementId, { ...patch, version: current.version });
          receive(element);
          set({ elementError: null });
          return element;
        } catch (error) {
          refuse(error);
          await get().refreshProject(); // a 409: show the current row
          return null;
        }
      },

      async deleteElement(elementId) {
        const projectId = get().projectId;
        if (!projectId) return;
        try {
          await api.deleteElement(projectId, elementId);
          set({ elements: get().elements.filter((e) => e.id !== elementId), elementError: null });
        } catch (error) {
          refuse(error);
        }
      },

      async generateElementVisual(elementId, prompt) {
        const projectId = get().projectId;
        const element = get().elements.find((e) => e.id === elementId);
        if (!projectId || !element) return null;
        try {
          const project = get().project;
          const accepted = await api.generate({
            project_id: projectId,
            mode: 't2i',
            prompt: prompt?.trim() || visualPrompt(element),
            ...(project ? { width: project.width, height: project.height } : {}),
          });
          set({
            jobs: reduceJobs(
              get().jobs,
              [{ id: accepted.job_id, project_id: projectId, shot_id: null, status: accepted.status ?? 'pending', kind: 't2i' }],
              nextJobSeq,
            ),
            visualJobs: { ...get().visualJobs, [accepted.job_id]: elementId },
            elementError: null,
          });
          // It may have finished before this answer was read.
          const job = get().jobs[accepted.job_id];
          if (job && isTerminal(job.status)) void get().settleElementVisual(accepted.job_id);
          return accepted.job_id;
        } catch (error) {
          refuse(error);
          return null;
        }
      },

      async settleElementVisual(jobId) {
        const elementId = get().visualJobs[jobId];
        if (!elementId) return;
        const { [jobId]: _done, ...rest } = get().visualJobs;
        set({ visualJobs: rest });
        let job = get().jobs[jobId];
        if (job?.status !== 'completed') {
          if (job?.status === 'failed') refuse(`Generating the visual failed: ${job.error ?? 'unknown error'}`);
          return;
        }
        let assetId = assetIdOf(job.result);
        if (!assetId) {
          try {
            get().receiveJobs([await api.getJob(jobId)]);
            job = get().jobs[jobId];
            assetId = assetIdOf(job?.result);
          } catch (error) {
            refuse(error);
            return;
          }
        }
        if (!assetId) return;
        await get().refreshAssets();
        const element = get().elements.find((e) => e.id === elementId);
        if (!element || element.reference_asset_ids.includes(assetId)) return;
        await get().updateElement(elementId, { reference_asset_ids: [...element.reference_asset_ids, assetId] });
      },

      clearElementError() {
        set({ elementError: null });
      },
    };
  };
