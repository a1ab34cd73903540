import { getDb, onDbChange } from '../store/active-db.ts';
import type { AppDb } from '../store/db.ts';
import { SyncEngine, type CycleResult, type EngineOptions } from './engine.ts';
import { publishEngine } from './status-bus.ts';

// The app's one sync engine, on the active database (the trainer demo switches databases; a database without a
// device token simply does not sync). Started by the shell after the first paint.
let engine: SyncEngine | undefined;
let unsubscribe: (() => void) | undefined;
let watching = false;
// The trainer demo (src/app/demo) gives the engine its in-browser transport, or no engine at all (null) on its
// stage page; everything else gets the defaults (HTTP to the server).
let configure: (db: AppDb) => Partial<EngineOptions> | null = () => ({});
export const configureSync = (f: (db: AppDb) => Partial<EngineOptions> | null): void => {
  configure = f;
};

const attach = (db: AppDb) => {
  if (engine?.db === db) return;
  engine?.stop();
  unsubscribe?.();
  engine = undefined;
  const extra = configure(db);
  if (!extra) return;
  engine = new SyncEngine({ db, ...extra });
  unsubscribe = engine.subscribe(publishEngine);
  publishEngine(engine.getState());
  engine.start();
};

export const startSync = (): void => {
  attach(getDb());
  if (!watching) {
    watching = true;
    onDbChange(attach);
  }
};

// The user's "Gửi ngay": tried even when the browser believes it is offline.
export const syncNow = (): Promise<CycleResult> => {
  startSync();
  return engine ? engine.syncNow(true) : Promise.resolve({ kind: 'not-joined' });
};

// Stops the engine and waits for a sync under way to finish (tests; a demo that takes over the database).
export const stopSync = async (): Promise<void> => {
  const e = engine;
  e?.stop();
  unsubscribe?.();
  engine = undefined;
  unsubscribe = undefined;
  await e?.idle();
};
