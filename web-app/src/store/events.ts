// The live link to the backend's event stream. EventSource reconnects by itself and sends `Last-Event-ID`, so the
// server replays what was missed; when the browser gives up (the connection was refused), we open a new one after a
// pause (asking to replay after the last id seen), read the timeline changes since that id and re-read the jobs.
import { JOB_EVENT_TYPES } from '../api/types';
import type { StudioEvent, StudioEventType } from '../api/types';
import type { Batch } from '../api/batches';
import type { AppStore } from './index';

const CLOSED = 2; // EventSource.CLOSED (not a global outside browsers)
const EVENT_TYPES: StudioEventType[] = [...JOB_EVENT_TYPES, 'shot.updated', 'element.updated', 'mask.created', 'timeline.changed'];

export type EventSourceFactory = (url: string) => EventSource;

export function connectProjectEvents(
  store: Pick<AppStore, 'getState'>,
  projectId: string,
  open: EventSourceFactory = (url) => new EventSource(url),
  retryMs = 3000,
): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let opened = false;
  let lostAt = 0; // the last event id seen when the stream was lost

  const connect = () => {
    store.getState().setConnection(opened ? 'reconnecting' : 'connecting');
    // A new EventSource has no Last-Event-ID of its own; `since` gives the server the last id this page saw.
    const since = store.getState().lastEventId;
    const query = `project_id=${encodeURIComponent(projectId)}${since && opened ? `&since=${encodeURIComponent(since)}` : ''}`;
    const es = open(`/events?${query}`);
    source = es;
    es.addEventListener('open', () => {
      const resumed = opened;
      opened = true;
      store.getState().setConnection('open');
      if (resumed) {
        // The server replays the missed events after `since`; what it no longer keeps, the timeline's change feed
        // (or, when even that is too far back, a project read) brings back. Jobs are a small read.
        void store.getState().loadProjectJobs(projectId);
        void store.getState().catchUpTimeline(lostAt);
      }
    });
    es.addEventListener('error', () => {
      if (closed) return;
      lostAt = Number(store.getState().lastEventId ?? 0);
      if (es.readyState === CLOSED) {
        store.getState().setConnection('reconnecting');
        retry = setTimeout(connect, retryMs);
      } else {
        store.getState().setConnection('reconnecting'); // the browser is retrying with Last-Event-ID
      }
    });
    for (const type of EVENT_TYPES) {
      es.addEventListener(type, (event) => {
        const message = event as MessageEvent<string>;
        let data: StudioEvent;
        try {
          data = JSON.parse(message.data) as StudioEvent;
        } catch {
          return;
        }
        store.getState().applyEvent(type, { ...data, type }, message.lastEventId || null);
      });
    }
    // A batch's overview (per-shot state, progress, time left): its own slice, not a job event.
    es.addEventListener('batch.updated', (event) => {
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as { batch?: Batch };
        if (data.batch) store.getState().receiveBatch(data.batch);
      } catch {
        // a malformed event is dropped, as above
      }
    });
  };

  connect();
  return () => {
    closed = true;
    if (retry) clearTimeout(retry);
    source?.close();
    store.getState().setConnection('idle');
  };
}
