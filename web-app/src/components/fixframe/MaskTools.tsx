import { useId, useState } from 'react';
import type { MaskEditorState, MaskTool } from '../../hooks/useMaskEditor';
import { appStore } from '../../store';
import { pointsForRequest } from '../../domain/mask';

const TOOLS: { key: MaskTool; label: string; title: string }[] = [
  { key: 'sam', label: 'SAM click', title: 'Click the object (shift or alt click: not the object); SAM 3 finds its mask' },
  { key: 'brush', label: 'Brush', title: 'Paint what to repaint' },
  { key: 'eraser', label: 'Eraser', title: 'Take pixels out of the mask' },
];

function percent(score: number | null): string {
  return score === null ? '—' : score.toFixed(2);
}

/** What SAM answered for the clicks so far. */
function ClickReport({ editor }: { editor: MaskEditorState }) {
  const { clickAnswer, points, asking } = editor;
  if (points.length === 0) return <p className="muted small">Click the object on the frame to ask SAM 3 for its mask.</p>;
  if (asking && !clickAnswer) return <p className="muted small">Asking SAM…</p>;
  if (!clickAnswer) return null;
  return (
    <p className="small" data-testid="sam-answer" data-count={clickAnswer.count}>
      {clickAnswer.count === 0
        ? 'SAM found no mask for these clicks.'
        : `SAM: ${clickAnswer.count} mask · score ${percent(clickAnswer.score)} · ${clickAnswer.area ?? 0} px`}
      {asking && ' (asking again…)'}
      {clickAnswer.testModel && (
        <span className="test-note" title="Tiny random weights">
          {' '}
          test model — masks are noise
        </span>
      )}
    </p>
  );
}

export function MaskTools({ editor }: { editor: MaskEditorState }) {
  const sizeId = useId();
  return (
    <div className="mask-tools" data-testid="mask-tools">
      <div className="button-group" role="radiogroup" aria-label="Mask tool">
        {TOOLS.map((t) => (
          <button
            key={t.key}
            role="radio"
            aria-checked={editor.tool === t.key}
            className={`chip${editor.tool === t.key ? ' chip-on' : ''}`}
            title={t.title}
            onClick={() => editor.setTool(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {editor.tool === 'sam' ? (
        <div className="mask-tool-row">
          <label className="check">
            <input type="checkbox" checked={editor.exclude} onChange={(e) => editor.setExclude(e.target.checked)} />
            Exclude (or shift-click)
          </label>
          <button className="button button-small" onClick={editor.undoPoint} disabled={editor.points.length === 0}>
            Undo point
          </button>
          <button className="button button-small" onClick={editor.clearPoints} disabled={editor.points.length === 0}>
            Clear points
          </button>
        </div>
      ) : (
        <div className="field">
          <label className="field-label" htmlFor={sizeId}>
            Size <span className="field-hint">{editor.brushSize} px</span>
          </label>
          <input
            id={sizeId}
            type="range"
            min={1}
            max={Math.max(8, Math.round(Math.max(editor.size.width, editor.size.height) / 4))}
            value={editor.brushSize}
            onChange={(e) => editor.setBrushSize(Number(e.target.value))}
          />
        </div>
      )}
      <ClickReport editor={editor} />
      <div className="mask-tool-row">
        <span className="small muted" data-testid="mask-area">
          Mask: {editor.maskArea} px ({((editor.maskArea / (editor.size.width * editor.size.height)) * 100).toFixed(1)}%)
        </span>
        <span className="spacer" />
        <button className="button button-small" onClick={editor.invert}>
          Invert
        </button>
        <button className="button button-small" onClick={editor.clearMask} disabled={editor.maskArea === 0 && editor.points.length === 0}>
          Clear mask
        </button>
      </div>
    </div>
  );
}

/** "Find…": ask SAM for every instance of some words; each answer can be added to (or taken out of) the mask. */
export function FindPanel({ editor }: { editor: MaskEditorState }) {
  const [text, setText] = useState('');
  const { found } = editor;
  return (
    <div className="mask-find" data-testid="mask-find">
      <form
        className="button-row"
        onSubmit={(e) => {
          e.preventDefault();
          void editor.find(text);
        }}
      >
        <input
          className="input"
          aria-label="Find by words"
          placeholder="Find… (e.g. the red car)"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button className="button button-small" type="submit" disabled={!text.trim() || editor.asking}>
          Find
        </button>
      </form>
      {found && (
        <div className="small" data-testid="find-results" data-count={found.masks.length}>
          {found.masks.length === 0 ? (
            <p className="muted">No match for “{found.text}”.</p>
          ) : (
            <ul className="find-list">
              {found.masks.map((m, i) => (
                <li key={m.key} className="find-row">
                  <span>
                    #{i + 1} · score {percent(m.score)} · {m.area} px
                  </span>
                  <button className="button button-small" onClick={() => void editor.toggleFound(m.key)} aria-pressed={m.added}>
                    {m.added ? 'Remove' : 'Add to mask'}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {found.testModel && <p className="test-note">test model — masks are noise</p>}
        </div>
      )}
    </div>
  );
}

/** Follow the clicked (or found) object through the shot's whole clip: a track job. */
export function TrackButton({ editor, findText }: { editor: MaskEditorState; findText: string | null }) {
  const [busy, setBusy] = useState(false);
  const prompt = editor.points.length
    ? { points: pointsForRequest(editor.points) }
    : findText
      ? { text: findText }
      : null;
  return (
    <button
      className="button button-small"
      disabled={!prompt || busy}
      title={prompt ? 'Follow this object through the clip (SAM 3 video tracking)' : 'Click the object or find it by words first'}
      onClick={async () => {
        if (!prompt) return;
        setBusy(true);
        await appStore.getState().trackFromFrame(prompt);
        setBusy(false);
      }}
      data-testid="track"
    >
      Track through clip
    </button>
  );
}
