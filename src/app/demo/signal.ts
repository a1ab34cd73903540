// The simulated signal ("bật / tắt sóng (giả lập)"). In the demo the phone's only network is the in-browser
// server, so the switch stands for the whole network: `navigator.onLine` reads it, and turning it off or on fires
// the same `offline` / `online` events a phone losing or finding signal would, so the real app (its sync engine,
// its badge) reacts exactly as in a village. The browser's own online/offline events are kept from the app while
// the demo runs: the projector laptop's Wi-Fi has nothing to do with the demo phone. Kept in localStorage so every
// page of the demo (the stage and the phone in its frame) shares one switch.
export const SIGNAL_KEY = 'tn.demo.signal';

const read = (): boolean => {
  try {
    return localStorage.getItem(SIGNAL_KEY) !== 'off';
  } catch {
    return true;
  }
};

let current = read();
const listeners = new Set<(on: boolean) => void>();
const ours = new WeakSet<Event>();

export const signalOn = (): boolean => current;

export const onSignal = (l: (on: boolean) => void): (() => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

const apply = (on: boolean) => {
  if (on === current) return;
  current = on;
  for (const l of listeners) l(on);
  if (typeof window === 'undefined') return;
  const e = new Event(on ? 'online' : 'offline');
  ours.add(e);
  window.dispatchEvent(e);
};

export const setSignal = (on: boolean): void => {
  try {
    localStorage.setItem(SIGNAL_KEY, on ? 'on' : 'off');
  } catch {
    // storage blocked: this page only
  }
  apply(on);
};

let installed = false;
export const installSignal = (): void => {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  current = read();
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => current });
  const filter = (e: Event) => {
    if (!ours.has(e)) e.stopImmediatePropagation();
  };
  // Capturing listeners on the window run before the app's own, which are added later.
  window.addEventListener('online', filter, true);
  window.addEventListener('offline', filter, true);
  // Another page of the demo flipped the switch.
  window.addEventListener('storage', (e) => {
    if (e.key === SIGNAL_KEY || e.key === null) apply(read());
  });
};
