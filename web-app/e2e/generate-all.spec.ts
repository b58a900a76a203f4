// Generate all against the real backend (tiny FLUX.2 and LTX-2 on the CPU): 2 scenes of 1 and 2 shots, frames +
// videos for the whole project from the storyboard grid, the overview to completed (and after a reload), every shot
// with its frame and video, the all-projects queue; a scene's batch paused (its shots held, the queue says why),
// resumed and cancelled; the server's 422 shown beside the control.
import { expect, test } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { waitForJob } from './jobs';

async function makeProject(request: APIRequestContext, name: string) {
  const project = await (await request.post('/projects', { data: { name, width: 64, height: 64, fps: 24, seed: 7 } })).json();
  const projectId = project.id as string;
  const scenes: Array<{ id: string; shots: string[] }> = [];
  for (const [heading, prompts] of [
    ['EXT. PIER - NIGHT', ['a lighthouse beam sweeps the rain']],
    ['INT. BOATHOUSE - NIGHT', ['a lantern swings from a hook', 'wet ropes coiled on the floor']],
  ] as const) {
    const scene = await (await request.post(`/projects/${projectId}/scenes`, { data: { heading } })).json();
    const shots: string[] = [];
    for (const prompt of prompts) {
      const shot = await (
        await request.post(`/projects/${projectId}/shots`, {
          data: { prompt, scene_id: scene.id, num_frames: 9, num_inference_steps: 2 },
        })
      ).json();
      shots.push(shot.id as string);
    }
    scenes.push({ id: scene.id as string, shots });
  }
  return { projectId, scenes };
}

test('generate all frames + videos, watch the batch, pause, resume and cancel a scene', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const name = `Harbour ${Date.now()}`;
  const { projectId, scenes } = await makeProject(request, name);
  const allShots = scenes.flatMap((s) => s.shots);

  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await page.getByRole('tab', { name: 'Frames' }).click();
  const grid = page.getByTestId('storyboard-grid');
  await expect(grid.getByTestId('frame-scene')).toHaveCount(2);
  await expect(grid.getByTestId('batch-overview')).toHaveCount(0);

  // Generate all: frames + videos, nothing regenerated.
  const all = grid.getByTestId('generate-all');
  await all.getByTestId('generate-all-what').selectOption('both');
  await expect(all.getByTestId('generate-all-regenerate')).not.toBeChecked();
  const queued = page.waitForResponse((r) => r.url().endsWith(`/projects/${projectId}/generate-all`));
  await all.getByTestId('generate-all-start').click();
  const accepted = await queued;
  expect(accepted.status()).toBe(202);
  expect(accepted.request().postDataJSON()).toEqual({ scope: 'project', what: 'both', regenerate: false });
  const { batch_id: batchId, job_ids: jobIds } = await accepted.json();
  expect(jobIds).toHaveLength(6); // each shot's frame, then its video

  const card = grid.locator(`[data-testid="batch-card"][data-batch-id="${batchId}"]`);
  await expect(card).toBeVisible();
  await expect(card).toContainText('All shots · frames, then videos from them');
  await expect(card.getByTestId('batch-shot')).toHaveCount(3);
  await expect(grid.getByTestId('batch-test-note')).toContainText('noise');
  await expect(card.getByTestId('batch-counts')).toContainText(/of 3 shots done/);
  await expect(card.getByTestId('batch-status')).toHaveText('Finished', { timeout: 240_000 });
  await expect(card.getByTestId('batch-counts')).toHaveText('3 of 3 shots done');
  await expect(card.getByTestId('batch-progress')).toHaveAttribute('aria-valuenow', '100');
  await expect(card.getByTestId('batch-pause')).toHaveCount(0);
  await expect(card.locator('[data-testid="batch-shot"][data-state="completed"]')).toHaveCount(3);

  const jobs = [];
  for (const jobId of jobIds as string[]) jobs.push(await waitForJob(page, request, jobId));
  expect(jobs.map((j) => j.status)).toEqual(Array(6).fill('completed'));
  expect(jobs.map((j) => j.kind)).toEqual(['frame', 'i2v', 'frame', 'i2v', 'frame', 'i2v']);
  for (const shotId of allShots) {
    const shot = await (await request.get(`/projects/${projectId}/shots/${shotId}`)).json();
    expect(shot.frame_asset_id, `shot ${shotId} has a frame`).not.toBeNull();
    expect(shot.video_url, `shot ${shotId} has a video`).not.toBeNull();
  }
  await expect(grid.getByTestId('frame-chosen')).toHaveCount(3);

  // The overview survives a reload (read from the project's batches).
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await page.getByRole('tab', { name: 'Frames' }).click();
  await expect(card.getByTestId('batch-status')).toHaveText('Finished');
  await expect(card.getByTestId('batch-counts')).toHaveText('3 of 3 shots done');

  // Everything is made: the server says so, and the page shows its words beside the scene's control.
  const boathouse = grid.getByTestId('frame-scene').nth(1);
  const sceneControl = boathouse.getByTestId('generate-scene');
  await sceneControl.getByTestId('generate-all-what').selectOption('frames');
  await sceneControl.getByTestId('generate-all-start').click();
  await expect(sceneControl.getByTestId('generate-all-error')).toContainText(
    'nothing to generate: every shot already has a concept frame',
  );

  // The all-projects queue lists the jobs with the project's name.
  await page.getByRole('tab', { name: 'Editor' }).click();
  await page.getByTestId('queue-view-all').click();
  const queue = page.getByTestId('all-queue');
  await queue.getByText(/Finished \(\d+\)/).click();
  await expect(queue.getByTestId('queue-ended').getByTestId('queue-project').filter({ hasText: name }).first()).toBeVisible();
  await expect(queue.getByTestId('queue-ended')).toContainText('concept frame');
  await expect(queue.getByTestId('queue-ended')).toContainText('Shot 2 · a lantern swings');

  // A scene again, regenerating both: pause it at once, its waiting shots are held and the queue says why.
  await page.getByRole('tab', { name: 'Frames' }).click();
  await sceneControl.getByTestId('generate-all-what').selectOption('both');
  await sceneControl.getByTestId('generate-all-regenerate').check();
  const again = page.waitForResponse((r) => r.url().endsWith(`/projects/${projectId}/generate-all`));
  await sceneControl.getByTestId('generate-all-start').click();
  const second = await (await again).json();
  expect(second.job_ids).toHaveLength(4);
  const sceneCard = grid.locator(`[data-testid="batch-card"][data-batch-id="${second.batch_id}"]`);
  await expect(grid.getByTestId('batch-card').first()).toHaveAttribute('data-batch-id', second.batch_id); // newest first
  await expect(sceneCard).toContainText('INT. BOATHOUSE - NIGHT');
  await sceneCard.getByTestId('batch-pause').click();
  await expect(sceneCard.getByTestId('batch-status')).toHaveText('Paused');
  await expect(sceneCard.getByTestId('batch-resume')).toBeVisible();
  await expect(sceneCard.getByTestId('batch-pause')).toHaveCount(0);
  await expect(sceneCard.getByTestId('batch-eta')).toContainText(/once resumed|waiting for Resume/);
  await expect(sceneCard.locator('[data-testid="batch-shot"][data-state="held"]').first()).toBeVisible();
  await expect.poll(async () => (await (await request.get(`/batches/${second.batch_id}`)).json()).status).toBe('paused');

  await page.getByRole('tab', { name: 'Editor' }).click();
  const held = queue.getByTestId('queue-active').locator('[data-testid="queue-row"]').filter({ hasText: 'held' });
  await expect(held.first()).toContainText(name);
  await expect(held.first().getByTestId('queue-why')).toHaveText('held: its batch is paused (resume the batch to let it run)');

  await page.getByRole('tab', { name: 'Frames' }).click();
  await sceneCard.getByTestId('batch-resume').click();
  await expect(sceneCard.getByTestId('batch-status')).not.toHaveText('Paused');
  await expect(sceneCard.getByTestId('batch-pause').or(sceneCard.getByTestId('batch-dismiss'))).toBeVisible();
  const status = (await (await request.get(`/batches/${second.batch_id}`)).json()).status;
  expect(['running', 'completed']).toContain(status);
  if (status === 'running') {
    await sceneCard.getByTestId('batch-cancel').click();
    await sceneCard.getByTestId('batch-cancel-confirm').click();
    await expect(sceneCard.getByTestId('batch-status')).toHaveText(/Cancelled|Finished/);
    await expect
      .poll(async () => (await (await request.get(`/batches/${second.batch_id}`)).json()).status, { timeout: 60_000 })
      .toMatch(/cancelled|completed/);
  }
  for (const jobId of second.job_ids as string[]) await waitForJob(page, request, jobId);
  await expect(sceneCard.getByTestId('batch-dismiss')).toBeVisible();
  await sceneCard.getByTestId('batch-dismiss').click();
  await expect(sceneCard).toHaveCount(0);
  await expect(card).toBeVisible();
  // The one 422 is the "nothing to generate" asked for above (the browser logs every refused request).
  expect(consoleErrors.filter((e) => !e.includes('status of 422'))).toEqual([]);
});
