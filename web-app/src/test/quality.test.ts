// Quality presets (issue 12): the shot's preset is a draft field saved with PATCH (null = the project's default),
// the inspector reads each preset's steps, passes and expected time from the server, the project's default is changed
// with its version, and "re-generate as final" resends the draft take's seed and prompt at final.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QualityPickerView } from '../components/inspector/QualityPicker';
import { costText, expectedTime } from '../domain/quality';
import { fieldsOf } from '../domain/shotFields';
import { promotableTake } from '../domain/takes';
import { createAppStore } from '../store';
import { FakeServer } from './fakeApi';

async function open() {
  const server = new FakeServer(1);
  const store = createAppStore(server, { storage: null });
  await store.getState().openProject(server.project.id);
  const shotId = store.getState().shotOrder[0]!;
  return { server, store, shotId };
}

describe('quality presets', () => {
  it('words a preset by what it runs and how long it took here', () => {
    const option = { quality: 'draft' as const, steps: 8, passes_per_step: 1, seconds: 65.2, available: true, reason: null };
    expect(expectedTime(option)).toBe('~1:05');
    expect(costText(option)).toBe('8 steps · 1 pass');
    expect(expectedTime({ ...option, seconds: null })).toBe('not timed yet');
    expect(expectedTime({ ...option, available: false, reason: 'no distilled LoRA' })).toBeNull();
    expect(costText({ ...option, quality: 'final', steps: 40, passes_per_step: 4 })).toBe('40 steps · 4 passes');
  });

  it("a shot's preset is saved with its version; null gives it back to the project's default", async () => {
    const { server, store, shotId } = await open();
    expect(fieldsOf(store.getState().shots[shotId]!).quality).toBeNull();
    store.getState().editShot(shotId, { quality: 'draft' });
    const saved = await store.getState().saveShot(shotId);
    const patch = server.calls.filter((c) => c.method === 'updateShot').at(-1)!.args[1] as Record<string, unknown>;
    expect(patch).toMatchObject({ quality: 'draft', version: 1 });
    expect(saved?.quality).toBe('draft');
    store.getState().editShot(shotId, { quality: null });
    await store.getState().saveShot(shotId);
    const cleared = server.calls.filter((c) => c.method === 'updateShot').at(-1)!.args[1] as Record<string, unknown>;
    expect(cleared).toMatchObject({ quality: null });
  });

  it("the project's default is changed with the project's version, and the picker marks it", async () => {
    const { server, store, shotId } = await open();
    await store.getState().setDefaultQuality('draft');
    const call = server.calls.filter((c) => c.method === 'updateProject').at(-1)!;
    expect(call.args[1]).toEqual({ version: 1, default_quality: 'draft' });
    expect(store.getState().project?.default_quality).toBe('draft');
    server.qualityAnswers.draft = { seconds: 12 };
    server.qualityAnswers.standard = { available: false, reason: 'standard is the two-stage path of text-to-video' };
    await store.getState().loadQualityOptions(shotId, 't2v');
    const html = renderToStaticMarkup(
      createElement(QualityPickerView, {
        chosen: null,
        projectDefault: store.getState().project!.default_quality!,
        options: store.getState().qualityOptions[shotId]!.options,
        modified: false,
        onPick: () => {},
      }),
    );
    expect(html).toMatch(/data-testid="quality-draft"[^>]*aria-checked="true"|aria-checked="true"[^>]*data-testid="quality-draft"/);
    expect(html).toContain('~0:12');
    expect(html).toContain('project default');
    expect(html).toMatch(/title="standard is the two-stage path of text-to-video"/);
  });

  it('"re-generate as final" resends the current draft take\'s seed and prompt as written', async () => {
    const { server, store, shotId } = await open();
    const shot = server.shots[0]!;
    shot.params = {
      takes: [
        { job_id: 'j1', video_path: 'generated/a.mp4', thumbnail_path: 't/a.jpg', num_frames: 9, quality: 'draft', seed: 7, prompt: '@Hero runs' },
      ],
    };
    shot.video_url = `/projects/${server.project.id}/generated/a.mp4`;
    shot.prompt = 'edited since the draft';
    shot.version += 1;
    store.getState().receiveShot(structuredClone(shot));
    expect(promotableTake(store.getState().shots[shotId]!)).toMatchObject({ job_id: 'j1', quality: 'draft', seed: 7 });
    await store.getState().promoteShot(shotId);
    const body = server.calls.filter((c) => c.method === 'generate').at(-1)!.args[0] as Record<string, unknown>;
    expect(body).toMatchObject({ shot_id: shotId, quality: 'final', seed: 7, prompt: '@Hero runs', mode: 't2v' });
    // A final take has nothing to promote.
    shot.params = { takes: [{ job_id: 'j2', video_path: 'generated/a.mp4', quality: 'final', seed: 7, prompt: 'x' }] };
    shot.version += 1;
    store.getState().receiveShot(structuredClone(shot));
    expect(promotableTake(store.getState().shots[shotId]!)).toBeNull();
  });
});
