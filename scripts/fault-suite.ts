// The long run of the fault suite (tests/server/faults/faults.test.ts runs 50 + 50 scenarios in `npm test`):
//   npx tsx scripts/fault-suite.ts [--runs 1000] [--seed N] [--db sqlite|postgres] [--servers 3] [--kill-every 4] [--clients 3] [--ops 16]
// Phones (fake-indexeddb, the field app's repositories and sync client) write offline and sync over sockets through a
// proxy that drops, cuts, duplicates, delays and reorders requests and answers, SIGKILLs a server mid-push and
// terminates its PostgreSQL sessions; with --servers N (PostgreSQL) the requests are spread over N server
// processes on one database and one of them is killed for good during a run. Prints the seed for a replay.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { planArb, runPlan } from '../tests/app/sync/sim.ts';
import { createFaultyServers } from '../tests/server/faults/faulty-servers.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '1000'));
const seed = Number(arg('seed', String(Math.floor(Math.random() * 2 ** 31))));
const db = arg('db', 'sqlite');
if (db !== 'sqlite' && db !== 'postgres') throw new Error(`--db: sqlite or postgres, not ${db}`);
if (db === 'postgres' && !process.env.TEST_DATABASE_URL) throw new Error('--db postgres needs TEST_DATABASE_URL');
const servers = Number(arg('servers', db === 'postgres' ? '3' : '1'));
if (db === 'sqlite' && servers !== 1) throw new Error('several servers share a PostgreSQL database, not a SQLite file: --db postgres');

const started = Date.now();
console.log(`fault suite: ${runs} scenarios, seed ${seed}, ${servers} server process(es) on ${db}`);
const faulty = await createFaultyServers({ db, servers, seed, killEvery: Number(arg('kill-every', '4')) });
let failed = false;
try {
  await fc.assert(
    fc.asyncProperty(planArb({ maxClients: Number(arg('clients', '3')), maxOps: Number(arg('ops', '16')) }), async (plan) => {
      await runPlan(plan, faulty.make, { t0: Date.now() });
      const t = faulty.totals();
      if (t.runs % 25 === 0)
        console.log(`  ${t.runs} scenarios passed in ${((Date.now() - started) / 1000).toFixed(0)} s: ${t.requests} requests, ${t.kills} SIGKILLs, ${t.crashes.length} crashes, 500s: ${t.internal.length}`);
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
} catch (e) {
  failed = true;
  console.error(e instanceof Error ? e.message : e);
  if (e instanceof Error && e.cause) console.error('cause:', e.cause);
} finally {
  const t = faulty.totals();
  const logs = faulty.logs();
  await faulty.close();
  console.log(
    `${failed ? 'FAILED' : 'ok'} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${t.runs} scenarios, ${t.requests} requests through the proxy ${JSON.stringify(t.counts)}; ` +
      `${t.kills} SIGKILLs, ${t.restarts} restarts, ${t.crashes.length} crashes; answers by status ${JSON.stringify(t.statuses)} (500s: ${t.internal.length})`,
  );
  for (const c of t.crashes) console.error(`a server died by itself:\n${c}`);
  for (const b of t.internal) console.error(`a 500: ${b}`);
  if (t.internal.length) console.error(`the servers' logs:\n${logs.map((l) => l.slice(-4000)).join('\n----\n')}`);
  if (failed || t.crashes.length || t.internal.length) process.exitCode = 1;
}
