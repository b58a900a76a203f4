import { expect, test } from '@playwright/test';
import { startAndWait, tinyShot } from './jobs';
import { expectVideoPlays } from './player';

// Quality presets (issue 12) in the browser against the real backend (tiny CPU test models, which carry their own
// distilled LoRA): pick Draft in the inspector and generate it (8 distilled steps, one pass each), see each preset's
// time on this machine, then "Re-generate as final" the draft take: the same seed and prompt, the full recipe.
test('a draft, then re-generate it as final, from the inspector', async ({ page, request }) => {
  const { projectId, shotId } = await tinyShot(request, 'Presets');
  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  const inspector = page.getByTestId('inspector');
  const picker = inspector.getByTestId('quality-picker');

  // A new project runs final; the shot follows it until it chooses.
  await expect(page.getByTestId('default-quality')).toHaveValue('final');
  await expect(picker.getByTestId('quality-default')).toBeVisible();
  await expect(picker.getByTestId('quality-final')).toHaveAttribute('aria-checked', 'true');
  // (The specs share one backend: other jobs may have timed this machine already.)
  await expect(picker.getByTestId('quality-time-draft')).toHaveText(/^(not timed yet|~\d+:\d\d)$/);

  await picker.getByTestId('quality-draft').click();
  await expect(picker.getByTestId('quality-draft')).toHaveAttribute('aria-checked', 'true');
  const draft = await startAndWait(page, request, () => inspector.getByTestId('generate').click());
  expect(draft, JSON.stringify(draft)).toMatchObject({ status: 'completed', request: { quality: 'draft', num_inference_steps: 8 } });
  expect(draft.result).toMatchObject({ quality: 'draft', schedule_length: 8, distilled: 'lora' });
  await expectVideoPlays(page, draft.result!.video_url!, [128, 128]);
  // Measured now: every preset shows an expected time here, from that job.
  await expect(picker.getByTestId('quality-time-final')).toHaveText(/^~\d+:\d\d$/);
  await expect(picker.getByTestId('quality-time-draft')).toHaveText(/^~\d+:\d\d$/);

  const promote = inspector.getByTestId('promote-final');
  await expect(promote).toBeVisible();
  const final = await startAndWait(page, request, () => promote.click());
  expect(final, JSON.stringify(final)).toMatchObject({
    status: 'completed',
    request: { quality: 'final', seed: draft.request.seed, written_prompt: draft.request.written_prompt },
  });
  expect(final.result).toMatchObject({ quality: 'final', distilled: null });
  await expectVideoPlays(page, final.result!.video_url!, [128, 128]);
  // The current take is final now: nothing left to promote.
  await expect(promote).toHaveCount(0);

  // The project's default is one select away; the shot keeps its own draft.
  await page.getByTestId('default-quality').selectOption('standard');
  await expect(page.getByTestId('default-quality')).toHaveValue('standard');
  const project = await (await request.get(`/projects/${projectId}`)).json();
  expect(project.default_quality).toBe('standard');
  const shot = await (await request.get(`/projects/${projectId}/shots/${shotId}`)).json();
  expect(shot.quality).toBe('draft');
});
