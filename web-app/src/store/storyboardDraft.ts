// The storyboard's unsaved work, kept per project in this browser (localStorage): the script as pasted or typed
// (parsed or not) and the proposal not committed yet, so a reload brings them back. It mirrors what the storyboard
// shows: written shortly after a change (and on pagehide), gone once the proposal is committed, and a discarded
// proposal is dropped from it (the script text stays while it is in the box). Kept beside the storyboard slice, which
// it only reads and restores.
import type { StoreApi } from 'zustand';
import type { Proposal } from '../domain/storyboard';
import { readJson, removeKey, writeJson } from '../domain/timeline/storage';
import type { KeyValueStorage } from '../domain/timeline/storage';
import type { AppState } from './types';

export const storyboardDraftKey = (projectId: string) => `milimo.storyboard.draft.${projectId}`;

interface StoredDraft {
  v: 1;
  scriptText: string;
  scriptName: string | null;
  scriptFormat: AppState['scriptFormat'];
  proposal: Proposal | null;
}

type Draft = Pick<AppState, 'scriptText' | 'scriptName' | 'scriptFormat' | 'proposal'>;

const draftOf = (s: AppState): Draft => ({ scriptText: s.scriptText, scriptName: s.scriptName, scriptFormat: s.scriptFormat, proposal: s.proposal });
const changed = (a: Draft, b: Draft) =>
  a.scriptText !== b.scriptText || a.scriptName !== b.scriptName || a.scriptFormat !== b.scriptFormat || a.proposal !== b.proposal;

function write(storage: KeyValueStorage | null, projectId: string, draft: Draft): void {
  const key = storyboardDraftKey(projectId);
  if (!draft.scriptText && !draft.proposal) {
    removeKey(storage, key);
    return;
  }
  const stored: StoredDraft = { v: 1, ...draft };
  // A proposal too big for the quota: keep at least the script, from which it can be parsed again.
  if (!writeJson(storage, key, stored) && !writeJson(storage, key, { ...stored, proposal: null })) removeKey(storage, key);
}

/** Keep `store`'s storyboard draft in `storage` per project and restore it when the project opens. */
export function installStoryboardDraft(store: StoreApi<AppState>, storage: KeyValueStorage | null, delayMs: number): void {
  let restoredFor: string | null = null; // nothing is written for a project before its draft was read back
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { projectId: string; draft: Draft } | null = null;
  let committed: { text: string; proposal: Proposal | null } | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending) write(storage, pending.projectId, pending.draft);
    pending = null;
  };

  store.subscribe((now, before) => {
    const { projectId } = now;
    if (projectId !== before.projectId) {
      flush(); // the previous project's last change
      restoredFor = null;
      committed = null;
    }
    if (!projectId) return;
    if (restoredFor !== projectId) {
      if (now.projectStatus !== 'ready') return;
      restoredFor = projectId;
      const stored = readJson<StoredDraft>(storage, storyboardDraftKey(projectId));
      if (stored?.v === 1 && typeof stored.scriptText === 'string' && !now.scriptText && !now.proposal) {
        store.setState({ scriptText: stored.scriptText, scriptName: stored.scriptName ?? null, scriptFormat: stored.scriptFormat ?? null, proposal: stored.proposal ?? null });
      }
      return;
    }
    if (now.commitResult && now.commitResult !== before.commitResult) {
      // Committed: the shots are the project's now; nothing of this draft is unsaved any more.
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
      committed = { text: now.scriptText, proposal: now.proposal };
      removeKey(storage, storyboardDraftKey(projectId));
      return;
    }
    const draft = draftOf(now);
    if (!changed(draft, draftOf(before))) return;
    // Closing the committed proposal is not new work: only another script or another parse is.
    if (committed && draft.scriptText === committed.text && (!draft.proposal || draft.proposal === committed.proposal)) return;
    committed = null;
    pending = { projectId, draft };
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  if (typeof window !== 'undefined') window.addEventListener('pagehide', flush);
}
