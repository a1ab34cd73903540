import { AppDb } from './db.ts';

// The one way screens and repositories reach the phone's database. The field app opens 'tungnha'; the trainer
// demo switches to its own database (e.g. new AppDb('tungnha-demo')) and the same screens run on it. Listeners
// (the shell) re-render when the database is switched.
let active: AppDb | undefined;
const listeners = new Set<(db: AppDb) => void>();

export const getDb = (): AppDb => (active ??= new AppDb());

export const setDb = (db: AppDb): void => {
  if (db === active) return;
  active = db;
  for (const l of listeners) l(db);
};

export const onDbChange = (listener: (db: AppDb) => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
