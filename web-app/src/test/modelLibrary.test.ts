import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ModelLibraryView } from '../components/ModelLibrarySection';
import type { CatalogItem, ModelDownload, ModelLibrary } from '../api/modelLibrary';
import { actionFor, applyDownload, describeDownload, downloadPercent, formatSize, isActive } from '../domain/modelLibrary';

function download(over: Partial<ModelDownload> = {}): ModelDownload {
  return {
    id: 'd1',
    repo_id: 'Lightricks/LTX-2',
    target: 'upscaler',
    status: 'running',
    done_bytes: 250_000_000,
    total_bytes: 1_000_000_000,
    file: 'latent_upsampler/diffusion_pytorch_model.safetensors',
    error: null,
    destination: null,
    revision: 'abc',
    created_at: '2026-12-03T18:00:00+00:00',
    updated_at: '2026-12-03T18:00:01+00:00',
    ...over,
  };
}

function item(over: Partial<CatalogItem> = {}): CatalogItem {
  return {
    repo_id: 'Lightricks/LTX-2',
    title: 'LTX-2 latent upsampler',
    kind: 'model',
    target: 'upscaler',
    approx_bytes: 1e9,
    memory_bytes: 1e9,
    note: '',
    installed: false,
    download: null,
    ...over,
  };
}

function library(...catalog: CatalogItem[]): ModelLibrary {
  return {
    roles: [],
    catalog,
    hub: { endpoint: 'http://hub', reachable: true, error: null, manual_steps: [] },
    weights_dir: '/data/models',
    loras_dir: '/data/loras',
  };
}

describe('model library', () => {
  it('says how far a download is, in bytes and percent', () => {
    expect(downloadPercent(download())).toBe(25);
    expect(downloadPercent(download({ total_bytes: 0 }))).toBe(0);
    expect(describeDownload(download())).toBe(
      'Downloading 250.0 MB of 1.0 GB (25%) · latent_upsampler/diffusion_pytorch_model.safetensors',
    );
    expect(describeDownload(download({ status: 'failed', error: 'checksum mismatch in x' }))).toBe(
      'Failed: checksum mismatch in x',
    );
    expect(describeDownload(download({ status: 'completed', destination: '/data/models/ltx2_upsampler' }))).toBe(
      'Installed in /data/models/ltx2_upsampler',
    );
    expect(formatSize(null)).toBe('—');
    expect(formatSize(75e9)).toBe('75.0 GB');
    expect(isActive(download({ status: 'verifying' }))).toBe(true);
    expect(isActive(download({ status: 'cancelled' }))).toBe(false);
  });

  it('folds progress events into the matching catalogue row, never going back', () => {
    const start = library(item(), item({ repo_id: 'black-forest-labs/FLUX.2-klein-4B', target: 'image' }));
    const later = applyDownload(start, download());
    expect(later.catalog[0]!.download?.done_bytes).toBe(250_000_000);
    expect(later.catalog[1]!.download).toBeNull();
    const stale = download({ done_bytes: 1, updated_at: '2026-12-03T18:00:00+00:00' });
    expect(applyDownload(later, stale).catalog[0]!.download?.done_bytes).toBe(250_000_000);
    const other = download({ repo_id: 'nobody/else' });
    expect(applyDownload(later, other)).toBe(later);
  });

  it('offers Download, Cancel, Resume, or nothing while another download of the target runs', () => {
    const running = item({ download: download() });
    const sibling = item({ title: 'another upscaler', repo_id: 'someone/upsampler' });
    const lib = library(running, sibling);
    expect(actionFor(lib, running)).toBe('cancel');
    expect(actionFor(lib, sibling)).toBe('busy');
    const cancelled = item({ download: download({ status: 'cancelled' }) });
    expect(actionFor(library(cancelled), cancelled)).toBe('resume');
    const lora = item({ kind: 'lora', target: 'lora', repo_id: 'a/lora', download: download({ target: 'lora' }) });
    const otherLora = item({ kind: 'lora', target: 'lora', repo_id: 'b/lora' });
    expect(actionFor(library(lora, otherLora), otherLora)).toBe('download'); // each LoRA repository on its own
    const failedClean = item({ download: download({ status: 'failed', done_bytes: 0 }) });
    expect(actionFor(library(failedClean), failedClean)).toBe('download');
  });
});

function render(lib: ModelLibrary, actionError: string | null = null): string {
  const noop = () => undefined;
  return renderToStaticMarkup(
    createElement(ModelLibraryView, { library: lib, error: null, actionError, onRefresh: noop, onDownload: noop, onCancel: noop }),
  ).replace(/<[^>]+>/g, ' ');
}

describe('the model library section', () => {
  it('shows the progress of a running download with Cancel, and a failure with its message', () => {
    const running = render(library(item({ download: download() })));
    expect(running).toContain('Downloading 250.0 MB of 1.0 GB (25%)');
    expect(running).toContain('Cancel');
    const failed = render(
      library(item({ download: download({ status: 'failed', done_bytes: 0, error: 'checksum mismatch in a.safetensors' }) })),
    );
    expect(failed).toContain('Failed: checksum mismatch in a.safetensors');
    expect(failed).toContain('Download');
    expect(render(library(item()), 'x: needs 75.3 GB, 2.0 GB free')).toContain('needs 75.3 GB, 2.0 GB free');
  });

  it('says when the hub cannot be reached, and how to place weights by hand', () => {
    const offline = library(item());
    offline.hub = {
      endpoint: 'https://huggingface.co',
      reachable: false,
      error: 'cannot reach https://huggingface.co: ConnectError',
      manual_steps: ['Copy the folder to /data/models/<family>'],
    };
    const text = render(offline);
    expect(text).toContain('cannot be reached: cannot reach https://huggingface.co: ConnectError');
    expect(text).toContain('Copy the folder to /data/models/&lt;family&gt;');
    expect(render(library(item()))).not.toContain('cannot be reached');
  });
});
