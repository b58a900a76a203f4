// The model library (the Models page): roles' weights, the catalogue of hub repositories and their downloads. Its own
// small client, beside the main `Api` (as the batches'), handed to the section so unit tests can give it a fake.
import createClient from 'openapi-fetch';
import { unwrap } from './client';
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type ModelLibrary = Schemas['ModelLibrary'];
export type CatalogItem = Schemas['CatalogItem'];
export type RoleWeights = Schemas['RoleWeights'];
export type HubStatus = Schemas['HubStatus'];
export type ModelDownload = Schemas['DownloadRead'];
export type DownloadStatus = ModelDownload['status'];
export type DownloadRequest = Schemas['DownloadRequest'];

export interface ModelLibraryApi {
  getLibrary(): Promise<ModelLibrary>;
  /** 202 with its id; 409 one runs for the same target, 422 not in the catalogue, 503 hub unreachable, 507 no room. */
  startDownload(body: DownloadRequest): Promise<{ download_id: string }>;
  getDownload(downloadId: string): Promise<ModelDownload>;
  cancelDownload(downloadId: string): Promise<ModelDownload>;
}

export function createHttpModelLibraryApi(baseUrl = ''): ModelLibraryApi {
  const client = createClient<paths>({ baseUrl });
  const at = (downloadId: string) => ({ params: { path: { download_id: downloadId } } });
  return {
    getLibrary: async () => unwrap(await client.GET('/models/library')),
    startDownload: async (body) => unwrap(await client.POST('/models/downloads', { body })),
    getDownload: async (downloadId) => unwrap(await client.GET('/models/downloads/{download_id}', at(downloadId))),
    cancelDownload: async (downloadId) =>
      unwrap(await client.POST('/models/downloads/{download_id}/cancel', at(downloadId))),
  };
}
