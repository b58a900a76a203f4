// UI-only state of the editor that is neither project data nor undoable: the transport (shuttle rate, in/out
// points) and the panel layout. A small store of its own (never in zundo's history, never sent to the server); the
// layout is kept in localStorage.
import { create } from 'zustand';
import { shuttle } from '../domain/timeline/playback';
import type { ShuttleKey } from '../domain/timeline/playback';

export interface Layout {
  /** Timeline panel height (px). */
  timelineHeight: number;
  /** Inspector column width (px). */
  inspectorWidth: number;
  /** Media bin column width (px). */
  binWidth: number;
}

export const DEFAULT_LAYOUT: Layout = { timelineHeight: 300, inspectorWidth: 380, binWidth: 280 };
export const LAYOUT_LIMITS: Record<keyof Layout, [number, number]> = {
  timelineHeight: [140, 900],
  inspectorWidth: [260, 720],
  binWidth: [160, 560],
};
const LAYOUT_KEY = 'milimo.layout.v1';

function clampLayout(layout: Partial<Layout>): Layout {
  const out = { ...DEFAULT_LAYOUT };
  for (const key of Object.keys(LAYOUT_LIMITS) as (keyof Layout)[]) {
    const v = Number(layout[key]);
    if (Number.isFinite(v)) out[key] = Math.min(LAYOUT_LIMITS[key][1], Math.max(LAYOUT_LIMITS[key][0], Math.round(v)));
  }
  return out;
}

function loadLayout(): Layout {
  try {
    const raw = globalThis.localStorage?.getItem(LAYOUT_KEY);
    return raw ? clampLayout(JSON.parse(raw) as Partial<Layout>) : DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export interface ViewState {
  /** Playback rate (0 paused; see `shuttle`). */
  rate: number;
  /** In/out points (frames) or null; with both set, play loops between them. */
  inPoint: number | null;
  outPoint: number | null;
  layout: Layout;
  shortcutsOpen: boolean;
  /** Width (px) of the timeline's visible lane area (for virtualization). */
  viewportWidth: number;
  setViewportWidth(px: number): void;
  press(key: ShuttleKey): void;
  setRate(rate: number): void;
  setIn(frame: number | null): void;
  setOut(frame: number | null): void;
  setLayout(patch: Partial<Layout>): void;
  setShortcutsOpen(open: boolean): void;
}

export const viewStore = create<ViewState>()((set, get) => ({
  rate: 0,
  inPoint: null,
  outPoint: null,
  layout: loadLayout(),
  shortcutsOpen: false,
  viewportWidth: 1200,
  setViewportWidth(px) {
    if (get().viewportWidth !== px) set({ viewportWidth: px });
  },
  press(key) {
    set({ rate: shuttle({ rate: get().rate }, key).rate });
  },
  setRate(rate) {
    if (get().rate !== rate) set({ rate });
  },
  setIn(frame) {
    set({ inPoint: frame });
  },
  setOut(frame) {
    set({ outPoint: frame });
  },
  setLayout(patch) {
    const layout = clampLayout({ ...get().layout, ...patch });
    set({ layout });
    try {
      globalThis.localStorage?.setItem(LAYOUT_KEY, JSON.stringify(layout));
    } catch {
      // private mode: the layout just isn't kept
    }
  },
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
}));

export function useView<T>(selector: (state: ViewState) => T): T {
  return viewStore(selector);
}
