import { FilePickerButton } from '../FilePickerButton';
import { appStore, useApp } from '../../store';
import './export.css';

/** The clips a refused import could not place (their media is not in this project), with the server's message. */
function MissingMediaDialog() {
  const state = useApp((s) => s.timelineImport);
  if (state.status !== 'error' || !state.missing.length) return null;
  const close = () => appStore.getState().dismissTimelineImport();
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && close()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
        e.stopPropagation();
      }}
    >
      <div className="modal export-modal" role="dialog" aria-modal="true" aria-label="Timeline not imported" data-testid="import-missing">
        <h2>Timeline not imported</h2>
        <p>
          {state.missing.length} clip{state.missing.length === 1 ? ' uses' : 's use'} media that is not in this project. Nothing was
          imported: add the media to the project (upload it, or generate the shots), then import again.
        </p>
        <ul className="export-missing">
          {state.missing.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
        <div className="button-row">
          <span className="spacer" />
          <button type="button" className="button button-primary" onClick={close} autoFocus>
            OK
          </button>
        </div>
      </div>
    </div>
  );
}

/** "Import timeline (.otio)…": a file picker; the result is a toast, or the list of clips whose media is missing. */
export function ImportTimelineButton() {
  const importing = useApp((s) => s.timelineImport.status === 'importing');
  return (
    <>
      <FilePickerButton
        label="Import timeline (.otio)…"
        busy={importing}
        accept=".otio,application/json,application/vnd.opentimelineio+json"
        title="Add the tracks and clips of an OpenTimelineIO file to this project"
        className="button button-small"
        testId="import-timeline"
        onFile={(file) => void appStore.getState().importTimeline(file)}
      />
      <MissingMediaDialog />
    </>
  );
}
