// How the slices compose: AppState (every slice's interface, each beside its slice), the deps each slice gets.
import type { Api } from '../api/client';
import type { BatchesApi } from '../api/batches';
import type { KeyValueStorage } from '../domain/timeline/storage';
import type { BatchesSlice } from './batchesSlice.types';
import type { DirectorSlice } from './directorSlice.types';
import type { EditSlice, EditingState } from './editSlice.types';
import type { ElementsSlice } from './elementsSlice.types';
import type { ExportSlice } from './exportSlice.types';
import type { ExtendSlice } from './extendSlice.types';
import type { FramesSlice } from './framesSlice.types';
import type { JobsSlice } from './jobsSlice.types';
import type { LorasSlice } from './lorasSlice.types';
import type { MediaSlice } from './mediaSlice.types';
import type { ModelsSlice } from './modelsSlice.types';
import type { ProjectSlice } from './projectSlice.types';
import type { ProjectsSlice } from './projectsSlice.types';
import type { QualitySlice } from './qualitySlice.types';
import type { RetakeSlice } from './retakeSlice.types';
import type { SegmentSlice } from './segmentSlice.types';
import type { StoryboardSlice } from './storyboardSlice.types';
import type { TimelineSlice } from './timelineSlice.types';
import type { UiSlice } from './uiSlice.types';
import type { TemporalState } from 'zundo';
import type { StateCreator, StoreApi } from 'zustand';

export type AppState = TimelineSlice &
  ExportSlice &
  ProjectsSlice &
  SegmentSlice &
  StoryboardSlice &
  ElementsSlice &
  FramesSlice &
  ProjectSlice &
  EditSlice &
  UiSlice &
  JobsSlice &
  MediaSlice &
  ModelsSlice &
  LorasSlice &
  DirectorSlice &
  ExtendSlice &
  RetakeSlice &
  QualitySlice &
  BatchesSlice;

export type HistoryStore = StoreApi<TemporalState<EditingState>>;

export interface StoreDeps {
  api: Api;
  /** Batches and the all-projects queue (src/api/batches.ts). */
  batchesApi: BatchesApi;
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
