import type { ConditioningItem, GenerationSettings, Shot, ShotFields } from '../api/types';
import type { Timeline } from '../domain/timeline/model';

// The slice's state and actions (./types.ts joins the slices into AppState). Editing: the only state undo/redo covers.
/** What zundo records. Keep it to the user's edits: never jobs, progress, toasts or server rows. */
export interface EditingState {
  /** The inspector's values for each shot; a field differs from `shots[id]` while it is unsaved. */
  drafts: Record<string, ShotFields>;
  /** Shot ids in timeline order. */
  shotOrder: string[];
  /** The NLE timeline as the user edits it (the server follows through the outbox, `timelineSync`). */
  timeline: Timeline;
}

export interface EditSlice extends Omit<EditingState, 'timeline'> {
  savingShotIds: Record<string, true>;
  /** The server's last refusal (422 detail, verbatim) of a save or a generation of each shot. */
  shotErrors: Record<string, string>;
  editShot(shotId: string, patch: Partial<ShotFields>): void;
  /** Generation mode and its inputs (one undo step). */
  setGeneration(shotId: string, patch: Partial<GenerationSettings>): void;
  /** Conditioning timeline edits (each one undo step). `frame` defaults to the first free of start, end, middle. */
  addConditioning(shotId: string, assetId: string, frame?: number): void;
  updateConditioning(shotId: string, index: number, patch: Partial<Omit<ConditioningItem, 'asset_id'>>): void;
  removeConditioning(shotId: string, index: number): void;
  /** The shot's LoRAs (each one undo step): add one at strength 1, change a strength (clamped to −2..2), remove. */
  addLora(shotId: string, loraId: string): void;
  setLoraStrength(shotId: string, loraId: string, strength: number): void;
  removeLora(shotId: string, loraId: string): void;
  /** Append a LoRA's trigger words that the prompt lacks (one undo step). */
  addTriggerWords(shotId: string, words: readonly string[]): void;
  clearShotError(shotId: string): void;
  revertShot(shotId: string): void;
  saveShot(shotId: string): Promise<Shot | null>;
  moveShot(shotId: string, delta: number): Promise<void>;
  undo(): void;
  redo(): void;
}
