import { expect } from '@playwright/test';
import type { APIRequestContext, Page } from '@playwright/test';

/** A job row as `GET /jobs/{id}` answers (the fields the specs read). */
export interface JobRow {
  id: string;
  kind: string;
  status: string;
  error: string | null;
  request: Record<string, unknown>;
  result: ({ video_url?: string; num_frames?: number } & Record<string, unknown>) | null;
}

/** Poll the job (server side) until it ends: completed, failed or cancelled. */
export async function waitForJob(page: Page, request: APIRequestContext, jobId: string): Promise<JobRow> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const job = (await (await request.get(`/jobs/${jobId}`)).json()) as JobRow;
    if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}`);
    await page.waitForTimeout(250);
  }
}

/** A tiny project (128×128, 24 fps) with one shot of `numFrames` frames and 2 steps: quick on the CPU test models. */
export async function tinyShot(request: APIRequestContext, name: string, numFrames = 9) {
  const project = await (await request.post('/projects', { data: { name, width: 128, height: 128, fps: 24, seed: 3 } })).json();
  const shot = await (
    await request.post(`/projects/${project.id}/shots`, {
      data: { prompt: 'a paper boat drifting on a pond', num_frames: numFrames, num_inference_steps: 2 },
    })
  ).json();
  return { projectId: project.id as string, shotId: shot.id as string };
}

/** Run `click`, take the job id from the answer of `POST /generate/advanced` (202), and wait for the job to end. */
export async function startAndWait(page: Page, request: APIRequestContext, click: () => Promise<void>): Promise<JobRow> {
  const accepted = page.waitForResponse((r) => r.url().endsWith('/generate/advanced') && r.request().method() === 'POST');
  await click();
  const response = await accepted;
  const body = await response.json();
  expect(response.status(), JSON.stringify(body)).toBe(202);
  return waitForJob(page, request, body.job_id);
}
