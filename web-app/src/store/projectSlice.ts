import type { Shot, ShotFields } from '../api/types';
import { EDITABLE_SHOT_FIELDS } from '../api/types';
import { messageOf } from '../domain/errors';
import { fieldsOf, sameValue, serverOrder } from '../domain/shotFields';
import { EMPTY_STORYBOARD } from './storyboardSlice';
import { EMPTY_TIMELINE_SESSION } from './timeline/session';
import { untracked } from './untracked';
import { EMPTY_TIMELINE } from '../domain/timeline/model';
import type { ProjectSlice } from './projectSlice.types';
import type { AppState, SliceCreator } from './types';

/**
 * Fold a newer server row into the drafts: a field the user has not touched (draft equals the old server value)
 * follows the server; a field with an unsaved edit keeps the edit (saving it will then meet a 409 if needed).
 */
function rebaseDraft(draft: ShotFields | undefined, before: Shot | undefined, after: Shot): ShotFields {
  if (!draft || !before) return fieldsOf(after);
  const was = fieldsOf(before);
  const now = fieldsOf(after);
  let changed = false;
  const next = { ...draft } as Record<string, unknown>;
  for (const field of EDITABLE_SHOT_FIELDS) {
    if (sameValue(draft[field], was[field]) && !sameValue(draft[field], now[field])) {
      next[field] = now[field];
      changed = true;
    }
  }
  return changed ? (next as unknown as ShotFields) : draft;
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => b[i] === id);
}

/**
 * True when the server changed a field the user has an unsaved edit to (and not to the same value): the user's edit
 * was made against a version they no longer see, so saving it must meet the 409 rather than overwrite blindly.
 */
function overlapsUnsavedEdit(draft: ShotFields | undefined, before: Shot | undefined, after: Shot): boolean {
  if (!draft || !before) return false;
  const was = fieldsOf(before);
  const now = fieldsOf(after);
  return EDITABLE_SHOT_FIELDS.some(
    (field) =>
      !sameValue(draft[field], was[field]) && !sameValue(now[field], was[field]) && !sameValue(now[field], draft[field]),
  );
}

/** The version to send with a save: the one the user's edits were based on, when the server has moved under them. */
function nextBaseVersions(
  bases: Record<string, number>,
  draft: ShotFields | undefined,
  before: Shot | undefined,
  after: Shot,
): Record<string, number> {
  if (bases[after.id] !== undefined || !before || !overlapsUnsavedEdit(draft, before, after)) return bases;
  return { ...bases, [after.id]: before.version };
}

const EMPTY_PROJECT = {
  projectId: null,
  project: null,
  shots: {},
  scenes: [],
  elements: [],
  assets: [],
  masks: [],
  projectStatus: 'idle',
  projectError: null,
  editBaseVersions: {},
} satisfies Partial<AppState>;

/** Per-project client state that goes when another project opens. */
const EMPTY_SESSION = {
  drafts: {},
  shotOrder: [],
  timeline: EMPTY_TIMELINE,
  ...EMPTY_TIMELINE_SESSION,
  jobs: {},
  selectedShotId: null,
  conflict: null,
  shotErrors: {},
  director: {},
  uploads: [],
  pendingExtends: {},
  serverPast: [],
  serverFuture: [],
  extendDialogShotId: null,
  extendError: null,
  retakeMarks: {},
  retakeErrors: {},
  retakeStarting: {},
  pendingRetakes: {},
  ...EMPTY_STORYBOARD,
  elementError: null,
  visualJobs: {},
  fixFrame: null,
  trackJobs: {},
} satisfies Partial<AppState>;

export const createProjectSlice: SliceCreator<ProjectSlice> = (deps) => (set, get) => {
  const { api } = deps;

  /** Replace the server rows of the open project (and the drafts/order that follow them) without touching undo. */
  function receiveProjectState(state: Awaited<ReturnType<typeof api.getProject>>, fresh: boolean, mark?: number): void {
    const { shots: shotList, scenes, elements, assets, masks = [], tracks = [], clips = [], ...meta } = state;
    const prevShots = get().shots;
    const shots: Record<string, Shot> = {};
    const drafts: Record<string, ShotFields> = {};
    let bases = fresh ? {} : get().editBaseVersions;
    for (const shot of shotList) {
      const prev = prevShots[shot.id];
      const keep = !fresh && prev && prev.version > shot.version ? prev : shot; // never go back to an older row
      shots[shot.id] = keep;
      const draft = get().drafts[shot.id];
      if (!fresh) bases = nextBaseVersions(bases, draft, prev, keep);
      drafts[shot.id] = fresh ? fieldsOf(keep) : rebaseDraft(draft, prev, keep);
    }
    // A fresh load takes the server's order; a refresh keeps the local order (it may be mid-way through being
    // persisted) and only drops shots that are gone and appends new ones.
    const fromServer = serverOrder(shots);
    const local = get().shotOrder;
    const merged = fresh
      ? fromServer
      : [...local.filter((id) => id in shots), ...fromServer.filter((id) => !local.includes(id))];
    const order = sameIds(merged, local) ? local : merged;
    untracked(deps, () =>
      set({
        project: meta,
        shots,
        scenes,
        elements,
        assets,
        masks,
        drafts,
        shotOrder: order,
        editBaseVersions: bases,
        projectStatus: 'ready',
        projectError: null,
      }),
    );
    get().receiveTimeline(tracks, clips, { fresh, ...(mark !== undefined ? { mark } : {}) });
  }

  return {
    ...EMPTY_PROJECT,

    async openProject(projectId) {
      if (get().projectId !== projectId) {
        untracked(deps, () => set({ ...EMPTY_PROJECT, ...EMPTY_SESSION }));
        deps.history().getState().clear();
      }
      set({ projectId, projectStatus: 'loading', projectError: null });
      try {
        const [state] = await Promise.all([api.getProject(projectId), get().loadProjectJobs(projectId)]);
        if (get().projectId !== projectId) return;
        receiveProjectState(state, true);
        deps.history().getState().clear();
        get().restoreTimelineSession();
        const first = get().shotOrder[0];
        if (!get().selectedShotId && first) set({ selectedShotId: first });
      } catch (error) {
        if (get().projectId === projectId) set({ projectStatus: 'error', projectError: messageOf(error) });
      }
    },

    closeProject() {
      untracked(deps, () => set({ ...EMPTY_PROJECT, ...EMPTY_SESSION }));
      deps.history().getState().clear();
    },

    async refreshProject() {
      const projectId = get().projectId;
      if (!projectId) return;
      try {
        const mark = get().timelineMark();
        const state = await api.getProject(projectId);
        if (get().projectId === projectId) receiveProjectState(state, false, mark);
      } catch (error) {
        get().notify(`Could not refresh the project: ${messageOf(error)}`);
      }
    },

    receiveShot(shot, options) {
      const { projectId, shots, drafts, shotOrder } = get();
      if (shot.project_id !== projectId) return;
      const prev = shots[shot.id];
      if (prev && prev.version > shot.version && !options?.force) return;
      const draft = rebaseDraft(drafts[shot.id], prev, shot);
      let bases = get().editBaseVersions;
      if (options?.force || options?.saved) {
        const { [shot.id]: _dropped, ...rest } = bases;
        bases = rest;
      } else {
        bases = nextBaseVersions(bases, drafts[shot.id], prev, shot);
      }
      const nextShots = { ...shots, [shot.id]: shot };
      let order = shotOrder.includes(shot.id) ? shotOrder : [...shotOrder, shot.id];
      // Another tab inserted, moved or deleted a shot (the server renumbered this one): take the server's order,
      // unless ours differs from it already (a move of ours is still being saved; it re-reads when done).
      if (prev && prev.index !== shot.index && sameIds(shotOrder, serverOrder(shots))) order = serverOrder(nextShots);
      untracked(deps, () =>
        set({
          editBaseVersions: bases,
          shots: nextShots,
          drafts: draft === drafts[shot.id] ? drafts : { ...drafts, [shot.id]: draft },
          shotOrder: order,
        }),
      );
    },

    async addShot(prompt = '') {
      const { projectId } = get();
      if (!projectId) return null;
      try {
        const shot = await api.createShot(projectId, { prompt });
        get().receiveShot(shot);
        // Other shots may have been renumbered; the server's order is the truth for new rows.
        untracked(deps, () => set({ shotOrder: serverOrder(get().shots) }));
        set({ selectedShotId: shot.id });
        return shot;
      } catch (error) {
        get().notify(`Could not add a shot: ${messageOf(error)}`);
        return null;
      }
    },

    async deleteShot(shotId) {
      const { projectId } = get();
      if (!projectId) return;
      try {
        await api.deleteShot(projectId, shotId);
        const { [shotId]: _gone, ...shots } = get().shots;
        const { [shotId]: _draft, ...drafts } = get().drafts;
        const order = get().shotOrder.filter((id) => id !== shotId);
        untracked(deps, () => set({ shots, drafts, shotOrder: order }));
        // Undo must not resurrect a deleted shot's edits: the row is gone. The server steps go too (their depths
        // counted the history just cleared).
        deps.history().getState().clear();
        set({ serverPast: [], serverFuture: [] });
        if (get().selectedShotId === shotId) set({ selectedShotId: order[0] ?? null });
        await get().refreshProject();
      } catch (error) {
        get().notify(`Could not delete the shot: ${messageOf(error)}`);
      }
    },
  };
};
