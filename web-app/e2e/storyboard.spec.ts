import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { expectVideoPlays } from './player';

// Screenplay → storyboard against the real backend: paste a Fountain script, parse, adjust, commit, see the shots on
// the timeline, mention an element with @ autocompletion, then generate one shot (64×64, 9 frames, 2 steps) and play it.
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

const SCRIPT = `Title: Night Shift

INT. KITCHEN - NIGHT

Mara pours coffee into a chipped mug.

MARA
Another long night.

Jon walks in, shaking off the rain.

EXT. ROOF - DAWN

The sun rises over the city.
`;

test('paste a Fountain script, parse, adjust, commit, see the shots, generate one and play it', async ({ page, request }) => {
  mkdirSync(resultsDir, { recursive: true });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  const project = await (await request.post('/projects', { data: { name: 'Storyboard', width: 64, height: 64, fps: 24, seed: 5 } })).json();
  const projectId = project.id as string;

  await page.goto(`/#/projects/${projectId}`);
  await expect(page.getByTestId('connection')).toHaveText(/live/);
  await page.getByRole('tab', { name: 'Storyboard' }).click();
  const board = page.getByTestId('storyboard');

  // A malformed FDX: the server's 422 detail, verbatim, with its line.
  await board.getByLabel('Script format').selectOption('fdx');
  await board.getByLabel('Script text').fill('<?xml version="1.0"?>\n<FinalDraft>\n<Content>\n<Paragraph>');
  const refused = page.waitForResponse((r) => r.url().endsWith('/storyboard/parse'));
  await board.getByTestId('parse-script').click();
  const refusal = await refused;
  expect(refusal.status()).toBe(422);
  const { detail } = await refusal.json();
  expect(detail).toMatch(/^line \d+: /);
  await expect(board.getByTestId('parse-error')).toContainText(detail);

  // The Fountain script.
  await board.getByLabel('Script format').selectOption('fountain');
  await board.getByLabel('Script text').fill(SCRIPT);
  const parsed = page.waitForResponse((r) => r.url().endsWith('/storyboard/parse'));
  await board.getByTestId('parse-script').click();
  const answer = await (await parsed).json();
  await expect(board.getByTestId('parse-error')).toHaveCount(0);
  const scenes = answer.scenes as { heading: string; shots: { text: string }[] }[];
  expect(scenes.map((s) => s.heading)).toEqual(['INT. KITCHEN - NIGHT', 'EXT. ROOF - DAWN']);
  const shotTotal = scenes.reduce((n, s) => n + s.shots.length, 0);
  await expect(board.getByTestId('proposal-scene')).toHaveCount(2);
  await expect(board.getByTestId('proposal-shot')).toHaveCount(shotTotal);
  await expect(board.getByTestId('proposal-scene').first()).toContainText('INT. KITCHEN - NIGHT');
  expect((answer.elements as { name: string }[]).map((e) => e.name.toLowerCase())).toContain('mara');
  // Each shot shows its script lines beside the prompt built from them (place, light, @Mara, framing).
  await expect(board.getByTestId('breakdown-source')).toContainText('rule-based breakdown');
  const builtPrompt = board.getByLabel('Scene 1 shot 1 prompt');
  await expect(builtPrompt).toHaveValue(/^A wide establishing shot inside the kitchen\. @Mara pours coffee/);
  await expect(board.getByTestId('proposal-framing').first()).toHaveText('wide');
  // Nothing saved yet.
  expect((await (await request.get(`/projects/${projectId}`)).json()).shots).toHaveLength(0);

  // Adjust: rewrite the first shot's prompt, delete the last shot.
  const edited = 'A close-up of @Mara pouring coffee into a chipped mug, steam rising.';
  await builtPrompt.fill(edited);
  await builtPrompt.blur();
  const lastScene = scenes.length;
  const lastShot = scenes[lastScene - 1]!.shots.length;
  await board.getByRole('button', { name: `Delete scene ${lastScene} shot ${lastShot}` }).click();
  await expect(board.getByTestId('proposal-shot')).toHaveCount(shotTotal - 1);
  // Scene synopsis, a beat's duration (an out-of-range one is not applied), a new element with its type.
  const synopsis = board.getByLabel('Scene 1 synopsis');
  await synopsis.fill('Late shift in the kitchen.');
  await synopsis.blur();
  const duration = board.getByLabel('Scene 1 shot 1 duration');
  await duration.fill('99');
  await duration.press('Enter');
  await expect(duration).not.toHaveValue('99');
  await duration.fill('4.5');
  await duration.press('Enter');
  await board.getByLabel('New element name').fill('Noir');
  await board.getByLabel('New element type').selectOption('style');
  await board.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(board.getByTestId('proposal-element').last().getByLabel(/name/)).toHaveValue('Noir');

  const committed = page.waitForResponse((r) => r.url().endsWith('/storyboard/commit'));
  await board.getByTestId('commit-storyboard').click();
  const commitResponse = await committed;
  const commitBody = commitResponse.request().postDataJSON();
  expect(commitBody.scenes[0]).toMatchObject({ heading: 'INT. KITCHEN - NIGHT', synopsis: 'Late shift in the kitchen.' });
  expect(commitBody.scenes[0].shots[0]).toMatchObject({ text: 'Mara pours coffee into a chipped mug.', prompt: edited, duration_s: 4.5 });
  expect(commitBody.elements).toContainEqual({ name: 'Noir', type: 'style' });
  const counts = await commitResponse.json();
  expect(counts.shots_created).toBe(shotTotal - 1);
  const summary = board.getByTestId('commit-result');
  await expect(summary).toContainText(`${counts.scenes_created} scenes created`);
  await expect(summary).toContainText(`${counts.shots_created} shots created`);
  await expect(summary).toContainText(`${counts.elements_created} elements created`);

  const state = await (await request.get(`/projects/${projectId}`)).json();
  expect(state.shots).toHaveLength(shotTotal - 1);
  expect(state.shots[0].prompt).toBe(edited);
  const mara = (state.elements as { id: string; name: string; trigger: string }[]).find((e) => e.name.toLowerCase() === 'mara')!;
  expect(mara).toBeTruthy();

  // The timeline has the shots, in script order.
  await page.getByRole('tab', { name: 'Editor' }).click();
  const cards = page.getByTestId('clip');
  await expect(cards).toHaveCount(shotTotal - 1);
  await expect(cards.first()).toContainText('steam rising');

  // The Elements panel lists what the commit created; describe Mara.
  await page.getByRole('tab', { name: /^Elements/ }).click();
  const maraCard = page.getByTestId('element-card').filter({ hasText: mara.trigger });
  await expect(maraCard).toBeVisible();
  const description = maraCard.getByLabel(/description/);
  await description.fill('a tired nurse in blue scrubs');
  await description.blur();
  await expect
    .poll(async () => ((await (await request.get(`/projects/${projectId}`)).json()).elements as { name: string; description: string }[]).find((e) => e.name === mara.name)?.description)
    .toBe('a tired nurse in blue scrubs');

  // Generate visual: a t2i job for the element; its still is attached as a reference image when it completes.
  const visual = page.waitForResponse((r) => r.url().endsWith('/generate/advanced') && r.request().method() === 'POST');
  await maraCard.getByTestId('generate-visual').click();
  const visualRequest = (await visual).request().postDataJSON();
  expect(visualRequest).toMatchObject({ project_id: projectId, mode: 't2i' });
  expect(visualRequest.prompt).toContain(mara.trigger);
  expect(visualRequest.shot_id ?? null).toBeNull();
  expect(visualRequest.element_id).toBe(mara.id); // the server attaches the still and sends element.updated
  await expect(maraCard.getByTestId('element-ref')).toHaveCount(1, { timeout: 120_000 });
  await expect(maraCard.getByTestId('element-ref').locator('img')).toBeVisible();

  // @ autocompletion in the prompt: "@Ma" suggests Mara's trigger; Enter inserts it. The card shows the element.
  await cards.first().click();
  const inspector = page.getByTestId('inspector');
  const prompt = inspector.getByLabel('Prompt', { exact: true });
  await prompt.click();
  await prompt.press('End');
  await prompt.pressSequentially(' with @Ma');
  await expect(page.getByTestId('mention-list')).toContainText(mara.trigger);
  await prompt.press('Enter');
  await expect(prompt).toHaveValue(`${edited} with ${mara.trigger} `);
  await expect(page.getByTestId('mention-list')).toHaveCount(0);
  await prompt.blur();
  await expect(cards.first().getByTestId('shot-elements')).toContainText(mara.trigger);

  // Tiny generation: 9 frames, 2 steps (the project, hence the shot, is 64×64).
  await inspector.getByLabel('Length (s)').fill('0.4'); // 9 frames at 24 fps
  await inspector.getByLabel('Length (s)').press('Enter');
  await inspector.getByLabel('Steps').fill('2');
  await inspector.getByLabel('Steps').press('Enter');
  const accepted = page.waitForResponse((r) => r.url().endsWith('/generate/advanced') && r.request().method() === 'POST');
  await inspector.getByTestId('generate').click();
  const acceptedResponse = await accepted;
  const job = await acceptedResponse.json();
  expect(acceptedResponse.status(), JSON.stringify(job)).toBe(202);
  const deadline = Date.now() + 240_000;
  let row: { status: string; error: string | null; result: { video_url?: string } | null; request: Record<string, unknown> };
  for (;;) {
    row = await (await request.get(`/jobs/${job.job_id}`)).json();
    if (['completed', 'failed', 'cancelled'].includes(row.status)) break;
    if (Date.now() > deadline) throw new Error(`job still ${row.status}`);
    await page.waitForTimeout(250);
  }
  expect(row, JSON.stringify(row)).toMatchObject({ status: 'completed' });
  await expect(cards.first()).toHaveAttribute('data-status', 'ready');

  await expectVideoPlays(page, row.result!.video_url!, [64, 64]);

  await page.screenshot({ path: join(resultsDir, 'storyboard.png'), fullPage: true });
  expect(consoleErrors.filter((e) => !/favicon|422/.test(e))).toEqual([]);
});
