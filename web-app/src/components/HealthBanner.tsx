import { useApp } from '../store';

/** Always visible while the backend runs tiny test models: their output is noise, and the message says what to do. */
export function HealthBanner() {
  const testModels = useApp((s) => s.health?.test_models ?? false);
  const message = useApp((s) => s.health?.message ?? '');
  const unreachable = useApp((s) => s.healthError);

  if (unreachable) {
    return (
      <div className="banner banner-error" role="alert" data-testid="health-error">
        <strong>Backend unreachable.</strong> {unreachable}
      </div>
    );
  }
  if (!testModels) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="test-models-banner">
      <strong className="banner-tag">TEST MODELS</strong>
      <span className="banner-message">{message}</span>
    </div>
  );
}
