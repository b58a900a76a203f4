// The Models page's LoRA library, from `GET /loras`: each file's name, family (LTX-2 / FLUX.2 / none), rank, whether
// it fits the configured model (or why not), trigger words and size; Upload a .safetensors (the server checks it: a
// refusal shows its `detail`), Delete one of the studio's own files (the user's folders are theirs: 409).
import { useEffect, useId } from 'react';
import type { Lora } from '../api/types';
import { familyLabel } from '../domain/loras';
import { appStore, useApp } from '../store';
import { formatBytes } from './export/download';
import { FilePickerButton } from './FilePickerButton';

export interface LorasViewProps {
  loras: Lora[];
  /** True until the first `GET /loras` answered. */
  loading: boolean;
  /** The library could not be read. */
  error: string | null;
  /** The server's refusal of the last upload or delete. */
  actionError: string | null;
  /** The file being uploaded, or null. */
  uploading: string | null;
  onUpload(file: File): void;
  onDelete(lora: Lora): void;
  onDismiss(): void;
}

function LoraRows({ lora, onDelete }: { lora: Lora; onDelete(lora: Lora): void }) {
  const ok = lora.fits && lora.family !== null;
  return (
    <tbody
      className={`lora${ok ? '' : ' lora-unfit'}`}
      data-testid="lora-row"
      data-lora-id={lora.id}
      data-fits={lora.fits ? 'true' : 'false'}
      data-family={lora.family ?? 'none'}
    >
      <tr>
        <th scope="row">
          <span className="lora-name" title={lora.name}>
            {lora.name}
          </span>
        </th>
        <td>
          <span className={`lora-family lora-family-${lora.family ?? 'none'}`}>{familyLabel(lora.family)}</span>
        </td>
        <td className="num">{lora.rank ?? '—'}</td>
        <td className="num" title={`${lora.size_bytes.toLocaleString()} bytes`}>
          {formatBytes(lora.size_bytes) || '—'}
        </td>
      </tr>
      <tr className="lora-detail">
        <td colSpan={4}>
          <div className="lora-detail-row">
            {ok ? (
              <span className="lora-fits" data-testid="lora-fits">
                fits · {lora.layers} layers
              </span>
            ) : (
              <span className="lora-reason" data-testid="lora-reason" role="note">
                ⚠ {lora.reason ?? (lora.family ? 'does not fit the configured model' : 'not a LoRA of LTX-2 or FLUX.2')}
              </span>
            )}
            <span className="spacer" />
            {lora.managed ? (
              <button
                className="button button-small button-danger"
                onClick={() => onDelete(lora)}
                aria-label={`Delete ${lora.name}`}
                data-testid="lora-delete"
              >
                Delete
              </button>
            ) : (
              <span className="muted small" title="In a folder of yours (MILIMO_LORA_FOLDERS): remove it there">
                your folder
              </span>
            )}
          </div>
          {lora.trigger_words.length > 0 && (
            <div className="lora-triggers" data-testid="lora-triggers">
              <span className="muted">Trigger words:</span>{' '}
              {lora.trigger_words.map((w) => (
                <code key={w} className="lora-trigger">
                  {w}
                </code>
              ))}
            </div>
          )}
        </td>
      </tr>
    </tbody>
  );
}

/** The library as a table (pure: the connected `LorasSection` feeds it). */
export function LorasView({ loras, loading, error, actionError, uploading, onUpload, onDelete, onDismiss }: LorasViewProps) {
  const titleId = useId();
  return (
    <section className="loras" aria-labelledby={titleId} data-testid="loras">
      <h3 className="sub-title loras-title" id={titleId}>
        LoRAs
        <span className="spacer" />
        <span className="loras-count muted">{loading ? 'loading…' : `${loras.length} ${loras.length === 1 ? 'file' : 'files'}`}</span>
        <FilePickerButton
          label="Upload…"
          busy={uploading !== null}
          busyLabel="Uploading…"
          accept=".safetensors"
          title="Add a LoRA (.safetensors) of LTX-2 or FLUX.2 to the library"
          className="button button-small"
          testId="lora-upload"
          onFile={onUpload}
        />
      </h3>
      {uploading && <p className="muted small">Checking {uploading}…</p>}
      {actionError && (
        <div className="server-error" role="alert" data-testid="lora-error">
          <span className="server-error-tag">Server</span>
          <span className="server-error-text">{actionError}</span>
          <button className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!loading && loras.length === 0 ? (
        <p className="muted small" data-testid="loras-empty">
          No LoRAs yet: upload a .safetensors file, or put one in the studio's <code>loras</code> folder.
        </p>
      ) : (
        loras.length > 0 && (
          <table className="models-table loras-table">
            <thead>
              <tr>
                <th scope="col">LoRA</th>
                <th scope="col">Family</th>
                <th scope="col" className="num">Rank</th>
                <th scope="col" className="num">Size</th>
              </tr>
            </thead>
            {loras.map((l) => (
              <LoraRows key={l.id} lora={l} onDelete={onDelete} />
            ))}
          </table>
        )
      )}
    </section>
  );
}

export function LorasSection() {
  const loras = useApp((s) => s.loras);
  const status = useApp((s) => s.lorasStatus);
  const error = useApp((s) => s.lorasError);
  const actionError = useApp((s) => s.loraActionError);
  const uploading = useApp((s) => s.loraUploading);
  useEffect(() => {
    void appStore.getState().loadLoras();
  }, []);
  const store = appStore.getState();
  return (
    <LorasView
      loras={loras}
      loading={(status === 'idle' || status === 'loading') && loras.length === 0}
      error={error}
      actionError={actionError}
      uploading={uploading}
      onUpload={(file) => void store.uploadLora(file, file.name)}
      onDelete={(lora) => {
        if (window.confirm(`Delete the LoRA ${lora.name}? Its file is removed from the studio's folder.`)) void store.deleteLora(lora.id);
      }}
      onDismiss={() => store.dismissLoraError()}
    />
  );
}
