import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { ParseResponse } from '../api/types';
import { createAppStore } from '../store';
import { insertMention, matchTriggers, mentionAt, triggersIn } from '../store/mentions';
import {
  deleteProposalElement,
  deleteProposalShot,
  editProposalShot,
  errorLine,
  proposalFrom,
  renameProposalElement,
  storyboardOf,
} from '../store/storyboard';
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
  it('fills defaults and edits / deletes shots without touching the input', () => {
    const p = proposalFrom(PARSED);
    expect(p.scenes[1]).toEqual({
      heading: 'EXT. ROOF - DAWN',
      location: '',
      time_of_day: '',
      synopsis: '',
      shots: [{ text: 'The sun rises.', characters: [], duration_s: 3 }],
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
    expect(storyboardOf(deleted)).toEqual({ scenes: deleted.scenes, elements: deleted.elements });
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
    const result = await s().commitProposal();
    expect(result).toMatchObject({ shots_created: 2, elements_created: 2 });
    const body = server.calls.find((c) => c.method === 'commitStoryboard')!.args[0] as ReturnType<typeof storyboardOf>;
    expect(body.scenes!.flatMap((sc) => sc.shots!.map((sh) => sh.text))).toEqual(['Mara pours black coffee.', 'Jon walks in.']);
    expect(body.elements!.map((e) => e.name)).toEqual(['Mara', 'JON']);
    expect(s().shotOrder.map((id) => s().shots[id]!.prompt)).toEqual(['Mara pours black coffee.', 'Jon walks in.']);
    expect(s().elements.map((e) => e.trigger)).toEqual(['@Mara', '@JON']);
    expect(s().commitResult).toEqual(result);
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
    expect(request).toMatchObject({ mode: 't2i', prompt: expect.stringContaining('@Mara') });
    expect(request.shot_id).toBeUndefined();
    expect(s().visualJobs[jobId]).toBe(mara.id);

    const still = server.addAsset({ original_name: 'still.png', origin: 'generated' });
    s().applyEvent('job.completed', { type: 'job.completed', job_id: jobId, status: 'completed', progress: 1, result: { asset_id: still.id } });
    await vi.waitFor(() => expect(s().elements[0]!.reference_asset_ids).toEqual([still.id]));
    expect(s().visualJobs).toEqual({});
    expect(s().assets.map((a) => a.id)).toContain(still.id);

    await s().deleteElement(mara.id);
    expect(s().elements).toEqual([]);
  });

  it('shows a refusal verbatim', async () => {
    const { s } = await openStore();
    await s().createElement({ name: 'Mara', element_type: 'character', description: '', reference_asset_ids: [] });
    expect(await s().createElement({ name: 'Mara', element_type: 'character', description: '', reference_asset_ids: [] })).toBeNull();
    expect(s().elementError).toBe('trigger @Mara is taken');
  });
});
