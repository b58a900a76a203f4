// The slice's actions between the local timeline and the server: rows received (project read, refresh, events),
// Reload (take the server's timeline), Retry now, waiting for the outbox, and the sync trigger used by index.ts.
import { buildTimeline, sameTimeline } from '../../domain/timeline/model';
import { untracked } from '../untracked';
import type { TimelineSlice } from '../timelineSlice.types';
import type { StoreDeps } from '../types';
import { serverCopyOf } from './incoming';
import { EMPTY_TIMELINE_SESSION, IDLE_SYNC } from './session';
import type { GetState, Outbox, SetState } from './session';

type ServerSyncActions = Pick<
  TimelineSlice,
  | 'receiveTimeline'
  | 'receiveTimelineChange'
  | 'catchUpTimeline'
  | 'timelineMark'
  | 'reloadFromServer'
  | 'retryTimelineSync'
  | 'flushTimeline'
  | 'scheduleTimelineSync'
>;

export function serverSyncActions(deps: StoreDeps, set: SetState, get: GetState, outbox: Outbox): ServerSyncActions {
  return {
    receiveTimeline(tracks, clips, { fresh, mark: at }) {
      if (fresh) {
        outbox.reset();
        const timeline = buildTimeline(tracks, clips);
        const copy = serverCopyOf(tracks, clips, timeline);
        set({ ...EMPTY_TIMELINE_SESSION, serverTimeline: timeline, timelineVersions: copy.versions, clipSources: copy.sources });
        untracked(deps, () => set({ timeline }));
        return;
      }
      if (at !== undefined && at !== outbox.mark()) return; // an answer landed while this was read: the read may be older
      outbox.receive({ clips, tracks, complete: true });
    },

    receiveTimelineChange(change) {
      outbox.receive(change);
    },

    async catchUpTimeline(since) {
      const projectId = get().projectId;
      if (!projectId) return;
      try {
        const changes = await deps.api.timelineChanges(projectId, since);
        if (get().projectId !== projectId) return;
        if (changes.full || changes.project_version !== get().project?.version) {
          await get().refreshProject();
          return;
        }
        outbox.receive({ clips: changes.clips, deleted: changes.deleted, tracks: changes.tracks });
      } catch {
        await get().refreshProject(); // the cheap read failed: the whole one is the safe way back
      }
    },

    timelineMark: () => outbox.mark(),

    async reloadFromServer() {
      const projectId = get().projectId;
      if (!projectId) return;
      outbox.clearRetry();
      try {
        const state = await deps.api.getProject(projectId);
        if (get().projectId !== projectId) return;
        outbox.bumpMark();
        const tracks = state.tracks ?? [];
        const clips = state.clips ?? [];
        const timeline = buildTimeline(tracks, clips);
        const copy = serverCopyOf(tracks, clips, timeline);
        set({ serverTimeline: timeline, timelineVersions: copy.versions, clipSources: copy.sources, timelineSync: IDLE_SYNC });
        // Taking the server's timeline is the user's choice, so it is recorded: undo brings the local edits back (and
        // sends them with the versions just read — a deliberate overwrite).
        if (!sameTimeline(get().timeline, timeline)) set({ timeline });
        outbox.schedule();
      } catch (error) {
        outbox.setSync({ error: error instanceof Error ? error.message : String(error) });
      }
    },

    retryTimelineSync: () => outbox.retry(),
    flushTimeline: () => outbox.flush(),
    scheduleTimelineSync: () => outbox.schedule(),
  };
}
