// LoRAs and camera moves (issue 13): the Models page's library, the inspector's picker (drafts saved with PATCH and
// version, undo), the camera select and its missing camera-control LoRA, and "made with" for a take.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { Lora } from '../api/types';
import { LorasView, type LorasViewProps } from '../components/LorasSection';
import { MadeWithLine } from '../components/MadeWith';
import { LoraPickerView } from '../components/inspector/LoraPicker';
import {
  cameraLoraOf,
  cameraRepo,
  clampStrength,
  madeWithOf,
  madeWithOfShot,
  madeWithText,
  promptWithTriggers,
} from '../domain/loras';
import { fieldsOf, sameValue } from '../domain/shotFields';
import { createAppStore } from '../store';
import { FakeServer, makeLora } from './fakeApi';

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

function rowOf(html: string, id: string): { html: string; text: string } {
  const match = new RegExp(`<tbody[^>]*data-lora-id="${id}"[^>]*>[\\s\\S]*?</tbody>`).exec(html);
  if (!match) throw new Error(`no row for LoRA ${id} in ${html}`);
  return { html: match[0], text: textOf(match[0]) };
}

function renderList(overrides: Partial<LorasViewProps>) {
  const props: LorasViewProps = {
    loras: [],
    loading: false,
    error: null,
    actionError: null,
    uploading: null,
    onUpload: () => {},
    onDelete: () => {},
    onDismiss: () => {},
    ...overrides,
  };
  const html = renderToStaticMarkup(createElement(LorasView, props));
  return { html, text: textOf(html) };
}

const noir = makeLora({ name: 'noir', rank: 32, size_bytes: 25_300_000, trigger_words: ['noir style', 'high contrast'] });
const wide = makeLora({
  name: 'wide-layers',
  fits: false,
  reason: '12 layers have other sizes than the configured LTX-2 (transformer_blocks.0.attn1.to_q: 4096 vs 2048)',
  managed: false,
});
const flux = makeLora({ name: 'watercolor', family: 'flux2', rank: 8, size_bytes: 900 });
const junk = makeLora({ name: 'mystery', family: null, fits: false, reason: 'not a LoRA of LTX-2 or FLUX.2: no lora_A/lora_B keys', rank: null });

describe('the LoRA library (Models page)', () => {
  it('lists each LoRA: name, family, rank, size; fits, or the reason as a warning; trigger words; Delete for managed ones', () => {
    const view = renderList({ loras: [noir, wide, flux, junk] });
    expect(view.html).toContain('<th scope="col">LoRA</th>');
    expect(view.html).toContain('<th scope="col">Family</th>');

    const fits = rowOf(view.html, noir.id);
    expect(fits.html).toContain('data-fits="true"');
    expect(fits.text).toContain('noir LTX-2 32 24 MB');
    expect(fits.text).toContain('fits · 96 layers');
    expect(fits.text).toContain('Trigger words: noir style high contrast');
    expect(fits.html).toContain('data-testid="lora-delete"');
    expect(fits.html).not.toContain('lora-reason');

    const unfit = rowOf(view.html, wide.id);
    expect(unfit.html).toContain('data-fits="false"');
    expect(unfit.html).toContain('lora-unfit');
    expect(unfit.text).toContain(`⚠ ${wide.reason}`);
    expect(unfit.html).not.toContain('data-testid="lora-delete"'); // the user's own folder: not ours to delete
    expect(unfit.text).toContain('your folder');

    expect(rowOf(view.html, flux.id).text).toContain('watercolor FLUX.2 8 900 B');
    const none = rowOf(view.html, junk.id);
    expect(none.text).toContain('mystery none —');
    expect(none.text).toContain('⚠ not a LoRA of LTX-2 or FLUX.2');
    expect(view.text).toContain('4 files');
  });

  it('an empty library says how to add one; the upload input takes .safetensors', () => {
    const view = renderList({});
    expect(view.html).toContain('data-testid="loras-empty"');
    expect(view.text).toContain('No LoRAs yet');
    expect(view.html).toMatch(/<input[^>]*type="file"[^>]*accept=".safetensors"/);
    expect(renderList({ loading: true }).text).toContain('loading…');
  });

  it("an upload the server refuses shows its detail (422, 413), stores nothing, and the list is read again after upload/delete", async () => {
    const server = new FakeServer(1);
    const store = createAppStore(server);
    const s = () => store.getState();
    await s().loadLoras();
    expect(s().loras).toEqual([]);

    server.failNextLora = new ApiError(422, 'flux-thing.safetensors is not a LoRA of LTX-2 or FLUX.2: no lora_A/lora_B keys', '422');
    expect(await s().uploadLora(new Blob(['x']), 'flux-thing.safetensors')).toBeNull();
    expect(s().loraActionError).toBe('flux-thing.safetensors: flux-thing.safetensors is not a LoRA of LTX-2 or FLUX.2: no lora_A/lora_B keys');
    expect(s().loraUploading).toBeNull();
    const refused = renderList({ loras: s().loras, actionError: s().loraActionError });
    expect(refused.html).toContain('data-testid="lora-error"');
    expect(refused.html).toContain('role="alert"');
    expect(refused.text).toContain('no lora_A/lora_B keys');

    server.failNextLora = new ApiError(413, 'the file is larger than MILIMO_MAX_UPLOAD_BYTES (2 GB)', '413');
    await s().uploadLora(new Blob(['x']), 'huge.safetensors');
    expect(s().loraActionError).toContain('larger than MILIMO_MAX_UPLOAD_BYTES');

    const row = await s().uploadLora(new Blob(['x']), 'noir.safetensors');
    expect(row?.name).toBe('noir');
    expect(s().loraActionError).toBeNull();
    expect(s().loras.map((l) => l.name)).toEqual(['noir']);

    server.failNextLora = new ApiError(409, 'noir is in your folder /loras: remove it there', '409');
    expect(await s().deleteLora(row!.id)).toBe(false);
    expect(s().loraActionError).toBe('noir: noir is in your folder /loras: remove it there');
    expect(await s().deleteLora(row!.id)).toBe(true);
    expect(s().loras).toEqual([]);
    expect(server.calls.filter((c) => c.method === 'listLoras')).toHaveLength(4); // first read, the upload that landed, each delete (refused uploads change nothing)
  });
});

async function openInspector(loras: Lora[]) {
  const server = new FakeServer(1);
  server.loras = loras;
  const store = createAppStore(server);
  await store.getState().openProject(server.project.id);
  await store.getState().loadLoras();
  const shotId = store.getState().shotOrder[0]!;
  const s = () => store.getState();
  const patches = () => server.calls.filter((c) => c.method === 'updateShot').map((c) => c.args[1] as Record<string, unknown>);
  /** The picker as the inspector shows it for this store's state (what the connected LoraPicker hands the view). */
  const render = () => {
    const draft = s().drafts[shotId]!;
    const saved = fieldsOf(s().shots[shotId]!);
    const noop = () => {};
    const html = renderToStaticMarkup(
      createElement(LoraPickerView, {
        mode: draft.generation.mode,
        chosen: draft.loras,
        camera: draft.camera,
        library: s().loras,
        libraryReady: s().lorasStatus === 'ready',
        lorasModified: !sameValue(draft.loras, saved.loras),
        cameraModified: draft.camera !== saved.camera,
        on: { add: noop, strength: noop, remove: noop, addTriggers: noop, camera: noop },
      }),
    );
    return { html, text: textOf(html) };
  };
  return { server, store, s, shotId, patches, render };
}

const dollyIn = makeLora({ name: 'ltx-2-19b-lora-camera-control-dolly-in', rank: 64 });

describe('the inspector: LoRAs and camera', () => {
  it('offers the LTX-2 LoRAs that fit; the others are disabled with the reason; camera LoRAs are left to the Camera select', async () => {
    const { render } = await openInspector([wide, flux, noir, dollyIn]);
    const { html } = render();
    expect(html).toMatch(new RegExp(`<option value="${noir.id}">noir</option>`));
    expect(html).toMatch(new RegExp(`<option value="${wide.id}" disabled=""[^>]*>wide-layers — 12 layers have other sizes`));
    expect(html).toMatch(new RegExp(`<option value="${flux.id}" disabled=""[^>]*>watercolor — a FLUX.2 LoRA; this mode runs LTX-2</option>`));
    expect(html).not.toContain(`value="${dollyIn.id}"`);
    // Usable first.
    expect(html.indexOf(`value="${noir.id}"`)).toBeLessThan(html.indexOf(`value="${wide.id}"`));
  });

  it('adds a LoRA, changes its strength and saves both with PATCH and the version; undo walks them back', async () => {
    const { s, shotId, patches, render, store } = await openInspector([noir]);
    const past = () => store.temporal.getState().pastStates.length;
    s().addLora(shotId, noir.id);
    s().addLora(shotId, noir.id); // once only
    expect(s().drafts[shotId]!.loras).toEqual([{ id: noir.id, strength: 1 }]);
    s().setLoraStrength(shotId, noir.id, 0.8);
    s().setLoraStrength(shotId, noir.id, 7); // clamped to the server's range
    expect(s().drafts[shotId]!.loras).toEqual([{ id: noir.id, strength: 2 }]);
    s().setLoraStrength(shotId, noir.id, 0.8);
    expect(past()).toBe(4);

    const view = render();
    expect(view.html).toContain(`data-lora-id="${noir.id}"`);
    expect(view.html).toMatch(/<input type="range"[^>]*min="-2" max="2" step="0.05"[^>]*value="0.8"/);
    expect(view.html).toMatch(/name="lora_strength"[^>]*value="0.8"/);
    expect(view.html).toMatch(new RegExp(`<option value="${noir.id}" disabled="">noir \\(added\\)</option>`));
    expect(view.text).toContain('Trigger words: noir style high contrast Add to prompt');
    expect(view.html).toContain('loras-picker field-modified');

    await s().saveShot(shotId);
    expect(patches().at(-1)).toEqual({ version: 1, loras: [{ id: noir.id, strength: 0.8 }] });
    expect(s().shots[shotId]!.loras).toEqual([{ id: noir.id, strength: 0.8 }]);
    expect(render().html).not.toContain('field-modified');

    s().setLoraStrength(shotId, noir.id, -0.5);
    await s().saveShot(shotId);
    expect(patches().at(-1)).toEqual({ version: 2, loras: [{ id: noir.id, strength: -0.5 }] });

    s().undo(); // the strength back to 0.8 (unsaved again)
    expect(s().drafts[shotId]!.loras).toEqual([{ id: noir.id, strength: 0.8 }]);
    s().removeLora(shotId, noir.id);
    await s().saveShot(shotId);
    expect(patches().at(-1)).toEqual({ version: 3, loras: [] });
  });

  it('adds the trigger words the prompt lacks, in one click', async () => {
    const { s, shotId } = await openInspector([noir]);
    s().editShot(shotId, { prompt: 'A detective in the rain, noir style' });
    s().addTriggerWords(shotId, noir.trigger_words);
    expect(s().drafts[shotId]!.prompt).toBe('A detective in the rain, noir style, high contrast');
    expect(promptWithTriggers('', ['a', 'b'])).toBe('a, b');
    expect(promptWithTriggers('Rain.', ['fog'])).toBe('Rain. fog');
    expect(promptWithTriggers('Noir Style rain', ['noir style'])).toBe('Noir Style rain');
  });

  it('the camera select PATCHes camera; without its camera-control LoRA it says which repository to get', async () => {
    const { s, shotId, patches, render } = await openInspector([noir]);
    expect(render().html).toMatch(/<select[^>]*data-testid="camera-select"/);
    expect(render().html).not.toContain('camera-missing');
    s().editShot(shotId, { camera: 'dolly_in' });
    const view = render();
    expect(view.html).toContain('data-testid="camera-missing"');
    expect(view.text).toContain('download Lightricks/LTX-2-19b-LoRA-Camera-Control-Dolly-In');
    expect(view.text).toContain('camera-control-dolly-in');
    await s().saveShot(shotId);
    expect(patches().at(-1)).toEqual({ version: 1, camera: 'dolly_in' });

    s().editShot(shotId, { camera: null });
    await s().saveShot(shotId);
    expect(patches().at(-1)).toEqual({ version: 2, camera: null });
  });

  it('with the camera LoRA in the library, no message; a file named otherwise still counts by its normalised name', async () => {
    const { s, shotId, render } = await openInspector([makeLora({ name: 'LTX-2-19b-LoRA-Camera-Control-Jib_Up' }), dollyIn]);
    s().editShot(shotId, { camera: 'dolly_in' });
    expect(render().html).not.toContain('camera-missing');
    s().editShot(shotId, { camera: 'jib_up' });
    expect(render().html).not.toContain('camera-missing');
    s().editShot(shotId, { camera: 'dolly_out' });
    expect(render().text).toContain('Lightricks/LTX-2-19b-LoRA-Camera-Control-Dolly-Out');
    expect(cameraRepo('jib_down')).toBe('Lightricks/LTX-2-19b-LoRA-Camera-Control-Jib-Down');
    // A FLUX.2 file with the name is not the camera LoRA.
    expect(cameraLoraOf([makeLora({ name: 'camera-control-static', family: 'flux2' })], 'static')).toBeNull();
  });

  it("a generation the server refuses (camera LoRA missing) shows its detail where generation errors are shown", async () => {
    const { s, shotId, server } = await openInspector([]);
    s().editShot(shotId, { camera: 'dolly_in' });
    const detail =
      "camera dolly_in needs its camera-control LoRA, and none is in the library: download Lightricks/LTX-2-19b-LoRA-Camera-Control-Dolly-In (Models page) or put its .safetensors (a name with 'camera-control-dolly-in') in /data/loras";
    server.failNextGenerate = new ApiError(422, detail, '422');
    await s().generateShot(shotId);
    expect(s().shotErrors[shotId]).toBe(detail);
    expect(server.shots[0]!.camera).toBe('dolly_in'); // saved before the refusal, nothing lost
  });

  it('strengths stay on the 0.05 grid within −2..2', () => {
    expect(clampStrength(0.8)).toBe(0.8);
    expect(clampStrength(0.83)).toBe(0.85);
    expect(clampStrength(-3)).toBe(-2);
    expect(clampStrength(Number.NaN)).toBeNull();
  });
});

describe('made with', () => {
  const takes = [
    { job_id: 'gen-1', video_url: '/a.mp4', loras: [] },
    {
      job_id: 'gen-2',
      video_url: '/b.mp4',
      loras: [
        { id: 'l1', name: 'noir', strength: 0.8 },
        { id: 'l2', name: 'ltx-2-19b-lora-camera-control-dolly-in', strength: 1, camera: 'dolly_in' },
      ],
    },
  ];

  it('names the LoRAs of the current take with their strengths, and a camera move by its name', () => {
    const entries = madeWithOfShot({ params: { takes } }, 'gen-2', null)!;
    expect(madeWithText(entries)).toBe('noir 0.8 · dolly in');
    const html = renderToStaticMarkup(createElement(MadeWithLine, { entries }));
    expect(html).toContain('data-testid="made-with"');
    expect(textOf(html)).toBe('Made with: noir 0.8 · dolly in');
    // A take made without LoRAs: no line.
    expect(madeWithOfShot({ params: { takes } }, 'gen-1', null)).toEqual([]);
    expect(renderToStaticMarkup(createElement(MadeWithLine, { entries: [] }))).toBe('');
  });

  it("falls back to the last job's result when the take does not say", () => {
    const result = { video_url: '/c.mp4', loras: [{ id: 'l3', name: 'grain', strength: -0.25 }] };
    expect(madeWithText(madeWithOfShot({ params: { takes: [{ job_id: 'gen-3' }] } }, 'gen-3', result)!)).toBe('grain -0.25');
    expect(madeWithOfShot({ params: {} }, null, null)).toBeNull();
    expect(madeWithOf([{ name: 'x' }, 'junk', null])).toEqual([{ id: 'x', name: 'x', strength: 1, camera: null, control: null }]);
  });
});
