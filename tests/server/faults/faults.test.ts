import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { planArb, runPlan } from '../../app/sync/sim.ts';
import { PG_URL } from '../helpers/test-server.ts';
import { createFaultyServers } from './faulty-servers.ts';

// The fault suite's short run (scripts/fault-suite.ts is the long one): phones write offline and sync over sockets
// through a proxy that drops, cuts, duplicates, delays and reorders requests and answers, kills the server mid-push
// and terminates its PostgreSQL sessions. Zero lost, zero applied twice, every phone equals the server, every
// device's sequence applied exactly once (runPlan checks all of it after each run).
const RUNS = { sqlite: Number(process.env.FAULT_RUNS_SQLITE ?? 50), postgres: Number(process.env.FAULT_RUNS_PG ?? 50) };

const suites: { db: 'sqlite' | 'postgres'; servers: number }[] = [{ db: 'sqlite', servers: 1 }];
if (PG_URL) suites.push({ db: 'postgres', servers: 3 });
else console.warn('[tests/server/faults] TEST_DATABASE_URL is not set: the three servers on one PostgreSQL are SKIPPED.');

describe.each(suites)('faults on $db, $servers server process(es)', ({ db, servers }) => {
  const seed = 20261204;
  let faulty: Awaited<ReturnType<typeof createFaultyServers>> | undefined;
  afterAll(() => faulty?.close());

  it(`converges through ${RUNS[db]} faulty scenarios with nothing lost or applied twice`, async () => {
    faulty = await createFaultyServers({ db, servers, seed, killEvery: 10 });
    const f = faulty;
    await fc.assert(
      fc.asyncProperty(planArb({ maxClients: 3, maxOps: 16 }), async (plan) => {
        await runPlan(plan, f.make, { t0: Date.now() });
      }),
      { seed, numRuns: RUNS[db], endOnFailure: true },
    );
    const t = f.totals();
    console.log(`faults on ${db} × ${servers}: ${t.runs} scenarios, ${t.requests} requests through the proxy ${JSON.stringify(t.counts)}, ${t.kills} kills, ${t.restarts} restarts, ${t.crashes.length} crashes; answers by status ${JSON.stringify(t.statuses)}`);
    expect(t.runs).toBe(RUNS[db]);
    expect(t.crashes, 'a server process died by itself').toEqual([]);
    // A server that loses its database answers 503 (retry later), never 500.
    if (t.internal.length) console.error(`500s seen; the servers' logs:\n${f.logs().map((l) => l.slice(-4000)).join('\n----\n')}`);
    expect(t.internal, 'answers 500').toEqual([]);
    // The schedule really broke things: every kind of fault happened.
    for (const k of ['drop-request', 'cut-request', 'drop-answer', 'cut-answer', 'duplicate', 'delay'] as const) expect(t.counts[k], k).toBeGreaterThan(0);
    expect(t.kills).toBeGreaterThan(0);
    if (db === 'postgres') expect(t.counts['pg-terminate']).toBeGreaterThan(0);
  }, 900_000);
});
