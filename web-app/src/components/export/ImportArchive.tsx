import { projectHref } from '../../hooks/useHashRoute';
import { appStore, useApp } from '../../store';
import { FilePickerButton } from '../FilePickerButton';
import './export.css';

/** "Import project archive…" on the project list: the archive becomes a new project, which then opens. */
export function ImportArchiveButton() {
  const importing = useApp((s) => s.archiveImport.importing);
  const error = useApp((s) => s.archiveImport.error);
  return (
    <div className="panel import-archive" aria-label="Import project archive">
      <FilePickerButton
        label="Import project archive…"
        busy={importing}
        accept=".zip,application/zip"
        title="A .zip made by Export → Project archive becomes a new project"
        testId="import-archive"
        onFile={async (file) => {
          const project = await appStore.getState().importArchive(file);
          if (project) window.location.hash = projectHref(project.id);
        }}
      />
      {error && (
        <p className="field-error" role="alert" data-testid="import-archive-error">
          {error}
        </p>
      )}
    </div>
  );
}
