import type { Kysely } from 'kysely';
import type { DbKind } from '../store/open.ts';
import type { Database } from '../store/schema.ts';
import { refreshCommune } from './rollups.ts';

// Brings the rollups of communes that changed up to date in the background shortly after pushes, so the officer's
// dashboard usually finds nothing to rebuild. A dashboard request refreshes anyway, so a missed poke costs only
// latency, never correctness.
// `poke(communeId)` after a push marks that commune; `poke()` (start-up, an officer's change) looks at every commune,
// which is a query over all communes (docs/scaling.md: the one background job that reads across them).
export type Warmer = { poke: (communeId?: string) => void; flush: () => Promise<void>; stop: () => void };

export const staleCommunes = async (db: Kysely<Database>): Promise<string[]> => {
  const rows = await db
    .selectFrom('communes')
    .leftJoin('report_state', 'report_state.commune_id', 'communes.id')
    .select(['communes.id as id', 'communes.version as version', 'report_state.rolled_version as rolled'])
    .execute();
  return rows.filter((r) => r.rolled === null || Number(r.version) > Number(r.rolled)).map((r) => r.id);
};

// Pokes come with every push. The refresh waits until pushes pause for `delayMs` (under unbroken traffic it still
// runs every `maxWaitMs`), and lets requests in between communes: rebuilding 20 communes is a few hundred
// milliseconds of database work on the server's event loop, which landing in a burst of phones syncing added to
// every one of them (tests/bench/server.ts: a sixth of the server's time with 500 phones at once).
export const createWarmer = (db: Kysely<Database>, kind: DbKind, now: () => number, delayMs = 2000, maxWaitMs = 5 * 60_000): Warmer => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let firstPoke: number | undefined;
  let lastPoke = 0;
  let everyCommune = false;
  const dirty = new Set<string>();
  const run = async () => {
    if (stopped) return;
    const all = everyCommune;
    const some = [...dirty];
    everyCommune = false;
    dirty.clear();
    try {
      // A pushed commune is refreshed by its own key (refreshCommune does nothing when it is up to date).
      for (const id of all ? await staleCommunes(db) : some) {
        if (stopped) return;
        await refreshCommune(db, kind, id, now());
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      if (!stopped) console.warn('report rollups: background refresh failed (the next request retries):', (e as Error).message);
    }
  };
  const schedule = (ms: number) => {
    timer = setTimeout(fire, ms);
    timer.unref?.();
  };
  const fire = () => {
    timer = undefined;
    const t = Date.now();
    // The wall clock can step back (an NTP correction; the sync property test's skewed clocks). A poke stamped after
    // now counts as now: otherwise the wait would be months, which setTimeout turns into 1 ms, and the timer spins.
    if (lastPoke > t) lastPoke = t;
    if (firstPoke !== undefined && firstPoke > t) firstPoke = t;
    const due = Math.min(lastPoke + delayMs, (firstPoke ?? t) + maxWaitMs);
    if (t < due) return schedule(due - t);
    firstPoke = undefined;
    running = running.then(run);
  };
  return {
    poke: (communeId) => {
      if (stopped) return;
      if (communeId === undefined) everyCommune = true;
      else dirty.add(communeId);
      lastPoke = Date.now();
      firstPoke ??= lastPoke;
      if (!timer) schedule(delayMs);
    },
    flush: async () => {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        firstPoke = undefined;
        running = running.then(run);
      }
      await running;
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
};
