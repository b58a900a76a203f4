import { memo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ElementType } from '../api/types';
import { ELEMENT_TYPES } from '../api/types';
import { appStore, useApp } from '../store';
import { visualPrompt } from '../store/elementsSlice';
import { ASSET_DRAG_TYPE, AssetThumb } from './AssetThumb';
import { ProgressBar } from './ProgressBar';
import { useSyncedState } from '../hooks/useSyncedState';

function NewElement() {
  const [name, setName] = useState('');
  const [type, setType] = useState<ElementType>('character');
  const [busy, setBusy] = useState(false);
  const create = async () => {
    if (!name.trim()) return;
    setBusy(true);
    const made = await appStore.getState().createElement({ name: name.trim(), element_type: type, description: '', reference_asset_ids: [] });
    setBusy(false);
    if (made) setName('');
  };
  return (
    <form
      className="element-new"
      aria-label="New element"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <input aria-label="Element name" placeholder="Name (e.g. Mara)" value={name} onChange={(e) => setName(e.target.value)} />
      <select aria-label="Element type" value={type} onChange={(e) => setType(e.target.value as ElementType)}>
        {ELEMENT_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <button className="button button-small" type="submit" disabled={busy || !name.trim()}>
        + Add
      </button>
    </form>
  );
}

/** The "Generate visual" job of an element, while it runs (or the last one's outcome). */
function useVisualJob(elementId: string) {
  return useApp((s) => {
    let found = null;
    for (const [jobId, id] of Object.entries(s.visualJobs)) if (id === elementId) found = s.jobs[jobId] ?? null;
    return found;
  });
}

const ElementCard = memo(function ElementCard({ elementId }: { elementId: string }) {
  const element = useApp((s) => s.elements.find((e) => e.id === elementId));
  const images = useApp(useShallow((s) => s.assets.filter((a) => a.kind === 'image')));
  const job = useVisualJob(elementId);
  const [description, setDescription] = useSyncedState(element?.description ?? '');
  const [picking, setPicking] = useState(false);
  const [starting, setStarting] = useState(false);
  const [over, setOver] = useState(false);
  if (!element) return null;
  const store = appStore.getState();
  const refs = element.reference_asset_ids;
  const attach = (assetId: string) => {
    if (!refs.includes(assetId)) void store.updateElement(element.id, { reference_asset_ids: [...refs, assetId] });
  };
  const generating = !!job && (job.status === 'pending' || job.status === 'running');
  return (
    <li
      className={`element-card${over ? ' element-card-drop' : ''}`}
      data-testid="element-card"
      data-trigger={element.trigger}
      aria-label={element.name}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(ASSET_DRAG_TYPE)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        const assetId = e.dataTransfer.getData(ASSET_DRAG_TYPE);
        setOver(false);
        if (assetId) {
          e.preventDefault();
          attach(assetId);
        }
      }}
    >
      <div className="element-head">
        <strong>{element.name}</strong>
        <code className="element-trigger">{element.trigger}</code>
        <span className="badge badge-mode">{element.element_type}</span>
        <span className="spacer" />
        <button
          className="icon-button"
          aria-label={`Delete ${element.name}`}
          onClick={() => {
            if (window.confirm(`Delete ${element.name}?`)) void store.deleteElement(element.id);
          }}
        >
          ×
        </button>
      </div>
      <textarea
        aria-label={`${element.name} description`}
        rows={2}
        placeholder={`What ${element.trigger} stands for in prompts`}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        onBlur={() => {
          if (description !== element.description) void store.updateElement(element.id, { description });
        }}
      />
      <ul className="element-refs" aria-label={`${element.name} reference images`}>
        {refs.map((id) => {
          const asset = images.find((a) => a.id === id);
          return (
            <li key={id} className="element-ref" data-testid="element-ref" data-asset-id={id}>
              {asset ? <AssetThumb asset={asset} size="sm" /> : <span className="muted small">…</span>}
              <button
                className="icon-button"
                aria-label="Remove reference"
                onClick={() => void store.updateElement(element.id, { reference_asset_ids: refs.filter((r) => r !== id) })}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {picking && (
        <div className="asset-picker" role="group" aria-label={`Attach to ${element.name}`}>
          {images.length === 0 ? (
            <span className="muted small">No images in the media bin yet.</span>
          ) : (
            images.map((asset) => (
              <button
                key={asset.id}
                className="asset-pick"
                aria-pressed={refs.includes(asset.id)}
                aria-label={asset.original_name}
                onClick={() => {
                  attach(asset.id);
                  setPicking(false);
                }}
              >
                <AssetThumb asset={asset} size="sm" />
              </button>
            ))
          )}
        </div>
      )}
      {job && generating && <ProgressBar job={job} compact />}
      <div className="button-row">
        <button className="button button-small" onClick={() => setPicking((p) => !p)}>
          {picking ? 'Close' : 'Attach image…'}
        </button>
        <span className="spacer" />
        <button
          className="button button-small"
          disabled={generating || starting}
          title={visualPrompt(element)}
          data-testid="generate-visual"
          onClick={async () => {
            setStarting(true);
            await store.generateElementVisual(element.id);
            setStarting(false);
          }}
        >
          {generating ? 'Generating…' : 'Generate visual'}
        </button>
      </div>
    </li>
  );
});

/** The project's elements: characters, places, objects and styles that prompts mention as `@Trigger`. */
export function ElementsPanel() {
  const ids = useApp(useShallow((s) => s.elements.map((e) => e.id)));
  const error = useApp((s) => s.elementError);
  return (
    <div className="elements-panel" data-testid="elements-panel">
      <NewElement />
      {error && (
        <div className="server-error" role="alert" data-testid="element-error">
          <span className="server-error-tag">Server</span>
          <span className="server-error-text">{error}</span>
          <button className="icon-button" aria-label="Dismiss" onClick={() => appStore.getState().clearElementError()}>
            ×
          </button>
        </div>
      )}
      {ids.length === 0 ? (
        <p className="muted small">No elements yet. Add one, or import a script in the Storyboard.</p>
      ) : (
        <ul className="element-list">
          {ids.map((id) => (
            <ElementCard key={id} elementId={id} />
          ))}
        </ul>
      )}
    </div>
  );
}
