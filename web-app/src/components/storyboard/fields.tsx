// The proposal's small editors: each keeps its own text while typing and commits to the proposal on blur.
import { useSyncedState } from '../../hooks/useSyncedState';
import { BEAT_DURATION, validBeatDuration } from '../../domain/storyboard';
import type { SceneField } from '../../domain/storyboard';
import { appStore } from '../../store';

/** A beat's text: edited locally, committed to the proposal on blur. */
export function BeatText({ sceneIndex, shotIndex, text }: { sceneIndex: number; shotIndex: number; text: string }) {
  const [local, setLocal] = useSyncedState(text);
  return (
    <textarea
      aria-label={`Scene ${sceneIndex + 1} shot ${shotIndex + 1} text`}
      rows={2}
      value={local}
      onChange={(e) => setLocal(e.target.value)}
      onBlur={() => appStore.getState().editProposalShot(sceneIndex, shotIndex, local)}
    />
  );
}

/** A text field edited locally and committed on blur / Enter (Esc restores the proposal's value). */
export function BlurField({
  label,
  value,
  onCommit,
  multiline,
  placeholder,
  testId,
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  multiline?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const [local, setLocal] = useSyncedState(value);
  const common = {
    'aria-label': label,
    'data-testid': testId,
    placeholder,
    value: local,
    onBlur: () => local !== value && onCommit(local),
  };
  if (multiline) return <textarea rows={2} {...common} onChange={(e) => setLocal(e.target.value)} />;
  return (
    <input
      {...common}
      onChange={(e) => setLocal(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') setLocal(value);
      }}
    />
  );
}

const SCENE_FIELDS: { field: SceneField; label: string; placeholder: string }[] = [
  { field: 'heading', label: 'heading', placeholder: 'INT. KITCHEN - NIGHT' },
  { field: 'location', label: 'location', placeholder: 'Location' },
  { field: 'time_of_day', label: 'time of day', placeholder: 'Time of day' },
];

/** A scene's heading, location, time of day and synopsis. */
export function SceneFields({ sceneIndex, scene }: { sceneIndex: number; scene: Record<SceneField, string> }) {
  const commit = (field: SceneField) => (value: string) => appStore.getState().editProposalScene(sceneIndex, { [field]: value });
  return (
    <div className="proposal-scene-fields">
      {SCENE_FIELDS.map(({ field, label, placeholder }) => (
        <BlurField
          key={field}
          label={`Scene ${sceneIndex + 1} ${label}`}
          placeholder={placeholder}
          value={scene[field]}
          onCommit={commit(field)}
        />
      ))}
      <BlurField
        label={`Scene ${sceneIndex + 1} synopsis`}
        placeholder="Synopsis"
        multiline
        value={scene.synopsis}
        onCommit={commit('synopsis')}
      />
    </div>
  );
}

/** A beat's duration in seconds (> 0, ≤ 60): an invalid entry is shown as such and not applied. */
export function BeatDuration({ sceneIndex, shotIndex, seconds }: { sceneIndex: number; shotIndex: number; seconds: number }) {
  const [local, setLocal] = useSyncedState(String(seconds));
  const value = Number(local);
  const valid = local.trim() !== '' && validBeatDuration(value);
  return (
    <label className="small muted proposal-duration">
      <input
        type="number"
        step={0.1}
        min={0.1}
        max={BEAT_DURATION.max}
        aria-label={`Scene ${sceneIndex + 1} shot ${shotIndex + 1} duration`}
        aria-invalid={!valid}
        title={valid ? undefined : `more than ${BEAT_DURATION.min} and at most ${BEAT_DURATION.max} seconds`}
        value={local}
        onChange={(e) => setLocal(e.target.value)}
        onBlur={() => {
          if (valid) appStore.getState().setProposalShotDuration(sceneIndex, shotIndex, value);
          else setLocal(String(seconds));
        }}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
      />{' '}
      s
    </label>
  );
}
