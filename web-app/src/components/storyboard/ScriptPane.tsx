// The script side of the storyboard: paste or open a screenplay (or a treatment), pick its format, Parse or ask the
// director; a `line N` refusal can be shown.
import { useRef } from 'react';
import type { ScriptFormat } from '../../api/types';
import { errorLine } from '../../domain/storyboard';
import { appStore, useApp } from '../../store';

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
export function ScriptPane() {
  const text = useApp((s) => s.scriptText);
  const name = useApp((s) => s.scriptName);
  const format = useApp((s) => s.scriptFormat);
  const parsing = useApp((s) => s.parsing);
  const error = useApp((s) => s.parseError);
  const directing = useApp((s) => s.directing);
  const directorError = useApp((s) => s.directorError);
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
      {directorError && (
        <div className="server-error" role="alert" data-testid="director-error">
          <span className="server-error-tag">Director</span>
          <span className="server-error-text">{directorError}</span>
        </div>
      )}
      <div className="button-row">
        <span className="spacer" />
        <button
          className="button"
          disabled={directing !== null || parsing || !text.trim()}
          title="The director (Gemma 3) breaks the whole script into shots with cinematic prompts, keeping every line of dialogue; a treatment without screenplay format becomes scenes and shots. You see the proposal before anything is saved."
          onClick={() => void store.askDirector(null)}
          data-testid="ask-director"
        >
          {directing === 'all' ? 'The director is working…' : 'Ask the director'}
        </button>
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
