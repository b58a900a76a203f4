import type { EnrichResponse } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Director.
export interface DirectorView {
  status: 'loading' | 'ready' | 'error';
  instruction: string;
  result: EnrichResponse | null;
  error: string | null;
}

export interface DirectorSlice {
  /** The director's suggestion per shot id; never part of the undo history (only accepting it is). */
  director: Record<string, DirectorView>;
  enrichPrompt(shotId: string, instruction: string): Promise<void>;
  /** Replace the shot's prompt with the suggestion (or the user's edit of it): one undo step. */
  acceptDirector(shotId: string, prompt?: string): void;
  discardDirector(shotId: string): void;
}
