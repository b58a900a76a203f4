// The timeline's store: the local timeline (in the undo history, `EditingState.timeline`), the server copy and the
// outbox that makes the server follow (src/timeline/sync.ts), selection/playhead/zoom (not history) and live drags
// (`gesture`: a preview outside the history, committed once on pointer-up). See src/timeline/README.md.
import type { ClipRead, TrackRead } from '../api/types';
import { NO_VERSIONS, countPending, planSync, rebase } from '../timeline/diff';
import type { SyncStep } from '../timeline/diff';
import { packHistory, unpackHistory } from '../timeline/history';
import type { StoredHistory } from '../timeline/history';
import { EMPTY_TIMELINE, buildTimeline, clipEnd, sameTimeline } from '../timeline/model';
import type { Timeline } from '../timeline/model';
import * as ops from '../timeline/ops';
import type { OpContext, OpResult } from '../timeline/ops';
import { snapDelta, snapTargets } from '../timeline/snap';
import { STILL_SECONDS, sourceFramesOf } from '../timeline/sources';
import { historyKey, outboxKey, readJson, removeKey, writeJson } from '../timeline/storage';
import {
  applyAnswer,
  classify,
  hasOverlap,
  packOutbox,
  receiveClipRows,
  receiveTrackRows,
  sendStep,
  unpackOutbox,
} from '../timeline/sync';
import type { ServerCopy, StoredOutbox } from '../timeline/sync';
import { untracked } from './projectSlice';
import type { AppState, SliceCreator, StoreDeps, TimelineSlice, TimelineSyncState } from './types';

export const IDLE_SYNC: TimelineSyncState = { status: 'idle', pending: 0, attempts: 0, retryAt: null, error: null, conflictIds: [] };

/** Per-project timeline state that goes when another project opens (the timeline itself is in EMPTY_SESSION). */
export const EMPTY_TIMELINE_SESSION = {
  serverTimeline: EMPTY_TIMELINE,
  timelineVersions: NO_VERSIONS,
  clipSources: {},
  timelineSync: IDLE_SYNC,
  selectedClips: {},
  playhead: 0,
  scrollX: 0,
  clipboard: null,
  gesture: null,
  timelineError: null,
} satisfies Partial<AppState>;

/** The server copy of freshly read rows, sharing `timeline`'s objects. */
function serverCopyOf(tracks: readonly TrackRead[], clips: readonly ClipRead[], timeline: Timeline): ServerCopy {
  const versions = {
    tracks: Object.fromEntries(tracks.map((r) => [r.id, r.version])),
    clips: Object.fromEntries(clips.map((r) => [r.id, r.version])),
  };
  const sources = receiveClipRows({ timeline: EMPTY_TIMELINE, versions: NO_VERSIONS, sources: {} }, clips, []).sources;
  return { timeline, versions, sources };
}

export const DEFAULT_ZOOM = 4; // pixels per frame
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 64;

/** Rows from the server: `tracks` is always the whole list; `complete`: `clips` are all clips (a project read). */
type Change = { clips?: ClipRead[] | null; deleted?: string[] | null; tracks?: TrackRead[] | null; complete?: boolean };

/**
 * Fold the server's change (`base` → `theirs`) into every undo/redo entry, so stepping through the history never takes
 * back someone else's change, and return the present rebased (for the caller to set once the conflict state is set:
 * setting the timeline starts the outbox). Not recorded.
 */
function rebaseHistory(deps: StoreDeps, present: Timeline, base: Timeline, theirs: Timeline, ids?: string[]) {
  const result = rebase(base, present, theirs, ids);
  const history = deps.history();
  const move = (t: Timeline) => rebase(base, t, theirs, ids).timeline;
  const { pastStates, futureStates } = history.getState();
  history.setState({
    pastStates: pastStates.map((s) => (s.timeline ? { ...s, timeline: move(s.timeline) } : s)),
    futureStates: futureStates.map((s) => (s.timeline ? { ...s, timeline: move(s.timeline) } : s)),
  });
  return result;
}

export const createTimelineSlice: SliceCreator<TimelineSlice> = (deps) => (set, get) => {
  const { api } = deps;
  let running = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let mark = 0;
  let buffered: Change[] = [];
  let waiters: (() => void)[] = [];
  let historyTimer: ReturnType<typeof setTimeout> | null = null;
  /** False from a fresh load until `restoreTimelineSession` read what this browser kept (nothing is written before). */
  let restored = false;

  const copyOf = (): ServerCopy => ({ timeline: get().serverTimeline, versions: get().timelineVersions, sources: get().clipSources });
  const setCopy = (copy: ServerCopy) =>
    set({ serverTimeline: copy.timeline, timelineVersions: copy.versions, clipSources: copy.sources });
  const setSync = (patch: Partial<TimelineSyncState>) => set({ timelineSync: { ...get().timelineSync, ...patch } });

  const context = (): OpContext => {
    const s = get();
    const lookup = { clipSources: s.clipSources, shots: s.shots, assets: s.assets, fps: s.project?.fps ?? 24 };
    return { sourceFrames: (clip) => sourceFramesOf(lookup, clip) };
  };

  function plan(): SyncStep[] {
    const s = get();
    return planSync(s.serverTimeline, s.timeline, s.timelineVersions);
  }

  function persistOutbox(steps: SyncStep[]): void {
    const { projectId } = get();
    if (!projectId || !restored) return;
    if (!steps.length) removeKey(deps.storage, outboxKey(projectId));
    else {
      const s = get();
      const stored: StoredOutbox = packOutbox(s.timeline, s.serverTimeline, s.timelineVersions);
      writeJson(deps.storage, outboxKey(projectId), stored);
    }
  }

  function settle(): void {
    if (running) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  }

  /** Fold `timeline.changed`/refresh rows into the server copy, and into the local timeline where it has no edits. */
  function applyChange(change: Change): void {
    const before = copyOf();
    const clipRows = (change.clips ?? []).filter((r) => r.version > (before.versions.clips[r.id] ?? -1));
    let deleted = (change.deleted ?? []).filter((id) => id in before.timeline.clips);
    if (change.complete) {
      // A full read: clips missing from it were deleted.
      const present = new Set((change.clips ?? []).map((r) => r.id));
      deleted = Object.keys(before.timeline.clips).filter((id) => !present.has(id));
    }
    // Tracks always come as the whole list (the project read, or an event about tracks); a list holding a row older
    // than ours is not news.
    const trackRows = change.tracks ?? null;
    const tracksNews =
      !!trackRows &&
      !trackRows.some((r) => (before.versions.tracks[r.id] ?? -1) > r.version) &&
      (trackRows.some((r) => (before.versions.tracks[r.id] ?? -1) < r.version) ||
        Object.keys(before.versions.tracks).some((id) => !trackRows.some((r) => r.id === id)));
    if (!clipRows.length && !deleted.length && !tracksNews) return;
    let copy = receiveClipRows(before, clipRows, deleted, get().timeline);
    if (tracksNews) copy = receiveTrackRows(copy, trackRows!, true);
    setCopy(copy);
    const ids = change.complete ? undefined : [...clipRows.map((r) => r.id), ...deleted];
    const { timeline, conflicts } = rebaseHistory(deps, get().timeline, before.timeline, copy.timeline, ids);
    if (conflicts.length) {
      setSync({ status: 'conflict', conflictIds: conflicts, error: 'The timeline was changed in another tab.' });
      clearRetry();
    }
    if (timeline !== get().timeline) untracked(deps, () => set({ timeline }));
    schedule();
  }

  function drainBuffered(): void {
    const pending = buffered;
    buffered = [];
    for (const change of pending) applyChange(change);
  }

  function clearRetry(): void {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  }

  /** Plan, count, persist; start the loop unless it runs, waits for a retry or is stopped by a conflict. */
  function schedule(): void {
    if (!get().projectId || get().projectStatus !== 'ready' || !restored) return;
    const steps = plan();
    const pending = countPending(steps);
    if (pending !== get().timelineSync.pending) setSync({ pending });
    persistOutbox(steps);
    const status = get().timelineSync.status;
    if (!steps.length) {
      if (status === 'refused' || status === 'retrying') setSync({ status: 'idle', error: null, attempts: 0, retryAt: null });
      clearRetry();
      settle();
      return;
    }
    if (running || retryTimer || status === 'conflict') {
      settle();
      return;
    }
    void run();
  }

  async function run(): Promise<void> {
    if (running) return;
    running = true;
    const projectId = get().projectId;
    try {
      for (;;) {
        drainBuffered();
        if (!projectId || get().projectId !== projectId || get().timelineSync.status === 'conflict') break;
        const steps = plan();
        const pending = countPending(steps);
        persistOutbox(steps);
        if (!steps.length) {
          setSync({ status: 'idle', pending: 0, attempts: 0, retryAt: null, error: null });
          break;
        }
        setSync({ status: 'sending', pending });
        const step = steps[0]!;
        try {
          const answer = await sendStep(api, projectId, step);
          if (get().projectId !== projectId) break;
          mark++;
          setCopy(applyAnswer(copyOf(), answer, get().timeline));
          if (answer.kind === 'track' && answer.track.id !== answer.localId) remapTrack(answer.localId, answer.track.id);
          setSync({ attempts: 0, retryAt: null, error: null });
        } catch (error) {
          if (get().projectId !== projectId) break;
          const failure = classify(error);
          if (failure.kind === 'conflict') {
            setSync({ status: 'conflict', error: failure.message, conflictIds: failure.ids, retryAt: null });
          } else if (failure.kind === 'refused') {
            setSync({ status: 'refused', error: failure.message, retryAt: null });
            get().notify(`The timeline edit was refused: ${failure.message}`);
          } else {
            const attempts = get().timelineSync.attempts + 1;
            const delay = deps.retryDelayMs(attempts);
            setSync({ status: 'retrying', error: failure.message, attempts, retryAt: Date.now() + delay });
            retryTimer = setTimeout(() => {
              retryTimer = null;
              void run();
            }, delay);
          }
          break;
        }
      }
    } finally {
      running = false;
      drainBuffered();
      settle();
    }
  }

  /** The server gave a new track another id than ours (an older server that ignores `id`): follow it everywhere. */
  function remapTrack(from: string, to: string): void {
    const remap = (t: Timeline): Timeline => {
      if (!(from in t.tracks)) return t;
      const { [from]: track, ...tracks } = t.tracks;
      const next = { ...tracks, [to]: { ...track!, id: to } };
      const order = {
        video: t.trackOrder.video.map((id) => (id === from ? to : id)),
        audio: t.trackOrder.audio.map((id) => (id === from ? to : id)),
      };
      const moved = Object.values(t.clips).filter((c) => c.track_id === from).map((c) => ({ ...c, track_id: to }));
      const clips = { ...t.clips };
      for (const c of moved) clips[c.id] = c;
      const { [from]: ids, ...trackClips } = t.trackClips;
      return { tracks: next, trackOrder: order, clips, trackClips: { ...trackClips, [to]: ids ?? [] } };
    };
    const history = deps.history();
    const { pastStates, futureStates } = history.getState();
    history.setState({
      pastStates: pastStates.map((s) => (s.timeline ? { ...s, timeline: remap(s.timeline) } : s)),
      futureStates: futureStates.map((s) => (s.timeline ? { ...s, timeline: remap(s.timeline) } : s)),
    });
    untracked(deps, () => set({ timeline: remap(get().timeline) }));
  }

  /** Commit an op's result as one history entry (the subscription in index.ts then schedules the sync). */
  function commit(result: OpResult): boolean {
    if (result.error) {
      set({ timelineError: result.error });
      return false;
    }
    if (get().timelineError) set({ timelineError: null });
    if (result.timeline === get().timeline) return true;
    set({ timeline: result.timeline });
    return true;
  }

  const selection = (ids?: readonly string[]) => ids ?? Object.keys(get().selectedClips);

  function gestureResult(kind: 'move' | 'trim-in' | 'trim-out', base: Timeline, clipIds: string[], anchorId: string, frames: number, toTrackId: string | null): OpResult {
    if (kind === 'move') {
      return toTrackId
        ? ops.moveClipsTo(base, clipIds, anchorId, toTrackId, frames, context())
        : ops.moveClips(base, clipIds, frames, 0, context());
    }
    return ops.trimClip(base, anchorId, kind === 'trim-in' ? 'in' : 'out', frames, context());
  }

  function saveHistoryNow(): void {
    const { projectId, timeline } = get();
    if (!projectId || get().projectStatus !== 'ready' || !restored) return;
    const { pastStates, futureStates } = deps.history().getState();
    const past = pastStates.map((s) => s.timeline).filter((t): t is Timeline => !!t);
    const future = futureStates.map((s) => s.timeline).filter((t): t is Timeline => !!t);
    if (!past.length && !future.length) {
      removeKey(deps.storage, historyKey(projectId));
      return;
    }
    const stored = packHistory(timeline, past, future);
    if (!writeJson(deps.storage, historyKey(projectId), stored)) removeKey(deps.storage, historyKey(projectId));
  }

  return {
    ...EMPTY_TIMELINE_SESSION,
    timeline: EMPTY_TIMELINE,
    zoom: DEFAULT_ZOOM,

    receiveTimeline(tracks, clips, { fresh, mark: at }) {
      if (fresh) {
        restored = false;
        clearRetry();
        buffered = [];
        mark++;
        const timeline = buildTimeline(tracks, clips);
        const copy = serverCopyOf(tracks, clips, timeline);
        set({ ...EMPTY_TIMELINE_SESSION, serverTimeline: timeline, timelineVersions: copy.versions, clipSources: copy.sources });
        untracked(deps, () => set({ timeline }));
        return;
      }
      if (at !== undefined && at !== mark) return; // an answer landed while this was read: the read may be older
      const change: Change = { clips, tracks, complete: true };
      if (running) buffered.push(change);
      else applyChange(change);
    },

    receiveTimelineChange(change) {
      if (running) buffered.push(change);
      else applyChange(change);
    },

    timelineMark: () => mark,

    restoreTimelineSession() {
      const { projectId } = get();
      if (!projectId) return;
      restored = true;
      const stored = unpackOutbox(readJson<StoredOutbox>(deps.storage, outboxKey(projectId)));
      if (stored) {
        // Unsent edits from before the reload, folded onto the server as it is now.
        const { timeline, conflicts } = rebase(stored.server, stored.local, get().serverTimeline);
        // The conflict first: setting the timeline starts the outbox.
        if (conflicts.length || hasOverlap(timeline)) {
          setSync({ status: 'conflict', conflictIds: conflicts, error: 'The timeline was changed elsewhere while these edits waited.' });
        }
        untracked(deps, () => set({ timeline }));
      }
      const saved = unpackHistory(get().timeline, readJson<StoredHistory>(deps.storage, historyKey(projectId)));
      if (saved) {
        const { drafts, shotOrder } = get();
        deps.history().setState({
          pastStates: saved.past.map((timeline) => ({ drafts, shotOrder, timeline })),
          futureStates: saved.future.map((timeline) => ({ drafts, shotOrder, timeline })),
        });
      }
      schedule();
    },

    selectClips(ids, mode = 'replace') {
      const current = get().selectedClips;
      let next: Record<string, true>;
      if (mode === 'replace') next = {};
      else next = { ...current };
      for (const id of ids) {
        if (mode === 'remove' || (mode === 'toggle' && current[id])) delete next[id];
        else next[id] = true;
      }
      const same = Object.keys(next).length === Object.keys(current).length && Object.keys(next).every((id) => current[id]);
      if (!same) set({ selectedClips: next });
    },

    setPlayhead(frame) {
      const f = Math.max(0, Math.round(frame));
      if (f !== get().playhead) set({ playhead: f });
    },

    setZoom(pixelsPerFrame) {
      const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, pixelsPerFrame));
      if (z !== get().zoom) set({ zoom: z });
    },

    setScrollX(pixels) {
      const x = Math.max(0, pixels);
      if (x !== get().scrollX) set({ scrollX: x });
    },

    addClipFromSource({ trackId, frame, shotId, assetId, duration, sourceIn }) {
      const s = get();
      const ctx = context();
      const ref = { shot_id: shotId ?? null, asset_id: assetId ?? null };
      const length = ctx.sourceFrames(ref as never);
      const fps = s.project?.fps ?? 24;
      const frames = duration ?? (length !== null ? length - (sourceIn ?? 0) : STILL_SECONDS * fps);
      const result = ops.addClip(s.timeline, trackId, frame, { ...ref, duration: frames, source_in: sourceIn ?? 0 }, ctx);
      if (!commit(result)) return null;
      const id = result.affected.find((x) => !(x in s.timeline.clips)) ?? null;
      if (id) set({ selectedClips: { [id]: true } });
      return id;
    },

    moveClips(ids, frames, options = {}) {
      const t = get().timeline;
      if (options.toTrackId) {
        const anchor = options.anchorId ?? ids[0];
        if (!anchor) return false;
        return commit(ops.moveClipsTo(t, ids, anchor, options.toTrackId, frames, context()));
      }
      return commit(ops.moveClips(t, ids, frames, options.tracks ?? 0, context()));
    },

    trimClip(id, edge, frames) {
      return commit(ops.trimClip(get().timeline, id, edge, frames, context()));
    },

    splitAtPlayhead() {
      const { timeline, playhead } = get();
      const selected = selection().filter((id) => {
        const c = timeline.clips[id];
        return c && c.start_frame < playhead && playhead < clipEnd(c);
      });
      const ids = selected.length ? selected : [ops.topClipAt(timeline, playhead)?.id].filter((x): x is string => !!x);
      return commit(ops.splitClips(timeline, ids, playhead, context()));
    },

    rippleDelete(ids) {
      const gone = selection(ids);
      const ok = commit(ops.rippleDelete(get().timeline, gone));
      if (ok) get().selectClips(gone, 'remove');
      return ok;
    },

    deleteClips(ids) {
      const gone = selection(ids);
      const ok = commit(ops.deleteClips(get().timeline, gone));
      if (ok) get().selectClips(gone, 'remove');
      return ok;
    },

    duplicateClips(ids) {
      const before = get().timeline;
      const result = ops.duplicateClips(before, selection(ids), context());
      const ok = commit(result);
      if (ok && result.affected.length) get().selectClips(result.affected.filter((id) => !(id in before.clips)));
      return ok;
    },

    copyClips(ids) {
      const clipboard = ops.copyClips(get().timeline, selection(ids));
      if (clipboard) set({ clipboard });
      return !!clipboard;
    },

    pasteClips(frame) {
      const { clipboard, timeline, playhead } = get();
      if (!clipboard) return false;
      const result = ops.pasteClips(timeline, clipboard, frame ?? playhead, context());
      const ok = commit(result);
      if (ok) get().selectClips(result.affected.filter((id) => !(id in timeline.clips) && clipboard.clips.length > 0 && result.timeline.clips[id]));
      return ok;
    },

    addTrack(kind, options) {
      const result = ops.addTrack(get().timeline, kind, options);
      return commit(result) ? result.affected[0] ?? null : null;
    },

    removeTrack(trackId) {
      return commit(ops.removeTrack(get().timeline, trackId));
    },

    reorderTrack(trackId, toIndex) {
      return commit(ops.reorderTrack(get().timeline, trackId, toIndex));
    },

    setTrackFlags(trackId, flags) {
      return commit(ops.setTrackFlags(get().timeline, trackId, flags));
    },

    beginGesture({ kind, clipId, clipIds }) {
      const { timeline, selectedClips, playhead } = get();
      if (!timeline.clips[clipId]) return;
      const ids = kind === 'move' ? [...(clipIds ?? (selectedClips[clipId] ? Object.keys(selectedClips) : [clipId]))] : [clipId];
      const moving = ids.filter((id) => id in timeline.clips);
      set({
        gesture: {
          kind,
          clipIds: moving,
          anchorId: clipId,
          base: timeline,
          preview: timeline,
          frames: 0,
          toTrackId: null,
          snappedTo: null,
          error: null,
          targets: snapTargets(timeline, moving, playhead),
        },
      });
    },

    updateGesture({ frames, toTrackId = null, snap = true }) {
      const g = get().gesture;
      if (!g) return;
      const base = g.base;
      let delta = frames;
      let snappedTo: number | null = null;
      if (snap) {
        const edges =
          g.kind === 'move'
            ? g.clipIds.flatMap((id) => [base.clips[id]!.start_frame, clipEnd(base.clips[id]!)])
            : [g.kind === 'trim-in' ? base.clips[g.anchorId]!.start_frame : clipEnd(base.clips[g.anchorId]!)];
        const snapped = snapDelta(edges, frames, get().zoom, g.targets);
        delta = snapped.delta;
        snappedTo = snapped.target;
      } else delta = Math.round(frames);
      if (delta === g.frames && toTrackId === g.toTrackId && snappedTo === g.snappedTo) return;
      const result = gestureResult(g.kind, base, g.clipIds, g.anchorId, delta, toTrackId);
      set({
        gesture: { ...g, frames: delta, toTrackId, snappedTo, preview: result.error ? base : result.timeline, error: result.error ?? null },
      });
    },

    endGesture(commitIt = true) {
      const g = get().gesture;
      if (!g) return false;
      set({ gesture: null });
      if (!commitIt || (g.frames === 0 && !g.toTrackId)) return false;
      // Re-apply to the timeline as it is now (a server change may have arrived during the drag).
      return commit(gestureResult(g.kind, get().timeline, g.clipIds, g.anchorId, g.frames, g.toTrackId));
    },

    async reloadFromServer() {
      const projectId = get().projectId;
      if (!projectId) return;
      clearRetry();
      try {
        const state = await api.getProject(projectId);
        if (get().projectId !== projectId) return;
        mark++;
        const tracks = state.tracks ?? [];
        const clips = state.clips ?? [];
        const timeline = buildTimeline(tracks, clips);
        const copy = serverCopyOf(tracks, clips, timeline);
        set({ serverTimeline: timeline, timelineVersions: copy.versions, clipSources: copy.sources, timelineSync: IDLE_SYNC });
        // Taking the server's timeline is the user's choice, so it is recorded: undo brings the local edits back (and
        // sends them with the versions just read — a deliberate overwrite).
        if (!sameTimeline(get().timeline, timeline)) set({ timeline });
        schedule();
      } catch (error) {
        setSync({ error: error instanceof Error ? error.message : String(error) });
      }
    },

    retryTimelineSync() {
      clearRetry();
      const status = get().timelineSync.status;
      if (status === 'conflict') return;
      if (status === 'refused' || status === 'retrying') setSync({ status: 'idle', retryAt: null });
      void run();
    },

    flushTimeline() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (!running) {
          // Let a scheduled run start first.
          queueMicrotask(() => {
            if (!running) settle();
          });
        }
      });
    },

    saveTimelineHistory() {
      if (historyTimer) clearTimeout(historyTimer);
      historyTimer = null;
      saveHistoryNow();
    },

    scheduleTimelineSync: schedule,

    scheduleHistorySave(delayMs) {
      if (historyTimer) clearTimeout(historyTimer);
      historyTimer = setTimeout(() => {
        historyTimer = null;
        saveHistoryNow();
      }, delayMs);
    },
  };
};
