// The shot's LoRAs and camera move (issue 13): pick LoRAs of the family the mode runs (LTX-2 for video, FLUX.2 for
// stills) from the library, each at a strength (−2..2), with its trigger words one click from the prompt; a camera
// move applies Lightricks' camera-control LoRA of that move, and when the library has none this says which to get.
// All of it is shot fields (drafts: one undo step each, saved with the others; Generate saves first).
import { useEffect, useId, useMemo } from 'react';
import type { CameraMove, GenerationMode, Lora, LoraChoice, LoraFamily } from '../../api/types';
import {
  CAMERA_MOVES,
  cameraLoraKey,
  cameraLoraOf,
  cameraRepo,
  FAMILY_LABELS,
  familyOfMode,
  LORA_STRENGTH,
  loraUnusable,
  MAX_LORAS,
  normalName,
} from '../../domain/loras';
import { useSyncedState } from '../../hooks/useSyncedState';
import { appStore, useApp } from '../../store';
import { CommitNumber, useServerDiffers } from './fields';

/** A slider that moves locally while dragged and commits one undo step when let go (or on a key, or blur). */
function StrengthSlider({ value, label, onCommit }: { value: number; label: string; onCommit(v: number): void }) {
  const [local, setLocal] = useSyncedState(value);
  const commit = () => {
    if (local !== value) onCommit(local);
  };
  return (
    <input
      type="range"
      className="lora-slider"
      min={LORA_STRENGTH.min}
      max={LORA_STRENGTH.max}
      step={LORA_STRENGTH.step}
      value={local}
      aria-label={label}
      onChange={(e) => setLocal(Number(e.target.value))}
      // The arrow keys move the slider here, not the playhead (the player's shortcuts listen on the window).
      onKeyDown={(e) => {
        if (e.key.startsWith('Arrow') || ['Home', 'End', 'PageUp', 'PageDown'].includes(e.key)) e.stopPropagation();
      }}
      onPointerUp={commit}
      onKeyUp={commit}
      onBlur={commit}
    />
  );
}

/** What the picker does; the connected `LoraPicker` turns each into one draft edit (one undo step). */
export interface LoraPickerActions {
  add(loraId: string): void;
  strength(loraId: string, value: number): void;
  remove(loraId: string): void;
  addTriggers(words: readonly string[]): void;
  camera(move: CameraMove | null): void;
}

export interface LoraPickerViewProps {
  mode: GenerationMode;
  chosen: LoraChoice[];
  camera: CameraMove | null;
  library: Lora[];
  /** The library has been read (until then a missing camera LoRA is not claimed). */
  libraryReady: boolean;
  lorasModified: boolean;
  cameraModified: boolean;
  on: LoraPickerActions;
}

function ChosenLora({
  choice,
  lora,
  family,
  on,
}: {
  choice: LoraChoice;
  lora: Lora | undefined;
  family: LoraFamily | null;
  on: LoraPickerActions;
}) {
  const why = lora ? (family ? loraUnusable(lora, family) : 'in-painting takes no LoRAs') : null;
  const name = lora?.name ?? choice.id;
  const words = lora?.trigger_words ?? [];
  return (
    <li className="lora-item" data-testid="lora-chosen" data-lora-id={choice.id}>
      <div className="lora-item-head">
        <span className="lora-item-name" title={name}>
          {name}
        </span>
        <button
          type="button"
          className="icon-button cond-item-remove"
          aria-label={`Remove ${name}`}
          title="Remove this LoRA from the shot"
          onClick={() => on.remove(choice.id)}
        >
          ×
        </button>
      </div>
      {!lora && <p className="field-error">Not in the library any more: remove it, or put its file back.</p>}
      {why && <p className="field-error">Generation is refused: {why}.</p>}
      <div className="lora-strength">
        <StrengthSlider value={choice.strength} label={`Strength of ${name}`} onCommit={(v) => on.strength(choice.id, v)} />
        <CommitNumber
          compact
          label="Strength"
          name="lora_strength"
          value={choice.strength}
          integer={false}
          step={LORA_STRENGTH.step}
          min={LORA_STRENGTH.min}
          max={LORA_STRENGTH.max}
          onCommit={(v) => on.strength(choice.id, v)}
        />
      </div>
      {words.length > 0 && (
        <div className="lora-item-triggers">
          <span className="muted small">Trigger words:</span>
          {words.map((w) => (
            <code key={w} className="lora-trigger">
              {w}
            </code>
          ))}
          <button
            type="button"
            className="button button-small"
            onClick={() => on.addTriggers(words)}
            title="Append the trigger words the prompt does not have yet"
            data-testid="lora-add-triggers"
          >
            Add to prompt
          </button>
        </div>
      )}
    </li>
  );
}

function CameraPicker({
  camera,
  library,
  libraryReady,
  modified,
  onChange,
}: {
  camera: CameraMove | null;
  library: Lora[];
  libraryReady: boolean;
  modified: boolean;
  onChange(move: CameraMove | null): void;
}) {
  const id = useId();
  const missing = camera && libraryReady && !cameraLoraOf(library, camera);
  return (
    <div className={`field${modified ? ' field-modified' : ''}`}>
      <div className="field-label">
        <label htmlFor={id}>Camera</label>
        <em className="field-hint">a camera-control LoRA</em>
      </div>
      <select id={id} data-testid="camera-select" value={camera ?? ''} onChange={(e) => onChange((e.target.value || null) as CameraMove | null)}>
        <option value="">None</option>
        {CAMERA_MOVES.map((c) => (
          <option key={c.move} value={c.move}>
            {c.label}
          </option>
        ))}
      </select>
      {missing && (
        <p className="lora-missing" role="note" data-testid="camera-missing">
          No camera-control LoRA for this move in the library: download <code>{cameraRepo(camera)}</code> and upload its
          .safetensors on the Models page (or put it, a name with <code>{cameraLoraKey(camera)}</code>, in the studio&apos;s
          loras folder). Generation is refused until then.
        </p>
      )}
    </div>
  );
}

/** Camera-control LoRAs are chosen by the Camera select, IC-LoRAs by the control clip: neither is added by hand. */
function isChosenElsewhere(lora: Lora): boolean {
  return CAMERA_MOVES.some((c) => cameraLoraOf([lora], c.move) !== null) || normalName(lora.name).includes('ic-lora');
}

/** The picker (pure: `LoraPicker` feeds it from the store). */
export function LoraPickerView({ mode, chosen, camera, library, libraryReady, lorasModified, cameraModified, on }: LoraPickerViewProps) {
  const family = familyOfMode(mode);
  const byId = new Map(library.map((l) => [l.id, l]));
  const full = chosen.length >= MAX_LORAS;
  // Usable ones first, then the others (disabled, with why), each by name.
  const options = library
    .filter((l) => !isChosenElsewhere(l))
    .map((l) => ({ lora: l, why: family ? loraUnusable(l, family) : 'this mode takes no LoRAs' }))
    .sort((a, b) => Number(a.why !== null) - Number(b.why !== null) || a.lora.name.localeCompare(b.lora.name));
  const placeholder = full
    ? `At most ${MAX_LORAS} LoRAs`
    : !libraryReady && library.length === 0
      ? 'Add a LoRA… (reading the library)'
      : options.length === 0
        ? 'Add a LoRA… (the library is empty: Models page)'
        : 'Add a LoRA…';
  return (
    <section className={`mode-inputs loras-picker${lorasModified ? ' field-modified' : ''}`} aria-label="LoRAs" data-testid="lora-picker">
      <div className="mode-inputs-head">
        <h3 className="sub-title">LoRAs</h3>
        <span className="muted small">{family ? `${FAMILY_LABELS[family]} · ${chosen.length}/${MAX_LORAS}` : 'not for in-painting'}</span>
      </div>
      {chosen.length > 0 && (
        <ul className="lora-items">
          {chosen.map((c) => (
            <ChosenLora key={c.id} choice={c} lora={byId.get(c.id)} family={family} on={on} />
          ))}
        </ul>
      )}
      {family && (
        <select
          aria-label="Add a LoRA"
          data-testid="lora-add"
          value=""
          disabled={full}
          onChange={(e) => {
            if (e.target.value) on.add(e.target.value);
          }}
        >
          <option value="">{placeholder}</option>
          {options.map(({ lora, why }) => {
            const taken = chosen.some((c) => c.id === lora.id);
            return (
              <option key={lora.id} value={lora.id} disabled={why !== null || taken} title={why ?? undefined}>
                {lora.name}
                {why ? ` — ${why}` : taken ? ' (added)' : ''}
              </option>
            );
          })}
        </select>
      )}
      {(family === 'ltx2' || camera !== null) && (
        <CameraPicker camera={camera} library={library} libraryReady={libraryReady} modified={cameraModified} onChange={on.camera} />
      )}
    </section>
  );
}

const NO_LORAS: LoraChoice[] = [];

export function LoraPicker({ shotId }: { shotId: string }) {
  const mode = useApp((s) => s.drafts[shotId]?.generation.mode ?? 't2v');
  const chosen = useApp((s) => s.drafts[shotId]?.loras ?? NO_LORAS);
  const camera = useApp((s) => s.drafts[shotId]?.camera ?? null);
  const library = useApp((s) => s.loras);
  const libraryReady = useApp((s) => s.lorasStatus === 'ready');
  const lorasModified = useServerDiffers(shotId, 'loras');
  const cameraModified = useServerDiffers(shotId, 'camera');
  // The inspector reads the library once (the Models page reads it again on each visit, upload and delete).
  useEffect(() => {
    if (appStore.getState().lorasStatus === 'idle') void appStore.getState().loadLoras();
  }, []);
  const on = useMemo<LoraPickerActions>(() => {
    const store = () => appStore.getState();
    return {
      add: (id) => store().addLora(shotId, id),
      strength: (id, v) => store().setLoraStrength(shotId, id, v),
      remove: (id) => store().removeLora(shotId, id),
      addTriggers: (words) => store().addTriggerWords(shotId, words),
      camera: (move) => store().editShot(shotId, { camera: move }),
    };
  }, [shotId]);
  return (
    <LoraPickerView
      mode={mode}
      chosen={chosen}
      camera={camera}
      library={library}
      libraryReady={libraryReady}
      lorasModified={lorasModified}
      cameraModified={cameraModified}
      on={on}
    />
  );
}
