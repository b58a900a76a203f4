// Text typed into a shot's field and not yet committed to its draft (a field commits on blur: one undo step). Kept
// apart from the undoable store so the inspector can count it as unsaved and check it before Generate: the blur
// that commits it then changes nothing on screen, so a click that caused the blur lands where it was aimed.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

type Fields = Record<string, string>;

const pendingStore = create<{ pending: Record<string, Fields> }>(() => ({ pending: {} }));

/** `text` is what the field holds now; `null` once it is committed (or matches the draft again). */
export function setPendingText(shotId: string, field: string, text: string | null): void {
  const { pending } = pendingStore.getState();
  const fields = { ...(pending[shotId] ?? {}) };
  if (text === null) {
    if (!(field in fields)) return;
    delete fields[field];
  } else {
    if (fields[field] === text) return;
    fields[field] = text;
  }
  const next = { ...pending };
  if (Object.keys(fields).length) next[shotId] = fields;
  else delete next[shotId];
  pendingStore.setState({ pending: next });
}

export function pendingTextOf(shotId: string): Fields {
  return pendingStore.getState().pending[shotId] ?? {};
}

export function usePendingText(shotId: string): Fields {
  return pendingStore(useShallow((s) => s.pending[shotId] ?? {}));
}
