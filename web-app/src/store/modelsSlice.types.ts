import type { ModelRole } from '../api/types';
import type { LoadStatus } from './shared';

// The slice's state and actions (./types.ts joins the slices into AppState). Models.
export interface ModelsSlice {
  models: ModelRole[];
  modelsStatus: LoadStatus;
  modelsError: string | null;
  loadModels(): Promise<void>;
}
