// The model library's rules in words (the Models page): a download's progress and state as the user reads them, the
// live `download.progress` events folded into the library, and what each role's weights are. Pure: no React, no store.
import type { CatalogItem, ModelDownload, ModelLibrary, RoleWeights } from '../api/modelLibrary';

export const ACTIVE_STATUSES: readonly ModelDownload['status'][] = ['running', 'verifying'];

export function isActive(download: ModelDownload | null | undefined): boolean {
  return !!download && ACTIVE_STATUSES.includes(download.status);
}

/** 0..100, whole percent; 0 while the size is unknown. */
export function downloadPercent(download: Pick<ModelDownload, 'done_bytes' | 'total_bytes'>): number {
  if (!download.total_bytes) return 0;
  return Math.max(0, Math.min(100, Math.floor((download.done_bytes / download.total_bytes) * 100)));
}

export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1e6) return `${Math.max(0, Math.round(bytes / 1e3))} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** One line for a download: "Downloading 1.2 GB of 68.0 GB (2%) · transformer/…", "Verifying…", "Installed" … */
export function describeDownload(download: ModelDownload): string {
  const bytes = `${formatSize(download.done_bytes)} of ${formatSize(download.total_bytes)}`;
  switch (download.status) {
    case 'running':
      return `Downloading ${bytes} (${downloadPercent(download)}%)${download.file ? ` · ${download.file}` : ''}`;
    case 'verifying':
      return 'Checking the files (checksums, milimo verify)…';
    case 'completed':
      return `Installed in ${download.destination ?? 'the library'}`;
    case 'cancelled':
      return download.error ?? 'Cancelled';
    case 'interrupted':
      return download.error ?? 'Interrupted: download it again to resume';
    case 'failed':
      return `Failed: ${download.error ?? 'unknown error'}`;
  }
}

/** The library with one download's newer state in its catalogue row (same repository and target). */
export function applyDownload(library: ModelLibrary, download: ModelDownload): ModelLibrary {
  const current = (item: CatalogItem) => item.repo_id === download.repo_id && item.target === download.target;
  if (!library.catalog.some(current)) return library;
  return {
    ...library,
    catalog: library.catalog.map((item) => {
      if (!current(item)) return item;
      const shown = item.download;
      // An older event of the same download (events and a re-read can cross), or a download older than the one shown.
      const keep =
        !!shown &&
        (shown.id === download.id ? shown.updated_at > download.updated_at : shown.created_at > download.created_at);
      return keep ? item : { ...item, download };
    }),
  };
}

/** What the page may offer for a catalogue row: Download (or resume), Cancel, or nothing while another download for
 * the same role runs (the server takes one download per role at a time; LoRA repositories each have their own). */
export function actionFor(library: ModelLibrary, item: CatalogItem): 'download' | 'resume' | 'cancel' | 'busy' {
  if (isActive(item.download)) return 'cancel';
  const sameRole = (other: CatalogItem) => other !== item && item.kind === 'model' && other.target === item.target;
  if (library.catalog.some((other) => sameRole(other) && isActive(other.download))) return 'busy';
  const resumable = item.download && ['cancelled', 'interrupted', 'failed'].includes(item.download.status);
  return resumable && item.download!.done_bytes > 0 ? 'resume' : 'download';
}

export const ROLE_STATE_LABELS: Record<RoleWeights['state'], string> = {
  installed: 'installed',
  test_model: 'test model',
  missing: 'missing',
  hub: 'hub id',
  disabled: 'off',
  external: 'own service',
};

export function targetLabel(target: string): string {
  return target === 'lora' ? 'LoRA library' : target;
}
