// The outbox loop: the server is made to equal the local timeline one step at a time (one request in flight), each
// answer folded into the server copy before the next step is planned (the pure parts are src/domain/timeline/sync.ts).
// Server rows that arrive while a request is in flight wait until it is answered, so they fold onto the right copy.
import { countPending, planSync } from '../../domain/timeline/diff';
import type { SyncStep } from '../../domain/timeline/diff';
import { applyAnswer, classify, sendStep } from '../../domain/timeline/sync';
import type { ServerCopy } from '../../domain/timeline/sync';
import type { TimelineSyncState } from '../timelineSlice.types';
import { untracked } from '../untracked';
import type { StoreDeps } from '../types';
import { foldChange, rebaseHistory } from './incoming';
import type { ServerChange } from './incoming';
import { saveOutbox } from './persistence';
import type { GetState, Outbox, SetState } from './session';

export function createOutbox(deps: StoreDeps, set: SetState, get: GetState): Outbox {
  const { api } = deps;
  let running = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let mark = 0;
  let buffered: ServerChange[] = [];
  let waiters: (() => void)[] = [];
  let restored = false;

  const copyOf = (): ServerCopy => ({ timeline: get().serverTimeline, versions: get().timelineVersions, sources: get().clipSources });
  const setCopy = (copy: ServerCopy) =>
    set({ serverTimeline: copy.timeline, timelineVersions: copy.versions, clipSources: copy.sources });
  const setSync = (patch: Partial<TimelineSyncState>) => set({ timelineSync: { ...get().timelineSync, ...patch } });

  function plan(): SyncStep[] {
    const s = get();
    return planSync(s.serverTimeline, s.timeline, s.timelineVersions);
  }

  function persist(steps: SyncStep[]): void {
    if (restored) saveOutbox(deps, get(), steps);
  }

  function settle(): void {
    if (running) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  }

  function clearRetry(): void {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  }

  /** Fold `timeline.changed`/refresh rows into the server copy, and into the local timeline where it has no edits. */
  function applyChange(change: ServerChange): void {
    const before = copyOf();
    const folded = foldChange(before, change, get().timeline);
    if (!folded) return;
    setCopy(folded.copy);
    const { timeline, conflicts } = rebaseHistory(deps, get().timeline, before.timeline, folded.copy.timeline, folded.ids);
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

  function schedule(): void {
    if (!get().projectId || get().projectStatus !== 'ready' || !restored) return;
    const steps = plan();
    const pending = countPending(steps);
    if (pending !== get().timelineSync.pending) setSync({ pending });
    persist(steps);
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
        persist(steps);
        if (!steps.length) {
          setSync({ status: 'idle', pending: 0, attempts: 0, retryAt: null, error: null });
          break;
        }
        setSync({ status: 'sending', pending });
        const step = steps[0]!;
        try {
          const answer = await sendStep(api, projectId, step, Number(get().lastEventId ?? 0));
          if (get().projectId !== projectId) break;
          mark++;
          setCopy(applyAnswer(copyOf(), answer, get().timeline));
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

  return {
    schedule,
    retry() {
      clearRetry();
      const status = get().timelineSync.status;
      if (status === 'conflict') return;
      if (status === 'refused' || status === 'retrying') setSync({ status: 'idle', retryAt: null });
      void run();
    },
    receive(change) {
      if (running) buffered.push(change);
      else applyChange(change);
    },
    flush() {
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
    reset() {
      restored = false;
      clearRetry();
      buffered = [];
      mark++;
    },
    clearRetry,
    mark: () => mark,
    bumpMark: () => void mark++,
    restored: () => restored,
    markRestored: () => void (restored = true),
    setSync,
  };
}
