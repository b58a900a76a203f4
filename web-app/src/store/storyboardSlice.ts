import { messageOf } from '../domain/errors';
import {
  addProposalElement,
  addProposalShot,
  deleteProposalElement,
  deleteProposalShot,
  editProposalScene,
  editProposalShot,
  editProposalShotPrompt,
  proposalFrom,
  renameProposalElement,
  setProposalElementType,
  setProposalShotCharacters,
  setProposalShotDuration,
  storyboardOf,
} from '../domain/storyboard';
import type { StoryboardSlice } from './storyboardSlice.types';
import type { SliceCreator } from './types';

export const EMPTY_STORYBOARD = {
  scriptText: '',
  scriptName: null,
  scriptFormat: null,
  proposal: null,
  parsing: false,
  parseError: null,
  committing: false,
  commitError: null,
  commitResult: null,
  directing: null,
  directorError: null,
} satisfies Partial<StoryboardSlice>;

/** Script → proposal (parse, nothing saved) → the user's adjustments → commit (all or nothing). */
export const createStoryboardSlice: SliceCreator<StoryboardSlice> =
  ({ api }) =>
  (set, get) => ({
    ...EMPTY_STORYBOARD,

    setScript(text, name, format) {
      set({
        scriptText: text,
        ...(name !== undefined ? { scriptName: name } : {}),
        ...(format !== undefined ? { scriptFormat: format } : {}),
        parseError: null,
      });
    },

    async parseScript() {
      const { projectId, scriptText, scriptFormat } = get();
      if (!projectId) return false;
      set({ parsing: true, parseError: null, commitResult: null, commitError: null });
      try {
        const answer = await api.parseStoryboard(projectId, { text: scriptText, ...(scriptFormat ? { format: scriptFormat } : {}) });
        if (get().projectId !== projectId) return false;
        set({ proposal: proposalFrom(answer), parsing: false });
        return true;
      } catch (error) {
        if (get().projectId === projectId) set({ parsing: false, parseError: messageOf(error) });
        return false;
      }
    },

    async askDirector(sceneIndex) {
      const { projectId, scriptText, scriptFormat } = get();
      if (!projectId || get().directing !== null) return false;
      set({ directing: sceneIndex ?? 'all', directorError: null, commitResult: null, commitError: null });
      try {
        const body = { text: scriptText, ...(scriptFormat ? { format: scriptFormat } : {}) };
        const answer = await api.breakdownStoryboard(projectId, sceneIndex === null ? body : { ...body, scene_index: sceneIndex });
        if (get().projectId !== projectId) return false;
        const directed = proposalFrom(answer);
        const current = get().proposal;
        const scene = sceneIndex === null ? undefined : directed.scenes[sceneIndex];
        const proposal =
          current && scene && sceneIndex !== null
            ? { ...current, breakdown: directed.breakdown, warnings: directed.warnings, scenes: current.scenes.map((s, i) => (i === sceneIndex ? scene : s)) }
            : directed;
        set({ proposal, directing: null });
        return true;
      } catch (error) {
        if (get().projectId === projectId) set({ directing: null, directorError: messageOf(error) });
        return false;
      }
    },

    editProposalShot(sceneIndex, shotIndex, text) {
      const p = get().proposal;
      if (p) set({ proposal: editProposalShot(p, sceneIndex, shotIndex, text) });
    },
    editProposalShotPrompt(sceneIndex, shotIndex, prompt) {
      const p = get().proposal;
      if (p) set({ proposal: editProposalShotPrompt(p, sceneIndex, shotIndex, prompt) });
    },
    deleteProposalShot(sceneIndex, shotIndex) {
      const p = get().proposal;
      if (p) set({ proposal: deleteProposalShot(p, sceneIndex, shotIndex) });
    },
    renameProposalElement(index, name) {
      const p = get().proposal;
      if (p) set({ proposal: renameProposalElement(p, index, name) });
    },
    deleteProposalElement(index) {
      const p = get().proposal;
      if (p) set({ proposal: deleteProposalElement(p, index) });
    },
    editProposalScene(sceneIndex, patch) {
      const p = get().proposal;
      if (p) set({ proposal: editProposalScene(p, sceneIndex, patch) });
    },
    setProposalShotDuration(sceneIndex, shotIndex, seconds) {
      const p = get().proposal;
      if (p) set({ proposal: setProposalShotDuration(p, sceneIndex, shotIndex, seconds) });
    },
    setProposalShotCharacters(sceneIndex, shotIndex, text) {
      const p = get().proposal;
      if (p) set({ proposal: setProposalShotCharacters(p, sceneIndex, shotIndex, text) });
    },
    addProposalShot(sceneIndex, afterShotIndex) {
      const p = get().proposal;
      if (p) set({ proposal: addProposalShot(p, sceneIndex, afterShotIndex) });
    },
    setProposalElementType(index, type) {
      const p = get().proposal;
      if (p) set({ proposal: setProposalElementType(p, index, type) });
    },
    addProposalElement(name, type) {
      const p = get().proposal;
      if (p) set({ proposal: addProposalElement(p, name, type) });
    },

    async commitProposal() {
      const { projectId, proposal } = get();
      if (!projectId || !proposal) return null;
      set({ committing: true, commitError: null, commitResult: null });
      try {
        const result = await api.commitStoryboard(projectId, storyboardOf(proposal));
        if (get().projectId !== projectId) return null;
        set({ committing: false, commitResult: result });
        // New shots, scenes and elements: take the server's rows and order.
        await get().refreshProject();
        return result;
      } catch (error) {
        if (get().projectId === projectId) set({ committing: false, commitError: messageOf(error) });
        return null;
      }
    },

    discardProposal() {
      set({ proposal: null, parseError: null, commitError: null, commitResult: null });
    },
  });
