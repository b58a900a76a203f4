// A running job's clock (issue 12): each job.progress event's step, pace and time left, shown on the progress bar as
// "step 3/8 · 0:04 · ~0:07 left", and gone once the job ends.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../components/ProgressBar';
import { clockText, jobUpdateFromEvent, mergeJob, timingText } from '../domain/jobReducer';

describe('job timing', () => {
  it('a progress event carries the clock; the bar says step, elapsed and time left in words', () => {
    const update = jobUpdateFromEvent('job.progress', {
      type: 'job.progress',
      job_id: 'j1',
      progress: 0.4,
      stage: 'denoising',
      step: 3,
      total_steps: 8,
      step_s: 1.4,
      eta_s: 7,
      elapsed_s: 4.2,
    })!;
    expect(update.timing).toEqual({ step: 3, totalSteps: 8, elapsedS: 4.2, stepS: 1.4, etaS: 7 });
    const job = mergeJob(undefined, update, 1);
    expect(timingText(job.timing)).toBe('step 3/8 · 0:04 · ~0:07 left');
    const html = renderToStaticMarkup(createElement(ProgressBar, { job }));
    expect(html).toContain('Generating · denoising');
    expect(html.replace(/<[^>]+>/g, '')).toContain('Generating · denoising · step 3/8 · 0:04 · ~0:07 left');

    // Before the first step: only the elapsed time, with the stage in words.
    const loading = mergeJob(undefined, jobUpdateFromEvent('job.progress', { type: 'job.progress', job_id: 'j2', stage: 'loading_model', elapsed_s: 65 })!, 2);
    const text = renderToStaticMarkup(createElement(ProgressBar, { job: loading })).replace(/<[^>]+>/g, '');
    expect(text).toContain('loading the model · 1:05');

    const done = mergeJob(job, { id: 'j1', status: 'completed' }, 3);
    expect(done.timing).toBeNull();
    expect(clockText(3725)).toBe('1:02:05');
    expect(timingText({ step: 8, totalSteps: 8, elapsedS: 10, stepS: 1, etaS: 0 })).toBe('step 8/8 · 0:10');
  });
});
