import { isDirty, onDirtyChange } from '../ui/dirty.ts';
import { useExternal } from '../ui/useExternal.ts';

// Service-worker updates wait for the user (registerType 'prompt'): the banner offers "update", and the page never
// reloads while a form has unsaved input — not even when another tab applied the update.
type PwaState = { needRefresh: boolean; update?: () => Promise<void> };
let state: PwaState = { needRefresh: false };
const listeners = new Set<() => void>();
const set = (s: Partial<PwaState>) => {
  state = { ...state, ...s };
  listeners.forEach((l) => l());
};

// Another tab applied an update and the new service worker took over: reload to run the new version, but only
// once no form holds unsaved input.
export const reloadWhenClean = (reload: () => void = () => location.reload()): void => {
  if (!isDirty()) return reload();
  const off = onDirtyChange(() => {
    if (!isDirty()) {
      off();
      reload();
    }
  });
};

// A new version is installed and waiting: the banner offers it; `update` activates it (and the page reloads).
export const offerUpdate = (update: () => Promise<void>): void => set({ needRefresh: true, update });

export const startPwa = async (): Promise<void> => {
  if (!('serviceWorker' in navigator)) return;
  const { registerSW } = await import('virtual:pwa-register');
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => offerUpdate(() => updateSW(true)),
    onNeedReload: () => reloadWhenClean(),
  });
};

const onPwa = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export const usePwa = (): PwaState => useExternal(onPwa, () => state);
