import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { GenerationMode } from '../api/types';
import { appStore, useApp } from '../store';
import { useShallow } from 'zustand/react/shallow';
import { isActive } from '../store/jobReducer';
import { triggersIn } from '../store/mentions';
import { selectShotDirty, selectShotJob } from '../store/selectors';
import { ProgressBar } from './ProgressBar';

const PX_PER_SECOND = 36;
const MODE_SHORT: Record<GenerationMode, string> = {
  t2v: 'T2V',
  i2v: 'I2V',
  keyframes: 'KEYS',
  t2i: 'T2I',
  edit: 'EDIT',
  inpaint: 'INPAINT',
};

/** The card's context menu (right click, or the context-menu key): actions on that shot. */
function ShotMenu({ shotId, x, y, onClose }: { shotId: string; x: number; y: number; onClose: () => void }) {
  const canExtend = useApp((s) => {
    const job = selectShotJob(s, shotId);
    return !!s.shots[shotId]?.video_url && !(job && isActive(job.status));
  });
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const away = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const key = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('mousedown', away);
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('mousedown', away);
      window.removeEventListener('keydown', key);
    };
  }, [onClose]);
  return (
    <div ref={ref} className="context-menu" role="menu" style={{ left: x, top: y }} data-testid="shot-menu">
      <button
        role="menuitem"
        disabled={!canExtend}
        title={canExtend ? undefined : 'Generate the shot first (and wait for its job)'}
        onClick={() => {
          onClose();
          appStore.getState().selectShot(shotId);
          appStore.getState().openExtendDialog(shotId);
        }}
      >
        Extend…
      </button>
    </div>
  );
}

/** One clip on the timeline; subscribes to its own shot only, so a progress tick re-renders one card. */
const ShotCard = memo(function ShotCard({ shotId, position }: { shotId: string; position: number }) {
  const shot = useApp((s) => s.shots[shotId]);
  const selected = useApp((s) => s.selectedShotId === shotId);
  // The clip's own length once there is one (an extension makes it longer than the shot's generation length).
  const frames = useApp(
    (s) => s.shots[shotId]?.clip_frames ?? s.drafts[shotId]?.num_frames ?? s.shots[shotId]?.num_frames ?? 0,
  );
  const dirty = useApp((s) => selectShotDirty(s, shotId));
  const job = useApp((s) => selectShotJob(s, shotId));
  const mode = useApp((s) => s.drafts[shotId]?.generation.mode ?? 't2v');
  // The elements the prompt mentions (the draft's prompt, so an unsaved edit shows at once).
  const uses = useApp(
    useShallow((s) => triggersIn(s.drafts[shotId]?.prompt ?? s.shots[shotId]?.prompt ?? '', s.elements.map((e) => e.trigger))),
  );
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  if (!shot) return null;
  const seconds = frames / (shot.fps || 24);
  const width = Math.max(140, Math.min(360, Math.round(seconds * PX_PER_SECOND)));
  const running = job && isActive(job.status);
  return (
    <li style={{ width }}>
      <button
        className={`clip clip-${shot.status}${selected ? ' clip-selected' : ''}`}
        onClick={() => appStore.getState().selectShot(shotId)}
        onContextMenu={(e) => {
          e.preventDefault();
          appStore.getState().selectShot(shotId);
          const box = e.currentTarget.getBoundingClientRect();
          // From the keyboard (context-menu key) the pointer position is 0,0: open at the card instead.
          setMenu(e.clientX || e.clientY ? { x: e.clientX, y: e.clientY } : { x: box.left + 8, y: box.top + 8 });
        }}
        aria-pressed={selected}
        data-testid="shot-card"
        data-status={shot.status}
        title={shot.prompt || 'Empty prompt'}
      >
        <div className="clip-thumb">
          {shot.thumbnail_url ? (
            <img src={shot.thumbnail_url} alt={`Shot ${position + 1} thumbnail`} draggable={false} />
          ) : (
            <span className="thumb-empty">{shot.status === 'draft' ? 'not generated' : shot.status}</span>
          )}
          <span className="clip-index">{position + 1}</span>
          {dirty && (
            <span className="clip-dirty" title="Unsaved edits">
              ●
            </span>
          )}
        </div>
        <div className="clip-meta">
          <span className="clip-prompt">{shot.prompt || <em className="muted">Empty prompt</em>}</span>
          <span className="clip-sub">
            <span className={`badge badge-${shot.status}`}>{shot.status}</span>
            {mode !== 't2v' && <span className="badge badge-mode">{MODE_SHORT[mode]}</span>}
            <span className="muted">
              {frames}f · {seconds.toFixed(1)}s
            </span>
          </span>
        </div>
        {uses.length > 0 && (
          <span className="clip-elements" data-testid="shot-elements" aria-label="Elements used">
            {uses.map((t) => (
              <span key={t} className="element-chip">
                {t}
              </span>
            ))}
          </span>
        )}
        {running && job && <ProgressBar job={job} compact />}
      </button>
      {menu && <ShotMenu shotId={shotId} x={menu.x} y={menu.y} onClose={closeMenu} />}
    </li>
  );
});

function AddShot() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      className="button button-primary"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await appStore.getState().addShot('');
        setBusy(false);
      }}
      data-testid="add-shot"
    >
      + Add shot
    </button>
  );
}

export function Timeline() {
  const order = useApp((s) => s.shotOrder);
  const totalFrames = useApp((s) =>
    s.shotOrder.reduce((sum, id) => sum + (s.shots[id]?.clip_frames ?? s.shots[id]?.num_frames ?? 0), 0),
  );
  const fps = useApp((s) => s.project?.fps ?? 24);
  return (
    <div className="timeline">
      <div className="timeline-toolbar">
        <h2 className="panel-title">Timeline</h2>
        <span className="muted small">
          {order.length} shot{order.length === 1 ? '' : 's'} · {totalFrames} frames · {(totalFrames / fps).toFixed(1)} s
        </span>
        <span className="spacer" />
        <AddShot />
      </div>
      <div className="timeline-track" role="list" aria-label="Shots in order">
        {order.length === 0 ? (
          <div className="timeline-empty muted">No shots yet. Add one to start.</div>
        ) : (
          <ol className="clips">
            {order.map((id, i) => (
              <ShotCard key={id} shotId={id} position={i} />
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
