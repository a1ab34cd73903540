import type { EngineState } from './engine.ts';

// What the running sync engine is doing, for screens that must not load the engine itself (the header badge is on
// the first screen; the engine arrives in its own chunk after the first paint).
const initial: EngineState = { running: false, phase: 'idle', online: typeof navigator === 'undefined' || navigator.onLine !== false, failures: 0 };
let state = initial;
const listeners = new Set<(s: EngineState) => void>();

export const engineState = (): EngineState => state;

export const publishEngine = (s: EngineState): void => {
  state = s;
  for (const l of listeners) l(s);
};

export const onEngine = (l: (s: EngineState) => void): (() => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

// "Gửi ngay": starts the engine if it is not running yet and syncs now.
export const requestSync = async () => (await import('./app-sync.ts')).syncNow();
