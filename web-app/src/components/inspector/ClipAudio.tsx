import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../../store';
import { audioOf } from '../../domain/timeline/model';
import { GAIN_LIMITS } from '../../domain/timeline/ops';
import type { AudioPatch } from '../../domain/timeline/ops';
import '../export/export.css';
import { useSyncedState } from '../../hooks/useSyncedState';

type Unit = 'frames' | 'seconds';

const formatGain = (db: number) => `${db > 0 ? '+' : ''}${db.toFixed(1)} dB`;

/** A fade length field: shows frames or seconds, commits (one undo step) on Enter or when it loses focus. */
function FadeInput({ label, frames, fps, unit, onCommit, testId }: { label: string; frames: number; fps: number; unit: Unit; onCommit(frames: number): void; testId: string }) {
  const id = useId();
  const shown = unit === 'frames' ? String(frames) : String(Math.round((frames / fps) * 100) / 100);
  const [text, setText] = useSyncedState(shown);
  const commit = () => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
      setText(shown);
      return;
    }
    const next = unit === 'frames' ? Math.round(value) : Math.round(value * fps);
    if (next !== frames) onCommit(next);
    else setText(shown);
  };
  return (
    <div className="clip-audio-row">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={0}
        step={unit === 'frames' ? 1 : 0.1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          e.stopPropagation(); // typing here is not the timeline's shortcuts
        }}
        data-testid={testId}
      />
      <span className="clip-audio-value muted">{unit === 'frames' ? `${(frames / fps).toFixed(2)} s` : `${frames} fr`}</span>
    </div>
  );
}

/** Gain and fades of the selected timeline clip(s): each change is one undo step, synced through the timeline outbox. */
export function ClipAudio() {
  const ids = useApp(useShallow((s) => Object.keys(s.selectedClips).filter((id) => id in s.timeline.clips)));
  const first = useApp((s) => (ids[0] ? s.timeline.clips[ids[0]] : undefined));
  const locked = useApp((s) => ids.some((id) => s.timeline.tracks[s.timeline.clips[id]?.track_id ?? '']?.locked));
  const fps = useApp((s) => s.project?.fps ?? 24);
  const error = useApp((s) => s.timelineError);
  const gainId = useId();
  const [unit, setUnit] = useState<Unit>('frames');
  const audio = first ? audioOf(first) : null;
  const [gain, setGain] = useState<number | null>(null); // while the slider is being dragged

  if (!first || !audio) return null;
  const apply = (patch: AudioPatch) => appStore.getState().setClipAudio(ids, patch);
  const commitGain = () => {
    if (gain !== null && gain !== audio.gain_db) apply({ gain_db: gain });
    setGain(null);
  };
  const shownGain = gain ?? audio.gain_db;

  return (
    <section className="panel clip-audio" aria-label="Clip audio" data-testid="clip-audio">
      <div className="clip-audio-head">
        <h3>Clip audio</h3>
        <span className="muted small">{ids.length === 1 ? '1 clip' : `${ids.length} clips`}</span>
        <span className="spacer" />
        <select value={unit} onChange={(e) => setUnit(e.target.value as Unit)} aria-label="Fade unit">
          <option value="frames">frames</option>
          <option value="seconds">seconds</option>
        </select>
      </div>
      {locked && <p className="muted small">A selected clip is on a locked track.</p>}
      <div className="clip-audio-row">
        <label htmlFor={gainId}>Gain</label>
        <input
          id={gainId}
          type="range"
          min={GAIN_LIMITS.min}
          max={GAIN_LIMITS.max}
          step={0.5}
          value={shownGain}
          disabled={locked}
          onChange={(e) => setGain(Number(e.target.value))}
          onPointerUp={commitGain}
          onKeyUp={commitGain}
          onBlur={commitGain}
          onKeyDown={(e) => {
            if (!e.ctrlKey && !e.metaKey) e.stopPropagation(); // arrows move the slider, not the playhead; Ctrl+Z still undoes
          }}
          data-testid="clip-gain"
        />
        <button
          type="button"
          className="button button-small clip-audio-value"
          title="Reset to 0 dB"
          disabled={locked || audio.gain_db === 0}
          onClick={() => apply({ gain_db: 0 })}
          data-testid="clip-gain-value"
        >
          {formatGain(shownGain)}
        </button>
      </div>
      <FadeInput label="Fade in" frames={audio.fade_in} fps={fps} unit={unit} onCommit={(f) => apply({ fade_in: f })} testId="clip-fade-in" />
      <FadeInput label="Fade out" frames={audio.fade_out} fps={fps} unit={unit} onCommit={(f) => apply({ fade_out: f })} testId="clip-fade-out" />
      {error && <p className="field-error">{error}</p>}
    </section>
  );
}
