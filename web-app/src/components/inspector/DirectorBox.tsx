import { useId, useState } from 'react';
import { appStore, useApp } from '../../store';

/** The suggestion: the server's message, the rewritten prompt, and Accept / Edit / Discard. */
function Suggestion({ shotId }: { shotId: string }) {
  const result = useApp((s) => s.director[shotId]?.result ?? null);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(result?.prompt ?? '');
  const editId = useId();
  // A new suggestion: show its prompt, not in edit mode (reset while rendering, not in an effect).
  const [shown, setShown] = useState(result);
  if (shown !== result) {
    setShown(result);
    setText(result?.prompt ?? '');
    setEditing(false);
  }
  if (!result) return null;
  const store = appStore.getState();
  return (
    <div className={`director-result${result.test_model ? ' director-result-test' : ''}`} data-testid="director-result">
      <p className="director-message" data-testid="director-message">
        {result.test_model && <strong className="flag-test">TEST MODEL</strong>} {result.message}
      </p>
      {editing ? (
        <div className="field">
          <label htmlFor={editId}>Rewritten prompt</label>
          <textarea id={editId} rows={4} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} />
        </div>
      ) : (
        <blockquote className="director-prompt" data-testid="director-prompt">
          {result.prompt}
        </blockquote>
      )}
      <div className="button-row">
        <button className="button button-small button-primary" onClick={() => store.acceptDirector(shotId, text)}>
          Accept
        </button>
        {!editing && (
          <button className="button button-small" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        <button className="button button-small" onClick={() => store.discardDirector(shotId)}>
          Discard
        </button>
      </div>
    </div>
  );
}

/**
 * "Ask the director": a plain instruction goes to `POST /director/enrich`, which answers a cinematic prompt (and a
 * message saying whether a real model wrote it). Accepting replaces the prompt as one undo step.
 */
export function DirectorBox({ shotId }: { shotId: string }) {
  const [open, setOpen] = useState(false);
  const [instruction, setInstruction] = useState('');
  const status = useApp((s) => s.director[shotId]?.status ?? null);
  const error = useApp((s) => s.director[shotId]?.error ?? null);
  const inputId = useId();
  const loading = status === 'loading';
  if (!open && !status) {
    return (
      <button className="link director-toggle" onClick={() => setOpen(true)} data-testid="director-open">
        ✦ Ask the director
      </button>
    );
  }
  const ask = () => void appStore.getState().enrichPrompt(shotId, instruction);
  return (
    <section className="director" aria-label="Ask the director" data-testid="director">
      <div className="field">
        <div className="field-label">
          <label htmlFor={inputId}>Director instruction</label>
          <button className="icon-button" aria-label="Close the director" onClick={() => { setOpen(false); appStore.getState().discardDirector(shotId); }}>
            ×
          </button>
        </div>
        <textarea
          id={inputId}
          rows={2}
          maxLength={2000}
          placeholder="What should happen, in plain words"
          value={instruction}
          onChange={(e) => setInstruction(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) ask();
          }}
        />
      </div>
      <div className="button-row">
        <button className="button button-small" onClick={ask} disabled={loading || !instruction.trim()}>
          {loading ? 'Enriching…' : 'Enrich'}
        </button>
        {loading && <span className="muted small">the director is writing…</span>}
      </div>
      {status === 'error' && error && (
        <p className="field-error" role="alert" data-testid="director-error">
          {error}
        </p>
      )}
      {status === 'ready' && <Suggestion shotId={shotId} />}
    </section>
  );
}
