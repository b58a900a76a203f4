import { expect, test } from '@playwright/test';

// Against the real backend: a pasted script, and then its parsed proposal, survive a reload of the page.
const SCRIPT = 'INT. KITCHEN - NIGHT\n\nMara pours coffee.\n\nEXT. ROOF - DAWN\n\nThe sun rises.\n';

test('a pasted script and its uncommitted proposal survive a reload', async ({ page, request }) => {
  const project = await (await request.post('/projects', { data: { name: 'Draft script', width: 64, height: 64, fps: 24 } })).json();
  const openBoard = async () => {
    await expect(page.getByTestId('connection')).toHaveText(/live/);
    await page.getByRole('tab', { name: 'Storyboard' }).click();
    return page.getByTestId('storyboard');
  };
  await page.goto(`/#/projects/${project.id}`);
  let board = await openBoard();
  await board.getByLabel('Script text').fill(SCRIPT);
  await page.waitForTimeout(700); // past the write delay (a reload also writes it, on pagehide)

  await page.reload();
  board = await openBoard();
  await expect(board.getByLabel('Script text')).toHaveValue(SCRIPT);

  const parsed = page.waitForResponse((r) => r.url().endsWith('/storyboard/parse'));
  await board.getByTestId('parse-script').click();
  await parsed;
  await expect(board.getByTestId('proposal-scene')).toHaveCount(2);
  await page.reload();
  board = await openBoard();
  await expect(board.getByTestId('proposal-scene')).toHaveCount(2);
  await expect(board.getByLabel('Script text')).toHaveValue(SCRIPT);
});
