import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Kysely } from 'kysely';
import { createWarmer } from '../../src/server/reports/warm.ts';
import { migrate } from '../../src/server/store/migrate.ts';
import { openStore, type Store } from '../../src/server/store/open.ts';
import type { Database } from '../../src/server/store/schema.ts';

// The report warm-up after pushes (src/server/reports/warm.ts) keeps out of bursts of phones: it runs once pushes
// pause, and at least every few minutes under unbroken traffic. Its refresh itself is tested in tests/server/reports.
describe('report warm-up timing', () => {
  let store: Store;
  let dir: string;
  let queries = 0;
  let db: Kysely<Database>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-warm-'));
    store = openStore({ kind: 'sqlite', file: path.join(dir, 'w.sqlite') });
    await migrate(store.db, store.kind);
    // Counts the warm-up's look for stale communes (an empty database has none to refresh).
    db = store.db.withPlugin({
      transformQuery: (a) => {
        queries++;
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits until pokes pause, and under unbroken pokes still runs every maxWait', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const warmer = createWarmer(db, 'sqlite', () => Date.now(), 2000, 60_000);
    queries = 0;
    // A poke every half second for 20 s: nothing runs.
    for (let t = 0; t < 20_000; t += 500) {
      warmer.poke();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(queries).toBe(0);
    // Pokes stop: it runs 2 s after the last one.
    await vi.advanceTimersByTimeAsync(2100);
    await warmer.flush();
    expect(queries).toBe(1);
    // Unbroken pokes for two minutes: it runs once a minute.
    queries = 0;
    for (let t = 0; t < 120_000; t += 500) {
      warmer.poke();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(queries).toBe(2);
    warmer.stop();
  });

  it('runs after the pause even when the clock steps back meanwhile', async () => {
    vi.useFakeTimers({ now: 400 * 86_400_000 });
    const warmer = createWarmer(db, 'sqlite', () => Date.now(), 2000, 60_000);
    queries = 0;
    warmer.poke();
    vi.setSystemTime(Date.now() - 365 * 86_400_000);
    // No flush: it must run by itself, 2 s after the poke, and not wait for the clock to come back.
    await vi.advanceTimersByTimeAsync(4100);
    for (let i = 0; i < 50 && queries === 0; i++) await new Promise((r) => setImmediate(r));
    expect(queries).toBe(1);
    warmer.stop();
  });
});
