import { useRef } from 'react';
import { projectHref } from '../../hooks/useHashRoute';
import { appStore, useApp } from '../../store';
import './export.css';

/** "Import project archive…" on the project list: the archive becomes a new project, which then opens. */
export function ImportArchiveButton() {
  const input = useRef<HTMLInputElement>(null);
  const importing = useApp((s) => s.archiveImport.importing);
  const error = useApp((s) => s.archiveImport.error);
  return (
    <div className="panel import-archive" aria-label="Import project archive">
      <button
        type="button"
        className="button"
        disabled={importing}
        onClick={() => input.current?.click()}
        title="A .zip made by Export → Project archive becomes a new project"
        data-testid="import-archive"
      >
        {importing ? 'Importing…' : 'Import project archive…'}
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        hidden
        data-testid="import-archive-file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
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
