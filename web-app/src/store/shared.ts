// Types that several slices share (a leaf: it imports nothing from the store).
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
