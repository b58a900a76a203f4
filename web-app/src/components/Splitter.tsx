import type { Layout } from '../store/viewSlice';
import { viewStore } from '../store/viewSlice';

/**
 * A drag handle resizing one layout size. `sign`: +1 when dragging right/down grows it, -1 when it shrinks it.
 * Double-click restores the default. Keyboard: arrows move it by 16 px.
 */
export function Splitter({ size, axis, sign, label }: { size: keyof Layout; axis: 'x' | 'y'; sign: 1 | -1; label: string }) {
  return (
    <div
      className={`splitter splitter-${axis}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={label}
      tabIndex={0}
      data-testid={`splitter-${size}`}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        const start = axis === 'x' ? e.clientX : e.clientY;
        const from = viewStore.getState().layout[size];
        const move = (ev: PointerEvent) => {
          const now = axis === 'x' ? ev.clientX : ev.clientY;
          viewStore.getState().setLayout({ [size]: from + sign * (now - start) });
        };
        const up = () => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
          document.body.classList.remove('resizing');
        };
        document.body.classList.add('resizing');
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
      }}
      onDoubleClick={() => viewStore.getState().setLayout({ [size]: undefined })}
      onKeyDown={(e) => {
        const d = axis === 'x' ? (e.key === 'ArrowRight' ? 16 : e.key === 'ArrowLeft' ? -16 : 0) : e.key === 'ArrowDown' ? 16 : e.key === 'ArrowUp' ? -16 : 0;
        if (!d) return;
        e.preventDefault();
        e.stopPropagation();
        viewStore.getState().setLayout({ [size]: viewStore.getState().layout[size] + sign * d });
      }}
    />
  );
}
