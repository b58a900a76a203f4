import { useEffect, useRef, useState } from 'react';
import { ELEMENT_TYPES } from '../api/types';
import type { ElementType, ScriptFormat } from '../api/types';
import { appStore, useApp } from '../store';
import { BEAT_DURATION, errorLine, proposalShotCount, validBeatDuration } from '../domain/storyboard';
import type { SceneField } from '../domain/storyboard';

const FORMATS: { value: ScriptFormat | ''; label: string }[] = [
  { value: '', label: 'Detect' },
  { value: 'fountain', label: 'Fountain' },
  { value: 'fdx', label: 'Final Draft (.fdx)' },
  { value: 'text', label: 'Plain text' },
];

function formatOfFile(name: string): ScriptFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'fountain' || ext === 'spmd') return 'fountain';
  if (ext === 'fdx') return 'fdx';
  if (ext === 'txt') return 'text';
  return null;
}

/** The script: paste or load a file (read here, in the browser), then Parse. */
function ScriptPane() {
  const text = useApp((s) => s.scriptText);
  const name = useApp((s) => s.scriptName);
  const format = useApp((s) => s.scriptFormat);
  const parsing = useApp((s) => s.parsing);
  const error = useApp((s) => s.parseError);
  const file = useRef<HTMLInputElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const line = error ? errorLine(error) : null;
  const store = appStore.getState();

  const showLine = () => {
    const el = area.current;
    if (!el || !line) return;
    const lines = el.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  return (
    <section className="panel storyboard-script" aria-label="Script">
      <div className="storyboard-bar">
        <h2 className="panel-title">Script{name ? <span className="muted small"> · {name}</span> : null}</h2>
        <span className="spacer" />
        <label className="small muted">
          Format{' '}
          <select
            aria-label="Script format"
            value={format ?? ''}
            onChange={(e) => store.setScript(text, undefined, (e.target.value || null) as ScriptFormat | null)}
          >
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <button className="button button-small" onClick={() => file.current?.click()}>
          Open file…
        </button>
        <input
          ref={file}
          type="file"
          hidden
          accept=".fountain,.spmd,.fdx,.txt,text/plain"
          aria-label="Script file"
          data-testid="script-file"
          onChange={async (e) => {
            const chosen = e.target.files?.[0];
            e.target.value = '';
            if (!chosen) return;
            const content = await chosen.text();
            store.setScript(content, chosen.name, formatOfFile(chosen.name));
          }}
        />
      </div>
      <textarea
        ref={area}
        className="script-text"
        aria-label="Script text"
        data-testid="script-text"
        spellCheck={false}
        placeholder={'Paste a screenplay (Fountain, Final Draft .fdx or plain text), or open a file.\n\nINT. KITCHEN - NIGHT\n\nMara pours coffee.'}
        value={text}
        onChange={(e) => store.setScript(e.target.value)}
      />
      {error && (
        <div className="server-error" role="alert" data-testid="parse-error">
          <span className="server-error-tag">Server</span>
          <span className="server-error-text">{error}</span>
          {line && (
            <button className="button button-small" onClick={showLine}>
              Show line {line}
            </button>
          )}
        </div>
      )}
      <div className="button-row">
        <span className="spacer" />
        <button
          className="button button-primary"
          disabled={parsing || !text.trim()}
          onClick={() => void store.parseScript()}
          data-testid="parse-script"
        >
          {parsing ? 'Parsing…' : 'Parse'}
        </button>
      </div>
    </section>
  );
}

/** A beat's text: edited locally, committed to the proposal on blur. */
function BeatText({ sceneIndex, shotIndex, text }: { sceneIndex: number; shotIndex: number; text: string }) {
  const [local, setLocal] = useState(text);
  useEffect(() => setLocal(text), [text]);
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
function BlurField({
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
  const [local, setLocal] = useState(value);
  useEffect(() => setLocal(value), [value]);
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
function SceneFields({ sceneIndex, scene }: { sceneIndex: number; scene: Record<SceneField, string> }) {
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
function BeatDuration({ sceneIndex, shotIndex, seconds }: { sceneIndex: number; shotIndex: number; seconds: number }) {
  const [local, setLocal] = useState(String(seconds));
  useEffect(() => setLocal(String(seconds)), [seconds]);
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

/** Add an element to the proposal: name + type. */
function NewProposalElement() {
  const [name, setName] = useState('');
  const [type, setType] = useState<ElementType>('character');
  const add = () => {
    if (!name.trim()) return;
    appStore.getState().addProposalElement(name, type);
    setName('');
  };
  return (
    <form
      className="proposal-element proposal-element-new"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <input aria-label="New element name" placeholder="Add an element" value={name} onChange={(e) => setName(e.target.value)} />
      <select aria-label="New element type" value={type} onChange={(e) => setType(e.target.value as ElementType)}>
        {ELEMENT_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <button className="button button-small" type="submit" disabled={!name.trim()}>
        Add
      </button>
    </form>
  );
}

function ElementName({ index, name }: { index: number; name: string }) {
  const [local, setLocal] = useState(name);
  useEffect(() => setLocal(name), [name]);
  const commit = () => {
    if (local.trim()) appStore.getState().renameProposalElement(index, local);
    else setLocal(name);
  };
  return (
    <input
      aria-label={`Element ${index + 1} name`}
      value={local}
      onChange={(e) => setLocal(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

function CommitSummary() {
  const result = useApp((s) => s.commitResult);
  if (!result) return null;
  const parts: [string, number][] = [
    ['scenes created', result.scenes_created],
    ['shots created', result.shots_created],
    ['shots kept', result.shots_kept],
    ['shots removed', result.shots_removed],
    ['generated shots left alone', result.shots_left_alone],
    ['elements created', result.elements_created],
  ];
  return (
    <div className="commit-result" role="status" data-testid="commit-result">
      <strong>Committed.</strong>{' '}
      {parts.map(([label, n]) => (
        <span key={label} className="commit-count" data-count={label}>
          {n} {label}
        </span>
      ))}
    </div>
  );
}

/** The proposal: scenes with their beats, and the elements; adjust, then Commit. */
function ProposalPane({ onDone }: { onDone: () => void }) {
  const proposal = useApp((s) => s.proposal);
  const committing = useApp((s) => s.committing);
  const error = useApp((s) => s.commitError);
  const result = useApp((s) => s.commitResult);
  const store = appStore.getState();
  if (!proposal) {
    return (
      <section className="panel storyboard-proposal" aria-label="Proposal">
        <CommitSummary />
        <p className="muted">Parse a script to see the scenes, shots and elements it proposes. Nothing is saved until Commit.</p>
        {result && (
          <button className="button" onClick={onDone}>
            Open the timeline
          </button>
        )}
      </section>
    );
  }
  const shotCount = proposalShotCount(proposal);
  return (
    <section className="panel storyboard-proposal" aria-label="Proposal" data-testid="proposal">
      <div className="storyboard-bar">
        <h2 className="panel-title">
          {proposal.title || 'Proposal'}{' '}
          <span className="muted small">
            {proposal.format} · {proposal.scenes.length} scene{proposal.scenes.length === 1 ? '' : 's'} · {shotCount} shot
            {shotCount === 1 ? '' : 's'} · {proposal.elements.length} element{proposal.elements.length === 1 ? '' : 's'}
          </span>
        </h2>
      </div>
      {proposal.warnings.length > 0 && (
        <ul className="gen-problems" data-testid="parse-warnings">
          {proposal.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <div className="proposal-body">
        <ol className="proposal-scenes">
          {proposal.scenes.map((scene, si) => (
            <li key={si} className="proposal-scene" data-testid="proposal-scene" aria-label={`Scene ${si + 1}`}>
              <div className="proposal-heading">
                <strong>{scene.heading || `Scene ${si + 1}`}</strong>
                {scene.time_of_day && <span className="badge badge-mode">{scene.time_of_day}</span>}
              </div>
              <SceneFields sceneIndex={si} scene={scene} />
              <ol className="proposal-shots">
                {scene.shots.map((shot, shi) => (
                  <li key={`${si}-${shi}-${shot.text}`} className="proposal-shot" data-testid="proposal-shot">
                    <span className="clip-index">{shi + 1}</span>
                    <div className="proposal-shot-fields">
                      <BeatText sceneIndex={si} shotIndex={shi} text={shot.text} />
                      <div className="proposal-shot-meta">
                        <BeatDuration sceneIndex={si} shotIndex={shi} seconds={shot.duration_s} />
                        <BlurField
                          label={`Scene ${si + 1} shot ${shi + 1} characters`}
                          placeholder="Characters (comma-separated)"
                          value={shot.characters.join(', ')}
                          onCommit={(text) => store.setProposalShotCharacters(si, shi, text)}
                        />
                      </div>
                    </div>
                    <button
                      className="icon-button"
                      aria-label={`Add a shot after scene ${si + 1} shot ${shi + 1}`}
                      title="Add a shot after this one"
                      onClick={() => store.addProposalShot(si, shi)}
                    >
                      +
                    </button>
                    <button
                      className="icon-button"
                      aria-label={`Delete scene ${si + 1} shot ${shi + 1}`}
                      onClick={() => store.deleteProposalShot(si, shi)}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ol>
              <button className="button button-small" aria-label={`Add a shot to scene ${si + 1}`} onClick={() => store.addProposalShot(si, null)}>
                + Shot
              </button>
            </li>
          ))}
        </ol>
        <div className="proposal-elements" aria-label="Proposed elements">
          <h3 className="panel-title">Elements</h3>
          {proposal.elements.length === 0 ? (
            <p className="muted small">None found.</p>
          ) : (
            <ul>
              {proposal.elements.map((element, i) => (
                <li key={`${i}-${element.name}`} className="proposal-element" data-testid="proposal-element">
                  <ElementName index={i} name={element.name} />
                  <select
                    aria-label={`Element ${i + 1} type`}
                    value={element.type}
                    onChange={(e) => store.setProposalElementType(i, e.target.value as ElementType)}
                  >
                    {ELEMENT_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                  <button className="icon-button" aria-label={`Delete element ${element.name}`} onClick={() => store.deleteProposalElement(i)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <NewProposalElement />
        </div>
      </div>
      {error && (
        <div className="server-error" role="alert" data-testid="commit-error">
          <span className="server-error-tag">Server</span>
          <span className="server-error-text">{error}</span>
        </div>
      )}
      <CommitSummary />
      <div className="button-row">
        <button className="button" onClick={() => store.discardProposal()}>
          Discard
        </button>
        <span className="spacer" />
        {result && (
          <button className="button" onClick={onDone}>
            Open the timeline
          </button>
        )}
        <button
          className="button button-primary"
          disabled={committing}
          onClick={() => {
            (document.activeElement as HTMLElement | null)?.blur?.();
            void appStore.getState().commitProposal();
          }}
          data-testid="commit-storyboard"
        >
          {committing ? 'Committing…' : 'Commit'}
        </button>
      </div>
    </section>
  );
}

/** Screenplay → storyboard: the script beside the proposal it parses into. */
export function StoryboardView({ onDone }: { onDone: () => void }) {
  return (
    <div className="storyboard" data-testid="storyboard">
      <ScriptPane />
      <ProposalPane onDone={onDone} />
    </div>
  );
}
