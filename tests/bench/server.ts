import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { HlcClock } from '../../src/core/sync/hlc.ts';
import { COMPRESS_FROM, PROTOCOL, SCHEMA, type Mutation, type MutationName } from '../../src/core/sync/protocol.ts';
import { insertInvite } from '../../src/server/accounts/invites.ts';
import { boot } from '../../src/server/boot.ts';
import { inCommuneWrite } from '../../src/server/store/commune-write.ts';
import { addCommune } from '../../src/server/store/seed.ts';
import { median, percentile, type Bench, type Figure } from './harness.ts';
import { LoadSocket, type RawAnswer } from './load-socket.ts';

// Server figures of DESIGN §5 on SQLite, against the real `src/server/main.ts` in its own process (as `npm start`
// runs it), over HTTP on a local socket, with gzip request bodies as the phone sends them:
//  - ingest: realistic 100-mutation pushes (visits, each with its checklist cells) from 4 phones at a time;
//    mutations applied per second, median of 3 runs of 20,000;
//  - 500 phones of 100 village teams (20 communes × 5 villages × 5 members) syncing at once, as a phone syncs after
//    logging a visit (DESIGN §4: a sync follows each write, debounced): each pushes the visit and the three
//    checklist cells it ticked, then pulls what its team sent since its last pull; latency of push + pull per
//    phone, errors. (A phone back from days offline sends up to 100 per push: that is the ingest figure.) All 500
//    start together, each on its own connection; one unmeasured warm-up round, then the median of 3 rounds.
// Every sync call is sent as the phone sends it (src/app/sync/transport.ts): a body of 1 KB or more gzipped, token,
// app build. The load generator shares the cores with the server, so its requests are built as bytes before each
// round starts and written on plain sockets (load-socket.ts); the server's own CPU per round (by thread) and the
// generator's are both reported.
// With BENCH_SERVER_PROFILE or BENCH_SERVER_PERF, the monotonic-clock spans of each phase (µs, the CPU profile's own clock) are written
// beside the profile, so it can be read for one phase alone.
const spans: { phase: string; start: number; end: number }[] = [];
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const PORTS = Array.from({ length: 20 }, (_, i) => 4580 + i);
// BENCH_SERVER_RUNS=n repeats each measurement n times instead (the median is reported).
const RUNS = Math.max(1, Number(process.env.BENCH_SERVER_RUNS ?? 3));
const INGEST_PHONES = 20;
const PUSHES_PER_PHONE = 10;
const CONCURRENT_PUSHERS = 4;
const SWARM_COMMUNES = 20;
const TEAM_SIZE = 5;
const BUILD = 'bench-build';

type Phone = { deviceId: string; token: string; memberId: string; villageId: string; hlc: HlcClock; seq: number; cursor: number; scopeKey?: string; households: { id: string; residents: string[] }[] };

const freePort = async (): Promise<number> => {
  for (const port of PORTS) {
    const ok = await new Promise<boolean>((resolve) => {
      const srv = net.createServer().once('error', () => resolve(false)).once('listening', () => srv.close(() => resolve(true)));
      srv.listen(port, '127.0.0.1');
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${PORTS[0]}–${PORTS.at(-1)}`);
};

const startServer = (dataDir: string, port: number): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    // BENCH_SERVER_PROFILE=dir writes a CPU profile of the server process there.
    // BENCH_SERVER_PERF=file records the server with Linux perf instead (on-CPU samples only, so a busy machine does
    // not inflate them; timestamps on the monotonic clock, comparable with the spans file).
    const profile = process.env.BENCH_SERVER_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`]
      : process.env.BENCH_SERVER_PERF
        ? ['--perf-basic-prof', '--interpreted-frames-native-stack']
        : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: path.join(dataDir, 'no-dist'), DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('running at')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
      if (!/ExperimentalWarning/.test(d.toString())) process.stderr.write(`[server] ${d}`);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });

// CPU time (ms) the server process has used so far, from /proc (Linux); undefined elsewhere. On a shared machine
// wall-clock latencies include waiting for a core, so the CPU the server spent per round is reported alongside.
const TICKS_PER_S = 100;
const cpuMs = (pid: number | undefined): number | undefined => {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return undefined;
  }
};

// The same per thread of the server process (main thread, SQLite's writer and readers, libuv's pool...), by thread
// name; which thread the round's CPU went to says where the time went, without a profiler's overhead.
const threadCpuMs = (pid: number | undefined): Map<string, number> => {
  const out = new Map<string, number>();
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      out.set(`${name}#${tid}`, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S);
    }
  } catch {
    // not Linux
  }
  return out;
};

const stopServer = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

// Builds the database before the server starts: the sample commune, 19 more communes of 5 villages each, and an
// invite with enough uses for every village. Returns the codes by village.
const prepare = async (dataDir: string) => {
  const booted = await boot({ store: { kind: 'sqlite', file: path.join(dataDir, 'tungnha.sqlite') }, adminPassword: 'bench-admin-password' });
  const { ctx } = booted;
  const villages: { communeId: string; villageId: string; code: string }[] = [];
  const communes = [{ id: 'c-sample', villages: booted.seeded?.villageIds ?? [] }];
  for (let c = 1; c < SWARM_COMMUNES; c++) {
    const id = `c-bench-${c}`;
    const vs = Array.from({ length: 5 }, (_, v) => ({ id: `v-bench-${c}-${v}`, name: `Thôn ${v + 1} xã ${c}`, kind: 'thon' }));
    await addCommune(ctx, { id: 'p-sample', name: '' }, { id, name: `Xã thử ${c}`, kind: 'xa' }, vs);
    communes.push({ id, villages: vs.map((v) => v.id) });
  }
  for (const c of communes)
    await inCommuneWrite(ctx.store.db, ctx.store.kind, c.id, ctx.now(), async (w) => {
      for (const villageId of c.villages) {
        const invite = await insertInvite(w, { villageId, uses: 1000, expiresInDays: 30, role: 'member', teamId: null, createdBy: null });
        villages.push({ communeId: c.id, villageId, code: invite.code });
      }
    });
  await booted.close();
  return villages;
};

export const bench: Bench = {
  name: 'server (SQLite, main.ts in its own process, HTTP on a local socket)',
  run: async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-bench-server-'));
    const villages = await prepare(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(dataDir, port);
    const perf = process.env.BENCH_SERVER_PERF
      ? spawn('perf', ['record', '-F', '1999', '-g', '-k', 'CLOCK_MONOTONIC', '-o', process.env.BENCH_SERVER_PERF, '-p', String(server.pid)], { stdio: 'ignore' })
      : undefined;
    try {
      // The load generator shares the machine's cores with the server, so it speaks HTTP/1.1 through node:http with
      // a keep-alive agent (a connection per phone in flight, as each phone has its own), which costs it a fraction
      // of what fetch does. The server's work per request is the same either way.
      const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
      const send = (p: string, body: Uint8Array | string, headers: Record<string, string>): Promise<any> =>
        new Promise((resolve, reject) => {
          const req = http.request(
            { host: '127.0.0.1', port, path: p, method: 'POST', agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('error', reject);
              res.on('end', () => {
                try {
                  const raw = Buffer.concat(chunks);
                  const text = (res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8');
                  if ((res.statusCode ?? 0) >= 400) reject(new Error(`${p}: ${res.statusCode} ${text}`));
                  else resolve(JSON.parse(text));
                } catch (e) {
                  reject(e);
                }
              });
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      const post = (p: string, body: unknown, token?: string) =>
        send(p, JSON.stringify(body), { 'Content-Type': 'application/json', 'Accept-Encoding': 'gzip', ...(token ? { Authorization: `Bearer ${token}` } : {}) });
      // A gzip body, its token and its app build, as the phone sends a big one (src/app/sync/transport.ts).
      const gzPost = (p: string, gz: Uint8Array, token: string) =>
        send(p, gz, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Accept-Encoding': 'gzip', Authorization: `Bearer ${token}`, 'X-App-Build': BUILD });
      // The body as the phone's transport encodes it: gzip from COMPRESS_FROM characters on, plain JSON below.
      const encodeBody = (body: unknown): { bytes: Uint8Array; gzip: boolean } => {
        const json = JSON.stringify(body);
        return json.length >= COMPRESS_FROM ? { bytes: new Uint8Array(zlib.gzipSync(json)), gzip: true } : { bytes: new Uint8Array(Buffer.from(json)), gzip: false };
      };
      const sync = (p: string, body: unknown, token: string) => {
        const { bytes, gzip } = encodeBody(body);
        return gzip ? gzPost(p, bytes, token) : send(p, bytes, { 'Content-Type': 'application/json', 'Accept-Encoding': 'gzip', Authorization: `Bearer ${token}`, 'X-App-Build': BUILD });
      };
      let joined = 0;
      const join = async (v: (typeof villages)[number]): Promise<Phone> => {
        const deviceId = `bench-${++joined}-${v.villageId}`;
        const r = await post('/api/auth/join', { code: v.code, deviceId, displayName: `Thành viên ${joined}` });
        return { deviceId, token: r.token, memberId: r.member.id, villageId: v.villageId, hlc: new HlcClock(deviceId), seq: 1, cursor: 0, households: [] };
      };
      const m = (p: Phone, name: MutationName, args: Record<string, unknown>): Mutation => ({ seq: p.seq++, id: String(args.id), name, args, hlc: p.hlc.send(Date.now()) });
      const envelope = (p: Phone, mutations: Mutation[]) => ({ protocol: PROTOCOL, schema: SCHEMA, build: BUILD, deviceId: p.deviceId, mutations });
      const newHousehold = (p: Phone, k: number) => {
        const h = { id: `${p.deviceId}-h${k}`, residents: [0, 1, 2].map((r) => `${p.deviceId}-h${k}-r${r}`) };
        p.households.push(h);
        return [
          m(p, 'household.put', { id: h.id, villageId: p.villageId, headName: `Chủ hộ ${k}`, houseLabel: `Số ${k}`, flags: k % 4 === 0 ? ['poor'] : [] }),
          ...h.residents.map((rid, r) => m(p, 'resident.put', { id: rid, householdId: h.id, villageId: p.villageId, label: `Người ${r + 1}`, birthYear: 1950 + ((k * 7 + r * 13) % 60), sex: r % 2 ? 'f' : 'm' })),
        ];
      };
      const ITEMS = ['vneid', 'vneid-l2', 'cashless', 'public-services', 'health-book', 'smartphone'];
      // One visit with the checklist cells it ticks: 1 + 3 mutations.
      const visitWithCells = (p: Phone, n: number): Mutation[] => {
        const h = p.households[n % p.households.length];
        const rid = h.residents[n % 3];
        const at = Date.now();
        const items = [0, 1, 2].map((i) => ITEMS[(n + i) % ITEMS.length]);
        return [
          m(p, 'visit.add', {
            id: `${p.deviceId}-visit-${n}`, villageId: p.villageId, householdId: h.id, memberId: p.memberId, memberName: 'Thành viên', at,
            items: items.map((itemId) => ({ itemId, residentIds: [rid], outcome: 'done' })), dossiers: n % 5 === 0 ? [{ field: 'residence', count: 1 }] : [],
            language: n % 3 === 0 ? 'hmong' : 'vi', minutes: 10 + (n % 30), note: n % 4 === 0 ? 'Hướng dẫn cài đặt và kích hoạt tài khoản' : '', followUpOn: null, replaces: null,
          }),
          ...items.map((itemId) => m(p, 'checklist.set', { id: `${itemId}@${rid}`, villageId: p.villageId, householdId: h.id, residentId: rid, itemId, state: 'done', by: p.memberId, at })),
        ];
      };
      const figures: Figure[] = [];

      // ── ingest ────────────────────────────────────────────────────────────────────────────────────────────
      const sample = villages.filter((v) => v.communeId === 'c-sample');
      const ingestPhones = await Promise.all(Array.from({ length: INGEST_PHONES }, (_, i) => join(sample[i % sample.length])));
      for (const p of ingestPhones) {
        const setup = Array.from({ length: 25 }, (_, k) => newHousehold(p, k)).flat();
        for (let i = 0; i < setup.length; i += 100) await sync('/api/sync/push', envelope(p, setup.slice(i, i + 100)), p.token);
      }
      const rates: number[] = [];
      const cpuRates: number[] = [];
      let wireBytes = 0;
      let wireMutations = 0;
      let visitCounter = 0;
      for (let run = 0; run < RUNS; run++) {
        const jobs: { p: Phone; gz: Uint8Array; n: number }[] = [];
        for (let k = 0; k < PUSHES_PER_PHONE; k++)
          for (const p of ingestPhones) {
            const batch = Array.from({ length: 25 }, () => visitWithCells(p, visitCounter++)).flat();
            const gz = zlib.gzipSync(JSON.stringify(envelope(p, batch)));
            jobs.push({ p, gz: new Uint8Array(gz), n: batch.length });
            wireBytes += gz.byteLength;
            wireMutations += batch.length;
          }
        // Each phone's pushes go in its own order; CONCURRENT_PUSHERS phones push at the same time.
        const byPhone = new Map<string, typeof jobs>();
        for (const j of jobs) byPhone.set(j.p.deviceId, [...(byPhone.get(j.p.deviceId) ?? []), j]);
        const queues = [...byPhone.values()];
        let applied = 0;
        const cpu0 = cpuMs(server.pid);
        const span0 = nowUs();
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: CONCURRENT_PUSHERS }, async (_, w) => {
            for (let q = w; q < queues.length; q += CONCURRENT_PUSHERS)
              for (const j of queues[q]) {
                const res = await gzPost('/api/sync/push', j.gz, j.p.token);
                applied += res.results.filter((r: { status: string }) => r.status === 'applied').length;
              }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        spans.push({ phase: `ingest ${run}`, start: span0, end: nowUs() });
        const total = jobs.reduce((s, j) => s + j.n, 0);
        if (applied !== total) throw new Error(`ingest: ${total - applied} of ${total} mutations not applied`);
        rates.push(total / seconds);
        const cpu1 = cpuMs(server.pid);
        if (cpu0 !== undefined && cpu1 !== undefined && cpu1 > cpu0) cpuRates.push(total / ((cpu1 - cpu0) / 1000));
      }
      figures.push({
        what: 'ingest, 100-mutation pushes (visits + checklist cells)',
        value: Math.round(median(rates)),
        unit: 'mutations/s',
        budget: { must: 5000, aim: 20000, better: 'higher' },
        note: `median of ${RUNS} runs of ${INGEST_PHONES * PUSHES_PER_PHONE * 100} (${rates.map((r) => Math.round(r)).join(', ')}); ${CONCURRENT_PUSHERS} phones at a time; ${(wireBytes / wireMutations).toFixed(0)} B/mutation gzip on the wire`,
      });

      if (cpuRates.length)
        figures.push({
          what: 'ingest per second of server CPU',
          value: Math.round(median(cpuRates)),
          unit: 'mutations/CPU-s',
          note: `what one free core would take (the wall-clock rate above shares ${os.cpus().length} cores with the phones and whatever else runs; load average ${os.loadavg()[0].toFixed(1)})`,
        });

      // ── 500 phones at once ────────────────────────────────────────────────────────────────────────────────
      const swarm: Phone[] = [];
      for (const v of villages) for (let i = 0; i < TEAM_SIZE; i++) swarm.push(await join(v));
      const catchUp = async (p: Phone) => {
        for (;;) {
          const r = await sync('/api/sync/pull', { protocol: PROTOCOL, schema: SCHEMA, build: BUILD, deviceId: p.deviceId, cursor: p.cursor, limit: 1000, scopeKey: p.scopeKey }, p.token);
          p.cursor = r.cursor;
          p.scopeKey = r.scopeKey;
          if (!r.hasMore) break;
        }
      };
      // Each phone's first sync (its village, then a household of its own), then one more pull so that every round
      // starts as a phone's sync does: from where its previous sync left off.
      for (const p of swarm) {
        await catchUp(p);
        await sync('/api/sync/push', envelope(p, newHousehold(p, 0)), p.token);
      }
      for (const p of swarm) await catchUp(p);
      const latencies: number[][] = [];
      const roundCpu: { cpu: number; wall: number; client: number }[] = [];
      const byThread = new Map<string, number>();
      let errors = 0;
      let pulledRows = 0;
      // One round first that is not measured: a server that has been up for a while has its sync paths compiled
      // by the JIT; right after the set-up above, a third of the round's CPU goes to compiling them. (Its errors
      // still count.)
      let warmupP99 = 0;
      // Each phone on its own connection (load-socket.ts), its sync written as bytes built before the round: one push
      // carrying its pull cursor, answered with the pull page too, as the phone sends its last push (PROTOCOL 2).
      const sockets = swarm.map(() => new LoadSocket('127.0.0.1', port));
      const request = (p: Phone, path: string, body: unknown) => {
        const { bytes, gzip } = encodeBody(body);
        const headers = { 'Content-Type': 'application/json', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}), 'Accept-Encoding': 'gzip', Authorization: `Bearer ${p.token}`, 'X-App-Build': BUILD };
        return LoadSocket.request('127.0.0.1', path, headers, bytes);
      };
      const decode = (a: RawAnswer, what: string) => {
        const text = (a.encoding === 'gzip' ? zlib.gunzipSync(a.body) : a.body).toString('utf8');
        if (a.status >= 400) throw new Error(`${what}: ${a.status} ${text.slice(0, 200)}`);
        return JSON.parse(text);
      };
      for (let run = -1; run < RUNS; run++) {
        // The pull rides with the push, as the phone builds it (its cursor and scope key from last time).
        const pushes = swarm.map((p) =>
          request(p, '/api/sync/push', { ...envelope(p, visitWithCells(p, visitCounter++)), pull: { cursor: p.cursor, limit: 500, scopeKey: p.scopeKey } }),
        );
        await Promise.all(sockets.map((s) => s.ready()));
        const answers: ({ push: RawAnswer; ms: number } | undefined)[] = [];
        const cpu0 = cpuMs(server.pid);
        const threads0 = threadCpuMs(server.pid);
        const own0 = process.cpuUsage();
        const span0 = nowUs();
        const wall0 = performance.now();
        await Promise.all(
          swarm.map(async (_, i) => {
            const t0 = performance.now();
            try {
              const push = await sockets[i].send(pushes[i]);
              answers[i] = { push, ms: performance.now() - t0 };
            } catch (e) {
              errors++;
              if (errors <= 3) console.error('  sync error:', (e as Error).message.slice(0, 200));
            }
          }),
        );
        const wall = performance.now() - wall0;
        const own = process.cpuUsage(own0);
        const cpu1 = cpuMs(server.pid);
        const threads1 = threadCpuMs(server.pid);
        spans.push({ phase: `swarm ${run}`, start: span0, end: nowUs() });
        // What the phones got, read once the clock has stopped.
        const times: number[] = [];
        swarm.forEach((p, i) => {
          const a = answers[i];
          if (!a) return;
          try {
            const pushed = decode(a.push, 'push');
            if (pushed.results.some((r: { status: string }) => r.status !== 'applied')) throw new Error('not applied');
            const pulled = pushed.pull;
            if (!Array.isArray(pulled?.changes)) throw new Error(`pull answered ${JSON.stringify(pulled).slice(0, 100)}`);
            p.cursor = pulled.cursor;
            p.scopeKey = pulled.scopeKey;
            if (run >= 0) pulledRows += pulled.changes.length;
            times.push(a.ms);
          } catch (e) {
            errors++;
            if (errors <= 3) console.error('  sync error:', (e as Error).message.slice(0, 200));
          }
        });
        if (run < 0) {
          warmupP99 = percentile(times, 99);
          continue;
        }
        latencies.push(times);
        for (const [t, ms] of threads1) byThread.set(t, (byThread.get(t) ?? 0) + ms - (threads0.get(t) ?? 0));
        if (cpu0 !== undefined && cpu1 !== undefined) roundCpu.push({ cpu: cpu1 - cpu0, wall, client: (own.user + own.system) / 1000 });
      }
      for (const s of sockets) s.close();
      const p50 = median(latencies.map((t) => percentile(t, 50)));
      const p99 = median(latencies.map((t) => percentile(t, 99)));
      const runsNote = `median of ${RUNS} rounds after one unmeasured warm-up round (its p99 ${Math.round(warmupP99)} ms); ${swarm.length} phones in ${villages.length} villages of ${SWARM_COMMUNES} communes; a visit + 3 checklist cells pushed, the team's changes pulled (${Math.round(pulledRows / (RUNS * swarm.length))} rows avg)`;
      figures.push({ what: `${swarm.length} phones syncing at once: errors`, value: errors, unit: '', budget: { must: 0, better: 'lower' } });
      figures.push({ what: `${swarm.length} phones syncing at once: p50 push+pull`, value: Math.round(p50), unit: 'ms', note: runsNote });
      figures.push({
        what: `${swarm.length} phones syncing at once: p99 push+pull`,
        value: Math.round(p99),
        unit: 'ms',
        budget: { must: 500, aim: 100, better: 'lower' },
        note: `per round ${latencies.map((t) => Math.round(percentile(t, 99))).join(', ')}; one request per phone: the push carries the pull`,
      });
      if (roundCpu.length)
        figures.push({
          what: `${swarm.length} phones syncing at once: server CPU per round`,
          value: Math.round(median(roundCpu.map((r) => r.cpu))),
          unit: 'ms',
          note: `the server process's own CPU time while the round lasted (by thread, per round: ${[...byThread].filter(([, ms]) => ms >= 10 * RUNS).map(([t, ms]) => `${t.replace(/#\d+$/, '')} ${Math.round(ms / RUNS)}`).join(', ')}; wall ${roundCpu.map((r) => Math.round(r.wall)).join(', ')} ms; the load generator's own CPU ${roundCpu.map((r) => Math.round(r.client)).join(', ')} ms; machine load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
        });
      return figures;
    } finally {
      if (perf) await new Promise((resolve) => perf.once('exit', resolve).kill('SIGINT'));
      await stopServer(server);
      const spansAt = process.env.BENCH_SERVER_PROFILE ?? (process.env.BENCH_SERVER_PERF && path.dirname(process.env.BENCH_SERVER_PERF));
      if (spansAt) fs.writeFileSync(path.join(spansAt, 'spans.json'), JSON.stringify(spans));
      // BENCH_KEEP_DATA=1 keeps the database to look at afterwards.
      if (process.env.BENCH_KEEP_DATA) console.log(`  (data kept in ${dataDir})`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
