import type { Quality } from '../api/types';
import { QUALITIES } from '../api/types';
import { QUALITY_LABELS } from '../domain/quality';
import { useEffect, useState } from 'react';
import { useUndoHotkeys } from '../hooks/useUndoHotkeys';
import { appStore, useApp } from '../store';
import { connectProjectEvents } from '../store/events';
import { ExportButton, ExportDialog } from './export/ExportDialog';
import { ImportTimelineButton } from './export/ImportTimeline';
import { ExtendDialog } from './ExtendDialog';
import { ClipAudio } from './inspector/ClipAudio';
import { FixFrameDialog } from './fixframe/FixFrameDialog';
import { Inspector } from './Inspector';
import { JobsPanel } from './JobsPanel';
import { LibraryPanel } from './LibraryPanel';
import { Player } from './Player';
import { SamStatusLight } from './SamStatusLight';
import { StoryboardView } from './storyboard/StoryboardView';
import { StoryboardGrid } from './storyboardGrid/StoryboardGrid';
import { Timeline } from './Timeline';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { Splitter } from './Splitter';
import { useTimelineHotkeys } from './timeline/hotkeys';
import { UndoRedo } from './UndoRedo';
import { useView } from '../store/viewSlice';

/** The project's views: the editor, the screenplay import, the storyboard grid (a concept frame per shot). */
const VIEW_LABEL = { editor: 'Editor', storyboard: 'Storyboard', frames: 'Frames' } as const;

const CONNECTION_LABEL = {
  idle: 'offline',
  connecting: 'connecting…',
  open: 'live',
  reconnecting: 'reconnecting…',
} as const;

function ConnectionDot() {
  const connection = useApp((s) => s.connection);
  return (
    <span className={`connection connection-${connection}`} title="Live updates from the server" data-testid="connection">
      <span className="connection-dot" aria-hidden />
      {CONNECTION_LABEL[connection]}
    </span>
  );
}

/** The project's default quality preset: what every shot without its own runs (docs/quality.md). */
function DefaultQuality() {
  const quality = useApp((s) => s.project?.default_quality ?? 'final');
  return (
    <label className="default-quality small" title="Shots without their own preset run this one">
      Quality
      <select
        data-testid="default-quality"
        value={quality}
        onChange={(e) => void appStore.getState().setDefaultQuality(e.target.value as Quality)}
      >
        {QUALITIES.map((q) => (
          <option key={q} value={q}>
            {QUALITY_LABELS[q]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ProjectView({ projectId }: { projectId: string }) {
  const name = useApp((s) => s.project?.name);
  const meta = useApp((s) => (s.project ? `${s.project.width}×${s.project.height} · ${s.project.fps} fps` : ''));
  const status = useApp((s) => s.projectStatus);
  const error = useApp((s) => s.projectError);
  const [view, setView] = useState<'editor' | 'storyboard' | 'frames'>('editor');

  const layout = useView((s) => s.layout);

  useUndoHotkeys();
  useTimelineHotkeys(view === 'editor');

  useEffect(() => {
    void appStore.getState().openProject(projectId);
    const disconnect = connectProjectEvents(appStore, projectId);
    // Leaving or reloading the page: write the timeline's undo history now (it is otherwise written shortly after
    // each change), so Ctrl+Z after a reload still undoes the last edit.
    const keep = () => appStore.getState().saveTimelineHistory();
    window.addEventListener('pagehide', keep);
    return () => {
      window.removeEventListener('pagehide', keep);
      keep();
      disconnect();
    };
  }, [projectId]);

  if (status === 'error') {
    return (
      <div className="empty-state">
        <p className="field-error">Could not open this project: {error}</p>
        <a className="button" href="#/">
          Back to projects
        </a>
      </div>
    );
  }

  return (
    <div className="editor">
      <div className="editor-bar">
        <a className="crumb" href="#/">
          Projects
        </a>
        <span className="crumb-sep">/</span>
        <strong className="project-name" data-testid="project-name">
          {name ?? '…'}
        </strong>
        <span className="muted small">{meta}</span>
        <DefaultQuality />
        <div className="tabs view-tabs" role="tablist" aria-label="View">
          {(['editor', 'storyboard', 'frames'] as const).map((key) => (
            <button
              key={key}
              role="tab"
              aria-selected={view === key}
              className={`tab${view === key ? ' tab-on' : ''}`}
              onClick={() => setView(key)}
            >
              {VIEW_LABEL[key]}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <ImportTimelineButton />
        <ExportButton />
        <UndoRedo />
        <SamStatusLight />
        <ConnectionDot />
      </div>
      {view === 'storyboard' && <StoryboardView onDone={() => setView('editor')} />}
      {view === 'frames' && <StoryboardGrid />}
      <div
        className="editor-body"
        hidden={view !== 'editor'}
        style={
          {
            '--bin-w': `${layout.binWidth}px`,
            '--side-w': `${layout.inspectorWidth}px`,
            '--timeline-h': `${layout.timelineHeight}px`,
          } as React.CSSProperties
        }
      >
        <aside className="library-area">
          <LibraryPanel />
          <Splitter size="binWidth" axis="x" sign={1} label="Resize the media bin" />
        </aside>
        <section className="viewer">
          <Player />
        </section>
        <aside className="side">
          <Splitter size="inspectorWidth" axis="x" sign={-1} label="Resize the inspector" />
          <Inspector />
          <ClipAudio />
          <JobsPanel />
        </aside>
        <section className="timeline-area">
          <Splitter size="timelineHeight" axis="y" sign={-1} label="Resize the timeline" />
          <Timeline />
        </section>
      </div>
      <ExtendDialog />
      <ExportDialog />
      <FixFrameDialog />
      <ShortcutsOverlay />
    </div>
  );
}
