import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { tinyShot } from './jobs';

// The Models page's model library against the fake hub that global-setup starts (backend/testing/fake_hub.py): the
// roles' weights, the catalogue, a LoRA download with its progress bar fed by `download.progress` events, the
// finished download installed and listed in the LoRA library. (A LoRA, not a role's weights: the other specs expect
// every role to run its test model.)
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
const REPO = 'Lightricks/LTX-2-19b-LoRA-Camera-Control-Jib-Up';

test('download a camera LoRA on the Models page: progress, installed, in the LoRA library', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const { projectId } = await tinyShot(request, 'Model library');
  await page.goto(`/#/projects/${projectId}`);
  await page.getByRole('tab', { name: 'Models' }).click();
  const library = page.getByTestId('models-panel').getByTestId('model-library');
  await expect(library.getByRole('heading', { name: /Model library/ })).toBeVisible();

  // Each role's weights: the e2e backend runs test models.
  const video = library.locator('[data-testid="library-role"][data-role="video"]');
  await expect(video).toHaveAttribute('data-state', 'test_model');
  await expect(library.getByTestId('hub-unreachable')).toHaveCount(0); // the fake hub answers

  const item = library.locator(`[data-testid="catalog-item"][data-repo="${REPO}"]`);
  await expect(item).toHaveAttribute('data-installed', 'false');
  await item.getByTestId('download-start').click();
  // Progress from the SSE stream while the (slowed) fake hub sends the file, with Cancel offered meanwhile.
  const bar = item.getByTestId('download-progress');
  await expect(bar).toBeVisible();
  await expect(item.getByTestId('download-cancel')).toBeVisible();
  await expect(item.getByTestId('download-status')).toContainText(/Downloading .* of /);
  mkdirSync(resultsDir, { recursive: true });
  await item.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(resultsDir, 'model-download-progress.png') });
  await expect(item).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await expect(item).toHaveAttribute('data-installed', 'true');
  await expect(item.getByTestId('download-cancel')).toHaveCount(0);

  // The server agrees, and the LoRA library lists the file.
  const rows = (await (await request.get('/models/library')).json()) as {
    catalog: { repo_id: string; installed: boolean; download: { status: string; done_bytes: number; total_bytes: number } | null }[];
  };
  const row = rows.catalog.find((c) => c.repo_id === REPO)!;
  expect(row.installed).toBe(true);
  expect(row.download!.done_bytes).toBe(row.download!.total_bytes);
  const loras = page.getByTestId('models-panel').getByTestId('loras');
  await expect(loras.locator('[data-testid="lora-row"]', { hasText: 'camera-control-jib-up' })).toBeVisible();

  // A repository that is not in the catalogue is refused by the server with what to do.
  const refused = await request.post('/models/downloads', { data: { repo_id: 'someone/else', role: 'video' } });
  expect(refused.status()).toBe(422);
  expect(((await refused.json()) as { detail: string }).detail).toContain('not in the catalogue');

  await item.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(resultsDir, 'model-download.png') });
  expect(consoleErrors).toEqual([]);
});
