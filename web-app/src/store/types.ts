import type { StateCreator, StoreApi } from 'zustand';
import type { TemporalState } from 'zundo';
import type { Api } from '../api/client';
import type { Proposal, SceneField } from './storyboard';
import type {
  Asset,
  CommitResponse,
  ConditioningItem,
  Element,
  ElementCreate,
  ElementType,
  ElementUpdate,
  EnrichResponse,
  ExtendOptions,
  ExtendResult,
  GenerationSettings,
  Health,
  Job,
  JobStatus,
  ModelRole,
  ProjectCreate,
  ProjectState,
  ProjectSummary,
  ScriptFormat,
  SegmentationStatus,
  SegmentRequest,
  SegmentResponse,
  Shot,
  ShotMask,
  TrackRequest,
  ShotFields,
  StudioEvent,
  StudioEventType,
} from '../api/types';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

// --- projects: the list on the home screen ----------------------------------------------------------------------
export interface ProjectsSlice {
  projects: ProjectSummary[];
  projectsStatus: LoadStatus;
  projectsError: string | null;
  loadProjects(): Promise<void>;
  createProject(body: ProjectCreate): Promise<ProjectSummary | null>;
}

// --- project: the open project as the server last told us ---------------------------------------------------------
export type ProjectMeta = Omit<ProjectState, 'shots' | 'scenes' | 'elements' | 'assets' | 'masks'>;

export interface ProjectSlice {
  projectId: string | null;
  project: ProjectMeta | null;
  /** Server rows by id: the last version the server sent. Never edited locally. */
  shots: Record<string, Shot>;
  scenes: ProjectState['scenes'];
  elements: ProjectState['elements'];
  assets: ProjectState['assets'];
  /** Objects tracked through shots' clips (SAM 3), oldest first. */
  masks: ShotMask[];
  projectStatus: LoadStatus;
  projectError: string | null;
  /**
   * For a shot whose unsaved edits the server has since changed under (another tab edited the same field): the
   * version those edits were based on. Saving sends it, so the server answers 409 instead of taking a blind write.
   */
  editBaseVersions: Record<string, number>;
  openProject(projectId: string): Promise<void>;
  closeProject(): void;
  refreshProject(): Promise<void>;
  /**
   * A server row arrived (PATCH answer, `shot.updated`, reload): keep it if it is not older than what we have.
   * `saved` (the answer to our own PATCH) and `force` (Reload after a conflict, even over a newer row) also make the
   * row the new base for edits.
   */
  receiveShot(shot: Shot, options?: { force?: boolean; saved?: boolean }): void;
  addShot(prompt?: string): Promise<Shot | null>;
  deleteShot(shotId: string): Promise<void>;
}

// --- editing: the only state undo/redo covers ---------------------------------------------------------------------
/** What zundo records. Keep it to the user's edits: never jobs, progress, toasts or server rows. */
export interface EditingState {
  /** The inspector's values for each shot; a field differs from `shots[id]` while it is unsaved. */
  drafts: Record<string, ShotFields>;
  /** Shot ids in timeline order. */
  shotOrder: string[];
}

export interface EditSlice extends EditingState {
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
  clearShotError(shotId: string): void;
  revertShot(shotId: string): void;
  saveShot(shotId: string): Promise<Shot | null>;
  moveShot(shotId: string, delta: number): Promise<void>;
  undo(): void;
  redo(): void;
}

// --- media bin -------------------------------------------------------------------------------------------------------
export interface UploadView {
  id: number;
  name: string;
  status: 'uploading' | 'error';
  error: string | null;
}

export interface MediaSlice {
  uploads: UploadView[];
  uploadFiles(files: readonly File[]): Promise<Asset[]>;
  dismissUpload(id: number): void;
  /** Re-read the open project's assets (after an image job completes, or on demand). */
  refreshAssets(): Promise<void>;
}

// --- models ---------------------------------------------------------------------------------------------------------
export interface ModelsSlice {
  models: ModelRole[];
  modelsStatus: LoadStatus;
  modelsError: string | null;
  loadModels(): Promise<void>;
}

// --- director -------------------------------------------------------------------------------------------------------
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

// --- selection / UI -------------------------------------------------------------------------------------------------
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

export interface ShotConflict {
  shotId: string;
  message: string;
  current: Shot | null;
}

export interface UiSlice {
  selectedShotId: string | null;
  health: Health | null;
  healthError: string | null;
  toasts: Toast[];
  conflict: ShotConflict | null;
  selectShot(shotId: string | null): void;
  loadHealth(): Promise<void>;
  notify(message: string, kind?: Toast['kind']): void;
  dismissToast(id: number): void;
  /** Resolve a 409 by taking the server's row and dropping the local edits to that shot. */
  reloadConflictedShot(): Promise<void>;
  dismissConflict(): void;
}

// --- jobs -----------------------------------------------------------------------------------------------------------
export interface JobView {
  id: string;
  project_id: string | null;
  shot_id: string | null;
  status: JobStatus;
  progress: number;
  /** Extend jobs: the chunk running now (1-based) and the total, while chunks run; null otherwise. */
  chunk: number | null;
  chunks: number | null;
  stage: string | null;
  error: string | null;
  result: Job['result'];
  /** The generation mode (`t2v`, `i2v`, `t2i`, …) once known. */
  kind: string | null;
  /** Order of first sight, to find a shot's latest job without timestamps. */
  seq: number;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting';

export interface JobsSlice {
  jobs: Record<string, JobView>;
  connection: ConnectionState;
  lastEventId: string | null;
  setConnection(state: ConnectionState): void;
  /** Reduce one SSE event (`event:` type + JSON `data:`) into the store. */
  applyEvent(type: StudioEventType, data: StudioEvent, eventId?: string | null): void;
  receiveJobs(jobs: Job[]): void;
  loadProjectJobs(projectId: string): Promise<void>;
  generateShot(shotId: string): Promise<string | null>;
  cancelJob(jobId: string): Promise<void>;
}

// --- Smart Continue (extend) and the server-side undo steps ---------------------------------------------------------
/** An extend job this page started and is waiting for (what undoing it will need). */
export interface PendingExtend {
  shotId: string;
  result: ExtendResult;
  /** The take (job id) that was the shot's clip before the extension: undo of a replace goes back to it. */
  previousTake: string | null;
}

/**
 * An undo step that is a server call, not a zundo state change. `depth` is the length of zundo's past when the step
 * took effect: undo takes this step when no later edit sits above it, so edits and server steps stay in one order.
 */
export interface ServerStep {
  kind: 'extend';
  jobId: string;
  /** The shot that was extended. */
  shotId: string;
  /** The shot holding the result (the same shot for replace, the new one for new_shot). */
  resultShotId: string;
  result: ExtendResult;
  previousTake: string | null;
  depth: number;
}

export interface ExtendSlice {
  /** The shot whose Extend dialog is open. */
  extendDialogShotId: string | null;
  /** The server's refusal of the last extend request (its `detail`, verbatim), shown in the dialog. */
  extendError: string | null;
  extending: boolean;
  pendingExtends: Record<string, PendingExtend>;
  serverPast: ServerStep[];
  serverFuture: ServerStep[];
  /** A server undo/redo is in flight: further undo/redo waits. */
  historyBusy: boolean;
  openExtendDialog(shotId: string): void;
  closeExtendDialog(): void;
  /** Save pending edits, then `POST /generate/advanced` with `mode: "extend"`. Returns the job id, or null. */
  extendShot(shotId: string, options: ExtendOptions): Promise<string | null>;
  /** A job reached a terminal status: an extend this page started becomes an undo step if it left a clip. */
  settleExtend(jobId: string): void;
  /** Undo / redo the newest server step. */
  undoServerStep(): Promise<void>;
  redoServerStep(): Promise<void>;
}

// --- storyboard: a script parsed into a proposal, adjusted, then committed ------------------------------------------
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
  editProposalShot(sceneIndex: number, shotIndex: number, text: string): void;
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

// --- elements: characters, locations, objects, styles (`@Trigger` in prompts) ---------------------------------------
export interface ElementsSlice {
  /** The server's last refusal of an element change (verbatim). */
  elementError: string | null;
  /** "Generate visual" jobs this page started: job id → element id. */
  visualJobs: Record<string, string>;
  createElement(body: ElementCreate): Promise<Element | null>;
  updateElement(elementId: string, patch: Omit<ElementUpdate, 'version'>): Promise<Element | null>;
  deleteElement(elementId: string): Promise<void>;
  /**
   * Text → image job for the element (`prompt` mentions its trigger), sent with `element_id`: the server attaches the
   * still to the element when the job completes and publishes `element.updated`.
   */
  generateElementVisual(elementId: string, prompt?: string): Promise<string | null>;
  /** A visual job ended: show a failure, or re-read the project (in case `element.updated` was missed). */
  settleElementVisual(jobId: string): Promise<void>;
  /** A server row of an element (`element.updated`): replaces the shown one unless that one is newer. */
  receiveElement(element: Element): void;
  clearElementError(): void;
}

// --- segmentation (SAM 3) and the Fix-frame editor ------------------------------------------------------------------
/** The status light: the service's own state, or `unknown` before the first answer (or when the backend is away). */
export type SamLight = SegmentationStatus['status'] | 'unknown';

/** The Fix-frame editor: one grabbed frame of one shot, and the in-paint job made from it. */
export interface FixFrameSession {
  shotId: string;
  frame: number;
  status: 'grabbing' | 'ready' | 'error';
  /** The grabbed frame (an image asset, `origin: "frame"`). */
  asset: Asset | null;
  error: string | null;
  /** The in-paint job of this frame, once submitted. */
  inpaintJobId: string | null;
  submitting: boolean;
}

export type RegenerateHow = 'keyframes' | 'i2v';

export interface SegmentSlice {
  samStatus: SegmentationStatus | null;
  samStatusError: string | null;
  fixFrame: FixFrameSession | null;
  /** Track jobs this page started: job id → shot id (to say so when nothing was found). */
  trackJobs: Record<string, string>;
  loadSamStatus(): Promise<void>;
  /** Grab frame `frame` of the shot's clip and open the editor on it. */
  openFixFrame(shotId: string, frame: number): Promise<void>;
  closeFixFrame(): void;
  /** Ask SAM about the grabbed frame. Null when refused (the toast says why; a 503 turns the light red). */
  segmentFrame(body: Omit<SegmentRequest, 'asset_id'>): Promise<SegmentResponse | null>;
  /** Upload the mask PNG, then in-paint the grabbed frame (no shot_id: the shot's still stays as it is). */
  inpaintFrame(mask: Blob, options: { prompt: string; strength: number; steps?: number }): Promise<string | null>;
  /** Generate the shot again from a corrected frame (pinned at the grabbed frame, or as its first frame). */
  regenerateFromFrame(assetId: string, how: RegenerateHow): Promise<string | null>;
  /** Follow the object (clicks, boxes or words on the grabbed frame) through the clip. */
  trackFromFrame(prompt: Omit<TrackRequest, 'frame'>): Promise<string | null>;
  receiveMask(mask: ShotMask): void;
  deleteMask(maskId: string): Promise<void>;
  /** A track job this page started ended (say so when it found nothing or failed). */
  settleTrack(jobId: string): void;
}

export type AppState = ProjectsSlice &
  SegmentSlice &
  StoryboardSlice &
  ElementsSlice &
  ProjectSlice &
  EditSlice &
  UiSlice &
  JobsSlice &
  MediaSlice &
  ModelsSlice &
  DirectorSlice &
  ExtendSlice;

export type HistoryStore = StoreApi<TemporalState<EditingState>>;

export interface StoreDeps {
  api: Api;
  /** The zundo history of the editing state (available once the store exists). */
  history(): HistoryStore;
  /** True while undo/redo moves through zundo's history (so a redo is not taken for a new edit). */
  moving: { current: boolean };
}

export type SliceCreator<T> = (deps: StoreDeps) => StateCreator<AppState, [['temporal', unknown]], [], T>;
