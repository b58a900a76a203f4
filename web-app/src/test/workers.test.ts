// The Models page's Workers section (GET /health): the executor, each worker's GPU, models, job and state.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Health, WorkerStatus } from '../api/types';
import { WorkersView, type WorkersViewProps } from '../components/WorkersSection';
import type { JobView } from '../domain/jobReducer';
import { executorLabel, gpuLabel, kindLabel } from '../domain/workers';

function worker(overrides: Partial<WorkerStatus> & Pick<WorkerStatus, 'id'>): WorkerStatus {
  return { node: 'studio-1', gpu: null, models: [], job_id: null, kind: 'gpu', state: 'ready', error: null, ...overrides };
}

function job(id: string, shotId: string | null, kind = 't2v'): JobView {
  return {
    id,
    project_id: 'p1',
    shot_id: shotId,
    status: 'running',
    progress: 0.3,
    chunk: null,
    chunks: null,
    stage: null,
    error: null,
    result: null,
    kind,
    seq: 1,
  };
}

function render(health: WorkersViewProps['health'], jobs: Record<string, JobView> = {}, shotOrder: string[] = []): HTMLElementLike {
  return parse(renderToStaticMarkup(createElement(WorkersView, { health, jobs, shotOrder })));
}

// A tiny reader of the static markup: enough to find a worker's row pair and the text in it (no DOM in these tests).
interface HTMLElementLike {
  html: string;
  text: string;
  row(id: string): { html: string; text: string };
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ').trim();

function parse(html: string): HTMLElementLike {
  return {
    html,
    text: textOf(html),
    row(id) {
      const match = new RegExp(`<tbody[^>]*data-worker-id="${id}"[^>]*>[\\s\\S]*?</tbody>`).exec(html);
      if (!match) throw new Error(`no row for worker ${id} in ${html}`);
      return { html: match[0], text: textOf(match[0]) };
    },
  };
}

const base = (overrides: Partial<Health>): WorkersViewProps['health'] => ({ executor: 'local', executor_error: null, workers: [], ...overrides });

describe('workers, in words', () => {
  it('names the executor and the GPU, or CPU', () => {
    expect(executorLabel('local')).toBe('In-process');
    expect(executorLabel(undefined)).toBe('In-process');
    expect(executorLabel('ray')).toBe('Ray cluster');
    expect(gpuLabel({ gpu: 'cuda:0 NVIDIA H200', kind: 'gpu' })).toBe('cuda:0 NVIDIA H200');
    expect(gpuLabel({ gpu: null, kind: 'gpu' })).toBe('CPU');
    expect(gpuLabel({ gpu: null, kind: 'cpu' })).toBe('CPU');
    expect(kindLabel('gpu')).toBe('GPU jobs');
    expect(kindLabel('cpu')).toBe('CPU jobs');
  });
});

describe('the Workers section', () => {
  it('shows the in-process worker of a local studio: its node, GPU, models and state, in a table with headers', () => {
    const view = render(base({ workers: [worker({ id: 'local', node: 'box', gpu: 'cuda:0 NVIDIA H200', models: ['video', 'image'] })] }));
    expect(view.html).toContain('<th scope="col">Worker</th>');
    expect(view.html).toContain('<th scope="col">Runs</th>');
    expect(view.html).toContain('<th scope="col">State</th>');
    expect(view.html).toMatch(/data-testid="executor"[^>]*>In-process</);
    const row = view.row('local');
    expect(row.html).toContain('data-state="ready"');
    expect(row.html).toContain('class="state state-badge state-ready"');
    expect(row.text).toContain('local GPU jobs');
    expect(row.text).toContain('Device cuda:0 NVIDIA H200');
    expect(row.text).toContain('Node box');
    expect(row.text).toContain('Holds video, image');
    expect(row.text).toContain('idle');
    expect(view.html).not.toContain('executor-error');
    expect(view.html).not.toContain('role="alert"');
  });

  it('a studio on a CPU: "CPU", and "no model loaded" before the first job', () => {
    const row = render(base({ workers: [worker({ id: 'local' })] })).row('local');
    expect(row.text).toContain('Device CPU');
    expect(row.text).toContain('Holds no model loaded');
  });

  it('a Ray cluster: two GPU workers and a CPU worker, one busy with a shot of this project, one unusable with why', () => {
    const view = render(
      base({
        executor: 'ray',
        workers: [
          worker({ id: 'gpu-0', node: 'node-a', gpu: 'GPU 0 cuda:0 NVIDIA H200', models: ['video'], job_id: 'job-1234567890', state: 'busy' }),
          worker({
            id: 'gpu-1',
            node: 'node-b',
            gpu: 'GPU 1 cuda:0 NVIDIA H200',
            state: 'unusable',
            error: 'video: no weights at /models/LTX-2 (ModelUnavailable)',
          }),
          worker({ id: 'cpu-0', node: 'node-a', gpu: null, kind: 'cpu', job_id: 'other-project-job-99', state: 'busy' }),
        ],
      }),
      { 'job-1234567890': job('job-1234567890', 's2') },
      ['s1', 's2'],
    );
    expect(view.html).toMatch(/data-testid="executor"[^>]*>Ray cluster</);
    expect(view.html.match(/data-testid="worker-row"/g)).toHaveLength(3);

    const busy = view.row('gpu-0');
    expect(busy.html).toContain('data-state="busy"');
    expect(busy.html).toContain('state-busy');
    expect(busy.text).toContain('Shot 2 · video'); // named as the Queue names it, and a link to the shot
    expect(busy.html).toContain('<button class="link">Shot 2</button>');
    expect(busy.html).toContain('title="job-1234567890"');
    expect(busy.text).toContain('Node node-a');
    expect(busy.text).toContain('Device GPU 0 cuda:0 NVIDIA H200');
    expect(busy.text).toContain('Holds video');

    const unusable = view.row('gpu-1');
    expect(unusable.html).toContain('state-unusable');
    expect(unusable.html).toContain('data-testid="worker-error"');
    expect(unusable.text).toContain('video: no weights at /models/LTX-2 (ModelUnavailable)');
    expect(unusable.text).toContain('idle');

    const cpu = view.row('cpu-0');
    expect(cpu.html).toContain('data-kind="cpu"');
    expect(cpu.text).toContain('cpu-0 CPU jobs');
    expect(cpu.text).toContain('Device CPU');
    expect(cpu.text).toContain('other-pr'); // another project's job: its short id
    expect(cpu.html).toContain('title="other-project-job-99"');
    expect(cpu.html).not.toContain('worker-error');
  });

  it('the Ray executor that could not start: its error as an alert, with what to do', () => {
    const error = 'the Ray executor could not start (auto): ConnectionError: could not find any running Ray instance';
    const view = render(base({ executor: 'ray', executor_error: error }));
    expect(view.html).toMatch(/role="alert" data-testid="executor-error"/);
    expect(view.text).toContain(`Ray cluster unavailable. ${error}`);
    expect(view.text).toContain('MILIMO_RAY_ADDRESS');
    expect(view.text).toContain('docs/scale.md');
    expect(view.text).toContain('No workers.');
    expect(view.html).not.toContain('<table');
  });

  it('before the first /health answer: loading', () => {
    expect(render(null).text).toContain('Workers loading…');
  });
});
