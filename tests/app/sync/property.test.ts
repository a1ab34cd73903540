import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memorySimServer } from './memory-server.ts';
import { createRealSimServers } from './real-server.ts';
import { planArb, runPlan } from './sim.ts';

// DESIGN §4's invariants as a property (tests/app/sync/sim.ts): seeded runs here, thousands with
// `npx tsx scripts/property-sync.ts`. Over the core's logic on the in-memory port (fast, so many runs), and over
// the real server on SQLite (every run its own commune).
describe('sync convergence (property)', () => {
  it('every phone ends equal to the server, no visit lost or applied twice, over a faulty network and skewed clocks (in-memory port)', async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(planArb({ maxClients: 3, maxOps: 20 }), async (plan) => {
        requests += (await runPlan(plan, memorySimServer)).requests;
      }),
      { seed: 20_260_611, numRuns: 200 },
    );
    expect(requests).toBeGreaterThan(2000);
  }, 300_000);

  it('the same against the real server (Hono + SQLite)', async () => {
    const servers = await createRealSimServers();
    let mutations = 0;
    try {
      await fc.assert(
        fc.asyncProperty(planArb({ maxClients: 3, maxOps: 20 }), async (plan) => {
          mutations += (await runPlan(plan, servers.make)).mutations;
        }),
        { seed: 20_260_612, numRuns: 30 },
      );
    } finally {
      await servers.close();
    }
    expect(mutations).toBeGreaterThan(200);
  }, 300_000);

  // Issue 15: the officer merges households and imports rosters while phones edit and log visits offline. On top of
  // the above: every visit of a merged household is reachable from the survivor, and nobody is counted twice.
  it('with household merges and roster imports interleaved (in-memory port)', async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(planArb({ maxClients: 3, maxOps: 20, merges: true }), async (plan) => {
        requests += (await runPlan(plan, memorySimServer)).requests;
      }),
      { seed: 20_261_203, numRuns: 80 },
    );
    expect(requests).toBeGreaterThan(500);
  }, 300_000);

  it('with household merges and roster imports against the real server (Hono + SQLite)', async () => {
    const servers = await createRealSimServers();
    let mutations = 0;
    try {
      await fc.assert(
        fc.asyncProperty(planArb({ maxClients: 3, maxOps: 20, merges: true }), async (plan) => {
          mutations += (await runPlan(plan, servers.make)).mutations;
        }),
        { seed: 20_261_204, numRuns: 8 },
      );
    } finally {
      await servers.close();
    }
    expect(mutations).toBeGreaterThan(40);
  }, 300_000);
});
