import type { CommitResponse, ElementType, ScriptFormat } from '../api/types';
import type { Proposal, SceneField } from '../domain/storyboard';

// The slice's state and actions (./types.ts joins the slices into AppState). Storyboard: a script parsed into a
// proposal, adjusted, then committed.
export interface StoryboardSlice {
  scriptText: string;
  scriptName: string | null;
  /** null: let the server detect it. */
  scriptFormat: ScriptFormat | null;
  proposal: Proposal | null;
  parsing: boolean;
  /** The server's refusal of the parse (its `detail`, verbatim, e.g. `line 12: …`). */
  parseError: string | null;
  committing: boolean;
  commitError: string | null;
  commitResult: CommitResponse | null;
  setScript(text: string, name?: string | null, format?: ScriptFormat | null): void;
  parseScript(): Promise<boolean>;
  /** The director at work: the whole script (`'all'`) or one scene's index; null when idle. */
  directing: 'all' | number | null;
  /** The server's refusal of the director's breakdown (e.g. its answers did not keep every line of dialogue). */
  directorError: string | null;
  /**
   * Ask the director (Gemma 3) for a breakdown: of the whole script (the proposal is replaced; a treatment with no
   * screenplay format becomes scenes and shots), or of one scene of the proposal (only that scene is replaced, the
   * user's edits elsewhere stay). Nothing is saved.
   */
  askDirector(sceneIndex: number | null): Promise<boolean>;
  editProposalShot(sceneIndex: number, shotIndex: number, text: string): void;
  /** The prompt the committed shot is generated from (built from the script; the user's edit wins). */
  editProposalShotPrompt(sceneIndex: number, shotIndex: number, prompt: string): void;
  deleteProposalShot(sceneIndex: number, shotIndex: number): void;
  renameProposalElement(index: number, name: string): void;
  deleteProposalElement(index: number): void;
  editProposalScene(sceneIndex: number, patch: Partial<Record<SceneField, string>>): void;
  setProposalShotDuration(sceneIndex: number, shotIndex: number, seconds: number): void;
  setProposalShotCharacters(sceneIndex: number, shotIndex: number, text: string): void;
  /** After `afterShotIndex`, or at the end when null. */
  addProposalShot(sceneIndex: number, afterShotIndex: number | null): void;
  setProposalElementType(index: number, type: ElementType): void;
  addProposalElement(name: string, type: ElementType): void;
  commitProposal(): Promise<CommitResponse | null>;
  discardProposal(): void;
}
