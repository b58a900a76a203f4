import { useState } from 'react';

/**
 * Local state that starts as `value` and starts over whenever `value` changes (a field's text while the user types,
 * reset when the store's value moves). The reset happens during render, as React recommends for state derived from a
 * prop, so no effect runs a second render with the stale text first.
 */
export function useSyncedState<T>(value: T): [T, (next: T) => void] {
  const [local, setLocal] = useState(value);
  const [seen, setSeen] = useState(value);
  if (!Object.is(seen, value)) {
    setSeen(value);
    setLocal(value);
  }
  return [local, setLocal];
}
