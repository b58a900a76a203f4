// Pointer handling of clips: click/Shift/Ctrl selection, then (past a few pixels) a live move or trim through the
// store's gesture (beginGesture → updateGesture at most once an animation frame → endGesture: ONE edit on pointer-up).
// Alt-drag leaves the originals and drops copies where the drag ends.
import type { PointerEvent as ReactPointerEvent } from 'react';
import { appStore } from '../../store';
import type { GestureKind } from '../../store/timelineSlice.types';

const DRAG_THRESHOLD_PX = 3;
/** A press this close (px) to a clip's edge trims it (the edges are not elements: a clip is one box plus its label). */
export const TRIM_EDGE_PX = 7;

/** 'in'/'out' when the point is on a clip's trim edge (clips narrower than 3 edges have none). */
export function edgeAt(el: HTMLElement, clientX: number): 'in' | 'out' | undefined {
  const box = el.getBoundingClientRect();
  if (box.width < 3 * TRIM_EDGE_PX) return undefined;
  if (clientX - box.left < TRIM_EDGE_PX) return 'in';
  if (box.right - clientX <= TRIM_EDGE_PX) return 'out';
  return undefined;
}

/** The track (lane) under a point, if any. */
export function trackUnder(x: number, y: number): string | null {
  const el = document.elementFromPoint(x, y);
  const lane = el instanceof Element ? el.closest<HTMLElement>('[data-track-id]') : null;
  return lane?.dataset.trackId ?? null;
}

export function startClipPointer(e: ReactPointerEvent<HTMLElement>, id: string, opts: { trim?: boolean } = {}): void {
  if (e.button !== 0) return;
  e.stopPropagation();
  const s = appStore.getState();
  const clip = s.timeline.clips[id];
  if (!clip) return;
  const edge = opts.trim === false ? undefined : edgeAt(e.currentTarget, e.clientX);
  const toggle = e.ctrlKey || e.metaKey;
  const additive = e.shiftKey;
  const wasSelected = !!s.selectedClips[id];
  if (toggle) s.selectClips([id], 'toggle');
  else if (additive) s.selectClips([id], 'add');
  else if (!wasSelected) s.selectClips([id], 'replace');
  if (clip.shot_id) s.selectShot(clip.shot_id);
  if (toggle) return;

  const target = e.currentTarget;
  const pointerId = e.pointerId;
  target.setPointerCapture?.(pointerId);
  const startX = e.clientX;
  const startY = e.clientY;
  const zoom = s.zoom;
  const alt = e.altKey;
  const kind: GestureKind = edge ? (edge === 'in' ? 'trim-in' : 'trim-out') : 'move';
  let began = false;
  let raf = 0;
  let pending: { frames: number; toTrackId?: string | null; snap: boolean } | null = null;

  const flush = () => {
    raf = 0;
    if (pending) appStore.getState().updateGesture(pending);
    pending = null;
  };
  const onMove = (ev: PointerEvent) => {
    if (ev.pointerId !== pointerId) return;
    const dx = ev.clientX - startX;
    if (!began) {
      if (Math.abs(dx) < DRAG_THRESHOLD_PX && Math.abs(ev.clientY - startY) < DRAG_THRESHOLD_PX) return;
      began = true;
      const selected = Object.keys(appStore.getState().selectedClips);
      appStore.getState().beginGesture({ kind, clipId: id, clipIds: edge ? [id] : selected.includes(id) ? selected : [id] });
      document.body.classList.add(edge ? 'tl-trimming' : 'tl-dragging');
    }
    pending = {
      frames: Math.round(dx / zoom),
      ...(edge ? {} : { toTrackId: trackUnder(ev.clientX, ev.clientY) }),
      snap: !ev.ctrlKey,
    };
    if (!raf) raf = requestAnimationFrame(flush);
  };
  const finish = (ev: PointerEvent, commit: boolean) => {
    if (ev.pointerId !== pointerId) return;
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
    window.removeEventListener('pointercancel', onCancel);
    document.body.classList.remove('tl-dragging', 'tl-trimming');
    if (raf) cancelAnimationFrame(raf);
    const st = appStore.getState();
    if (!began) {
      // A plain click on one clip of a multi-selection selects it alone.
      if (commit && !additive && wasSelected) st.selectClips([id], 'replace');
      return;
    }
    if (pending) st.updateGesture(pending);
    pending = null;
    const gesture = st.gesture;
    if (commit && alt && kind === 'move' && gesture) {
      const ids = gesture.clipIds;
      const first = Math.min(...ids.map((c) => gesture.base.clips[c]?.start_frame ?? 0));
      const frames = gesture.frames;
      st.endGesture(false);
      if (frames !== 0 && st.copyClips(ids)) st.pasteClips(first + frames);
      return;
    }
    st.endGesture(commit);
  };
  const onUp = (ev: PointerEvent) => finish(ev, true);
  const onCancel = (ev: PointerEvent) => finish(ev, false);
  window.addEventListener('pointermove', onMove);
  window.addEventListener('pointerup', onUp);
  window.addEventListener('pointercancel', onCancel);
}
