import 'fake-indexeddb/auto';
import fc from 'fast-check';
import type { Member } from '../../../src/core/model/people.ts';
import type { Scope } from '../../../src/core/sync/protocol.ts';
import { PROTOCOL, SCHEMA, SYNC_TABLES } from '../../../src/core/sync/protocol.ts';
import type { AppDb } from '../../../src/app/store/db.ts';
import { createHousehold, updateHousehold } from '../../../src/app/store/households-repo.ts';
import { refreshAllRosters } from '../../../src/app/store/roster.ts';
import { logVisit, voidVisit } from '../../../src/app/store/visits-repo.ts';
import { createHttpTransport, type FetchLike } from '../../../src/app/sync/transport.ts';
import { gunzipText } from '../../../src/app/sync/gzip.ts';
import { closePhones, joinedPhone, type Phone } from './phone.ts';

// The convergence property of DESIGN §4, as a simulation: several phones (each its own fake-indexeddb database,
// the field app's real repositories and the real sync client) write offline and sync through a network that drops
// requests, drops answers, duplicates and delays (so reorders) them, with phone clocks up to a year off. After the
// network heals and everyone syncs until nothing moves, every phone must equal the server for its scope, no visit
// may be missing or flagged, and every device's sequence must have been applied exactly once.
export type SimServer = {
  fetch: FetchLike;
  addDevice(deviceId: string, scope?: Partial<Scope>): { token: string; member: Member; scope: Scope } | Promise<{ token: string; member: Member; scope: Scope }>;
  lastSeq?(deviceId: string): Promise<number>;
  // Faults of the server's own side (tests/server/faults): off while the phones set up and at the end, on between.
  setHealthy?(healthy: boolean): Promise<void>;
  flags?(): Promise<number>;
  villages: string[];
  communeId: string;
  // The officer's household operations, on the server's own side (plans with `merges` use them).
  merge?(villageId: string, pick: number): Promise<void>;
  // Undoes one of the village's merges (a refusal — its month has ended, its survivor merged on — changes nothing).
  unmerge?(villageId: string, pick: number): Promise<void>;
  importRoster?(villageId: string, n: number): Promise<void>;
};

// The small roster the officer imports in plans with `merges`: the first n of a fixed list, so a later import of
// more rows adds only the new ones and updates nothing.
export const simRosterCsv = (n: number): string =>
  ['Chủ hộ,Địa chỉ,Họ tên,Năm sinh', ...Array.from({ length: n }, (_, i) => `Hộ nhập ${i + 1},Xóm Nhập,Hộ nhập ${i + 1},${1960 + i}`)].join('\n');

const bodyText = async (init: RequestInit): Promise<string> =>
  typeof init.body === 'string' ? init.body : gunzipText(init.body as ArrayBuffer);

export type Fault = 'ok' | 'drop-request' | 'drop-answer' | 'duplicate' | 'delay' | 'flush';
export type Field = 'headName' | 'houseLabel' | 'phone' | 'notes';
export type Op =
  | { kind: 'create'; client: number; village: number; residents: number }
  | { kind: 'edit'; client: number; pick: number; field: Field; value: number }
  | { kind: 'visit'; client: number; pick: number; resident: boolean; followUp: boolean }
  | { kind: 'void'; client: number; pick: number }
  // `during`: a write made while this sync runs (between its last push and its pull, or as the push carrying the pull goes)
  | { kind: 'sync'; client: number; during: WriteOp | null }
  | { kind: 'tick'; ms: number }
  // The officer merges two households of a village / imports a small roster into it (plans with `merges`).
  | { kind: 'merge'; village: number; pick: number }
  | { kind: 'unmerge'; village: number; pick: number }
  | { kind: 'import'; village: number; n: number };
export type WriteOp = Exclude<Op, { kind: 'sync' | 'tick' | 'merge' | 'unmerge' | 'import' }>;
export type ClientSpec = { skewMs: number; villages: number[]; officer: boolean };
export type Plan = { clients: ClientSpec[]; ops: Op[]; faults: Fault[]; seed: number; merges?: boolean };

const YEAR_MS = 365 * 86_400_000;
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
const YEAR = new Date().getFullYear();

export const planArb = (opts: { maxClients?: number; maxOps?: number; merges?: boolean } = {}): fc.Arbitrary<Plan> => {
  const maxClients = opts.maxClients ?? 3;
  const client = fc.nat(maxClients - 1);
  const create = fc.record({ kind: fc.constant('create' as const), client, village: fc.nat(1), residents: fc.nat(2) });
  const edit = fc.record({
    kind: fc.constant('edit' as const),
    client,
    pick: fc.nat(3),
    field: fc.constantFrom<Field>('headName', 'houseLabel', 'phone', 'notes'),
    value: fc.nat(40),
  });
  const visit = fc.record({ kind: fc.constant('visit' as const), client, pick: fc.nat(3), resident: fc.boolean(), followUp: fc.boolean() });
  const voidOp = fc.record({ kind: fc.constant('void' as const), client, pick: fc.nat() });
  const writeOp: fc.Arbitrary<WriteOp> = fc.oneof(edit, edit, visit);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 1, arbitrary: create },
    { weight: 5, arbitrary: edit },
    { weight: 3, arbitrary: visit },
    { weight: 1, arbitrary: voidOp },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('sync' as const), client, during: fc.option(writeOp, { freq: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.oneof(fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: 1, max: 3_600_000 })) }) },
    ...(opts.merges
      ? [
          { weight: 2, arbitrary: fc.record({ kind: fc.constant('merge' as const), village: fc.nat(1), pick: fc.nat(5) }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('unmerge' as const), village: fc.nat(1), pick: fc.nat(5) }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('import' as const), village: fc.nat(1), n: fc.integer({ min: 1, max: 3 }) }) },
        ]
      : []),
  );
  const spec = fc.record({
    // On time, a few minutes off (inside the server's 5-minute tolerance), or anything up to a year off.
    skewMs: fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 3, arbitrary: fc.integer({ min: -6 * 60_000, max: 6 * 60_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: -YEAR_MS, max: YEAR_MS }) },
    ),
    villages: fc.constantFrom<number[]>([0], [1], [0, 1]),
    officer: fc.boolean(),
  });
  return fc.record({
    clients: fc.array(spec, { minLength: 2, maxLength: maxClients }),
    ops: fc.array(op, { minLength: 5, maxLength: opts.maxOps ?? 30 }),
    faults: fc.array(
      fc.constantFrom<Fault>('ok', 'ok', 'ok', 'drop-request', 'drop-answer', 'duplicate', 'delay', 'flush'),
      { minLength: 8, maxLength: 40 },
    ),
    seed: fc.integer(),
    merges: fc.constant(opts.merges ?? false),
  });
};

type Client = Phone & { spec: ClientSpec; scope: string[]; visits: Map<string, unknown>; duringSync?: () => Promise<void> };

export type SimReport = { requests: number; faults: Record<Fault, number>; mutations: number; visits: number };

// `t0`: where the simulated time starts (servers in other processes run on the real clock, so their runs start now).
export const runPlan = async (plan: Plan, makeServer: (now: () => number) => Promise<SimServer>, opts: { t0?: number } = {}): Promise<SimReport> => {
  const realNow = Date.now;
  let sim = opts.t0 ?? T0;
  let skew = 0;
  let serverLast = 0;
  const serverNow = () => (serverLast = Math.max(serverLast + 1, sim));
  Date.now = () => sim + skew;
  const server = await makeServer(serverNow);
  const report: SimReport = { requests: 0, faults: { ok: 0, 'drop-request': 0, 'drop-answer': 0, duplicate: 0, delay: 0, flush: 0 }, mutations: 0, visits: 0 };
  let healed = false;
  let f = 0;
  const delayed: (() => Promise<unknown>)[] = [];
  let rnd = plan.seed >>> 0;
  const random = () => ((rnd = (Math.imul(rnd ^ (rnd >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
  // The server runs on its own clock, whatever the phone's is.
  const atServer = async <T>(fn: () => Promise<T>): Promise<T> => {
    const mine = skew;
    skew = 0;
    sim += 1; // a server's clock moves on between requests
    try {
      return await fn();
    } finally {
      skew = mine;
    }
  };
  const flushDelayed = async () => {
    while (delayed.length) await delayed.splice(Math.floor(random() * delayed.length), 1)[0]().catch(() => undefined);
  };
  const network = (c: () => Client): FetchLike => async (url, init) => {
    report.requests++;
    // Between the push and the pull: before a pull of its own, or before the push that carries the pull (PROTOCOL 2).
    if (c().duringSync && (url.endsWith('/pull') || (url.endsWith('/push') && (await bodyText(init)).includes('"pull":')))) {
      const w = c().duringSync!;
      c().duringSync = undefined;
      await w();
    }
    const deliver = () => atServer(() => server.fetch(url, init));
    const fault: Fault = healed ? 'ok' : plan.faults[f++ % plan.faults.length];
    report.faults[fault]++;
    switch (fault) {
      case 'drop-request':
        throw new TypeError('network: request lost');
      case 'drop-answer':
        await deliver();
        throw new TypeError('network: answer lost');
      case 'duplicate': {
        const first = await deliver();
        const second = await deliver();
        return random() < 0.5 ? first : second;
      }
      case 'delay':
        delayed.push(deliver);
        throw new TypeError('network: timed out');
      case 'flush':
        await flushDelayed();
        return deliver();
      default:
        return deliver();
    }
  };

  const clients: Client[] = [];
  try {
    for (const [i, spec] of plan.clients.entries()) {
      const villages = spec.officer ? server.villages : spec.villages.map((i) => server.villages[i]);
      let self: Client;
      skew = spec.skewMs;
      const phone = await joinedPhone(
        { addDevice: (id, scope) => atServer(async () => server.addDevice(id, scope)), fetch: server.fetch },
        spec.officer ? { communeId: server.communeId, villageIds: [], wholeCommune: true } : { communeId: server.communeId, villageIds: villages, wholeCommune: false },
        // The first phone sends gzip bodies, the others plain JSON (both paths, and fewer cycles spent compressing).
        { fetch: network(() => self), random, now: () => Date.now(), compress: i === 0 },
      );
      self = { ...phone, spec, scope: villages, visits: new Map() };
      clients.push(self);
    }

    const households = async (c: Client) => (await c.db.households.orderBy('id').toArray()).filter((h) => c.scope.includes(h.villageId));
    // Conflicts are what the property is about, so writes gather on a "hot" household (the last one anybody wrote):
    // every write made during a sync goes there (when the phone has it), and so does every other odd pick.
    let hot: string | undefined;
    const write = async (c: Client, op: WriteOp, during = false) => {
      const db = c.db;
      const member = c.member;
      if (op.kind === 'create') {
        const villageId = c.scope[op.village % c.scope.length];
        await createHousehold(db, villageId, { headName: `Chủ hộ ${villageId}`, houseLabel: '', phone: '', flags: [], notes: '' },
          Array.from({ length: op.residents }, (_, i) => ({ label: `Người ${i + 1}`, birthYear: YEAR - 20 - i * 15, sex: i % 2 ? 'f' : 'm' } as const)));
        return;
      }
      const hs = await households(c);
      if (!hs.length) return;
      const h = ((during || op.pick % 2 === 1) && hs.find((x) => x.id === hot)) || hs[op.pick % hs.length];
      hot = h.id;
      if (op.kind === 'edit') {
        const value =
          op.field === 'phone' ? `09${String(op.value).padStart(8, '0')}` : op.field === 'headName' ? `Chủ hộ ${op.value}` : op.field === 'houseLabel' ? `Xóm ${op.value}` : `Ghi chú ${op.value}`;
        await updateHousehold(db, h.id, { [op.field]: value });
        return;
      }
      if (op.kind === 'visit') {
        const resident = op.resident ? (await db.residents.where('householdId').equals(h.id).toArray()).find((r) => !r.removed && YEAR - r.birthYear >= 18) : undefined;
        const v = await logVisit(db, h.id, {
          items: [{ itemId: 'fibre', residentIds: [], outcome: 'done' }, ...(resident ? [{ itemId: 'smartphone', residentIds: [resident.id], outcome: 'partial' as const }] : [])],
          dossiers: [],
          language: 'vi',
          minutes: 10,
          note: '',
          followUpOn: op.followUp ? '2099-01-01' : null,
        }, member as Member);
        c.visits.set(v.id, v);
        return;
      }
      const visits = (await db.visits.where('householdId').equals(h.id).toArray()).sort((a, b) => a.id.localeCompare(b.id));
      if (visits.length) await voidVisit(db, visits[op.pick % visits.length], 'Ghi nhầm', member as Member);
    };

    // A village everyone already shares: two households per village, created by a phone that covers it and
    // synced to all (over a healthy network) before the faults start.
    healed = true;
    await server.setHealthy?.(true);
    for (const [i, villageId] of server.villages.entries()) {
      const owner = clients.find((c) => c.scope.includes(villageId));
      if (!owner) continue;
      skew = owner.spec.skewMs;
      for (let k = 0; k < 2; k++) await write(owner, { kind: 'create', client: 0, village: owner.scope.indexOf(villageId), residents: 1 + ((i + k) % 2) });
      await owner.sync.syncNow();
    }
    for (const c of clients) {
      skew = c.spec.skewMs;
      await c.sync.syncNow();
    }
    healed = false;
    await server.setHealthy?.(false);

    for (const op of plan.ops) {
      sim += 500;
      if (op.kind === 'tick') {
        sim += op.ms;
        continue;
      }
      if (op.kind === 'merge' || op.kind === 'unmerge' || op.kind === 'import') {
        const villageId = server.villages[op.village % server.villages.length];
        await atServer(async () =>
          op.kind === 'merge' ? server.merge?.(villageId, op.pick) : op.kind === 'unmerge' ? server.unmerge?.(villageId, op.pick) : server.importRoster?.(villageId, op.n),
        );
        continue;
      }
      if (op.kind !== 'sync' && op.kind !== 'create' && op.kind !== 'edit' && op.kind !== 'visit' && op.kind !== 'void') continue;
      const c = clients[op.client % clients.length];
      skew = c.spec.skewMs;
      if (op.kind === 'sync') {
        const during = op.during;
        if (during) c.duringSync = () => write(c, during, true);
        await c.sync.syncNow();
        c.duringSync = undefined;
      } else await write(c, op);
    }

    // Heal the network, let the late requests arrive, and sync everyone until nothing is waiting.
    healed = true;
    await flushDelayed();
    await server.setHealthy?.(true);
    for (let round = 0; round < 6; round++) {
      for (const c of clients) {
        skew = c.spec.skewMs;
        sim += 1000;
        await c.sync.syncNow();
      }
      if ((await Promise.all(clients.map((c) => c.db.outbox.count()))).every((n) => n === 0)) break;
    }
    // One more round so that everybody pulls what the others pushed last.
    for (const c of clients) {
      skew = c.spec.skewMs;
      const r = await c.sync.syncNow();
      if (r.kind !== 'synced') throw new Error(`final sync of ${c.id}: ${JSON.stringify(r)}`);
    }

    // Every phone equals the server for its scope.
    for (const c of clients) {
      skew = 0;
      // A refused mutation first: it explains a difference better than the difference does.
      const refused = await c.db.attention.toArray();
      if (refused.length) throw new Error(`phone ${c.id} has refused mutations: ${JSON.stringify(refused)}`);
      const view = await serverView(server, c);
      for (const table of SYNC_TABLES) {
        const local = sortById(await c.db.table(table).toArray());
        const remote = sortById(view.get(table) ?? []);
        if (JSON.stringify(local) !== JSON.stringify(remote))
          throw new Error(`phone ${c.id} differs from the server in ${table}:\nphone  ${JSON.stringify(local)}\nserver ${JSON.stringify(remote)}`);
      }
      if (await c.db.outbox.count()) throw new Error(`phone ${c.id} still has an outbox`);
      const attention = await c.db.attention.toArray();
      if (attention.length) throw new Error(`phone ${c.id} has refused mutations: ${JSON.stringify(attention)}`);
      // No visit lost: every visit the phone logged is on the server with the same body — or, once its household was
      // merged, the same visit re-pointed to the survivor (reachable from it: a household that is not a redirect).
      const remoteVisits = new Map((view.get('visits') ?? []).map((v) => [v.id as string, v]));
      const remoteHouseholds = new Map((view.get('households') ?? []).map((h) => [h.id as string, h]));
      const bodyOf = (v: unknown) => {
        const x = v as { householdId: string; items: { residentIds: string[] }[] };
        return JSON.stringify({ ...x, householdId: '', items: x.items.map((it) => ({ ...it, residentIds: [] })) });
      };
      for (const [id, v] of c.visits) {
        const remote = remoteVisits.get(id);
        if (!remote) throw new Error(`visit ${id} lost`);
        if (JSON.stringify(remote) !== JSON.stringify(v) && (!plan.merges || bodyOf(remote) !== bodyOf(v))) throw new Error(`visit ${id} changed`);
        const home = remoteHouseholds.get(String(remote.householdId));
        if (!home || home.mergedInto) throw new Error(`visit ${id} is not reachable from a surviving household`);
      }
      // Nobody counted twice: no live household holds the same person twice.
      if (plan.merges)
        for (const h of remoteHouseholds.values()) {
          if (h.removed) continue;
          const people = (view.get('residents') ?? []).filter((r) => r.householdId === h.id && !r.removed).map((r) => `${r.label}|${r.birthYear}`);
          if (new Set(people).size !== people.length) throw new Error(`household ${h.id} holds a person twice: ${people}`);
        }
      // Exactly once: the server applied this device's whole sequence, and nothing was flagged.
      const next = ((await c.db.meta.get('nextSeq'))?.value as number | undefined) ?? 1;
      report.mutations += next - 1;
      report.visits += c.visits.size;
      if (server.lastSeq && (await server.lastSeq(c.id)) !== next - 1) throw new Error(`device ${c.id}: server lastSeq ${await server.lastSeq(c.id)} ≠ ${next - 1}`);
      // The derived roster matches what a full rebuild computes from the synced rows.
      const roster = sortById(await c.db.roster.toArray());
      await refreshAllRosters(c.db);
      const rebuilt = sortById(await c.db.roster.toArray());
      if (JSON.stringify(roster) !== JSON.stringify(rebuilt)) throw new Error(`phone ${c.id}: roster out of date`);
    }
    if (server.flags && (await server.flags()) !== 0) throw new Error(`server flagged ${await server.flags()} records`);
    return report;
  } finally {
    Date.now = realNow;
    for (const c of clients) c.sync.stop();
    await closePhones();
  }
};

const sortById = <T extends { id?: unknown }>(rows: T[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));

// What the server holds for a phone's scope: a pull from zero with the phone's own token.
const serverView = async (server: SimServer, c: Client) => {
  const t = createHttpTransport({ fetch: server.fetch, token: async () => c.token, compress: false });
  const rows = new Map<string, Record<string, unknown>[]>();
  let cursor = 0;
  for (;;) {
    const res = await t.pull({ protocol: PROTOCOL, schema: SCHEMA, deviceId: c.id, cursor, limit: 1000 });
    if (!('changes' in res)) throw new Error('server view: unexpected answer');
    for (const ch of res.changes) {
      const list = rows.get(ch.table) ?? [];
      if (!ch.deleted) list.push(ch.row as Record<string, unknown>);
      rows.set(ch.table, list);
    }
    cursor = res.cursor;
    if (!res.hasMore) return rows;
  }
};

export const dbOf = (c: { db: AppDb }) => c.db;
