import { useEffect, useRef } from 'react';
import type { MaskEditorState } from '../../hooks/useMaskEditor';
import { clickIsPositive, clientToImage, overlayRgba, PAINT_ADD, PAINT_ERASE, stampDisc, strokeSegment } from '../../domain/mask';

/**
 * The grabbed frame on a canvas at its native resolution (scaled to fit), the mask over it in translucent red, and
 * the SAM clicks as markers. Pointer positions are mapped to image pixels (store/mask.ts clientToImage).
 */
export function MaskCanvas({ src, editor }: { src: string; editor: MaskEditorState }) {
  const { size, tool, finalMask, points } = editor;
  const frameRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const canvas = frameRef.current;
    if (!canvas) return;
    const image = new Image();
    let live = true;
    image.onload = () => {
      if (!live) return;
      canvas.getContext('2d')?.drawImage(image, 0, 0, size.width, size.height);
      canvas.dataset.loaded = 'true';
    };
    image.src = src;
    return () => {
      live = false;
    };
  }, [src, size]);

  useEffect(() => {
    const ctx = overlayRef.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(overlayRgba(finalMask) as Uint8ClampedArray<ArrayBuffer>, size.width, size.height), 0, 0);
  }, [finalMask, size]);

  const toImage = (event: React.PointerEvent) => {
    const rect = overlayRef.current!.getBoundingClientRect();
    return clientToImage(event.clientX, event.clientY, rect, size);
  };
  const radius = editor.brushSize / 2;
  const value = tool === 'eraser' ? PAINT_ERASE : PAINT_ADD;

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    const at = toImage(event);
    if (!at) return;
    event.preventDefault();
    if (tool === 'sam') {
      editor.addPoint({ ...at, positive: clickIsPositive(event, editor.exclude) });
      return;
    }
    event.currentTarget.setPointerCapture?.(event.pointerId);
    last.current = at;
    stampDisc(editor.paint.current, size, at.x, at.y, radius, value);
    editor.paintChanged();
  };
  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!last.current || tool === 'sam') return;
    const at = toImage(event);
    if (!at) return;
    strokeSegment(editor.paint.current, size, last.current, at, radius, value);
    last.current = at;
    editor.paintChanged();
  };
  const onPointerUp = () => {
    last.current = null;
  };

  return (
    <div className={`mask-stage mask-tool-${tool}`} style={{ aspectRatio: `${size.width} / ${size.height}` }}>
      <canvas ref={frameRef} className="mask-layer" width={size.width} height={size.height} data-testid="mask-frame" />
      <canvas
        ref={overlayRef}
        className="mask-layer mask-overlay"
        width={size.width}
        height={size.height}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onContextMenu={(e) => e.preventDefault()}
        data-testid="mask-canvas"
        data-mask-area={editor.maskArea}
        aria-label="Frame: click to mark the object (shift or alt click: not the object), or paint with the brush"
      />
      {points.map((p, i) => (
        <span
          key={i}
          className={`mask-point ${p.positive ? 'mask-point-add' : 'mask-point-exclude'}`}
          style={{ left: `${((p.x + 0.5) / size.width) * 100}%`, top: `${((p.y + 0.5) / size.height) * 100}%` }}
          title={`${p.positive ? 'object' : 'not the object'} at ${p.x}, ${p.y}`}
          data-testid="sam-point"
        >
          {p.positive ? '+' : '−'}
        </span>
      ))}
    </div>
  );
}
