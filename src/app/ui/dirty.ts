import { useEffect } from 'preact/hooks';

// Forms with unsaved input register here, so that nothing reloads or navigates away under them: the update banner
// waits, and in-app navigation asks first.
const dirty = new Set<string>();
const listeners = new Set<() => void>();

export const isDirty = (): boolean => dirty.size > 0;
export const onDirtyChange = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export const setDirty = (id: string, value: boolean): void => {
  const had = dirty.has(id);
  if (value) dirty.add(id);
  else dirty.delete(id);
  if (had !== value) for (const l of listeners) l();
};

export const useDirty = (id: string, value: boolean): void => {
  useEffect(() => {
    setDirty(id, value);
  }, [id, value]);
  useEffect(() => () => setDirty(id, false), [id]);
};
