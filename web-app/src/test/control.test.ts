// Control video (issue 13): the inspector's control-clip picker (a draft saved with PATCH and version, undo), the
// IC-LoRA it needs (and what to download when the library has none), and "made with" naming the guide.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ControlChoice } from '../api/types';
import { ControlPickerView } from '../components/inspector/ControlPicker';
import { controlLoraOf, controlOf, guidedRangeProblem, sourceKey, withSource } from '../domain/control';
import { madeWithOf, madeWithText } from '../domain/loras';
import { fieldsOf } from '../domain/shotFields';
import { createAppStore } from '../store';
import { FakeServer, makeLora } from './fakeApi';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ').trim();

function render(control: ControlChoice | null, library = [makeLora({ name: 'ltx-2-19b-ic-lora-union-control-ref0.5' })]) {
  const html = renderToStaticMarkup(
    createElement(ControlPickerView, {
      control,
      sources: [
        { key: 'asset:a1', label: 'Video: dancer.mp4' },
        { key: 'shot:s2', label: 'Shot 2 · a pier at night' },
      ],
      library,
      libraryReady: true,
      length: 5,
      modified: false,
      onChange: () => {},
    }),
  );
  return { html, text: textOf(html) };
}

describe('control clip', () => {
  it('a saved control has every field; a source select value sets asset or shot and clears the other', () => {
    expect(controlOf(null)).toBeNull();
    expect(controlOf({ kind: 'depth' })).toBeNull(); // no clip: no control
    const full = controlOf({ asset_id: 'a1' })!;
    expect(full).toEqual({ asset_id: 'a1', shot_id: null, kind: 'canny', strength: 1, start_s: 0, from_s: null, to_s: null });
    const toShot = withSource({ ...full, kind: 'pose', strength: 0.5 }, 'shot:s2')!;
    expect(toShot).toMatchObject({ asset_id: null, shot_id: 's2', kind: 'pose', strength: 0.5 });
    expect(sourceKey(toShot)).toBe('shot:s2');
    expect(withSource(toShot, '')).toBeNull();
    expect(guidedRangeProblem({ ...full, from_s: 6 }, 5)).toContain('after the shot ends');
    expect(guidedRangeProblem({ ...full, from_s: 2, to_s: 1 }, 5)).toContain('stop after it starts');
    expect(guidedRangeProblem({ ...full, from_s: 1, to_s: 2 }, 5)).toBeNull();
  });

  it('finds the IC-LoRA for a kind: the one trained for it first, else the union one', () => {
    const union = makeLora({ name: 'ltx-2-19b-ic-lora-union-control-ref0.5' });
    const depth = makeLora({ name: 'LTX-2-19b-IC-LoRA-Depth-Control' });
    expect(controlLoraOf([union, depth], 'depth')).toBe(depth);
    expect(controlLoraOf([union, depth], 'canny')).toBe(union);
    expect(controlLoraOf([makeLora({ name: 'union-control-ic-lora', family: 'flux2' })], 'raw')).toBeNull();
  });

  it('the picker offers the bin videos and the shots with takes, and says which IC-LoRA to get when none is there', () => {
    const none = render(null);
    expect(none.text).toContain('Video: dancer.mp4');
    expect(none.text).toContain('Shot 2 · a pier at night');
    expect(none.html).not.toContain('control-kind'); // no clip yet: nothing else to set
    const chosen = render(controlOf({ asset_id: 'a1', kind: 'depth' }));
    expect(chosen.html).toContain('data-testid="control-kind"');
    expect(chosen.text).toContain('ltx-2-19b-ic-lora-union-control-ref0.5');
    expect(chosen.html).not.toContain('control-missing');
    const missing = render(controlOf({ asset_id: 'a1' }), []);
    expect(missing.html).toContain('data-testid="control-missing"');
    expect(missing.text).toContain('download Lightricks/LTX-2-19b-IC-LoRA-Union-Control');
  });

  it('a control is a draft: saved with the shot (PATCH with version), undone in one step', async () => {
    const server = new FakeServer(1);
    const store = createAppStore(server);
    await store.getState().openProject(server.project.id);
    const shotId = store.getState().shotOrder[0]!;
    const s = () => store.getState();
    const control = controlOf({ asset_id: 'a1', kind: 'pose', strength: 0.7 });
    s().editShot(shotId, { control });
    expect(s().drafts[shotId]!.control).toEqual(control);
    await s().saveShot(shotId);
    const patch = server.calls.filter((c) => c.method === 'updateShot').at(-1)!.args[1] as Record<string, unknown>;
    expect(patch).toEqual({ version: 1, control });
    expect(fieldsOf(s().shots[shotId]!).control).toEqual(control);
    s().editShot(shotId, { control: null });
    s().undo();
    expect(s().drafts[shotId]!.control).toEqual(control);
  });

  it('"made with" names the guide the take followed', () => {
    const entries = madeWithOf([
      { id: 'n', name: 'noir', strength: 0.8 },
      { id: 'u', name: 'ltx-2-19b-ic-lora-union-control-ref0.5', strength: 1, control: 'canny' },
    ])!;
    expect(madeWithText(entries)).toBe('noir 0.8 · control: edges');
  });
});
