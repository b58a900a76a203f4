// A pasted, unparsed or uncommitted script survives a reload: the script text and the proposal not committed yet are
// kept per project in this browser and come back when the project opens; a commit clears them.
import { describe, expect, it } from 'vitest';
import type { ParseResponse } from '../api/types';
import { createAppStore } from '../store';
import { storyboardDraftKey } from '../store/storyboardDraft';
import { memoryStorage } from '../domain/timeline/storage';
import { FakeServer } from './fakeApi';

const PARSED: ParseResponse = {
  format: 'fountain',
  title: 'Night Shift',
  warnings: [],
  scenes: [{ heading: 'INT. KITCHEN - NIGHT', shots: [{ text: 'Mara pours coffee.', characters: ['MARA'], duration_s: 3 }] }],
  elements: [{ name: 'MARA', type: 'character' }],
};
const SCRIPT = 'INT. KITCHEN - NIGHT\n\nMara pours coffee.';

async function open(server: FakeServer, storage: ReturnType<typeof memoryStorage>) {
  const store = createAppStore(server, { historySaveMs: 0, storage });
  await store.getState().openProject(server.project.id);
  return store;
}
const tick = () => new Promise((r) => setTimeout(r, 5));

/** A store with the script parsed into a proposal (not committed), on `storage`. */
async function parsedDraft(storage: ReturnType<typeof memoryStorage>) {
  const server = new FakeServer(0);
  server.parseAnswer = () => PARSED;
  const first = await open(server, storage);
  first.getState().setScript(SCRIPT);
  await first.getState().parseScript();
  return { server, first };
}

describe('storyboard draft across a reload', () => {
  it('keeps a pasted script that was never parsed', async () => {
    const server = new FakeServer(0);
    const storage = memoryStorage();
    const first = await open(server, storage);
    first.getState().setScript(SCRIPT, 'night.fountain', 'fountain');
    await tick();
    const second = await open(server, storage);
    expect(second.getState()).toMatchObject({ scriptText: SCRIPT, scriptName: 'night.fountain', scriptFormat: 'fountain', proposal: null });
  });

  it('keeps the proposal with its edits until it is committed, then forgets it', async () => {
    const storage = memoryStorage();
    const { server, first } = await parsedDraft(storage);
    first.getState().editProposalShot(0, 0, 'Mara pours black coffee.');
    await tick();

    const second = await open(server, storage);
    const proposal = second.getState().proposal;
    expect(second.getState().scriptText).toBe(SCRIPT);
    expect(proposal).toEqual(first.getState().proposal);
    expect(proposal!.scenes[0]!.shots[0]!.text).toBe('Mara pours black coffee.');

    expect(await second.getState().commitProposal()).toBeTruthy();
    second.getState().discardProposal(); // closing the committed proposal is not new work
    await tick();
    expect(storage.getItem(storyboardDraftKey(server.project.id))).toBeNull();
    const third = await open(server, storage);
    expect(third.getState()).toMatchObject({ scriptText: '', proposal: null });
  });

  it('a discarded proposal does not come back; the script in the box does', async () => {
    const storage = memoryStorage();
    const { server, first } = await parsedDraft(storage);
    first.getState().discardProposal();
    await tick();
    const second = await open(server, storage);
    expect(second.getState()).toMatchObject({ scriptText: SCRIPT, proposal: null });
  });
});
