// Cancel says so at once: the click marks the job before the server answers, another tab's cancel arrives as
// `cancel_requested` on an event, and the bar reads "Cancelling…" until the job ends.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Job, StudioEvent } from '../api/types';
import type { JobView } from '../domain/jobReducer';
import { ProgressBar } from '../components/ProgressBar';
import { createAppStore } from '../store';
import { FakeServer } from './fakeApi';

const bar = (job: JobView): string => renderToStaticMarkup(createElement(ProgressBar, { job }));

async function runningJob() {
  const server = new FakeServer(1);
  const store = createAppStore(server);
  await store.getState().openProject(server.project.id);
  const shotId = store.getState().shotOrder[0]!;
  const ev = (extra: Partial<StudioEvent>): StudioEvent => ({ type: 'job.progress', project_id: server.project.id, job_id: 'job-1', shot_id: shotId, ...extra });
  store.getState().applyEvent('job.started', ev({ type: 'job.started', status: 'running', progress: 0 }));
  store.getState().applyEvent('job.progress', ev({ progress: 0.3, stage: 'loading_model' }));
  return { server, store, ev };
}

describe('cancelling', () => {
  it('shows "Cancelling…" at the click, before the server answers', async () => {
    const { server, store } = await runningJob();
    let answer!: (job: Job) => void;
    server.cancelJob = () => new Promise<Job>((resolve) => (answer = resolve));
    const pending = store.getState().cancelJob('job-1');
    const job = store.getState().jobs['job-1']!;
    expect(job.cancelRequested).toBe(true);
    expect(bar(job)).toContain('Cancelling…');
    answer({ id: 'job-1', status: 'running', cancel_requested: true, progress: 0.3 } as Job);
    await pending;
    expect(store.getState().jobs['job-1']!.cancelRequested).toBe(true);
  });

  it('follows a cancel asked for in another tab, and stops saying so once the job ended', async () => {
    const { store, ev } = await runningJob();
    expect(bar(store.getState().jobs['job-1']!)).not.toContain('Cancelling');
    store.getState().applyEvent('job.progress', ev({ progress: 0.3, cancel_requested: true }));
    store.getState().applyEvent('job.progress', ev({ progress: 0.35 })); // a later event without the flag keeps it
    expect(store.getState().jobs['job-1']!.cancelRequested).toBe(true);
    store.getState().applyEvent('job.cancelled', ev({ type: 'job.cancelled', status: 'cancelled' }));
    const done = bar(store.getState().jobs['job-1']!);
    expect(done).toContain('Cancelled');
    expect(done).not.toContain('Cancelling');
  });
});
