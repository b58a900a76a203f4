import type { Element } from '../api/types';
import { messageOf } from '../domain/errors';
import { isTerminal, nextJobSeq, reduceJobs } from '../domain/jobReducer';
import type { ElementsSlice } from './elementsSlice.types';
import type { SliceCreator } from './types';

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
            element_id: elementId, // the server attaches the still to the element when the job completes
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
        const job = get().jobs[jobId];
        if (job?.status === 'failed') refuse(`Generating the visual failed: ${job.error ?? 'unknown error'}`);
        if (job?.status !== 'completed') return;
        // The server attached the still to the element (and said so with `element.updated`); re-read the project in
        // case that event was missed: the new asset and the element's new version.
        await get().refreshProject();
      },

      receiveElement(element) {
        const current = get().elements.find((e) => e.id === element.id);
        if (current && current.version > element.version) return; // an older row than the one shown
        if (current && current.version === element.version && JSON.stringify(current) === JSON.stringify(element)) return;
        receive(element);
      },

      clearElementError() {
        set({ elementError: null });
      },
    };
  };
