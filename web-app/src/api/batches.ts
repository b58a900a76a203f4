// Batches ("Generate scene" / "Generate all") and the studio's one job queue across projects: their own small
// client, injected into the batches slice (a fake in unit tests), beside the main `Api`.
import createClient from 'openapi-fetch';
import { unwrap } from './client';
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type Batch = Schemas['BatchRead'];
export type BatchShot = Schemas['BatchShot'];
export type BatchStatus = Batch['status'];
export type GenerateAllRequest = Schemas['GenerateAllRequest'];
/** frames: a storyboard frame per shot; videos: a video per shot; both: each shot's frame, then its video from it. */
export type BatchWhat = NonNullable<GenerateAllRequest['what']>;
export type BatchAccepted = Schemas['BatchAccepted'];
export type QueueJob = Schemas['QueueJob'];
export type JobPage = Schemas['JobPage'];
export type QueueFilter = { project_id?: string | null; status?: QueueJob['status'][] };

export interface BatchesApi {
  /** 202 with the batch and its jobs; 422 names what to fix (nothing to generate, a shot without a prompt …). */
  generateAll(projectId: string, body: GenerateAllRequest): Promise<BatchAccepted>;
  getBatch(batchId: string): Promise<Batch>;
  /** The project's batches, newest first. */
  listBatches(projectId: string, limit?: number): Promise<Batch[]>;
  pauseBatch(batchId: string): Promise<Batch>;
  resumeBatch(batchId: string): Promise<Batch>;
  cancelBatch(batchId: string): Promise<Batch>;
  /** Every project's jobs: running, then waiting in the order they run, then ended. */
  listQueue(filter?: QueueFilter, limit?: number): Promise<JobPage>;
}

export function createHttpBatchesApi(baseUrl = ''): BatchesApi {
  const client = createClient<paths>({ baseUrl });
  const at = (batchId: string) => ({ params: { path: { batch_id: batchId } } });
  return {
    generateAll: async (projectId, body) =>
      unwrap(
        await client.POST('/projects/{project_id}/generate-all', { params: { path: { project_id: projectId } }, body }),
      ),
    getBatch: async (batchId) => unwrap(await client.GET('/batches/{batch_id}', at(batchId))),
    listBatches: async (projectId, limit = 1) =>
      unwrap(
        await client.GET('/projects/{project_id}/batches', {
          params: { path: { project_id: projectId }, query: { limit } },
        }),
      ),
    pauseBatch: async (batchId) => unwrap(await client.POST('/batches/{batch_id}/pause', at(batchId))),
    resumeBatch: async (batchId) => unwrap(await client.POST('/batches/{batch_id}/resume', at(batchId))),
    cancelBatch: async (batchId) => unwrap(await client.POST('/batches/{batch_id}/cancel', at(batchId))),
    listQueue: async (filter = {}, limit = 200) =>
      unwrap(
        await client.GET('/jobs', {
          params: {
            query: {
              limit,
              ...(filter.project_id ? { project_id: filter.project_id } : {}),
              ...(filter.status?.length ? { status: filter.status } : {}),
            },
          },
        }),
      ),
  };
}
