// The editor's keyboard: transport (Space, J/K/L, arrows, Home/End, I/O), edits (S / Ctrl+K, Delete, Shift+Delete,
// Ctrl+D, Ctrl+C/V), zoom (+/-) and the shortcuts overlay (?). Ignored inside text fields and dialogs; Ctrl+Z/Y stay
// with useUndoHotkeys.
import { useEffect } from 'react';
import { appStore } from '../../store';
import { viewStore } from '../../store/viewSlice';
import { timelineEnd } from '../../domain/timeline/model';
import { getPlayhead, setPlayhead } from './bind';
import { zoomAround } from './TimelinePanel';
import { markInOut } from '../RetakeBar';

export interface Shortcut {
  keys: string;
  what: string;
}

export const SHORTCUTS: { group: string; items: Shortcut[] }[] = [
  {
    group: 'Playback',
    items: [
      { keys: 'Space', what: 'Play / pause' },
      { keys: 'J / K / L', what: 'Reverse / stop / forward (repeat J or L for 2×, 4×, 8×)' },
      { keys: '← / →', what: 'One frame back / forward' },
      { keys: 'Shift + ← / →', what: 'One second back / forward' },
      { keys: 'Home / End', what: 'Start / end of the timeline' },
      { keys: 'I / O', what: 'Set in / out point (play loops between them; also the retake marks on the shot on screen)' },
      { keys: 'Alt + X', what: 'Clear in / out points (and the retake marks)' },
    ],
  },
  {
    group: 'Editing',
    items: [
      { keys: 'S  or  Ctrl + K', what: 'Split at the playhead' },
      { keys: 'Delete', what: 'Delete (leave the gap)' },
      { keys: 'Shift + Delete', what: 'Ripple delete (close the gap)' },
      { keys: 'Ctrl + D', what: 'Duplicate' },
      { keys: 'Ctrl + C / Ctrl + V', what: 'Copy / paste at the playhead' },
      { keys: 'Ctrl + A', what: 'Select all clips' },
      { keys: 'Ctrl + Z / Ctrl + Shift + Z', what: 'Undo / redo' },
      { keys: 'Alt + drag', what: 'Duplicate by dragging' },
      { keys: 'Ctrl + drag', what: 'Move without snapping' },
      { keys: 'Shift / Ctrl + click, drag on empty space', what: 'Add to selection / toggle / marquee' },
    ],
  },
  {
    group: 'View',
    items: [
      { keys: '+ / −  or  Ctrl + wheel', what: 'Zoom in / out' },
      { keys: 'Ctrl + E', what: 'Export: render a master, timeline for another editor, project archive' },
      { keys: '?', what: 'This help' },
      { keys: 'Esc', what: 'Close / clear the selection' },
    ],
  },
];

function ignored(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'submit'].includes(target.type)) return true;
  return !!target.closest('[role="dialog"]');
}

export function useTimelineHotkeys(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const view = viewStore.getState();
      if (view.shortcutsOpen && (e.key === 'Escape' || e.key === '?')) {
        view.setShortcutsOpen(false);
        e.preventDefault();
        return;
      }
      if (e.defaultPrevented || ignored(e.target)) return;
      const s = appStore.getState();
      const ctrl = e.ctrlKey || e.metaKey;
      const key = e.key;
      const lower = key.toLowerCase();
      const fps = s.project?.fps ?? 24;
      const done = () => e.preventDefault();
      if (view.shortcutsOpen) return;
      if (key === '?') return (view.setShortcutsOpen(true), done());
      if (ctrl && !e.altKey) {
        if (lower === 'k') return (s.splitAtPlayhead(), done());
        if (lower === 'd') return (s.duplicateClips(), done());
        if (lower === 'c' && Object.keys(s.selectedClips).length) return (s.copyClips(), done());
        if (lower === 'v' && s.clipboard) return (s.pasteClips(getPlayhead()), done());
        if (lower === 'a' && (e.target as HTMLElement)?.closest?.('.tl')) return (s.selectClips(Object.keys(s.timeline.clips), 'replace'), done());
        if (key === '=' || key === '+') return (zoomAround(s.zoom * 1.25), done());
        if (key === '-') return (zoomAround(s.zoom / 1.25), done());
        return;
      }
      if (e.altKey) {
        if (lower === 'x') {
          markInOut(null);
          done();
        }
        return;
      }
      // A button with focus keeps Space/Enter for itself.
      if (key === ' ' && e.target instanceof HTMLButtonElement) return;
      switch (key) {
        case ' ':
          view.press('space');
          return done();
        case 'j':
        case 'J':
          view.press('j');
          return done();
        case 'k':
        case 'K':
          view.press('k');
          return done();
        case 'l':
        case 'L':
          view.press('l');
          return done();
        case 'ArrowLeft':
          view.setRate(0);
          setPlayhead(getPlayhead() - (e.shiftKey ? fps : 1));
          return done();
        case 'ArrowRight':
          view.setRate(0);
          setPlayhead(getPlayhead() + (e.shiftKey ? fps : 1));
          return done();
        case 'Home':
          setPlayhead(0);
          return done();
        case 'End':
          setPlayhead(Math.max(0, timelineEnd(s.timeline) - 1));
          return done();
        case 'i':
        case 'I':
          markInOut('in'); // and the retake mark on the shot on screen, in frames of its take
          return done();
        case 'o':
        case 'O':
          markInOut('out');
          return done();
        case 's':
        case 'S':
          s.splitAtPlayhead();
          return done();
        case 'Delete':
        case 'Backspace':
          if (!Object.keys(s.selectedClips).length) return;
          if (e.shiftKey) s.rippleDelete();
          else s.deleteClips();
          return done();
        case '+':
        case '=':
          zoomAround(s.zoom * 1.25);
          return done();
        case '-':
          zoomAround(s.zoom / 1.25);
          return done();
        case 'Escape':
          s.selectClips([], 'replace');
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
