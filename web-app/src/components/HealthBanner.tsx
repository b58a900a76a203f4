import { useApp } from '../store';

/**
 * Always visible while the backend runs tiny test models: their output is noise, and the message says what to do.
 * A disk too full for the next job is said above everything else (the server's own words: what to free, where).
 */
export function HealthBanner() {
  const testModels = useApp((s) => s.health?.test_models ?? false);
  const message = useApp((s) => s.health?.message ?? '');
  const unreachable = useApp((s) => s.healthError);
  const diskWarning = useApp((s) => s.health?.disk?.warning ?? null);

  if (unreachable) {
    return (
      <div className="banner banner-error" role="alert" data-testid="health-error">
        <strong>Backend unreachable.</strong> {unreachable}
      </div>
    );
  }
  const disk = diskWarning ? (
    <div className="banner banner-error" role="alert" data-testid="disk-banner">
      <strong className="banner-tag">DISK</strong>
      <span className="banner-message">{diskWarning}</span>
    </div>
  ) : null;
  if (!testModels) return disk;
  return (
    <>
      {disk}
      <div className="banner banner-warn" role="alert" data-testid="test-models-banner">
        <strong className="banner-tag">TEST MODELS</strong>
        <span className="banner-message">{message}</span>
      </div>
    </>
  );
}
