import { useEffect, useState } from 'preact/hooks';

// A value kept outside Preact (a module's state with its own listeners), read while rendering and again on every
// change. The subscription starts only in an effect, after the first read: a change in between would be missed
// for good unless the effect reads once more (the sync screen, mounted while a sync ended, kept saying "syncing").
export const useExternal = <T,>(subscribe: (onChange: () => void) => () => void, read: () => T): T => {
  const [value, set] = useState(read);
  useEffect(() => {
    const update = () => set(() => read());
    const off = subscribe(update);
    update();
    return off;
  }, []);
  return value;
};
