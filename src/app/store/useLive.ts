import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppDb } from './db.ts';
import { getDb, onDbChange } from './active-db.ts';
import { useExternal } from '../ui/useExternal.ts';

// The active database, re-rendering when the demo switches it.
export const useDb = (): AppDb => useExternal(onDbChange, getDb);

// A Dexie live query: re-runs when the tables it read change (in this tab or another). `undefined` until the
// first result for the current database and deps (never a stale result of other deps); a failed query is reported
// in the console and keeps the last good value.
export const useLive = <T,>(query: (db: AppDb) => Promise<T>, deps: readonly unknown[]): T | undefined => {
  const db = useDb();
  const [value, setValue] = useState<{ v: T; key: object } | undefined>(undefined);
  const current = useRef<object>({});
  useEffect(() => {
    const key = {};
    current.current = key;
    const sub = liveQuery(() => query(db)).subscribe({
      next: (v) => setValue({ v, key }),
      error: (e) => console.error('live query failed', e),
    });
    return () => sub.unsubscribe();
  }, [db, ...deps]);
  return value && value.key === current.current ? value.v : undefined;
};
