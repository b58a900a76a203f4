import { useApp, useHistory } from '../store';

export function UndoRedo() {
  const serverUndo = useApp((s) => s.serverPast.length > 0);
  const serverRedo = useApp((s) => s.serverFuture.length > 0);
  const busy = useApp((s) => s.historyBusy);
  const canUndo = useHistory((h) => h.pastStates.length > 0) || serverUndo;
  const canRedo = useHistory((h) => h.futureStates.length > 0) || serverRedo;
  const undo = useApp((s) => s.undo);
  const redo = useApp((s) => s.redo);
  return (
    <div className="button-group" role="group" aria-label="History">
      <button className="button button-icon" onClick={undo} disabled={!canUndo || busy} title="Undo (Ctrl+Z)" aria-label="Undo">
        ↶
      </button>
      <button className="button button-icon" onClick={redo} disabled={!canRedo || busy} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
        ↷
      </button>
    </div>
  );
}
