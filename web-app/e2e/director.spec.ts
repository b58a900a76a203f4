import { expect, test } from '@playwright/test';

// The director's breakdown against the real backend (the tiny Gemma 3 under a JSON schema): one scene of a parsed
// screenplay rewritten by the director while the user's edit of another scene stays, a treatment turned into scenes
// and shots, both committed; the proposal says who made it and that a test model's text is noise.
const SCRIPT = `INT. LIGHTHOUSE - NIGHT

Rain hammers the glass. MARA climbs the spiral stairs.

EXT. PIER - DAWN

Waves break over the pier.
`;

test('ask the director for a scene, then for a treatment; commit what it proposes', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const project = await (await request.post('/projects', { data: { name: 'Director', width: 64, height: 64, fps: 24, seed: 5 } })).json();
  await page.goto(`/#/projects/${project.id}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await page.getByRole('tab', { name: 'Storyboard' }).click();
  const board = page.getByTestId('storyboard');

  await board.getByLabel('Script text').fill(SCRIPT);
  await board.getByTestId('parse-script').click();
  await expect(board.getByTestId('breakdown-source')).toContainText('rule-based breakdown');
  const pierPrompt = board.getByLabel('Scene 2 shot 1 prompt');
  await pierPrompt.fill('A wide shot of the empty pier at dawn, gulls overhead, waves breaking.');
  await pierPrompt.blur();
  const rulePrompt = await board.getByLabel('Scene 1 shot 1 prompt').inputValue();

  const asked = page.waitForResponse((r) => r.url().endsWith('/storyboard/breakdown'), { timeout: 120_000 });
  await board.getByRole('button', { name: 'Ask the director for scene 1' }).click();
  const answer = await asked;
  expect(answer.status()).toBe(200);
  expect(answer.request().postDataJSON()).toMatchObject({ scene_index: 0 });
  await expect(board.getByTestId('breakdown-source')).toContainText('by the director');
  await expect(board.getByTestId('parse-warnings')).toContainText('TEST MODEL');
  await expect(board.getByLabel('Scene 1 shot 1 prompt')).not.toHaveValue(rulePrompt);
  await expect(pierPrompt).toHaveValue('A wide shot of the empty pier at dawn, gulls overhead, waves breaking.');
  const directed = await answer.json();
  const lighthouseShots = directed.scenes[0].shots.length as number;
  await expect(board.getByTestId('proposal-scene').first().getByTestId('proposal-shot')).toHaveCount(lighthouseShots);

  const committed = page.waitForResponse((r) => r.url().endsWith('/storyboard/commit'));
  await board.getByTestId('commit-storyboard').click();
  expect((await committed).status()).toBe(200);
  const state = await (await request.get(`/projects/${project.id}`)).json();
  expect(state.shots).toHaveLength(lighthouseShots + 1);
  expect(state.shots.map((s: { prompt: string }) => s.prompt)).toContain('A wide shot of the empty pier at dawn, gulls overhead, waves breaking.');

  // A treatment: no screenplay format; the director makes the scenes too.
  const other = await (await request.post('/projects', { data: { name: 'Treatment', width: 64, height: 64 } })).json();
  await page.goto(`/#/projects/${other.id}`);
  await page.getByRole('tab', { name: 'Storyboard' }).click();
  await board.getByLabel('Script text').fill('A keeper finds a stranger\'s boat at dawn and hides it before the storm.');
  const treated = page.waitForResponse((r) => r.url().endsWith('/storyboard/breakdown'), { timeout: 120_000 });
  await board.getByTestId('ask-director').click();
  expect((await treated).status()).toBe(200);
  await expect(board.getByTestId('breakdown-source')).toContainText('by the director');
  const scenes = board.getByTestId('proposal-scene');
  expect(await scenes.count()).toBeGreaterThan(0);
  await board.getByTestId('commit-storyboard').click();
  await expect(board.getByTestId('commit-result')).toContainText('shots created');
  expect(consoleErrors).toEqual([]);
});
