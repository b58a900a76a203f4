// The Fix-frame editor's working state: SAM clicks and their mask, masks added from a "Find…" search, the brush /
// eraser paint layer, and the final mask they make. Transient (never in the store or the undo history); the pixel
// arithmetic lives in store/mask.ts.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SegmentMask } from '../api/types';
import { appStore } from '../store';
import { messageOf } from '../domain/errors';
import type { MaskPoint, Size } from '../domain/mask';
import { composite, countOn, emptyMask, invertedPaint, pointsForRequest, unionAll } from '../domain/mask';
import { loadMask } from '../components/fixframe/pixels';

export type MaskTool = 'sam' | 'brush' | 'eraser';

/** What SAM said about the clicks so far (shown beside the tools). */
export interface ClickAnswer {
  count: number;
  score: number | null;
  area: number | null;
  testModel: boolean;
}

export interface FoundMask extends SegmentMask {
  key: string;
  added: boolean;
}

export interface FindAnswer {
  text: string;
  masks: FoundMask[];
  testModel: boolean;
}

export function useMaskEditor(size: Size) {
  const [tool, setTool] = useState<MaskTool>('sam');
  const [exclude, setExclude] = useState(false);
  const [brushSize, setBrushSize] = useState(() => Math.max(2, Math.round(Math.min(size.width, size.height) / 16)));
  const [points, setPoints] = useState<MaskPoint[]>([]);
  const [clickMask, setClickMask] = useState<Uint8Array | null>(null);
  const [clickAnswer, setClickAnswer] = useState<ClickAnswer | null>(null);
  const [asking, setAsking] = useState(false);
  const [found, setFound] = useState<FindAnswer | null>(null);
  const [addedMasks, setAddedMasks] = useState<Record<string, Uint8Array>>({});
  // The paint layer changes on every pointer move: mutated in place, with a counter to re-render.
  const paint = useRef<Uint8Array>(emptyMask(size));
  const [paintVersion, setPaintVersion] = useState(0);
  const askSeq = useRef(0);

  const samLayer = useMemo(
    () => unionAll([...(clickMask ? [clickMask] : []), ...Object.values(addedMasks)], size),
    [clickMask, addedMasks, size],
  );
  // paintVersion stands for the mutable paint layer (changed in place while a stroke runs).
  // Reading the ref while rendering is the point: the layer is mutated in place per pointer move (no copy), and
  // `paintVersion` is bumped after each change so this recomputes.
  // eslint-disable-next-line react-hooks/refs, react-hooks/exhaustive-deps -- the paint layer is mutable by design
  const finalMask = useMemo(() => composite(samLayer, paint.current), [samLayer, paintVersion]);
  const maskArea = useMemo(() => countOn(finalMask), [finalMask]);

  /** Ask SAM with every click so far; its answer replaces the click layer. */
  const askPoints = useCallback(
    async (next: MaskPoint[]) => {
      const seq = ++askSeq.current;
      if (next.length === 0) {
        setClickMask(null);
        setClickAnswer(null);
        return;
      }
      setAsking(true);
      const answer = await appStore.getState().segmentFrame({ points: pointsForRequest(next), max_masks: 1 });
      if (seq !== askSeq.current) return; // a newer click is on its way
      setAsking(false);
      if (!answer) return;
      const best = [...answer.masks].sort((a, b) => b.score - a.score)[0];
      try {
        setClickMask(best ? await loadMask(best.mask_url, size) : emptyMask(size));
      } catch (error) {
        appStore.getState().notify(`Could not read the mask: ${messageOf(error)}`);
      }
      if (seq !== askSeq.current) return;
      setClickAnswer({ count: answer.masks.length, score: best?.score ?? null, area: best?.area ?? null, testModel: answer.test_model });
    },
    [size],
  );

  const addPoint = useCallback(
    (point: MaskPoint) => {
      const next = [...points, point];
      setPoints(next);
      void askPoints(next);
    },
    [points, askPoints],
  );

  const undoPoint = useCallback(() => {
    const next = points.slice(0, -1);
    setPoints(next);
    void askPoints(next);
  }, [points, askPoints]);

  const clearPoints = useCallback(() => {
    setPoints([]);
    void askPoints([]);
  }, [askPoints]);

  const find = useCallback(async (text: string) => {
    const words = text.trim();
    if (!words) return;
    setAsking(true);
    const answer = await appStore.getState().segmentFrame({ text: words });
    setAsking(false);
    if (!answer) return;
    setFound({
      text: words,
      testModel: answer.test_model,
      masks: answer.masks.map((m, i) => ({ ...m, key: `${words}#${i}#${m.mask_url}`, added: false })),
    });
  }, []);

  const toggleFound = useCallback(
    async (key: string) => {
      const item = found?.masks.find((m) => m.key === key);
      if (!item) return;
      if (item.added) {
        setAddedMasks(({ [key]: _gone, ...rest }) => rest);
      } else {
        try {
          const mask = await loadMask(item.mask_url, size);
          setAddedMasks((prev) => ({ ...prev, [key]: mask }));
        } catch (error) {
          appStore.getState().notify(`Could not read the mask: ${messageOf(error)}`);
          return;
        }
      }
      setFound((prev) => prev && { ...prev, masks: prev.masks.map((m) => (m.key === key ? { ...m, added: !m.added } : m)) });
    },
    [found, size],
  );

  const paintChanged = useCallback(() => setPaintVersion((v) => v + 1), []);

  const clearMask = useCallback(() => {
    paint.current = emptyMask(size);
    setAddedMasks({});
    setFound((prev) => prev && { ...prev, masks: prev.masks.map((m) => ({ ...m, added: false })) });
    askSeq.current++;
    setPoints([]);
    setClickMask(null);
    setClickAnswer(null);
    setAsking(false);
    paintChanged();
  }, [size, paintChanged]);

  const invert = useCallback(() => {
    paint.current = invertedPaint(finalMask);
    paintChanged();
  }, [finalMask, paintChanged]);

  return {
    size,
    tool,
    setTool,
    exclude,
    setExclude,
    brushSize,
    setBrushSize,
    points,
    addPoint,
    undoPoint,
    clearPoints,
    clickAnswer,
    asking,
    found,
    find,
    toggleFound,
    paint,
    paintChanged,
    finalMask,
    maskArea,
    clearMask,
    invert,
  };
}

export type MaskEditorState = ReturnType<typeof useMaskEditor>;
