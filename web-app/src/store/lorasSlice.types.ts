import type { Lora } from '../api/types';
import type { LoadStatus } from './shared';

// The slice's state and actions (./types.ts joins the slices into AppState). The LoRA library (GET /loras).
export interface LorasSlice {
  loras: Lora[];
  lorasStatus: LoadStatus;
  /** The last failure to read the library. */
  lorasError: string | null;
  /** The server's refusal of the last upload or delete (its `detail`, verbatim), until the next one. */
  loraActionError: string | null;
  /** A file being uploaded (its name), or null. */
  loraUploading: string | null;
  loadLoras(): Promise<void>;
  /** Upload a .safetensors file; on success the library is read again. Returns the new row, or null (refused). */
  uploadLora(file: Blob, filename: string): Promise<Lora | null>;
  /** Delete a LoRA of the studio's folder; the library is read again either way. */
  deleteLora(loraId: string): Promise<boolean>;
  dismissLoraError(): void;
}
