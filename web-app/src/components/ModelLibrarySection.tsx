// The Models page's model library, from `GET /models/library`: each role's weights (installed, test model, missing;
// size on the disk and in memory), the catalogue of hub repositories with Download / Cancel, a progress bar fed by
// the `download.progress` events of `GET /events`, a failure's message, and — when the hub cannot be reached — how
// to place weights by hand.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CatalogItem, ModelDownload, ModelLibrary, ModelLibraryApi } from '../api/modelLibrary';
import { createHttpModelLibraryApi } from '../api/modelLibrary';
import { messageOf } from '../domain/errors';
import {
  ROLE_STATE_LABELS,
  actionFor,
  applyDownload,
  describeDownload,
  downloadPercent,
  formatSize,
  isActive,
  targetLabel,
} from '../domain/modelLibrary';
import { appStore } from '../store';

export type EventSourceFactory = (url: string) => EventSource;

export interface ModelLibrarySectionProps {
  api?: ModelLibraryApi;
  openEvents?: EventSourceFactory;
}

function DownloadProgress({ download }: { download: ModelDownload }) {
  const percent = download.status === 'completed' ? 100 : downloadPercent(download);
  return (
    <div className={`progress progress-${download.status === 'running' ? 'running' : download.status}`}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={`${download.repo_id} ${percent}%`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid="download-progress"
        data-status={download.status}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function CatalogRow({
  item,
  action,
  onDownload,
  onCancel,
}: {
  item: CatalogItem;
  action: ReturnType<typeof actionFor>;
  onDownload(item: CatalogItem): void;
  onCancel(item: CatalogItem): void;
}) {
  const download = item.download;
  const failed = download?.status === 'failed';
  return (
    <li
      className={`mlib-item${item.installed ? ' mlib-installed' : ''}`}
      data-testid="catalog-item"
      data-repo={item.repo_id}
      data-target={item.target}
      data-installed={item.installed ? 'true' : 'false'}
      data-status={download?.status ?? 'none'}
    >
      <div className="mlib-item-head">
        <span className="mlib-title" title={item.repo_id}>
          {item.title}
        </span>
        {item.installed && <span className="mlib-badge">installed</span>}
        {action === 'cancel' ? (
          <button className="button button-small" onClick={() => onCancel(item)} data-testid="download-cancel">
            Cancel
          </button>
        ) : (
          <button
            className="button button-small"
            disabled={action === 'busy'}
            title={action === 'busy' ? `another download for ${targetLabel(item.target)} is running` : undefined}
            onClick={() => onDownload(item)}
            data-testid="download-start"
          >
            {action === 'resume' ? 'Resume' : item.installed ? 'Re-download' : 'Download'}
          </button>
        )}
      </div>
      <div className="mlib-item-meta muted small">
        <span className="model-path">{item.repo_id}</span> · {targetLabel(item.target)} · about{' '}
        {formatSize(item.approx_bytes)} on disk
        {item.memory_bytes != null ? `, ${formatSize(item.memory_bytes)} in memory` : ''}
        {item.note ? ` · ${item.note}` : ''}
      </div>
      {download && (isActive(download) || download.status !== 'completed' || !item.installed) && (
        <div className="mlib-download">
          {isActive(download) && <DownloadProgress download={download} />}
          <div
            className={failed ? 'field-error' : 'muted small'}
            role={failed ? 'alert' : undefined}
            data-testid="download-status"
          >
            {describeDownload(download)}
          </div>
        </div>
      )}
    </li>
  );
}

export function ModelLibrarySection({ api, openEvents }: ModelLibrarySectionProps = {}) {
  const client = useMemo(() => api ?? createHttpModelLibraryApi(), [api]);
  const [library, setLibrary] = useState<ModelLibrary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setLibrary(await client.getLibrary());
      setError(null);
    } catch (problem) {
      setError(messageOf(problem));
    }
  }, [client]);

  useEffect(() => {
    let live = true;
    client.getLibrary().then(
      (found) => {
        if (!live) return;
        setLibrary(found);
        setError(null);
      },
      (problem: unknown) => {
        if (live) setError(messageOf(problem));
      },
    );
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => {
    const open = openEvents ?? ((url: string) => new EventSource(url));
    const source = open('/events');
    const onProgress = (event: Event) => {
      let download: ModelDownload;
      try {
        download = JSON.parse((event as MessageEvent<string>).data) as ModelDownload;
      } catch {
        return;
      }
      setLibrary((current) => (current ? applyDownload(current, download) : current));
      if (!isActive(download)) {
        // Installed (or ended): the roles' state and the LoRA list changed on the server.
        void reload();
        if (download.status === 'completed') {
          void appStore.getState().loadModels();
          if (download.target === 'lora') void appStore.getState().loadLoras();
        }
      }
    };
    source.addEventListener('download.progress', onProgress);
    return () => {
      source.removeEventListener('download.progress', onProgress);
      source.close();
    };
  }, [openEvents, reload]);

  const start = async (item: CatalogItem) => {
    setActionError(null);
    try {
      const body = item.kind === 'lora' ? { repo_id: item.repo_id, lora: true } : { repo_id: item.repo_id, role: item.target };
      const { download_id } = await client.startDownload(body);
      const download = await client.getDownload(download_id);
      setLibrary((current) => (current ? applyDownload(current, download) : current));
    } catch (problem) {
      setActionError(`${item.repo_id}: ${messageOf(problem)}`);
    }
  };

  const cancel = async (item: CatalogItem) => {
    if (!item.download) return;
    setActionError(null);
    try {
      const download = await client.cancelDownload(item.download.id);
      setLibrary((current) => (current ? applyDownload(current, download) : current));
    } catch (problem) {
      setActionError(messageOf(problem));
    }
  };

  return (
    <ModelLibraryView
      library={library}
      error={error}
      actionError={actionError}
      onRefresh={() => void reload()}
      onDownload={(item) => void start(item)}
      onCancel={(item) => void cancel(item)}
    />
  );
}

export interface ModelLibraryViewProps {
  library: ModelLibrary | null;
  /** The library could not be read. */
  error: string | null;
  /** The server's refusal of the last Download or Cancel. */
  actionError: string | null;
  onRefresh(): void;
  onDownload(item: CatalogItem): void;
  onCancel(item: CatalogItem): void;
}

/** The section as props render it (no fetching, no events): what the container and the unit tests draw. */
export function ModelLibraryView({ library, error, actionError, onRefresh, onDownload, onCancel }: ModelLibraryViewProps) {
  return (
    <section className="mlib" data-testid="model-library" aria-label="Model library">
      <h3 className="sub-title loras-title">
        Model library
        <span className="spacer" />
        <button className="button button-small" onClick={onRefresh}>
          Refresh
        </button>
      </h3>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {library && (
        <>
          <table className="models-table mlib-roles" data-testid="library-roles">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Weights</th>
                <th scope="col" className="num">Disk</th>
                <th scope="col" className="num">Memory</th>
              </tr>
            </thead>
            <tbody>
              {library.roles.map((role) => (
                <tr key={role.role} data-testid="library-role" data-role={role.role} data-state={role.state}>
                  <th scope="row">
                    <span className="model-role">{role.role}</span>
                  </th>
                  <td>
                    <span className={`state state-${role.state}`}>{ROLE_STATE_LABELS[role.state]}</span>
                  </td>
                  <td className="num">{formatSize(role.disk_bytes)}</td>
                  <td className="num" title={role.loaded ? 'measured: loaded now' : 'estimate'}>
                    {formatSize(role.memory_bytes)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!library.hub.reachable && (
            <div className="mlib-offline" role="note" data-testid="hub-unreachable">
              <p className="field-error">
                The model hub ({library.hub.endpoint}) cannot be reached{library.hub.error ? `: ${library.hub.error}` : ''}.
                Place weights by hand:
              </p>
              <ol className="small">
                {library.hub.manual_steps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            </div>
          )}
          {actionError && (
            <p className="field-error" role="alert" data-testid="download-refused">
              {actionError}
            </p>
          )}
          <ul className="mlib-catalog" data-testid="catalog">
            {library.catalog.map((item) => (
              <CatalogRow
                key={`${item.repo_id}:${item.target}`}
                item={item}
                action={actionFor(library, item)}
                onDownload={onDownload}
                onCancel={onCancel}
              />
            ))}
          </ul>
          <p className="muted small">
            Models go to <span className="model-path">{library.weights_dir}</span>/&lt;family&gt;, LoRAs to{' '}
            <span className="model-path">{library.loras_dir}</span>; each download is checked (checksums, milimo
            verify) before the studio uses it.
          </p>
        </>
      )}
    </section>
  );
}
