// The long run of the sync convergence property (tests/app/sync/property.test.ts runs a few hundred in `npm test`):
//   npx tsx scripts/property-sync.ts [--runs 1000] [--seed N] [--server memory|real] [--db sqlite|postgres] [--clients 4] [--ops 40] [--merges]
// `--merges`: the officer also merges households, undoes merges and imports rosters while the phones work (issue 15).
// Prints a line every 50 runs (how far it got, if it is stopped).
// `memory`: the core's sync logic over the in-memory port; `real`: the Hono server (a commune per run) on SQLite, or
// on the PostgreSQL at TEST_DATABASE_URL with `--db postgres`.
// Prints the seed, so a failure can be replayed with the same arguments.
import fc from 'fast-check';
import { memorySimServer } from '../tests/app/sync/memory-server.ts';
import { createRealSimServers } from '../tests/app/sync/real-server.ts';
import { planArb, runPlan, type SimReport, type SimServer } from '../tests/app/sync/sim.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '1000'));
const seed = Number(arg('seed', String(Math.floor(Math.random() * 2 ** 31))));
const kind = arg('server', 'memory');
const db = arg('db', 'sqlite');
if (db !== 'sqlite' && db !== 'postgres') throw new Error(`--db: sqlite or postgres, not ${db}`);
const clients = Number(arg('clients', '4'));
const ops = Number(arg('ops', '40'));
const merges = process.argv.includes('--merges');

const real = kind === 'real' ? await createRealSimServers(db) : undefined;
const make: (now: () => number) => Promise<SimServer> = real ? real.make : memorySimServer;
const total: SimReport = { requests: 0, faults: { ok: 0, 'drop-request': 0, 'drop-answer': 0, duplicate: 0, delay: 0, flush: 0 }, mutations: 0, visits: 0 };
const started = Date.now();
let done = 0;
console.log(`sync property: ${runs} runs, seed ${seed}, ${kind} server${real ? ` on ${db}` : ''}, ≤ ${clients} phones, ≤ ${ops} steps${merges ? ', with merges, undos and imports' : ''}`);
try {
  await fc.assert(
    fc.asyncProperty(planArb({ maxClients: clients, maxOps: ops, merges }), async (plan) => {
      const r = await runPlan(plan, make);
      if (++done % 50 === 0) console.log(`  ${done} runs passed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      total.requests += r.requests;
      total.mutations += r.mutations;
      total.visits += r.visits;
      for (const [k, n] of Object.entries(r.faults)) total.faults[k as keyof SimReport['faults']] += n;
    }),
    { seed, numRuns: runs },
  );
} finally {
  await real?.close();
}
console.log(
  `ok in ${((Date.now() - started) / 1000).toFixed(1)} s: ${total.requests} requests (${JSON.stringify(total.faults)}), ` +
    `${total.mutations} mutations applied exactly once, ${total.visits} visits, none lost`,
);
