// Browser storage behind a tiny interface (localStorage in the app, a Map in tests). Writes never throw: a full quota
// drops the write (and the caller keeps working from memory).

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function browserStorage(): KeyValueStorage | null {
  try {
    const storage = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    return storage ?? null;
  } catch {
    return null;
  }
}

export function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

export function readJson<T>(storage: KeyValueStorage | null, key: string): T | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/** False when the write did not happen (no storage, quota). */
export function writeJson(storage: KeyValueStorage | null, key: string, value: unknown): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function removeKey(storage: KeyValueStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing to do
  }
}

export const outboxKey = (projectId: string) => `milimo.timeline.outbox.${projectId}`;
export const historyKey = (projectId: string) => `milimo.timeline.history.${projectId}`;
/** The server steps (an extension, a retake, a take switch) beside the timeline's history, so Undo reaches them too. */
export const serverStepsKey = (projectId: string) => `milimo.history.serverSteps.${projectId}`;
