import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { ParseResponse } from '../api/types';
import { createAppStore } from '../store';
import { insertMention, matchTriggers, mentionAt, triggersIn } from '../domain/mentions';
import {
  addProposalElement,
  addProposalShot,
  deleteProposalElement,
  deleteProposalShot,
  editProposalScene,
  editProposalShot,
  editProposalShotPrompt,
  errorLine,
  parseCharacters,
  proposalFrom,
  renameProposalElement,
  setProposalElementType,
  setProposalShotCharacters,
  setProposalShotDuration,
  storyboardOf,
  triggerOf,
  validBeatDuration,
} from '../domain/storyboard';
import { FakeServer } from './fakeApi';

const PARSED: ParseResponse = {
  format: 'fountain',
  title: 'Night Shift',
  warnings: [],
  scenes: [
    {
      heading: 'INT. KITCHEN - NIGHT',
      location: 'KITCHEN',
      time_of_day: 'NIGHT',
      synopsis: '',
      shots: [
        { text: 'Mara pours coffee.', characters: ['MARA'], duration_s: 3 },
        { text: 'Jon walks in.', characters: ['JON', 'MARA'], duration_s: 2 },
      ],
    },
    { heading: 'EXT. ROOF - DAWN', shots: [{ text: 'The sun rises.' }] },
  ],
  elements: [
    { name: 'MARA', type: 'character' },
    { name: 'JON', type: 'character' },
    { name: 'KITCHEN', type: 'location' },
  ],
};

describe('proposal edits (pure)', () => {
  it('edits a built prompt; renaming an element renames its trigger in the prompts, deleting one names it plainly', () => {
    const board: ParseResponse = {
      ...PARSED,
      breakdown: 'rules',
      scenes: [
        {
          heading: 'INT. KITCHEN - NIGHT',
          shots: [
            { text: 'MARA pours coffee.', prompt: 'A medium shot of @Mara inside the kitchen. @Mara pours coffee.', framing: 'medium', source: ['MARA pours coffee.'], characters: ['Mara'] },
            { text: 'Jon: Hi.', prompt: '@Jon says: "Hi, @Marabel."', characters: ['Jon'] },
          ],
        },
      ],
      elements: [
        { name: 'Mara', type: 'character', description: 'Mara (40s)' },
        { name: 'Jon', type: 'character' },
      ],
    };
    const p = proposalFrom(board);
    expect(p.scenes[0]!.shots[0]).toMatchObject({ framing: 'medium', source: ['MARA pours coffee.'] });
    const edited = editProposalShotPrompt(p, 0, 1, 'A close-up of @Jon.');
    expect(edited.scenes[0]!.shots[1]!.prompt).toBe('A close-up of @Jon.');
    expect(editProposalShotPrompt(p, 0, 1, p.scenes[0]!.shots[1]!.prompt)).toBe(p);

    const renamed = renameProposalElement(p, 0, 'Dr. Mara Quinn');
    expect(triggerOf('Dr. Mara Quinn')).toBe('@DrMaraQuinn');
    expect(renamed.scenes[0]!.shots[0]!.prompt).toBe('A medium shot of @DrMaraQuinn inside the kitchen. @DrMaraQuinn pours coffee.');
    expect(renamed.scenes[0]!.shots[1]!.prompt).toBe('@Jon says: "Hi, @Marabel."'); // a longer word is not the trigger
    const without = deleteProposalElement(p, 1);
    expect(without.scenes[0]!.shots[1]!.prompt).toBe('Jon says: "Hi, @Marabel."');
    expect(storyboardOf(without).scenes![0]!.shots![0]!.prompt).toContain('@Mara');
  });

  it('fills defaults and edits / deletes shots without touching the input', () => {
    const p = proposalFrom(PARSED);
    expect(p.scenes[1]).toEqual({
      heading: 'EXT. ROOF - DAWN',
      location: '',
      time_of_day: '',
      synopsis: '',
      notes: [],
      transitions: [],
      shots: [{ text: 'The sun rises.', prompt: '', framing: null, source: [], characters: [], duration_s: 3 }],
    });
    const edited = editProposalShot(p, 0, 1, 'Jon bursts in.');
    expect(edited.scenes[0]!.shots[1]!.text).toBe('Jon bursts in.');
    expect(p.scenes[0]!.shots[1]!.text).toBe('Jon walks in.');
    expect(edited.scenes[1]).toBe(p.scenes[1]); // untouched scenes are shared
    expect(editProposalShot(p, 0, 1, 'Jon walks in.')).toBe(p); // no change, same object
    expect(editProposalShot(p, 5, 0, 'x')).toBe(p);

    const deleted = deleteProposalShot(p, 0, 0);
    expect(deleted.scenes[0]!.shots.map((s) => s.text)).toEqual(['Jon walks in.']);
    expect(deleteProposalShot(p, 0, 9)).toBe(p);
  });

  it('renames an element (shots follow) and deletes one (dropped from the shots too)', () => {
    const p = proposalFrom(PARSED);
    const renamed = renameProposalElement(p, 0, '  Mara ');
    expect(renamed.elements[0]).toEqual({ name: 'Mara', type: 'character' });
    expect(renamed.scenes[0]!.shots.map((s) => s.characters)).toEqual([['Mara'], ['JON', 'Mara']]);
    expect(renameProposalElement(p, 0, '   ')).toBe(p);

    const deleted = deleteProposalElement(renamed, 1);
    expect(deleted.elements.map((e) => e.name)).toEqual(['Mara', 'KITCHEN']);
    expect(deleted.scenes[0]!.shots[1]!.characters).toEqual(['Mara']);
    expect(storyboardOf(deleted)).toEqual({ breakdown: 'rules', scenes: deleted.scenes, elements: deleted.elements });
  });

  it('edits a scene\'s heading, location, time of day and synopsis', () => {
    const p = proposalFrom(PARSED);
    const edited = editProposalScene(p, 0, { heading: ' INT. DINER - DAY ', location: 'DINER', time_of_day: 'DAY', synopsis: 'Breakfast.' });
    expect(edited.scenes[0]).toMatchObject({ heading: 'INT. DINER - DAY', location: 'DINER', time_of_day: 'DAY', synopsis: 'Breakfast.' });
    expect(edited.scenes[0]!.shots).toBe(p.scenes[0]!.shots);
    expect(edited.scenes[1]).toBe(p.scenes[1]);
    expect(p.scenes[0]!.heading).toBe('INT. KITCHEN - NIGHT');
    expect(editProposalScene(p, 0, { heading: 'INT. KITCHEN - NIGHT', location: 'KITCHEN' })).toBe(p);
    expect(editProposalScene(p, 0, {})).toBe(p);
    expect(editProposalScene(p, 7, { heading: 'x' })).toBe(p);
  });

  it('sets a beat\'s duration only within (0, 60] seconds', () => {
    const p = proposalFrom(PARSED);
    expect(setProposalShotDuration(p, 0, 1, 4.5).scenes[0]!.shots[1]!.duration_s).toBe(4.5);
    expect(setProposalShotDuration(p, 0, 1, 60).scenes[0]!.shots[1]!.duration_s).toBe(60);
    expect(setProposalShotDuration(p, 0, 0, 0.1).scenes[0]!.shots[0]!.duration_s).toBe(0.1);
    for (const bad of [0, -1, 60.01, Number.NaN, Number.POSITIVE_INFINITY]) expect(setProposalShotDuration(p, 0, 1, bad)).toBe(p);
    expect(setProposalShotDuration(p, 0, 1, 2)).toBe(p); // unchanged
    expect(setProposalShotDuration(p, 0, 9, 2)).toBe(p);
    expect(validBeatDuration(60)).toBe(true);
    expect(validBeatDuration(0)).toBe(false);
  });

  it('sets a beat\'s characters from a comma-separated list', () => {
    const p = proposalFrom(PARSED);
    expect(parseCharacters(' mara, Old Man ,, MARA, ', p.elements)).toEqual(['MARA', 'Old Man']);
    const edited = setProposalShotCharacters(p, 0, 0, 'jon, Mara');
    expect(edited.scenes[0]!.shots[0]!.characters).toEqual(['JON', 'MARA']);
    expect(p.scenes[0]!.shots[0]!.characters).toEqual(['MARA']);
    expect(setProposalShotCharacters(p, 0, 1, '').scenes[0]!.shots[1]!.characters).toEqual([]);
    expect(setProposalShotCharacters(p, 0, 1, 'JON, MARA')).toBe(p);
    expect(setProposalShotCharacters(p, 3, 0, 'JON')).toBe(p);
  });

  it('adds a beat after a given one or at the end', () => {
    const p = proposalFrom(PARSED);
    const after = addProposalShot(p, 0, 0, { text: 'Steam rises.', duration_s: 2 });
    expect(after.scenes[0]!.shots.map((s) => s.text)).toEqual(['Mara pours coffee.', 'Steam rises.', 'Jon walks in.']);
    const blank = { prompt: '', framing: null, source: [], characters: [] };
    expect(after.scenes[0]!.shots[1]).toEqual({ ...blank, text: 'Steam rises.', duration_s: 2 });
    const end = addProposalShot(p, 1, null);
    expect(end.scenes[1]!.shots).toEqual([
      { ...blank, text: 'The sun rises.', duration_s: 3 },
      { ...blank, text: 'New shot.', duration_s: 3 },
    ]);
    expect(addProposalShot(p, 0, 99).scenes[0]!.shots.at(-1)!.text).toBe('New shot.');
    expect(addProposalShot(p, 0, null, { duration_s: 100 }).scenes[0]!.shots.at(-1)!.duration_s).toBe(3);
    expect(p.scenes[0]!.shots).toHaveLength(2);
    expect(addProposalShot(p, 4, null)).toBe(p);
  });

  it('changes an element\'s type and adds elements', () => {
    const p = proposalFrom(PARSED);
    const typed = setProposalElementType(p, 2, 'object');
    expect(typed.elements[2]).toEqual({ name: 'KITCHEN', type: 'object' });
    expect(p.elements[2]!.type).toBe('location');
    expect(setProposalElementType(p, 2, 'location')).toBe(p);
    expect(setProposalElementType(p, 9, 'style')).toBe(p);

    const added = addProposalElement(p, '  Noir ', 'style');
    expect(added.elements.at(-1)).toEqual({ name: 'Noir', type: 'style' });
    expect(addProposalElement(p, 'mara', 'character')).toBe(p); // already listed
    expect(addProposalElement(p, '  ', 'object')).toBe(p);
    expect(storyboardOf(added).elements).toHaveLength(4);
  });

  it('reads the line number of a parse refusal', () => {
    expect(errorLine('line 12: unterminated dual dialogue')).toBe(12);
    expect(errorLine('not a screenplay')).toBeNull();
  });
});

describe('@ autocompletion', () => {
  const triggers = ['@Mara', '@Marcus', '@Kitchen', '@OldMan', '@Jon'];
  it('finds the @word at the caret', () => {
    expect(mentionAt('a shot of @Ma', 13)).toEqual({ start: 10, query: 'Ma' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('(@Jo) walks', 4)).toEqual({ start: 1, query: 'Jo' });
    expect(mentionAt('mail me@home', 12)).toBeNull();
    expect(mentionAt('no mention here', 15)).toBeNull();
    expect(mentionAt('@Mara walks', 11)).toBeNull();
  });
  it('suggests prefix matches first, then substring matches, case-insensitively', () => {
    expect(matchTriggers(triggers, 'Mar')).toEqual(['@Mara', '@Marcus']);
    expect(matchTriggers(triggers, 'ma')).toEqual(['@Mara', '@Marcus', '@OldMan']);
    expect(matchTriggers(triggers, 'mara')).toEqual(['@Mara']);
    expect(matchTriggers(triggers, '')).toEqual(['@Jon', '@Kitchen', '@Mara', '@Marcus', '@OldMan']);
    expect(matchTriggers(triggers, 'zz')).toEqual([]);
  });
  it('inserts the trigger in place of the partial word, with a space', () => {
    const text = 'a shot of @Ma in the rain';
    const m = mentionAt(text, 13)!;
    expect(insertMention(text, m, 13, '@Mara')).toEqual({ text: 'a shot of @Mara in the rain', caret: 16 });
    expect(insertMention('@Ma', { start: 0, query: 'Ma' }, 3, '@Mara')).toEqual({ text: '@Mara ', caret: 6 });
  });
  it('lists the known triggers a prompt uses, once each, whole words only', () => {
    expect(triggersIn('@mara and @Jon meet @Mara; x@Jon, @Nobody', triggers)).toEqual(['@Mara', '@Jon']);
  });
});

async function openStore() {
  const server = new FakeServer(0);
  const store = createAppStore(server);
  await store.getState().openProject(server.project.id);
  return { server, store, s: () => store.getState() };
}

describe('storyboard slice', () => {
  it('parses (nothing saved), takes the edits, commits the adjusted proposal and shows the new shots', async () => {
    const { server, s } = await openStore();
    server.parseAnswer = () => PARSED;
    s().setScript('INT. KITCHEN - NIGHT\n\nMara pours coffee.', 'night.fountain', 'fountain');
    expect(await s().parseScript()).toBe(true);
    expect(server.calls.find((c) => c.method === 'parseStoryboard')!.args[0]).toEqual({
      text: 'INT. KITCHEN - NIGHT\n\nMara pours coffee.',
      format: 'fountain',
    });
    expect(server.shots).toHaveLength(0);
    s().editProposalShot(0, 0, 'Mara pours black coffee.');
    s().deleteProposalShot(1, 0);
    s().deleteProposalElement(2);
    s().renameProposalElement(0, 'Mara');
    s().editProposalScene(0, { synopsis: 'Late coffee.' });
    s().setProposalShotDuration(0, 0, 4);
    s().setProposalShotCharacters(0, 1, 'Jon');
    s().addProposalShot(0, null);
    s().editProposalShot(0, 2, 'The kettle whistles.');
    s().setProposalElementType(1, 'object');
    s().addProposalElement('Noir', 'style');
    const result = await s().commitProposal();
    expect(result).toMatchObject({ shots_created: 3, elements_created: 3 });
    const body = server.calls.find((c) => c.method === 'commitStoryboard')!.args[0] as ReturnType<typeof storyboardOf>;
    const texts = ['Mara pours black coffee.', 'Jon walks in.', 'The kettle whistles.'];
    expect(body.scenes!.flatMap((sc) => sc.shots!.map((sh) => sh.text))).toEqual(texts);
    // The contract's shape: scenes with heading/location/time_of_day/synopsis/notes/transitions and shots
    // {text, prompt, framing, source, characters, duration_s}.
    const blank = { prompt: '', framing: null, source: [] };
    expect(body.scenes![0]).toEqual({
      heading: 'INT. KITCHEN - NIGHT',
      location: 'KITCHEN',
      time_of_day: 'NIGHT',
      synopsis: 'Late coffee.',
      notes: [],
      transitions: [],
      shots: [
        { ...blank, text: 'Mara pours black coffee.', characters: ['Mara'], duration_s: 4 },
        { ...blank, text: 'Jon walks in.', characters: ['JON'], duration_s: 2 },
        { ...blank, text: 'The kettle whistles.', characters: [], duration_s: 3 },
      ],
    });
    expect(body.elements).toEqual([
      { name: 'Mara', type: 'character' },
      { name: 'JON', type: 'object' },
      { name: 'Noir', type: 'style' },
    ]);
    expect(s().shotOrder.map((id) => s().shots[id]!.prompt)).toEqual(texts);
    expect(s().elements.map((e) => e.trigger)).toEqual(['@Mara', '@JON', '@Noir']);
    expect(s().commitResult).toEqual(result);
  });

  it('asks the director for one scene (only that scene changes, edits elsewhere stay) or for the whole script', async () => {
    const { server, s } = await openStore();
    server.parseAnswer = () => structuredClone(PARSED);
    s().setScript('INT. KITCHEN - NIGHT\n\nMara pours coffee.\n');
    await s().parseScript();
    s().editProposalShotPrompt(0, 0, 'my own prompt');
    const directed = structuredClone(PARSED);
    directed.breakdown = 'director';
    directed.warnings = ['TEST MODEL: the director has tiny random weights'];
    directed.scenes![1]!.shots = [{ text: 'Dawn.', prompt: 'A wide shot of the roof at dawn, the city waking.', framing: 'wide', duration_s: 4 }];
    server.breakdownAnswer = () => structuredClone(directed);
    const asked = s().askDirector(1);
    expect(s().directing).toBe(1);
    expect(await asked).toBe(true);
    expect(s().directing).toBeNull();
    expect(server.calls.find((c) => c.method === 'breakdownStoryboard')!.args[0]).toMatchObject({ scene_index: 1 });
    const p = s().proposal!;
    expect(p.breakdown).toBe('director');
    expect(p.warnings).toEqual(directed.warnings);
    expect(p.scenes[0]!.shots[0]!.prompt).toBe('my own prompt'); // the user's edit in another scene stays
    expect(p.scenes[1]!.shots.map((sh) => [sh.prompt, sh.framing, sh.duration_s])).toEqual([
      ['A wide shot of the roof at dawn, the city waking.', 'wide', 4],
    ]);
    // The whole script: the director's proposal replaces the proposal.
    await s().askDirector(null);
    expect(server.calls.filter((c) => c.method === 'breakdownStoryboard').at(-1)!.args[0]).not.toHaveProperty('scene_index');
    expect(s().proposal!.scenes[0]!.shots[0]!.prompt).toBe('');
    // A refusal is shown verbatim and changes nothing.
    const before = s().proposal;
    server.breakdownAnswer = () => {
      throw new ApiError(422, "the director's breakdown of scene 1 was refused 3 times (it left out the line \"Hi.\"); nothing was changed", '422');
    };
    expect(await s().askDirector(0)).toBe(false);
    expect(s().directorError).toContain('refused 3 times');
    expect(s().proposal).toBe(before);
  });

  it('keeps the server refusal of a parse verbatim', async () => {
    const { server, s } = await openStore();
    server.parseAnswer = () => {
      throw new ApiError(422, 'line 3: a scene heading needs a location', '422');
    };
    s().setScript('INT.\n\n');
    expect(await s().parseScript()).toBe(false);
    expect(s().parseError).toBe('line 3: a scene heading needs a location');
    expect(s().proposal).toBeNull();
  });
});

describe('elements slice', () => {
  it('creates, edits and deletes elements; a visual job attaches its still when it completes', async () => {
    const { server, s } = await openStore();
    const mara = (await s().createElement({ name: 'Mara', element_type: 'character', description: '', reference_asset_ids: [] }))!;
    expect(mara.trigger).toBe('@Mara');
    await s().updateElement(mara.id, { description: 'a tall woman in a red coat' });
    expect(s().elements[0]).toMatchObject({ description: 'a tall woman in a red coat', version: 2 });

    const jobId = (await s().generateElementVisual(mara.id))!;
    const request = server.calls.find((c) => c.method === 'generate')!.args[0] as Record<string, unknown>;
    expect(request).toMatchObject({ mode: 't2i', prompt: expect.stringContaining('@Mara'), element_id: mara.id });
    expect(request.shot_id).toBeUndefined();
    expect(s().visualJobs[jobId]).toBe(mara.id);

    // The server attaches the still (version bump) and publishes element.updated; the browser patches nothing.
    const still = server.addAsset({ original_name: 'still.png', origin: 'generated' });
    const attached = { ...server.elements[0]!, reference_asset_ids: [still.id], version: 3 };
    server.elements[0] = structuredClone(attached);
    s().applyEvent('element.updated', { type: 'element.updated', project_id: server.project.id, element_id: mara.id, element: attached });
    expect(s().elements[0]).toMatchObject({ reference_asset_ids: [still.id], version: 3 });
    // An older row (e.g. a replayed event) does not win over the newer one shown.
    s().applyEvent('element.updated', { type: 'element.updated', element_id: mara.id, element: { ...attached, reference_asset_ids: [], version: 2 } });
    expect(s().elements[0]).toMatchObject({ reference_asset_ids: [still.id], version: 3 });

    s().applyEvent('job.completed', { type: 'job.completed', job_id: jobId, status: 'completed', progress: 1, result: { asset_id: still.id } });
    await vi.waitFor(() => expect(s().assets.map((a) => a.id)).toContain(still.id));
    expect(s().visualJobs).toEqual({});
    expect(server.calls.filter((c) => c.method === 'updateElement')).toHaveLength(1); // only the description edit
    expect(s().elements[0]).toMatchObject({ reference_asset_ids: [still.id], version: 3 });

    await s().deleteElement(mara.id);
    expect(s().elements).toEqual([]);
  });

  it('a missed element.updated: the job completion re-reads the project and shows the attached still', async () => {
    const { server, s } = await openStore();
    const mara = (await s().createElement({ name: 'Mara', element_type: 'character', description: '', reference_asset_ids: [] }))!;
    const jobId = (await s().generateElementVisual(mara.id, 'Mara, full body'))!;
    expect(server.calls.find((c) => c.method === 'generate')!.args[0]).toMatchObject({ prompt: 'Mara, full body', element_id: mara.id });
    const still = server.addAsset({ original_name: 'still.png', origin: 'generated' });
    server.elements[0] = { ...server.elements[0]!, reference_asset_ids: [still.id], version: 2 };
    s().applyEvent('job.completed', { type: 'job.completed', job_id: jobId, status: 'completed', progress: 1, result: { asset_id: still.id } });
    await vi.waitFor(() => expect(s().elements[0]).toMatchObject({ reference_asset_ids: [still.id], version: 2 }));
    expect(server.calls.some((c) => c.method === 'updateElement')).toBe(false);
  });

  it('a failed visual job shows its error', async () => {
    const { s } = await openStore();
    const mara = (await s().createElement({ name: 'Mara', element_type: 'character', description: '', reference_asset_ids: [] }))!;
    const jobId = (await s().generateElementVisual(mara.id))!;
    s().applyEvent('job.failed', { type: 'job.failed', job_id: jobId, status: 'failed', error: 'out of memory' });
    await vi.waitFor(() => expect(s().elementError).toBe('Generating the visual failed: out of memory'));
    expect(s().visualJobs).toEqual({});
  });

  it('shows a refusal verbatim', async () => {
    const { s } = await openStore();
    await s().createElement({ name: 'Mara', element_type: 'character', description: '', reference_asset_ids: [] });
    expect(await s().createElement({ name: 'Mara', element_type: 'character', description: '', reference_asset_ids: [] })).toBeNull();
    expect(s().elementError).toBe('trigger @Mara is taken');
  });
});
