import { memo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../store';
import { ASSET_DRAG_TYPE, AssetThumb } from './AssetThumb';
import { DRAG_KIND_PREFIX } from './timeline/Lane';

const ACCEPT = 'image/*,video/*,audio/*';

function formatSize(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** One asset: preview, name, size, origin. Draggable onto the timeline's tracks (images/videos onto video tracks,
 * audio — or a video, for its sound — onto audio tracks) and onto the conditioning timeline. */
const AssetTile = memo(function AssetTile({ assetId }: { assetId: string }) {
  const asset = useApp((s) => s.assets.find((a) => a.id === assetId));
  if (!asset) return null;
  const dims = asset.width && asset.height ? `${asset.width}×${asset.height}` : asset.kind;
  return (
    <li
      className="asset-tile"
      data-testid="asset-tile"
      data-asset-id={asset.id}
      data-kind={asset.kind}
      data-origin={asset.origin}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(ASSET_DRAG_TYPE, asset.id);
        // The kind as a type of its own: a lane can refuse a drag over it before the drop (data is unreadable then).
        e.dataTransfer.setData(DRAG_KIND_PREFIX + asset.kind, '');
        e.dataTransfer.effectAllowed = 'copy';
      }}
      title={`${asset.original_name}\n${dims} · ${formatSize(asset.size_bytes)} · ${asset.mime_type}`}
    >
      <a className="asset-open" href={asset.url} target="_blank" rel="noreferrer" aria-label={`Open ${asset.original_name}`}>
        <AssetThumb asset={asset} />
      </a>
      {asset.origin === 'generated' && <span className="asset-badge">generated</span>}
      <span className="asset-name">{asset.original_name}</span>
      <span className="asset-meta muted">
        {dims}
        {asset.duration_s ? ` · ${asset.duration_s.toFixed(1)} s` : ''}
      </span>
    </li>
  );
});

function Uploads() {
  const uploads = useApp((s) => s.uploads);
  if (uploads.length === 0) return null;
  return (
    <ul className="uploads">
      {uploads.map((u) => (
        <li key={u.id} className={`upload upload-${u.status}`} data-testid="upload" role={u.status === 'error' ? 'alert' : 'status'}>
          <span className="upload-name">{u.name}</span>
          {u.status === 'uploading' ? (
            <span className="muted small">uploading…</span>
          ) : (
            <>
              <span className="field-error">{u.error}</span>
              <button className="icon-button" aria-label={`Dismiss ${u.name}`} onClick={() => appStore.getState().dismissUpload(u.id)}>
                ×
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The project's assets (uploads and generated stills); upload with the button or by dropping files on the panel. */
export function MediaBin() {
  const ids = useApp(useShallow((s) => s.assets.map((a) => a.id).reverse()));
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const upload = (files: FileList | null) => {
    if (files && files.length > 0) void appStore.getState().uploadFiles(Array.from(files));
  };
  return (
    <div
      className={`media-bin${over ? ' media-bin-drop' : ''}`}
      data-testid="media-bin"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setOver(false);
        upload(e.dataTransfer.files);
      }}
    >
      <div className="media-bin-bar">
        <span className="muted small">
          {ids.length} item{ids.length === 1 ? '' : 's'}
        </span>
        <span className="spacer" />
        <button className="button button-small" onClick={() => input.current?.click()} data-testid="upload-button">
          ⤒ Upload
        </button>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          aria-label="Upload media"
          data-testid="upload-input"
          onChange={(e) => {
            upload(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      <Uploads />
      {ids.length === 0 ? (
        <div className="media-empty muted">
          Drop images, clips or audio here, or use Upload. Generated stills land here too.
        </div>
      ) : (
        <ul className="asset-grid">
          {ids.map((id) => (
            <AssetTile key={id} assetId={id} />
          ))}
        </ul>
      )}
      {over && <div className="drop-hint">Drop to upload</div>}
    </div>
  );
}
