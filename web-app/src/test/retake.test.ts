import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { Asset } from '../api/types';
import { createAppStore } from '../store';
import { fieldsOf, toShotUpdate } from '../domain/shotFields';
import { framesForSound, generationProblems, soundProblems } from '../domain/generation';
import {
  customGuidanceCount,
  formatBlocks,
  GUIDANCE_SPECS,
  guidanceProblems,
  parseBlocks,
  parseGuidance,
} from '../domain/guidance';
import { clampToTake, markedRange, NO_MARKS, RETAKE_MAX_FRAMES, retakeProblem, retakeRequest, setMark } from '../domain/retake';
import { currentTakeOf, takePosition, takesOf } from '../domain/takes';
import { validateShotFields } from '../domain/validate';
import { FakeServer, makeShot } from './fakeApi';
import { openShotWithTake, waitFor } from './shotWithTake';

describe('retake marks', () => {
  it('clamps a frame to the take', () => {
    expect(clampToTake(-3, 17)).toBe(0);
    expect(clampToTake(40, 17)).toBe(16);
    expect(clampToTake(6.4, 17)).toBe(6);
    expect(clampToTake(Number.NaN, 17)).toBe(0);
    expect(clampToTake(5, 0)).toBe(0);
  });

  it('sets marks clamped; an in after the out (or an out before the in) drops the other', () => {
    let m = setMark(NO_MARKS, 'in', 6, 17);
    m = setMark(m, 'out', 99, 17);
    expect(m).toEqual({ in: 6, out: 16 });
    expect(setMark(m, 'in', 20, 17)).toEqual({ in: 16, out: 16 }); // clamped to 16: still not after the out
    expect(setMark({ in: 6, out: 10 }, 'in', 12, 17)).toEqual({ in: 12, out: null });
    expect(setMark({ in: 6, out: 10 }, 'out', 3, 17)).toEqual({ in: null, out: 3 });
    expect(setMark({ in: 6, out: 10 }, 'out', null, 17)).toEqual({ in: 6, out: null });
  });

  it('makes the range: a missing mark is the take edge; marks past a shorter take are clamped', () => {
    expect(markedRange(NO_MARKS, 17)).toBeNull();
    expect(markedRange({ in: 6, out: 11 }, 17)).toEqual({ start: 6, end: 11 });
    expect(markedRange({ in: 6, out: null }, 17)).toEqual({ start: 6, end: 16 });
    expect(markedRange({ in: null, out: 4 }, 17)).toEqual({ start: 0, end: 4 });
    expect(markedRange({ in: 6, out: 40 }, 9)).toEqual({ start: 6, end: 8 }); // the take got shorter
    expect(markedRange({ in: 3, out: 5 }, 0)).toBeNull();
  });

  it('says why a retake cannot start', () => {
    const shot = { video_url: '/v.mp4', clip_frames: 17, num_frames: 9, status: 'ready' as const };
    expect(retakeProblem({ ...shot, video_url: null }, { in: 1, out: 2 }, false)).toMatch(/no take yet/);
    expect(retakeProblem(shot, NO_MARKS, false)).toMatch(/Mark the range/);
    expect(retakeProblem(shot, { in: 1, out: 2 }, true)).toMatch(/being generated/);
    expect(retakeProblem({ ...shot, status: 'generating' }, { in: 1, out: 2 }, false)).toMatch(/being generated/);
    expect(retakeProblem(shot, { in: 1, out: 2 }, false)).toBeNull();
    const long = { ...shot, clip_frames: 400 };
    expect(retakeProblem(long, { in: 0, out: RETAKE_MAX_FRAMES - 1 }, false)).toBeNull();
    expect(retakeProblem(long, { in: 0, out: RETAKE_MAX_FRAMES }, false)).toMatch(/at most 257 frames/);
  });

  it('builds the request for Video / Sound / Both', () => {
    const range = { start: 6, end: 11 };
    expect(retakeRequest('p', 's', range, 'both')).toEqual({
      project_id: 'p',
      shot_id: 's',
      mode: 'retake',
      start_frame: 6,
      end_frame: 11,
      regenerate_video: true,
      regenerate_audio: true,
    });
    expect(retakeRequest('p', 's', range, 'video')).toMatchObject({ regenerate_video: true, regenerate_audio: false });
    expect(retakeRequest('p', 's', range, 'audio')).toMatchObject({ regenerate_video: false, regenerate_audio: true });
  });
});

describe('takes', () => {
  it("reads the server's takes (paths) as URLs and finds the current one by its video", () => {
    const unknown = { quality: null, seed: null, prompt: null }; // takes from before the quality presets
    const shot = makeShot('p1', 0, {
      params: {
        takes: [
          { job_id: 'a', video_path: 'generated/a.mp4', thumbnail_path: 'thumbnails/a.jpg', num_frames: 17 },
          { job_id: 'b', video_path: 'generated/b.mp4', thumbnail_path: 'thumbnails/b.jpg', num_frames: 17 },
          { video_path: 'no-id.mp4' },
        ],
      },
      video_url: '/projects/p1/generated/a.mp4',
    });
    expect(takesOf(shot)).toEqual([
      { job_id: 'a', video_url: '/projects/p1/generated/a.mp4', thumbnail_url: '/projects/p1/thumbnails/a.jpg', num_frames: 17, ...unknown },
      { job_id: 'b', video_url: '/projects/p1/generated/b.mp4', thumbnail_url: '/projects/p1/thumbnails/b.jpg', num_frames: 17, ...unknown },
    ]);
    // Not the newest: the one the shot plays (after an undo the older take is the clip).
    expect(currentTakeOf(shot)).toBe('a');
    expect(takePosition(shot)).toMatchObject({ index: 0, count: 2 });
  });
});

describe('guidance fields', () => {
  const stg = GUIDANCE_SPECS.find((s) => s.field === 'stg_scale')!;
  const rescale = GUIDANCE_SPECS.find((s) => s.field === 'guidance_rescale')!;

  it('names the eight fields with the server defaults', () => {
    expect(Object.fromEntries(GUIDANCE_SPECS.map((s) => [s.field, s.default]))).toEqual({
      stg_scale: 1,
      modality_scale: 3,
      guidance_rescale: 0.7,
      audio_guidance_scale: 7,
      audio_stg_scale: 1,
      audio_modality_scale: 3,
      audio_guidance_rescale: 0.7,
    });
    expect(GUIDANCE_SPECS.filter((s) => s.group === 'sound').map((s) => s.field)).toEqual([
      'audio_guidance_scale',
      'audio_stg_scale',
      'audio_modality_scale',
      'audio_guidance_rescale',
    ]);
  });

  it('parses a number: empty is the default, out of range is refused', () => {
    expect(parseGuidance('', stg)).toEqual({ ok: true, value: null });
    expect(parseGuidance('  ', stg)).toEqual({ ok: true, value: null });
    expect(parseGuidance('2.5', stg)).toEqual({ ok: true, value: 2.5 });
    expect(parseGuidance('0', stg)).toEqual({ ok: true, value: 0 });
    expect(parseGuidance('11', stg)).toEqual({ ok: false, error: '0 to 10' });
    expect(parseGuidance('1.5', rescale)).toEqual({ ok: false, error: '0 to 1' });
    expect(parseGuidance('abc', stg)).toEqual({ ok: false, error: 'a number' });
  });

  it('parses STG blocks', () => {
    expect(parseBlocks('')).toEqual({ ok: true, value: null });
    expect(parseBlocks('28')).toEqual({ ok: true, value: [28] });
    expect(parseBlocks('20, 28 30')).toEqual({ ok: true, value: [20, 28, 30] });
    expect(parseBlocks('1.5').ok).toBe(false);
    expect(parseBlocks('256').ok).toBe(false);
    expect(parseBlocks('-1').ok).toBe(false);
    expect(parseBlocks(Array.from({ length: 17 }, (_, i) => i).join(','))).toEqual({ ok: false, error: 'at most 16 blocks' });
    expect(formatBlocks([20, 28])).toBe('20, 28');
    expect(formatBlocks(null)).toBe('');
  });

  it('validates a draft and counts what is set', () => {
    const fields = fieldsOf(makeShot('p', 0));
    expect(fields).toMatchObject({ stg_scale: null, stg_blocks: null, audio_asset_id: null, duration_from_audio: false });
    expect(guidanceProblems(fields)).toEqual({});
    expect(customGuidanceCount(fields)).toBe(0);
    const bad = { ...fields, stg_scale: 12, audio_guidance_rescale: -1, stg_blocks: [] };
    expect(guidanceProblems(bad)).toEqual({ stg_scale: '0 to 10', audio_guidance_rescale: '0 to 1', stg_blocks: 'at least one block' });
    expect(validateShotFields(bad).stg_scale).toBe('0 to 10');
    expect(customGuidanceCount({ ...fields, modality_scale: 1, stg_blocks: [28] })).toBe(2);
  });

  it('video CFG is a shot column: validated, and saved as a number (never null)', () => {
    const fields = fieldsOf(makeShot('p', 0, { guidance_scale: 4 }));
    expect(fields.guidance_scale).toBe(4);
    expect(validateShotFields({ ...fields, guidance_scale: 31 }).guidance_scale).toBe('0 to 30');
    expect(validateShotFields({ ...fields, guidance_scale: 7.5 }).guidance_scale).toBeUndefined();
    expect(toShotUpdate({ guidance_scale: 6 }, makeShot('p', 0))).toEqual({ guidance_scale: 6 });
  });

  it('a reset to the default is sent as null', () => {
    const shot = makeShot('p', 0, { stg_scale: 2 });
    expect(toShotUpdate({ stg_scale: null, stg_blocks: [20, 28] }, shot)).toEqual({ stg_scale: null, stg_blocks: [20, 28] });
  });
});

describe('follow a sound', () => {
  const sound = { id: 'snd', kind: 'audio', duration_s: 0.8 } as Asset;
  const image = { id: 'img', kind: 'image', duration_s: null } as Asset;
  const assets = { snd: sound, img: image };

  it('frames follow the sound (8k+1 covering it, as the server)', () => {
    expect(framesForSound(0.8, 24)).toBe(25); // 19.2 → 19 frames → 8·3+1
    expect(framesForSound(1, 24)).toBe(25);
    expect(framesForSound(0.1, 24)).toBe(9); // at least 9
    expect(framesForSound(2, 24)).toBe(49);
  });

  it('mirrors the server: an audio asset of the bin; a length it can make', () => {
    const fields = { ...fieldsOf(makeShot('p', 0, { prompt: 'x' })), audio_asset_id: 'snd', duration_from_audio: true };
    expect(soundProblems(fields, assets, 24)).toEqual([]);
    expect(soundProblems({ ...fields, audio_asset_id: 'img' }, assets, 24)).toEqual(['the sound to follow must be an audio asset (it is image)']);
    expect(soundProblems({ ...fields, audio_asset_id: 'gone' }, assets, 24)[0]).toMatch(/not in the media bin/);
    expect(soundProblems(fields, { snd: { ...sound, duration_s: 30 } }, 24)[0]).toMatch(/at most 21.0 s/);
    expect(soundProblems({ ...fields, duration_from_audio: false }, { snd: { ...sound, duration_s: 30 } }, 24)).toEqual([]);
    // Image modes ignore the shot's sound.
    expect(generationProblems({ ...fields, audio_asset_id: 'img', generation: { ...fields.generation, mode: 't2i' } }, assets)).toEqual([]);
  });
});



describe('retake in the store', () => {
  it('marks are clamped to the take and not part of the undo history', async () => {
    const { s, shotId, store } = await openShotWithTake(17);
    const depth = store.temporal.getState().pastStates.length;
    s().markRetake(shotId, 'in', 6);
    s().markRetake(shotId, 'out', 99);
    expect(s().retakeMarks[shotId]).toEqual({ in: 6, out: 16 });
    expect(store.temporal.getState().pastStates.length).toBe(depth);
    s().clearRetakeMarks(shotId);
    expect(s().retakeMarks[shotId]).toBeUndefined();
  });

  it('saves edits first, posts the marked range, and shows the progress as the shot job', async () => {
    const { s, server, shotId } = await openShotWithTake(17);
    s().editShot(shotId, { prompt: 'the boat sinks' });
    s().markRetake(shotId, 'in', 6);
    s().markRetake(shotId, 'out', 11);
    s().setRetakePart(shotId, 'audio');
    const jobId = await s().retakeShot(shotId);
    expect(jobId).toBeTruthy();
    const calls = server.calls.map((c) => c.method);
    expect(calls.lastIndexOf('updateShot')).toBeLessThan(calls.lastIndexOf('generate'));
    expect(server.calls.filter((c) => c.method === 'generate').at(-1)!.args[0]).toEqual({
      project_id: server.project.id,
      shot_id: shotId,
      mode: 'retake',
      start_frame: 6,
      end_frame: 11,
      regenerate_video: false,
      regenerate_audio: true,
    });
    expect(s().jobs[jobId!]).toMatchObject({ kind: 'retake', shot_id: shotId, status: 'pending' });
    expect(s().pendingRetakes[jobId!]).toEqual({ shotId, previousTake: 'gen-1' });
  });

  it('a refusal is shown verbatim; no marks, no request', async () => {
    const { s, server, shotId } = await openShotWithTake(17);
    expect(await s().retakeShot(shotId)).toBeNull();
    expect(s().retakeErrors[shotId]).toMatch(/Mark the range/);
    expect(server.calls.some((c) => c.method === 'generate')).toBe(false);
    s().markRetake(shotId, 'in', 2);
    server.failNextGenerate = new ApiError(422, 'the range 2..16 must lie inside the current take', '422');
    expect(await s().retakeShot(shotId)).toBeNull();
    expect(s().retakeErrors[shotId]).toBe('the range 2..16 must lie inside the current take');
    s().clearRetakeError(shotId);
    expect(s().retakeErrors[shotId]).toBeUndefined();
  });

  it('a finished retake is an undo step: Undo PATCHes the previous take back, Redo the retake', async () => {
    const { s, server, shotId, send, ev } = await openShotWithTake(17);
    s().markRetake(shotId, 'in', 6);
    s().markRetake(shotId, 'out', 11);
    const jobId = (await s().retakeShot(shotId))!;
    send('job.progress', ev(jobId, { progress: 0.5, status: 'running' }));
    expect(s().serverPast).toHaveLength(0);
    const done = server.finishVideo(shotId, jobId);
    send('shot.updated', ev(jobId, { shot: done }));
    send('job.completed', ev(jobId, { status: 'completed', result: { video_url: done.video_url, start_frame: 6, end_frame: 11 } }));
    expect(s().serverPast).toMatchObject([{ kind: 'retake', jobId, previousTake: 'gen-1', result: 'replace' }]);
    expect(s().shots[shotId]!.video_url).toContain(jobId);
    expect(s().retakeMarks[shotId]).toEqual({ in: 6, out: 11 }); // kept for another go

    s().undo();
    await waitFor(() => !s().historyBusy);
    expect(server.calls.filter((c) => c.method === 'selectTake').at(-1)!.args).toEqual([shotId, done.version, 'gen-1']);
    expect(s().shots[shotId]!.video_url).toContain('gen-1');
    s().redo();
    await waitFor(() => !s().historyBusy);
    expect(server.calls.filter((c) => c.method === 'selectTake').at(-1)!.args[2]).toBe(jobId);
    expect(s().shots[shotId]!.video_url).toContain(jobId);
  });

  it('a failed retake leaves nothing to undo', async () => {
    const { s, shotId, send, ev } = await openShotWithTake(17);
    s().markRetake(shotId, 'in', 1);
    const jobId = (await s().retakeShot(shotId))!;
    send('job.failed', ev(jobId, { status: 'failed', error: 'boom' }));
    expect(s().pendingRetakes[jobId]).toBeUndefined();
    expect(s().serverPast).toHaveLength(0);
  });

  it('switching takes is undoable too', async () => {
    const { s, server, shotId } = await openShotWithTake(17);
    server.finishVideo(shotId, 'gen-2');
    await s().refreshProject();
    expect(currentTakeOf(s().shots[shotId]!)).toBe('gen-2');
    await s().switchTake(shotId, 'gen-1');
    expect(s().shots[shotId]!.video_url).toContain('gen-1');
    expect(s().serverPast).toMatchObject([{ kind: 'take', jobId: 'gen-1', previousTake: 'gen-2' }]);
    s().undo();
    await waitFor(() => !s().historyBusy);
    expect(s().shots[shotId]!.video_url).toContain('gen-2');
  });
});

describe('sound and guidance are saved with the shot', () => {
  it('PATCHes audio_asset_id, duration_from_audio and guidance (null = default), each edit one undo step', async () => {
    const server = new FakeServer(1);
    const sound = server.addAsset({ kind: 'audio', original_name: 'line.wav', duration_s: 0.8 });
    const store = createAppStore(server);
    await store.getState().openProject(server.project.id);
    const s = () => store.getState();
    const shotId = s().shotOrder[0]!;
    s().editShot(shotId, { audio_asset_id: sound.id });
    s().editShot(shotId, { duration_from_audio: true });
    s().editShot(shotId, { stg_scale: 0, audio_guidance_scale: 9, stg_blocks: [20, 28] });
    await s().saveShot(shotId);
    const body = server.calls.filter((c) => c.method === 'updateShot').at(-1)!.args[1];
    expect(body).toEqual({
      version: 1,
      audio_asset_id: sound.id,
      duration_from_audio: true,
      stg_scale: 0,
      audio_guidance_scale: 9,
      stg_blocks: [20, 28],
    });
    expect(s().shots[shotId]).toMatchObject({ audio_asset_id: sound.id, stg_scale: 0 });
    s().editShot(shotId, { stg_scale: null, audio_asset_id: null });
    await s().saveShot(shotId);
    expect(server.calls.filter((c) => c.method === 'updateShot').at(-1)!.args[1]).toEqual({ version: 2, stg_scale: null, audio_asset_id: null });
    s().undo();
    expect(s().drafts[shotId]).toMatchObject({ stg_scale: 0, audio_asset_id: sound.id });
  });
});
