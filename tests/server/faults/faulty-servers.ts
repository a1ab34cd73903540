import { sql } from 'kysely';
import { createRealSimServers } from '../../app/sync/real-server.ts';
import { httpFetch, startFaultProxy, type FaultProxy, type ProxyFault, type Upstream } from '../helpers/fault-proxy.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { createTestServer, type DbChoice } from '../helpers/test-server.ts';

// The sync convergence property (tests/app/sync/sim.ts) with the phones' requests going over real sockets through
// the fault proxy to real server processes — one on SQLite (killed and restarted), or several on one PostgreSQL
// (one of them killed for good during a run; the others carry on). Setting up communes and checking the result
// happen on an in-process server on the same database. Each run draws its own proxy schedule from the seed.
// `killEvery`: one run in so many has a server SIGKILLed while a push is inside it (a restart takes seconds).
export type FaultySetup = { db: DbChoice; servers: number; seed: number; killEvery?: number };

// `crashes`: server processes that died without being killed (each with the end of its log).
export type FaultyTotals = { runs: number; requests: number; counts: Record<ProxyFault, number>; kills: number; restarts: number; crashes: string[]; statuses: Record<number, number>; internal: string[] };

const mulberry = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};

// Weights of the proxy's faults: most requests pass; a kill costs a restart of a few seconds, so it is rare.
const schedule = (random: () => number, opts: { kill: boolean; pg: boolean }) => {
  const table: [ProxyFault, number][] = [
    ['ok', 60],
    ['drop-request', 5],
    ['cut-request', 5],
    ['drop-answer', 5],
    ['cut-answer', 5],
    ['duplicate', 8],
    ['delay', 5],
    ['flush', 3],
    ['pg-terminate', opts.pg ? 4 : 0],
  ];
  const total = table.reduce((n, [, w]) => n + w, 0);
  let killed = !opts.kill;
  return (path: string): ProxyFault => {
    // At most one kill per run, while a push is being applied (mid group commit), early in the run.
    if (!killed && path.endsWith('/push') && random() < 0.3) return (killed = true), 'kill';
    let r = random() * total;
    for (const [f, w] of table) if ((r -= w) < 0) return f;
    return 'ok';
  };
};

export const createFaultyServers = async (setup: FaultySetup) => {
  // Setting up shares the SQLite file with the server process, whose group commits (and recovery after a SIGKILL)
  // hold the write lock for a while: wait for it as long as the server itself would.
  const server = await createTestServer({ db: setup.db, busyTimeoutMs: 5000 });
  const pg = setup.db === 'postgres';
  const procs: ServerProcess[] = [];
  for (let i = 0; i < setup.servers; i++) {
    const env = { ...server.storeEnv };
    // Each process's sessions carry its name, so the suite can terminate exactly those.
    if (pg) env.DATABASE_URL = `${env.DATABASE_URL}${env.DATABASE_URL.includes('?') ? '&' : '?'}application_name=tn-fault-${process.pid}-${i}`;
    procs.push(await startServerProcess(env));
  }
  const totals: FaultyTotals = { runs: 0, requests: 0, counts: {} as FaultyTotals['counts'], kills: 0, restarts: 0, crashes: [], statuses: {}, internal: [] };
  const killed = new Set<ServerProcess>();
  const upstreams: Upstream[] = procs.map((p) => ({ url: p.base, alive: p.alive, kill: async () => (totals.kills++, killed.add(p), p.stop('SIGKILL')) }));
  let random = mulberry(setup.seed);
  let next: (path: string) => ProxyFault = () => 'ok';
  let healthy = true;
  const proxy: FaultProxy = await startFaultProxy({
    upstreams: () => upstreams,
    next: (path) => (healthy ? 'ok' : next(path)),
    random: () => random(),
    // One server: it comes back (a crash and a restart by the service manager). Several: it stays down for the
    // rest of the run, and the others must carry on; it is restarted before the next run.
    afterKill: async (victim) => {
      if (setup.servers > 1 && upstreams.filter((u) => u.alive()).length > 0) return;
      const p = procs[upstreams.indexOf(victim)];
      await p.restart();
      killed.delete(p);
      totals.restarts++;
    },
    terminateBackends: pg
      ? async () => {
          await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name like ${`tn-fault-${process.pid}-%`}`.execute(server.ctx.store.db);
        }
      : undefined,
  });
  const sim = await createRealSimServers(setup.db, {
    server,
    through: {
      fetch: httpFetch(proxy.url),
      setHealthy: async (h) => {
        healthy = h;
        if (h) await proxy.flush();
      },
    },
  });
  let run = 0;
  return {
    make: async () => {
      // Whatever a previous run killed is back before this one starts.
      for (const p of procs)
        if (!p.alive()) {
          if (!killed.delete(p)) totals.crashes.push(p.log().slice(-2000));
          await p.restart();
          totals.restarts++;
        }
      run++;
      totals.runs++;
      random = mulberry(setup.seed * 7919 + run);
      next = schedule(random, { kill: run % (setup.killEvery ?? 4) === 1, pg });
      return sim.make();
    },
    totals: () => {
      for (const p of procs) if (!p.alive() && !killed.has(p) && !totals.crashes.includes(p.log().slice(-2000))) totals.crashes.push(p.log().slice(-2000));
      totals.counts = { ...proxy.counts };
      totals.statuses = { ...proxy.statuses };
      totals.internal = [...proxy.internal];
      totals.requests = Object.values(proxy.counts).reduce((a, b) => a + b, 0);
      return totals;
    },
    logs: () => procs.map((p) => p.log()),
    close: async () => {
      await proxy.close();
      for (const p of procs) await p.stop('SIGTERM');
      await sim.close();
    },
  };
};
