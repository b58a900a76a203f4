import type { StateCreator, StoreApi } from 'zustand';
import type { TemporalState } from 'zundo';
import type { Api, Download } from '../api/client';
import type { Proposal, SceneField } from './storyboard';
import type { Versions } from '../timeline/diff';
import type { ClipSource, Timeline, TrackKind } from '../timeline/model';
import type { AudioPatch, Clipboard, Edge, TrackFlags } from '../timeline/ops';
import type { KeyValueStorage } from '../timeline/storage';
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
  MissingMedia,
  RenderFormat,
  RenderRange,
  TimelineFormat,
  ClipRead,
  TrackRead,
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

// --- timeline (NLE): see src/timeline/README.md ------------------------------------------------------------------
export type TimelineSyncStatus = 'idle' | 'sending' | 'retrying' | 'refused' | 'conflict';

export interface TimelineSyncState {
  /** idle: nothing waiting; sending; retrying (network/5xx, backoff); refused (422: the next edit retries); conflict. */
  status: TimelineSyncStatus;
  /** Edits not on the server yet (clip changes + track steps): "N edits waiting". */
  pending: number;
  /** Failed tries of the step being sent. */
  attempts: number;
  /** When the next try goes (ms since the epoch), while retrying. */
  retryAt: number | null;
  /** The last failure, the server's words. */
  error: string | null;
  /** Conflict: the clips/tracks changed elsewhere. `reloadFromServer()` resolves it. */
  conflictIds: string[];
}

export type GestureKind = 'move' | 'trim-in' | 'trim-out';

/** A drag in progress: `preview` is drawn instead of `timeline`; neither history nor the server sees it. */
export interface TimelineGesture {
  kind: GestureKind;
  clipIds: string[];
  anchorId: string;
  base: Timeline;
  preview: Timeline;
  /** Last arguments (snapped frames, target track) — what `endGesture` commits. */
  frames: number;
  toTrackId: string | null;
  /** The frame it snapped to (draw a guide), or null. */
  snappedTo: number | null;
  /** Why the preview is the base (a locked track …), or null. */
  error: string | null;
  targets: number[];
}

export type SelectMode = 'replace' | 'add' | 'toggle' | 'remove';

export interface AddClipRequest {
  trackId: string;
  frame: number;
  shotId?: string;
  assetId?: string;
  /** Frames of the source to use; defaults to its length (a still: 5 seconds). */
  duration?: number;
  sourceIn?: number;
}

export interface TimelineSlice {
  /** The local timeline (part of EditingState: in the undo history). */
  timeline: Timeline;
  /** The server's timeline as last answered/announced (never edited locally) and its row versions. */
  serverTimeline: Timeline;
  timelineVersions: Versions;
  /** Display fields from the server's ClipRead rows by source (`shot:<id>` / `asset:<id>`). */
  clipSources: Record<string, ClipSource>;
  timelineSync: TimelineSyncState;
  /** Selected clip ids (a record, so one clip's selector is a cheap boolean). */
  selectedClips: Record<string, true>;
  /** UI, not history: the playhead (frame), zoom (pixels per frame), horizontal scroll (pixels). */
  playhead: number;
  zoom: number;
  scrollX: number;
  clipboard: Clipboard | null;
  gesture: TimelineGesture | null;
  /** Why the last edit was refused (a locked track …), shown near the timeline. */
  timelineError: string | null;

  /** Server rows arrived (project load/refresh). `mark`: `timelineMark()` taken before the request. */
  receiveTimeline(tracks: TrackRead[], clips: ClipRead[], options: { fresh: boolean; mark?: number }): void;
  /** `timeline.changed` (another tab): newer rows and deleted ids. */
  receiveTimelineChange(change: { clips?: ClipRead[] | null; deleted?: string[] | null; tracks?: TrackRead[] | null }): void;
  /** A counter of answers applied; a refresh started before the latest answer is not trusted for the timeline. */
  timelineMark(): number;
  /** After a project load: bring back unsent edits and the undo history saved in this browser. */
  restoreTimelineSession(): void;

  selectClips(ids: readonly string[], mode?: SelectMode): void;
  setPlayhead(frame: number): void;
  setZoom(pixelsPerFrame: number): void;
  setScrollX(pixels: number): void;

  addClipFromSource(request: AddClipRequest): string | null;
  moveClips(ids: readonly string[], frames: number, options?: { tracks?: number; toTrackId?: string; anchorId?: string }): boolean;
  trimClip(id: string, edge: Edge, frames: number): boolean;
  splitAtPlayhead(): boolean;
  rippleDelete(ids?: readonly string[]): boolean;
  deleteClips(ids?: readonly string[]): boolean;
  duplicateClips(ids?: readonly string[]): boolean;
  copyClips(ids?: readonly string[]): boolean;
  pasteClips(frame?: number): boolean;
  addTrack(kind: TrackKind, options?: { name?: string; index?: number }): string | null;
  removeTrack(trackId: string): boolean;
  reorderTrack(trackId: string, toIndex: number): boolean;
  setTrackFlags(trackId: string, flags: TrackFlags): boolean;
  /** Gain (dB) and/or fades (frames) of a clip or clips (default: the selection); one undo step, synced as a batch. */
  setClipAudio(ids: string | readonly string[] | null, patch: AudioPatch): boolean;

  beginGesture(gesture: { kind: GestureKind; clipId: string; clipIds?: readonly string[] }): void;
  updateGesture(update: { frames: number; toTrackId?: string | null; snap?: boolean }): void;
  endGesture(commit?: boolean): boolean;

  /** Drop local timeline edits and take the server's timeline (recorded: undo brings the edits back). */
  reloadFromServer(): Promise<void>;
  /** Send now (skip the backoff wait, or retry after a refusal). */
  retryTimelineSync(): void;
  /** Resolves when the outbox is idle, refused, in conflict or waiting to retry (tests, before leaving). */
  flushTimeline(): Promise<void>;
  /** Write the undo history of the timeline to the browser storage now (it is also written shortly after changes). */
  saveTimelineHistory(): void;
  /** Internal (index.ts): the local timeline changed — plan, persist and send. */
  scheduleTimelineSync(): void;
  /** Internal (index.ts): the history changed — save it after `delayMs`. */
  scheduleHistorySave(delayMs: number): void;
}

// --- export and import (issue 8) -------------------------------------------------------------------------------------
export interface RenderOptions {
  format: RenderFormat;
  /** Frames `[in_frame, out_frame)`; null: the whole timeline. */
  range: RenderRange | null;
  name?: string;
}

export interface TimelineImportState {
  status: 'idle' | 'importing' | 'done' | 'error';
  error: string | null;
  /** The clips the server could not place (their media is not in this project), from its 422. */
  missing: MissingMedia[];
  /** What was imported ("2 tracks, 5 clips"). */
  message: string | null;
}

export interface ExportSlice {
  exportDialogOpen: boolean;
  /** The render this page started last; its progress/result is `jobs[renderJobId]` (see `selectRender`). */
  renderJobId: string | null;
  renderStarting: boolean;
  /** The server's refusal of the render request (verbatim). */
  renderError: string | null;
  /** A download being fetched (a timeline format, or the archive). */
  exportBusy: TimelineFormat | 'archive' | null;
  exportError: string | null;
  timelineImport: TimelineImportState;
  archiveImport: { importing: boolean; error: string | null };
  openExportDialog(): void;
  closeExportDialog(): void;
  /** Send unsent timeline edits, then `POST /projects/{id}/render`. Returns the job id, or null (see `renderError`). */
  startRender(options: RenderOptions): Promise<string | null>;
  cancelRender(): Promise<void>;
  /** Forget a finished render (to start another). */
  resetRender(): void;
  exportTimeline(format: TimelineFormat): Promise<Download | null>;
  exportArchive(): Promise<Download | null>;
  importTimeline(file: File): Promise<boolean>;
  dismissTimelineImport(): void;
  /** A project archive becomes a new project (added to `projects`); null when refused (toast says why). */
  importArchive(file: File): Promise<ProjectSummary | null>;
}

export type AppState = TimelineSlice &
  ExportSlice &
  ProjectsSlice &
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
  /** Where unsent timeline edits and the timeline's undo history are kept per project (null: nowhere). */
  storage: KeyValueStorage | null;
  /** Wait before retry number `attempt` (1-based) of a timeline batch after a network/5xx error. */
  retryDelayMs(attempt: number): number;
}

export type SliceCreator<T> = (deps: StoreDeps) => StateCreator<AppState, [['temporal', unknown]], [], T>;
