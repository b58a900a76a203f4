import { useEffect } from 'react';
import type { ModelRole } from '../api/types';
import { appStore, useApp } from '../store';
import { LorasSection } from './LorasSection';
import { ModelLibrarySection } from './ModelLibrarySection';
import { WorkersSection } from './WorkersSection';

const REFRESH_MS = 10_000;

export function formatGB(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const gb = bytes / 1e9;
  if (gb > 0 && gb < 0.01) return '<0.01 GB';
  return `${gb.toFixed(2)} GB`;
}

/** Where a role's weights are: the device, their dtype (fp8 once FP8 weights are on) and placement (resident on the
 * card, streamed block by block from host memory, parked in host memory between jobs): docs/memory.md. */
function where(m: ModelRole): string {
  if (!m.loaded) return 'not loaded';
  return ['loaded', m.device, m.weight_dtype, m.placement].filter(Boolean).join(' · ');
}

function RoleRows({ model }: { model: ModelRole }) {
  return (
    <tbody
      className={`model${model.error ? ' model-error' : ''}${model.test_model ? ' model-test' : ''}`}
      data-testid="model-row"
      data-role={model.role}
      data-test-model={model.test_model ? 'true' : 'false'}
      data-placement={model.placement ?? 'none'}
    >
      <tr>
        <th scope="row">
          <span className="model-role">{model.role}</span>
        </th>
        <td>{where(model)}</td>
        <td className="num" title={model.memory_bytes != null ? `${model.memory_bytes.toLocaleString()} bytes` : undefined}>
          {formatGB(model.memory_bytes)}
        </td>
        <td>
          <span className={`state state-${model.state}`}>{model.state}</span>
        </td>
      </tr>
      <tr className="model-detail">
        <td colSpan={4}>
          {model.test_model && (
            <span className="flag-test" title="Tiny random weights: output is noise" data-testid="test-flag">
              TEST
            </span>
          )}
          <span className="model-family">{model.family}</span>
          <span className="model-path" title={model.source ?? 'turned off'}>
            {model.source ?? 'off'}
          </span>
          {model.error && <div className="field-error">{model.error}</div>}
        </td>
      </tr>
    </tbody>
  );
}

/**
 * The model roles from `GET /models`: where each comes from, whether and where it is loaded, its memory, state; then
 * the LoRA library (`GET /loras`); the workers that run jobs (`GET /health`).
 */
export function ModelsPanel() {
  const models = useApp((s) => s.models);
  const status = useApp((s) => s.modelsStatus);
  const error = useApp((s) => s.modelsError);
  useEffect(() => {
    void appStore.getState().loadModels();
    const timer = setInterval(() => void appStore.getState().loadModels(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const anyTest = models.some((m) => m.test_model);
  const cardFree = models.find((m) => m.card_free_bytes != null)?.card_free_bytes;
  return (
    <div className="models" data-testid="models-panel">
      <div className="media-bin-bar">
        <span className="muted small">{status === 'loading' && models.length === 0 ? 'loading…' : `${models.length} roles`}</span>
        {cardFree != null && (
          <span className="muted small" data-testid="card-free" title="The GPU's free memory as the driver measures it">
            {' '}
            · GPU: {formatGB(cardFree)} free
          </span>
        )}
        <span className="spacer" />
        <button
          className="button button-small"
          onClick={() => {
            void appStore.getState().loadModels();
            void appStore.getState().loadHealth();
            void appStore.getState().loadLoras();
          }}
        >
          Refresh
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {anyTest && <p className="models-note small">TEST rows run tiny random-weight models: their output is noise.</p>}
      <table className="models-table">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Where</th>
            <th scope="col" className="num">Memory</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        {models.map((m) => (
          <RoleRows key={m.role} model={m} />
        ))}
      </table>
      <ModelLibrarySection />
      <LorasSection />
      <WorkersSection />
    </div>
  );
}
