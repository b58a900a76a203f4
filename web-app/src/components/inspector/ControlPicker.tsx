// The shot's control clip (issue 13): a video of the media bin or another shot's take guides the shot through the
// IC-LoRA, as it is (restyle) or as its edges, depth or pose, at a strength, over the seconds chosen. It is a shot
// field like the others (a draft: one undo step per change, saved with the rest). When the library has no IC-LoRA
// this says which to get; the guide a generation used is kept in the media bin (origin "control").
import { useEffect, useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ControlChoice, ControlKind, Lora } from '../../api/types';
import {
  CONTROL_KINDS,
  CONTROL_STRENGTH,
  controlLoraOf,
  guidedRangeProblem,
  sourceKey,
  UNION_CONTROL_REPO,
  withSource,
} from '../../domain/control';
import { appStore, useApp } from '../../store';
import { CommitNumber, useServerDiffers } from './fields';

/** "Shot 3 · a lighthouse at dusk…": the shot's place and the first words of its prompt. */
function shotLabel(shot: { index: number; prompt: string }): string {
  const words = shot.prompt.split(/\s+/).filter(Boolean);
  const text = words.slice(0, 5).join(' ') + (words.length > 5 ? '…' : '');
  return text ? `Shot ${shot.index + 1} · ${text}` : `Shot ${shot.index + 1}`;
}

export interface ControlSource {
  key: string;
  label: string;
}

export interface ControlPickerViewProps {
  control: ControlChoice | null;
  sources: ControlSource[];
  library: Lora[];
  libraryReady: boolean;
  /** The shot's length in seconds (for the guided range). */
  length: number;
  modified: boolean;
  onChange(control: ControlChoice | null): void;
}

/** The picker (pure: `ControlPicker` feeds it from the store). */
export function ControlPickerView({ control, sources, library, libraryReady, length, modified, onChange }: ControlPickerViewProps) {
  const id = useId();
  const kind = (control?.kind ?? 'canny') as ControlKind;
  const lora = controlLoraOf(library, kind);
  const problem = control ? guidedRangeProblem(control, length) : null;
  const set = (patch: Partial<ControlChoice>) => control && onChange({ ...control, ...patch });
  return (
    <section className={`mode-inputs control-picker${modified ? ' field-modified' : ''}`} aria-label="Control video" data-testid="control-picker">
      <div className="mode-inputs-head">
        <h3 className="sub-title">Control video</h3>
        <span className="muted small">IC-LoRA{control && lora ? ` · ${lora.name}` : ''}</span>
      </div>
      <div className="field">
        <div className="field-label">
          <label htmlFor={`${id}-source`}>Guided by</label>
          <em className="field-hint">a clip whose motion and layout the shot follows</em>
        </div>
        <select id={`${id}-source`} data-testid="control-source" value={sourceKey(control)} onChange={(e) => onChange(withSource(control, e.target.value))}>
          <option value="">None</option>
          {sources.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
        </select>
        {sources.length === 0 && <p className="muted small">Upload a video to the media bin, or generate another shot first.</p>}
      </div>
      {control && (
        <>
          <div className="field">
            <div className="field-label">
              <label htmlFor={`${id}-kind`}>As</label>
              <em className="field-hint">{CONTROL_KINDS.find((k) => k.kind === kind)?.hint}</em>
            </div>
            <select id={`${id}-kind`} data-testid="control-kind" value={kind} onChange={(e) => set({ kind: e.target.value as ControlKind })}>
              {CONTROL_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field-row">
            <CommitNumber
              label="Strength"
              name="control_strength"
              value={control.strength ?? 1}
              integer={false}
              step={CONTROL_STRENGTH.step}
              min={CONTROL_STRENGTH.min}
              max={CONTROL_STRENGTH.max}
              onCommit={(v) => set({ strength: v })}
            />
            <CommitNumber
              label="Clip from (s)"
              name="control_start"
              value={control.start_s ?? 0}
              integer={false}
              step={0.1}
              min={0}
              onCommit={(v) => set({ start_s: v })}
            />
          </div>
          <div className="field-row">
            <CommitNumber
              label="Guide from (s)"
              name="control_from"
              value={control.from_s ?? 0}
              integer={false}
              step={0.1}
              min={0}
              onCommit={(v) => set({ from_s: v > 0 ? v : null })}
            />
            <CommitNumber
              label="Until (s, 0: end)"
              name="control_to"
              value={control.to_s ?? 0}
              integer={false}
              step={0.1}
              min={0}
              onCommit={(v) => set({ to_s: v > 0 ? v : null })}
            />
          </div>
          {problem && <p className="field-error">{problem}</p>}
          {libraryReady && !lora && (
            <p className="lora-missing" role="note" data-testid="control-missing">
              No IC-LoRA for control video in the library: download <code>{UNION_CONTROL_REPO}</code> on the Models page
              (or put its .safetensors, a name with <code>ic-lora</code> and <code>union-control</code>, in the studio&apos;s
              loras folder). Generation is refused until then.
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function ControlPicker({ shotId }: { shotId: string }) {
  const control = useApp((s) => s.drafts[shotId]?.control ?? null);
  const frames = useApp((s) => s.drafts[shotId]?.num_frames ?? 121);
  const fps = useApp((s) => s.shots[shotId]?.fps ?? 24);
  const library = useApp((s) => s.loras);
  const libraryReady = useApp((s) => s.lorasStatus === 'ready');
  const modified = useServerDiffers(shotId, 'control');
  const videos = useApp(useShallow((s) => s.assets.filter((a) => a.kind === 'video').map((a) => `${a.id}\u0000${a.original_name}`)));
  const takes = useApp(
    useShallow((s) =>
      Object.values(s.shots)
        .filter((shot) => shot.video_url)
        .sort((a, b) => a.index - b.index)
        .map((shot) => `${shot.id}\u0000${shotLabel(shot)}${shot.id === shotId ? ' (this shot’s take)' : ''}`),
    ),
  );
  const sources = useMemo<ControlSource[]>(() => {
    const split = (entry: string) => [entry.slice(0, entry.indexOf('\u0000')), entry.slice(entry.indexOf('\u0000') + 1)] as const;
    return [
      ...videos.map(split).map(([id, name]) => ({ key: `asset:${id}`, label: `Video: ${name || 'clip'}` })),
      ...takes.map(split).map(([id, label]) => ({ key: `shot:${id}`, label })),
    ];
  }, [videos, takes]);
  useEffect(() => {
    if (appStore.getState().lorasStatus === 'idle') void appStore.getState().loadLoras();
  }, []);
  return (
    <ControlPickerView
      control={control}
      sources={sources}
      library={library}
      libraryReady={libraryReady}
      length={frames / fps}
      modified={modified}
      onChange={(next) => appStore.getState().editShot(shotId, { control: next })}
    />
  );
}
