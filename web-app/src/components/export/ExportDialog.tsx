import { useEffect, useId, useState } from 'react';
import type { RenderFormat, TimelineFormat } from '../../api/types';
import { RENDER_FORMATS, RENDER_NAME_MAX, RENDER_NAME_PATTERN } from '../../api/types';
import { appStore, useApp } from '../../store';
import { selectRender } from '../../store/exportSlice';
import type { RenderView } from '../../store/exportSlice';
import { isTerminal } from '../../domain/jobReducer';
import { useView } from '../../store/viewSlice';
import { timelineEnd } from '../../domain/timeline/model';
import { missingClipNames, ungeneratedShots } from '../../domain/renderCheck';
import { useShallow } from 'zustand/react/shallow';
import { formatBytes, saveDownload } from './download';
import './export.css';

export const RENDER_FORMAT_LABELS: Record<RenderFormat, string> = {
  h264: 'H.264 MP4',
  prores: 'ProRes (.mov)',
  dnxhr: 'DNxHR (.mov)',
};

const TIMELINE_FORMATS: { format: TimelineFormat; label: string; note: string }[] = [
  { format: 'otio', label: 'OpenTimelineIO (.otio)', note: 'every track; opens in DaVinci Resolve, Premiere (via plug-in), Avid, Hiero…' },
  { format: 'edl', label: 'EDL (CMX 3600)', note: 'V1 only: the lowest video track with clips; other tracks are left out' },
  { format: 'fcpxml', label: 'Final Cut Pro XML', note: 'every track (FCP 7 XML, read by Premiere and Resolve too)' },
];

type Tab = 'render' | 'timeline' | 'archive';
type RangeChoice = 'all' | 'inout' | 'custom';

/** Frames to seconds at the project's rate, "2.50 s". */
const seconds = (frames: number, fps: number) => `${(frames / fps).toFixed(2)} s`;

/** Problems with a custom range (frames `[in, out)` within the timeline), or null. */
export function rangeProblem(inFrame: number, outFrame: number, end: number): string | null {
  if (!Number.isInteger(inFrame) || !Number.isInteger(outFrame)) return 'Whole frames only.';
  if (inFrame < 0) return 'In must be 0 or more.';
  if (outFrame <= inFrame) return 'Out must come after in.';
  if (end > 0 && inFrame >= end) return `In must be before the end of the timeline (frame ${end}).`;
  return null;
}

/** Why the server would refuse this file name, or null (empty: the server picks one). */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  if (trimmed.length > RENDER_NAME_MAX) return `At most ${RENDER_NAME_MAX} characters.`;
  if (!RENDER_NAME_PATTERN.test(trimmed)) return 'Letters, digits, spaces and . _ - ( ) only, starting with a letter or digit.';
  return null;
}

/** The project's name as a valid file name ("My film: take 2" → "My film take 2"). */
export function defaultRenderName(projectName: string): string {
  return projectName
    .replace(/[^A-Za-z0-9 ._()-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, RENDER_NAME_MAX);
}

function RenderProgress({ view }: { view: RenderView }) {
  const percent = Math.round((view.status === 'completed' ? 1 : view.progress) * 100);
  const label = view.status === 'pending' || view.status === 'starting' ? 'Queued' : view.status === 'running' ? 'Rendering' : view.status;
  return (
    <div className={`progress progress-${view.status}`} data-testid="render-progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={`${label} ${percent}%`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-status={view.status}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="progress-label">
        <span>
          {label}
          {view.stage && view.status === 'running' ? ` · ${view.stage}` : ''}
        </span>
        <span className="progress-percent">{percent}%</span>
      </div>
    </div>
  );
}

function ServerError({ message, testId }: { message: string; testId: string }) {
  return (
    <div className="server-error" role="alert" data-testid={testId}>
      <span className="server-error-tag">Server</span>
      <span className="server-error-text">{message}</span>
    </div>
  );
}

function RenderSection() {
  const ids = { name: useId(), inFrame: useId(), outFrame: useId() };
  const fps = useApp((s) => s.project?.fps ?? 24);
  const projectName = useApp((s) => s.project?.name ?? '');
  const end = useApp((s) => timelineEnd(s.timeline));
  const renderJobId = useApp((s) => s.renderJobId);
  const renderStarting = useApp((s) => s.renderStarting);
  const renderError = useApp((s) => s.renderError);
  const job = useApp((s) => (s.renderJobId ? s.jobs[s.renderJobId] : undefined));
  const view = selectRender({ renderJobId, renderStarting, renderError, jobs: job ? { [job.id]: job } : {} });
  const inPoint = useView((s) => s.inPoint);
  const outPoint = useView((s) => s.outPoint);
  const hasInOut = inPoint !== null && outPoint !== null && outPoint > inPoint;

  const [format, setFormat] = useState<RenderFormat>('h264');
  const [range, setRange] = useState<RangeChoice>(hasInOut ? 'inout' : 'all');
  const [customIn, setCustomIn] = useState(String(inPoint ?? 0));
  const [customOut, setCustomOut] = useState(String(outPoint ?? end));
  const [name, setName] = useState(() => defaultRenderName(projectName));

  const active = view.status === 'starting' || view.status === 'pending' || view.status === 'running';
  const finished = !!job && isTerminal(job.status);
  const problem = range === 'custom' ? rangeProblem(Number(customIn), Number(customOut), end) : null;
  const badName = nameProblem(name);
  const empty = end === 0;
  const chosen =
    range === 'inout' && hasInOut
      ? { in_frame: inPoint!, out_frame: outPoint! }
      : range === 'custom' && !problem
        ? { in_frame: Number(customIn), out_frame: Number(customOut) }
        : null;
  // Said before the render starts, by name: those shots would come out black and silent.
  const ungenerated = useApp(useShallow((s) => ungeneratedShots(s.timeline, s.shots, s.shotOrder, chosen)));
  const missingNames = useApp(
    useShallow((s) => missingClipNames(view.result?.missing_clips ?? [], s.timeline, s.shots, s.shotOrder)),
  );

  const start = () => {
    if (active || problem || badName || empty) return;
    void appStore.getState().startRender({ format, range: chosen, name });
  };

  return (
    <div className="export-section" data-testid="export-render">
      <fieldset disabled={active}>
        <legend>Format</legend>
        {RENDER_FORMATS.map((f) => (
          <label className="check" key={f}>
            <input type="radio" name="render-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
            {RENDER_FORMAT_LABELS[f]}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={active}>
        <legend>Range</legend>
        <label className="check">
          <input type="radio" name="render-range" checked={range === 'all'} onChange={() => setRange('all')} />
          Whole timeline ({end} frames · {seconds(end, fps)})
        </label>
        <label className="check" title={hasInOut ? undefined : 'Set in (I) and out (O) points on the timeline first'}>
          <input type="radio" name="render-range" checked={range === 'inout'} disabled={!hasInOut} onChange={() => setRange('inout')} />
          In to out{hasInOut ? ` (frames ${inPoint}–${outPoint} · ${seconds(outPoint! - inPoint!, fps)})` : ' (not set)'}
        </label>
        <label className="check">
          <input type="radio" name="render-range" checked={range === 'custom'} onChange={() => setRange('custom')} />
          Custom
        </label>
        {range === 'custom' && (
          <div className="export-range-frames">
            <label htmlFor={ids.inFrame}>in</label>
            <input id={ids.inFrame} type="number" min={0} step={1} value={customIn} onChange={(e) => setCustomIn(e.target.value)} />
            <label htmlFor={ids.outFrame}>out</label>
            <input id={ids.outFrame} type="number" min={1} step={1} value={customOut} onChange={(e) => setCustomOut(e.target.value)} />
            <span className="muted small">frames (out not included)</span>
          </div>
        )}
      </fieldset>
      {problem && <span className="field-error">{problem}</span>}
      <div className="field">
        <label className="field-label" htmlFor={ids.name}>
          File name
        </label>
        <input
          id={ids.name}
          value={name}
          maxLength={RENDER_NAME_MAX}
          disabled={active}
          onChange={(e) => setName(e.target.value)}
          placeholder="the project's name and the time"
          data-testid="render-name"
        />
        {badName && <span className="field-error">{badName}</span>}
      </div>
      {empty && <p className="export-warning">The timeline is empty: add clips before rendering.</p>}
      {!active && !finished && ungenerated.length > 0 && (
        <div className="export-warning" role="alert" data-testid="render-ungenerated">
          <p>Not generated yet — these will be black and silent in the file:</p>
          <ul>
            {ungenerated.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {view.status !== 'idle' && <RenderProgress view={view} />}
      {view.error && <ServerError message={view.error} testId="render-error" />}
      {view.status === 'cancelled' && <p className="muted">Render cancelled.</p>}
      {view.result && view.downloadUrl && (
        <div className="export-section" data-testid="render-result">
          {view.result.test_model && (
            <p className="export-warning" data-testid="render-test-model">
              Test model — output is noise.
            </p>
          )}
          {!!view.result.missing_clips?.length && (
            <p className="export-warning">
              {view.result.missing_clips.length} clip{view.result.missing_clips.length === 1 ? ' has' : 's have'} no media yet (black and
              silent in the file): {missingNames.join(', ')}
            </p>
          )}
          <dl className="export-facts">
            {view.result.name && (
              <>
                <dt>File</dt>
                <dd>{view.result.name}</dd>
              </>
            )}
            {view.result.format && (
              <>
                <dt>Format</dt>
                <dd>{RENDER_FORMAT_LABELS[view.result.format] ?? view.result.format}</dd>
              </>
            )}
            {view.result.frames != null && (
              <>
                <dt>Frames</dt>
                <dd>{view.result.frames}</dd>
              </>
            )}
            {view.result.duration_s != null && (
              <>
                <dt>Duration</dt>
                <dd>{view.result.duration_s.toFixed(2)} s</dd>
              </>
            )}
            {view.result.size_bytes != null && (
              <>
                <dt>Size</dt>
                <dd>{formatBytes(view.result.size_bytes)}</dd>
              </>
            )}
            {view.result.has_audio != null && (
              <>
                <dt>Audio</dt>
                <dd>{view.result.has_audio ? 'yes' : 'none'}</dd>
              </>
            )}
          </dl>
          <a className="button button-primary" href={view.downloadUrl} download data-testid="render-download">
            Download
          </a>
        </div>
      )}
      <div className="button-row">
        <span className="spacer" />
        {active && (
          <button type="button" className="button" onClick={() => void appStore.getState().cancelRender()} disabled={!renderJobId} data-testid="render-cancel">
            Cancel render
          </button>
        )}
        {finished && (
          <button type="button" className="button" onClick={() => appStore.getState().resetRender()}>
            New render
          </button>
        )}
        {!active && !finished && (
          <button type="button" className="button button-primary" onClick={start} disabled={!!problem || !!badName || empty} data-testid="render-start">
            Start render
          </button>
        )}
      </div>
    </div>
  );
}

function TimelineSection() {
  const busy = useApp((s) => s.exportBusy);
  const error = useApp((s) => s.exportError);
  const [note, setNote] = useState<string | null>(null);
  const run = async (format: TimelineFormat) => {
    setNote(null);
    const file = await appStore.getState().exportTimeline(format);
    if (!file) return;
    saveDownload(file);
    setNote(file.note ? `Saved ${file.filename}. ${file.note}` : `Saved ${file.filename}.`);
  };
  return (
    <div className="export-section" data-testid="export-timeline">
      <p className="muted small">The timeline's tracks and clips for another editor; media stays where it is (the file names it).</p>
      {TIMELINE_FORMATS.map(({ format, label, note: hint }) => (
        <div key={format} className="button-row">
          <button
            type="button"
            className="button"
            disabled={!!busy}
            onClick={() => void run(format)}
            data-testid={`export-${format}`}
          >
            {busy === format ? 'Exporting…' : label}
          </button>
          <span className="export-note">{hint}</span>
        </div>
      ))}
      {note && <p className="export-note" data-testid="export-note">{note}</p>}
      {error && busy === null && <ServerError message={error} testId="export-error" />}
    </div>
  );
}

function ArchiveSection() {
  const busy = useApp((s) => s.exportBusy);
  const error = useApp((s) => s.exportError);
  const [saved, setSaved] = useState<string | null>(null);
  const run = async () => {
    setSaved(null);
    const file = await appStore.getState().exportArchive();
    if (!file) return;
    saveDownload(file);
    setSaved(`Saved ${file.filename} (${formatBytes(file.blob.size)}).`);
  };
  return (
    <div className="export-section" data-testid="export-archive">
      <p className="muted small">
        The whole project — shots, takes, timeline, elements and media — as one .zip. “Import project archive…” on the
        project list makes a new project from it.
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={!!busy} onClick={() => void run()} data-testid="export-archive-download">
          {busy === 'archive' ? 'Preparing…' : 'Download project archive (.zip)'}
        </button>
      </div>
      {saved && <p className="export-note">{saved}</p>}
      {error && busy === null && <ServerError message={error} testId="export-error" />}
    </div>
  );
}

function ExportModal() {
  const [tab, setTab] = useState<Tab>('render');
  const close = () => appStore.getState().closeExportDialog();
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && close()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
        e.stopPropagation(); // keys in here are the fields' own (not the timeline's J/K/L, Ctrl+Z …)
      }}
    >
      <div className="modal export-modal" role="dialog" aria-modal="true" aria-label="Export" data-testid="export-dialog">
        <h2>Export</h2>
        <div className="tabs" role="tablist" aria-label="What to export">
          {(
            [
              ['render', 'Render master'],
              ['timeline', 'Timeline for another editor'],
              ['archive', 'Project archive'],
            ] as const
          ).map(([key, label]) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={tab === key}
              className={`tab${tab === key ? ' tab-on' : ''}`}
              onClick={() => setTab(key)}
            >
              {label}
            </button>
          ))}
        </div>
        {tab === 'render' && <RenderSection />}
        {tab === 'timeline' && <TimelineSection />}
        {tab === 'archive' && <ArchiveSection />}
        <div className="button-row">
          <span className="spacer" />
          <button type="button" className="button" onClick={close} data-testid="export-close">
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

export function ExportDialog() {
  const open = useApp((s) => s.exportDialogOpen);
  return open ? <ExportModal /> : null;
}

/** The "Export…" button of the project header; Ctrl+E (⌘E) opens the dialog too. */
export function ExportButton() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'e') return;
      e.preventDefault();
      appStore.getState().openExportDialog();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <button
      type="button"
      className="button button-small"
      onClick={() => appStore.getState().openExportDialog()}
      title="Render a master file, export the timeline or the project (Ctrl+E)"
      data-testid="export-open"
    >
      Export…
    </button>
  );
}
