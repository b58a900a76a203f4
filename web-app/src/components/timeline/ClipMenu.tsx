import { useEffect, useRef } from 'react';
import { appStore, useApp } from '../../store';
import { isActive } from '../../domain/jobReducer';
import { selectShotJob } from '../../store/selectors';

/** A clip's context menu (right click, or the context-menu key): Extend… for a shot's clip, and the edits. */
export function ClipMenu({ clipId, x, y, onClose }: { clipId: string; x: number; y: number; onClose: () => void }) {
  const shotId = useApp((s) => s.timeline.clips[clipId]?.shot_id ?? null);
  const canExtend = useApp((s) => {
    if (!shotId) return false;
    const job = selectShotJob(s, shotId);
    return !!s.shots[shotId]?.video_url && !(job && isActive(job.status));
  });
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
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
  const act = (fn: () => void) => () => {
    onClose();
    fn();
  };
  const s = () => appStore.getState();
  const targets = () => (s().selectedClips[clipId] ? Object.keys(s().selectedClips) : [clipId]);
  return (
    <div ref={ref} className="context-menu" role="menu" style={{ left: x, top: y }} data-testid="shot-menu">
      {shotId && (
        <button
          role="menuitem"
          disabled={!canExtend}
          title={canExtend ? undefined : 'Generate the shot first (and wait for its job)'}
          onClick={act(() => {
            s().selectShot(shotId);
            s().openExtendDialog(shotId);
          })}
        >
          Extend…
        </button>
      )}
      <button role="menuitem" onClick={act(() => s().splitAtPlayhead())}>
        Split at playhead <kbd>S</kbd>
      </button>
      <button role="menuitem" onClick={act(() => s().duplicateClips(targets()))}>
        Duplicate <kbd>Ctrl+D</kbd>
      </button>
      <button role="menuitem" onClick={act(() => s().copyClips(targets()))}>
        Copy <kbd>Ctrl+C</kbd>
      </button>
      <button role="menuitem" onClick={act(() => s().deleteClips(targets()))}>
        Delete <kbd>Del</kbd>
      </button>
      <button role="menuitem" onClick={act(() => s().rippleDelete(targets()))}>
        Ripple delete <kbd>Shift+Del</kbd>
      </button>
    </div>
  );
}
