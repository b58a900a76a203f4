import { useState } from 'react';
import { DRAG_KIND_PREFIX, DRAG_SHOT } from './timeline/Lane';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../store';
import { assetsById, generationProblems, isImageMode, MODE_LABELS } from '../domain/generation';
import { isActive } from '../domain/jobReducer';
import { selectShotDirty, selectShotJob } from '../store/selectors';
import { usePendingText } from '../store/pendingText';
import { validateShotFields } from '../domain/validate';
import { DirectorBox } from './inspector/DirectorBox';
import { DurationInput } from './inspector/DurationInput';
import { FollowSound } from './inspector/FollowSound';
import { Guidance } from './inspector/Guidance';
import { NumberInput, TextInput } from './inspector/fields';
import { familyOfMode } from '../domain/loras';
import { ControlPicker } from './inspector/ControlPicker';
import { LoraPicker } from './inspector/LoraPicker';
import { ModeInputs } from './inspector/ModeInputs';
import { ModePicker } from './inspector/ModePicker';
import { PromoteButton, QualityPicker } from './inspector/QualityPicker';
import { TrackedMasks } from './inspector/TrackedMasks';

function ConflictNotice({ shotId }: { shotId: string }) {
  const conflict = useApp((s) => (s.conflict?.shotId === shotId ? s.conflict : null));
  if (!conflict) return null;
  return (
    <div className="conflict" role="alert" data-testid="conflict">
      <strong>Not saved: this shot was changed elsewhere.</strong>
      <p>{conflict.message}</p>
      <p className="muted small">
        Reload takes the current version from the server and drops your unsaved edits to this shot (Undo brings them back).
      </p>
      <div className="button-row">
        <button className="button button-primary" onClick={() => void appStore.getState().reloadConflictedShot()}>
          Reload
        </button>
        <button className="button" onClick={() => appStore.getState().dismissConflict()}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** The server's last refusal of a save or a generation of this shot: its `detail`, as it is. */
function ServerError({ shotId }: { shotId: string }) {
  const message = useApp((s) => s.shotErrors[shotId] ?? null);
  if (!message) return null;
  return (
    <div className="server-error" role="alert" data-testid="server-error">
      <span className="server-error-tag">Server</span>
      <span className="server-error-text">{message}</span>
      <button className="icon-button" aria-label="Dismiss" onClick={() => appStore.getState().clearShotError(shotId)}>
        ×
      </button>
    </div>
  );
}

/** What the current mode still needs (the client's mirror of the server's checks), counting text still being typed:
 * the blur that commits it must not make the list (and the buttons below it) jump under the pointer. */
function useGenerationProblems(shotId: string): string[] {
  const typed = usePendingText(shotId);
  return useApp(
    useShallow((s) => {
      const draft = s.drafts[shotId];
      if (!draft) return [];
      return generationProblems({ ...draft, ...typed }, assetsById(s.assets), s.shots[shotId]?.fps ?? 24);
    }),
  );
}

function ShotInspector({ shotId }: { shotId: string }) {
  const index = useApp((s) => s.shotOrder.indexOf(shotId));
  const count = useApp((s) => s.shotOrder.length);
  const status = useApp((s) => s.shots[shotId]?.status);
  const version = useApp((s) => s.shots[shotId]?.version);
  const fps = useApp((s) => s.shots[shotId]?.fps ?? 24);
  const draft = useApp((s) => s.drafts[shotId]);
  const typing = Object.keys(usePendingText(shotId)).length > 0;
  const dirty = useApp((s) => selectShotDirty(s, shotId)) || typing;
  const saving = useApp((s) => !!s.savingShotIds[shotId]);
  const hasClip = useApp((s) => !!s.shots[shotId]?.video_url);
  const busy = useApp((s) => {
    const job = selectShotJob(s, shotId);
    return !!job && isActive(job.status);
  });
  const [starting, setStarting] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const problems = useGenerationProblems(shotId);

  if (!draft) return null;
  const errors = validateShotFields(draft);
  const invalid = Object.keys(errors).length > 0;
  const store = appStore.getState();

  const generate = async () => {
    // Let a focused field commit its value (blur) before reading the draft.
    (document.activeElement as HTMLElement | null)?.blur?.();
    const state = appStore.getState();
    const now = state.drafts[shotId];
    if (now && generationProblems(now, assetsById(state.assets), state.shots[shotId]?.fps ?? 24).length > 0) {
      setShowProblems(true);
      return;
    }
    setShowProblems(false);
    setStarting(true);
    await appStore.getState().generateShot(shotId);
    setStarting(false);
  };

  return (
    <div className="inspector" data-testid="inspector">
      <div className="inspector-head">
        <h2
          className="panel-title inspector-shot-drag"
          draggable
          data-testid="shot-drag"
          title="Drag onto a video track to place this shot"
          onDragStart={(e) => {
            e.dataTransfer.setData(DRAG_SHOT, shotId);
            e.dataTransfer.setData(DRAG_KIND_PREFIX + 'shot', '');
            e.dataTransfer.effectAllowed = 'copy';
          }}
        >
          Shot {index + 1}
          <span className={`badge badge-${status}`}>{status}</span>
          <span className="badge badge-mode" title="Generation mode">{MODE_LABELS[draft.generation.mode]}</span>
        </h2>
        <span className="muted small" title="Row version (optimistic concurrency)">
          v{version}
        </span>
      </div>
      <ConflictNotice shotId={shotId} />
      <ModePicker shotId={shotId} />
      <QualityPicker shotId={shotId} />
      <TextInput shotId={shotId} field="prompt" label="Prompt" rows={4} mentions />
      <DirectorBox shotId={shotId} />
      <TextInput shotId={shotId} field="negative_prompt" label="Negative prompt" rows={2} />
      <ModeInputs shotId={shotId} />
      <FollowSound shotId={shotId} />
      <LoraPicker shotId={shotId} />
      {familyOfMode(draft.generation.mode) === 'ltx2' && <ControlPicker shotId={shotId} />}
      <div className="field-row">
        <NumberInput shotId={shotId} field="width" label="Width" step={32} min={64} max={2048} error={errors.width} />
        <NumberInput shotId={shotId} field="height" label="Height" step={32} min={64} max={2048} error={errors.height} />
      </div>
      <div className="field-row">
        <DurationInput
          shotId={shotId}
          fps={fps}
          error={errors.num_frames}
          note={draft.audio_asset_id && draft.duration_from_audio ? 'follows the sound' : undefined}
        />
        <NumberInput shotId={shotId} field="num_inference_steps" label="Steps" min={1} max={200} error={errors.num_inference_steps} />
      </div>
      <div className="field-row field-row-seed">
        <NumberInput shotId={shotId} field="seed" label="Seed" min={0} error={errors.seed} />
        <button
          className="button button-icon"
          title="Random seed"
          aria-label="Random seed"
          onClick={() => store.editShot(shotId, { seed: Math.floor(Math.random() * 2 ** 32) })}
        >
          ⚄
        </button>
      </div>
      {!isImageMode(draft.generation.mode) && <Guidance shotId={shotId} />}
      {problems.length > 0 && (
        <ul className={`gen-problems${showProblems ? ' gen-problems-alert' : ''}`} data-testid="gen-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <ServerError shotId={shotId} />
      <div className="button-row">
        <button className="button" onClick={() => void store.saveShot(shotId)} disabled={!dirty || saving || invalid}>
          {saving ? 'Saving…' : dirty ? 'Save' : 'Saved'}
        </button>
        <button className="button" onClick={() => store.revertShot(shotId)} disabled={!dirty}>
          Revert
        </button>
        <span className="spacer" />
        {!isImageMode(draft.generation.mode) && <PromoteButton shotId={shotId} disabled={busy || starting || invalid} />}
        <button
          className="button button-primary"
          onClick={() => void generate()}
          disabled={busy || starting || invalid}
          data-testid="generate"
        >
          {busy ? 'Generating…' : isImageMode(draft.generation.mode) ? 'Generate image' : 'Generate'}
        </button>
      </div>
      <TrackedMasks shotId={shotId} />
      <div className="button-row inspector-foot">
        <button className="button button-small" onClick={() => void store.moveShot(shotId, -1)} disabled={index <= 0}>
          ◀ Move
        </button>
        <button className="button button-small" onClick={() => void store.moveShot(shotId, 1)} disabled={index >= count - 1}>
          Move ▶
        </button>
        <button
          className="button button-small"
          onClick={() => store.openExtendDialog(shotId)}
          disabled={busy || !hasClip || isImageMode(draft.generation.mode)}
          title={hasClip ? 'Smart Continue: extend this shot by some seconds' : 'Generate the shot first'}
          data-testid="extend"
        >
          Extend…
        </button>
        <span className="spacer" />
        <button
          className="button button-small button-danger"
          onClick={() => {
            if (window.confirm('Delete this shot?')) void store.deleteShot(shotId);
          }}
          disabled={busy}
        >
          Delete
        </button>
      </div>
    </div>
  );
}

export function Inspector() {
  const shotId = useApp((s) => (s.selectedShotId && s.drafts[s.selectedShotId] ? s.selectedShotId : null));
  return (
    <section className="panel inspector-panel" aria-label="Shot inspector">
      {shotId ? <ShotInspector key={shotId} shotId={shotId} /> : <p className="muted">Select or add a shot.</p>}
    </section>
  );
}
