import { liveQuery, type Subscription } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { getDb, onDbChange } from './active-db.ts';
import type { AppDb } from './db.ts';

// A live query shared by every component that reads it (the member, their villages): one subscription while
// anyone listens, and the latest value handed out synchronously, so a screen opening does not wait for a query
// the header already ran.
export type LiveStore<T> = { get: () => T | undefined; subscribe: (l: () => void) => () => void };

export const liveStore = <T,>(query: (db: AppDb) => Promise<T>): LiveStore<T> => {
  const listeners = new Set<() => void>();
  let value: T | undefined;
  let sub: Subscription | undefined;
  let offDb: (() => void) | undefined;
  const emit = () => listeners.forEach((l) => l());
  const start = (db: AppDb) => {
    sub?.unsubscribe();
    sub = liveQuery(() => query(db)).subscribe({
      next: (v) => {
        value = v;
        emit();
      },
      error: (e) => console.error('live query failed', e),
    });
  };
  return {
    get: () => value,
    subscribe: (l) => {
      listeners.add(l);
      if (!sub) {
        start(getDb());
        offDb = onDbChange((db) => {
          value = undefined;
          emit();
          start(db);
        });
      }
      return () => {
        listeners.delete(l);
        if (!listeners.size) {
          sub?.unsubscribe();
          sub = undefined;
          offDb?.();
          value = undefined;
        }
      };
    },
  };
};

export const useLiveStore = <T,>(store: LiveStore<T>): T | undefined => {
  const [, bump] = useState(0);
  useEffect(() => store.subscribe(() => bump((n) => n + 1)), [store]);
  return store.get();
};
