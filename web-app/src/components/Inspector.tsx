import { useEffect, useId, useState } from 'react';
import type { EditableShotField, ShotFields } from '../api/types';
import { appStore, useApp } from '../store';
import { isActive } from '../store/jobReducer';
import { selectShotDirty, selectShotJob } from '../store/selectors';
import { validateShotFields } from '../store/validate';

type NumberField = Exclude<EditableShotField, 'prompt' | 'negative_prompt'>;
type TextField = Extract<EditableShotField, 'prompt' | 'negative_prompt'>;

function useDraftValue<K extends EditableShotField>(shotId: string, field: K): ShotFields[K] | undefined {
  return useApp((s) => s.drafts[shotId]?.[field]);
}

function useServerDiffers(shotId: string, field: EditableShotField): boolean {
  return useApp((s) => {
    const draft = s.drafts[shotId];
    const shot = s.shots[shotId];
    return !!draft && !!shot && draft[field] !== shot[field];
  });
}

/** A text field that edits locally and commits one undo step on blur (or Ctrl+Enter). */
function TextInput({ shotId, field, label, rows }: { shotId: string; field: TextField; label: string; rows: number }) {
  const id = useId();
  const value = useDraftValue(shotId, field) ?? '';
  const [local, setLocal] = useState(value);
  const modified = useServerDiffers(shotId, field);
  useEffect(() => setLocal(value), [value]);
  const commit = () => {
    if (local !== value) appStore.getState().editShot(shotId, { [field]: local });
  };
  return (
    // An explicit label (not one wrapping the control), so the field's accessible name is the label alone.
    <div className={`field${modified ? ' field-modified' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={field}
        rows={rows}
        value={local}
        maxLength={4000}
        onChange={(e) => setLocal(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
        }}
      />
    </div>
  );
}

function NumberInput({
  shotId,
  field,
  label,
  step = 1,
  min,
  max,
  error,
  hint,
}: {
  shotId: string;
  field: NumberField;
  label: string;
  step?: number;
  min?: number;
  max?: number;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const id = useId();
  const value = useDraftValue(shotId, field);
  const [local, setLocal] = useState(String(value ?? ''));
  const modified = useServerDiffers(shotId, field);
  useEffect(() => setLocal(String(value ?? '')), [value]);
  const commit = () => {
    const parsed = Number(local);
    if (local.trim() === '' || !Number.isFinite(parsed)) {
      setLocal(String(value ?? ''));
      return;
    }
    if (parsed !== value) appStore.getState().editShot(shotId, { [field]: Math.round(parsed) });
  };
  return (
    <div className={`field${modified ? ' field-modified' : ''}${error ? ' field-invalid' : ''}`}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {hint && <em className="field-hint">{hint}</em>}
      </div>
      <input
        id={id}
        name={field}
        type="number"
        inputMode="numeric"
        step={step}
        min={min}
        max={max}
        value={local}
        onChange={(e) => setLocal(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        aria-invalid={!!error}
      />
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}

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

function ShotInspector({ shotId }: { shotId: string }) {
  const index = useApp((s) => s.shotOrder.indexOf(shotId));
  const count = useApp((s) => s.shotOrder.length);
  const status = useApp((s) => s.shots[shotId]?.status);
  const version = useApp((s) => s.shots[shotId]?.version);
  const fps = useApp((s) => s.shots[shotId]?.fps ?? 24);
  const draft = useApp((s) => s.drafts[shotId]);
  const dirty = useApp((s) => selectShotDirty(s, shotId));
  const saving = useApp((s) => !!s.savingShotIds[shotId]);
  const busy = useApp((s) => {
    const job = selectShotJob(s, shotId);
    return !!job && isActive(job.status);
  });
  const [starting, setStarting] = useState(false);

  if (!draft) return null;
  const errors = validateShotFields(draft);
  const invalid = Object.keys(errors).length > 0;
  const store = appStore.getState();

  const generate = async () => {
    // Let a focused field commit its value (blur) before reading the draft.
    (document.activeElement as HTMLElement | null)?.blur?.();
    setStarting(true);
    await appStore.getState().generateShot(shotId);
    setStarting(false);
  };

  return (
    <div className="inspector" data-testid="inspector">
      <div className="inspector-head">
        <h2 className="panel-title">
          Shot {index + 1}
          <span className={`badge badge-${status}`}>{status}</span>
        </h2>
        <span className="muted small" title="Row version (optimistic concurrency)">
          v{version}
        </span>
      </div>
      <ConflictNotice shotId={shotId} />
      <TextInput shotId={shotId} field="prompt" label="Prompt" rows={4} />
      <TextInput shotId={shotId} field="negative_prompt" label="Negative prompt" rows={2} />
      <div className="field-row">
        <NumberInput shotId={shotId} field="width" label="Width" step={32} min={64} max={2048} error={errors.width} />
        <NumberInput shotId={shotId} field="height" label="Height" step={32} min={64} max={2048} error={errors.height} />
      </div>
      <div className="field-row">
        <NumberInput
          shotId={shotId}
          field="num_frames"
          label="Frames"
          step={8}
          min={9}
          max={505}
          error={errors.num_frames}
          hint={`${(draft.num_frames / fps).toFixed(2)} s`}
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
      <div className="button-row">
        <button className="button" onClick={() => void store.saveShot(shotId)} disabled={!dirty || saving || invalid}>
          {saving ? 'Saving…' : dirty ? 'Save' : 'Saved'}
        </button>
        <button className="button" onClick={() => store.revertShot(shotId)} disabled={!dirty}>
          Revert
        </button>
        <span className="spacer" />
        <button
          className="button button-primary"
          onClick={() => void generate()}
          disabled={busy || starting || invalid}
          data-testid="generate"
        >
          {busy ? 'Generating…' : 'Generate'}
        </button>
      </div>
      <div className="button-row inspector-foot">
        <button className="button button-small" onClick={() => void store.moveShot(shotId, -1)} disabled={index <= 0}>
          ◀ Move
        </button>
        <button className="button button-small" onClick={() => void store.moveShot(shotId, 1)} disabled={index >= count - 1}>
          Move ▶
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
