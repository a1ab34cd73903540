// The sync core over MemorySyncPort, driven by fast-check: random devices make random edits offline, then their
// pushes arrive duplicated, overlapping, out of order, concurrently, sometimes failing half-way; pulls page through
// whatever is there at random sizes. The server must always equal a simple model: each device's mutations applied
// once, in seq order, up to its lastSeq, merged field by field by HLC.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/core/errors.ts';
import { DEFAULT_CATALOGUE } from '../../../src/core/model/catalogue-defaults.ts';
import { checklistCellId } from '../../../src/core/model/checklist.ts';
import { CELL_STATES, OUTCOMES } from '../../../src/core/model/enums.ts';
import { SAMPLE_COMMUNE, SAMPLE_VILLAGES } from '../../../src/core/sample/sample-commune.ts';
import { HlcClock } from '../../../src/core/sync/hlc.ts';
import { MemorySyncPort } from '../../../src/core/sync/memory-port.ts';
import type { Row } from '../../../src/core/sync/merge.ts';
import { MUTATIONS, type LwwSpec } from '../../../src/core/sync/mutations.ts';
import type { DeviceAuth, SyncPort, SyncTx } from '../../../src/core/sync/port.ts';
import { handlePull } from '../../../src/core/sync/pull.ts';
import { handlePush } from '../../../src/core/sync/push.ts';
import { PROTOCOL, SCHEMA, type Change, type Mutation, type MutationName, type PushResponse, type Scope } from '../../../src/core/sync/protocol.ts';
import { FC } from '../fc.ts';

const C = SAMPLE_COMMUNE.id;
const [V1, V2, V3] = SAMPLE_VILLAGES.map((v) => v.id);
const T0 = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;
const YEAR = 365 * DAY;
const VERSIONS = { protocol: PROTOCOL, schema: SCHEMA };

// ---- the world every run starts from: shared households and residents, pushed by an officer's device ----

type SharedH = { id: string; villageId: string; residents: string[] };
const SHARED: SharedH[] = [
  { id: 'sh1', villageId: V1, residents: ['sr1', 'sr2'] },
  { id: 'sh2', villageId: V1, residents: [] },
  { id: 'sh3', villageId: V2, residents: ['sr3'] },
  { id: 'sh4', villageId: V3, residents: ['sr4'] },
];

type DeviceDef = { id: string; scope: Scope };
const scope = (villageIds: string[], wholeCommune = false): Scope => ({ communeId: C, villageIds, wholeCommune });
const DEVICES: DeviceDef[] = [
  { id: 'dA', scope: scope([V1]) },
  { id: 'dB', scope: scope([V1, V2]) },
  { id: 'dC', scope: scope([], true) },
  { id: 'dD', scope: scope([V3]) },
];
const SEED: DeviceDef = { id: 'seed', scope: scope([], true) };
const authOf = (d: DeviceDef): DeviceAuth => ({ deviceId: d.id, memberId: `m-${d.id}`, scope: d.scope });
const inScopeOf = (d: DeviceDef, villageId: string | null) => villageId === null || d.scope.wholeCommune || d.scope.villageIds.includes(villageId);

// ---- what each mutation should do, decided when it is made (so the model needs no server) ----

type Expect =
  | { status: 'applied'; lww?: { table: string; id: string; base: Row; patch: Row; hlc: string }; insert?: { table: string; id: string; row: Row } }
  | { status: 'flagged' }
  | { status: 'rejected'; reason: ErrorCode };
type Outboxed = { m: Mutation; expect: Expect };

const lwwEffect = (name: MutationName, args: Row, hlc: string): Expect => {
  const spec = MUTATIONS[name] as LwwSpec;
  const identity: Row = {};
  const patch: Row = {};
  for (const [k, v] of Object.entries(args)) (spec.identity.includes(k) ? identity : patch)[k] = v;
  return { status: 'applied', lww: { table: spec.table, id: String(args.id), base: { ...spec.defaults, ...identity }, patch, hlc } };
};

// ---- random edits, as abstract choices resolved against what the device knows ----

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('patchH' as const), t: fc.nat(), name: fc.constantFrom('Lò Văn Pọm', 'Giàng A Páo', 'Nguyễn Thị Lan'), label: fc.constantFrom('Số 1', 'Xóm Trên', ''), flags: fc.subarray(['poor', 'producer'] as const), fields: fc.subarray(['headName', 'houseLabel', 'flags', 'removed'] as const, { minLength: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('newH' as const), v: fc.nat(), name: fc.constantFrom('Sùng Seo Chứ', 'Bàn Văn Quý') }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('newR' as const), t: fc.nat(), year: fc.integer({ min: 1930, max: 2025 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('patchR' as const), t: fc.nat(), year: fc.integer({ min: 1930, max: 2025 }), sex: fc.constantFrom('f' as const, 'm' as const, null), fields: fc.subarray(['label', 'birthYear', 'sex', 'removed'] as const, { minLength: 1 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('cell' as const), t: fc.nat(), item: fc.constantFrom('vneid', 'vneid-l2', 'cashless', 'fibre', 'ecommerce'), state: fc.constantFrom(...CELL_STATES) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('visit' as const), t: fc.nat(), outcome: fc.constantFrom(...OUTCOMES), minutes: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('resend' as const), t: fc.nat(), changed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('void' as const), t: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('bad' as const), kind: fc.constantFrom('id-note', 'out-of-scope', 'unknown-parent', 'malformed', 'bad-item', 'immutable', 'bad-hlc') }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

// Builds one device's outbox from its ops: gapless seqs, HLC stamps from its own (skewed, wandering) clock.
const buildOutbox = (dev: DeviceDef, ops: Op[], skew: number): Outboxed[] => {
  const clock = new HlcClock(dev.id);
  const out: Outboxed[] = [];
  // this device's view: the shared households it can see, and what it created itself
  const known: SharedH[] = SHARED.filter((h) => inScopeOf(dev, h.villageId)).map((h) => ({ ...h, residents: [...h.residents] }));
  const visits: Row[] = [];
  let n = 0;
  const households = () => known;
  const now = () => T0 + skew + out.length * 1000;
  const push = (name: MutationName, args: Row, expect: (hlc: string) => Expect, hlc?: string) => {
    const stamp = hlc ?? clock.send(now());
    out.push({ m: { seq: out.length + 1, id: String(args.id), name, args, hlc: stamp }, expect: expect(stamp) });
  };
  const put = (name: MutationName, args: Row) => push(name, args, (h) => lwwEffect(name, args, h));
  const reject = (name: MutationName, args: Row, reason: ErrorCode) => push(name, args, () => ({ status: 'rejected', reason }));
  for (const o of ops) {
    const hs = households();
    switch (o.k) {
      case 'patchH': {
        const h = hs[o.t % hs.length];
        const all: Row = { headName: o.name, houseLabel: o.label, flags: o.flags, removed: o.t % 7 === 0 };
        put('household.put', { id: h.id, villageId: h.villageId, ...Object.fromEntries(o.fields.map((f) => [f, all[f]])) });
        break;
      }
      case 'newH': {
        const villages = dev.scope.wholeCommune ? [V1, V2, V3] : dev.scope.villageIds;
        const h = { id: `${dev.id}-h${++n}`, villageId: villages[o.v % villages.length], residents: [] };
        known.push(h);
        put('household.put', { id: h.id, villageId: h.villageId, headName: o.name });
        break;
      }
      case 'newR': {
        const h = hs[o.t % hs.length];
        const id = `${dev.id}-r${++n}`;
        h.residents.push(id);
        put('resident.put', { id, householdId: h.id, villageId: h.villageId, label: `Người ${n}`, birthYear: o.year });
        break;
      }
      case 'patchR': {
        const withR = hs.filter((h) => h.residents.length);
        if (!withR.length) break;
        const h = withR[o.t % withR.length];
        const rid = h.residents[o.t % h.residents.length];
        const all: Row = { label: `Tên ${o.t % 5}`, birthYear: o.year, sex: o.sex, removed: o.t % 5 === 0 };
        put('resident.put', { id: rid, householdId: h.id, villageId: h.villageId, ...Object.fromEntries(o.fields.map((f) => [f, all[f]])) });
        break;
      }
      case 'cell': {
        const level = DEFAULT_CATALOGUE.find((i) => i.id === o.item)?.level;
        const withR = hs.filter((h) => h.residents.length);
        const h = level === 'resident' ? withR[o.t % (withR.length || 1)] : hs[o.t % hs.length];
        if (!h) break;
        const residentId = level === 'resident' ? h.residents[o.t % h.residents.length] : null;
        put('checklist.set', {
          id: checklistCellId(o.item, residentId ?? h.id),
          villageId: h.villageId,
          householdId: h.id,
          residentId,
          itemId: o.item,
          state: o.state,
          by: `m-${dev.id}`,
          at: now(),
        });
        break;
      }
      case 'visit': {
        const h = hs[o.t % hs.length];
        const row: Row = {
          id: `${dev.id}-v${++n}`,
          villageId: h.villageId,
          householdId: h.id,
          memberId: `m-${dev.id}`,
          memberName: 'Lò Văn Pọm',
          at: now(),
          items: h.residents.length ? [{ itemId: 'vneid-l2', residentIds: h.residents.slice(0, 2), outcome: o.outcome }] : [{ itemId: 'fibre', residentIds: [], outcome: o.outcome }],
          dossiers: [],
          language: 'vi',
          minutes: o.minutes,
          note: '',
          followUpOn: null,
          replaces: null,
        };
        visits.push(row);
        push('visit.add', row, () => ({ status: 'applied', insert: { table: 'visits', id: String(row.id), row } }));
        break;
      }
      case 'resend': {
        if (!visits.length) break;
        const v = visits[o.t % visits.length];
        // the same body again is a no-op; a different body under the same id is kept aside for a person
        if (o.changed) push('visit.add', { ...v, minutes: Number(v.minutes) + 1 }, () => ({ status: 'flagged' }));
        else push('visit.add', v, () => ({ status: 'applied' }));
        break;
      }
      case 'void': {
        if (!visits.length) break;
        const v = visits[o.t % visits.length];
        const row: Row = { id: `${dev.id}-x${++n}`, target: 'visit', targetId: v.id, villageId: v.villageId, memberId: `m-${dev.id}`, at: now(), reason: 'Ghi nhầm' };
        push('visit.void', row, () => ({ status: 'applied', insert: { table: 'voids', id: String(row.id), row } }));
        break;
      }
      case 'bad': {
        const h = hs[0];
        const outside = [V1, V2, V3].find((v) => !inScopeOf(dev, v));
        if (o.kind === 'id-note') reject('household.put', { id: h.id, villageId: h.villageId, notes: 'CCCD 001203004005' }, 'invalid');
        else if (o.kind === 'out-of-scope' && outside) reject('household.put', { id: `${dev.id}-h${++n}`, villageId: outside, headName: 'Hộ ngoài' }, 'scope-forbidden');
        else if (o.kind === 'unknown-parent') reject('resident.put', { id: `${dev.id}-r${++n}`, householdId: 'nope', villageId: h.villageId, label: 'A', birthYear: 1990 }, 'unknown-parent');
        else if (o.kind === 'malformed') reject('household.put', [] as unknown as Row, 'bad-request');
        else if (o.kind === 'bad-hlc') reject('household.put', { id: h.id, villageId: h.villageId }, 'bad-request');
        else if (o.kind === 'bad-item')
          reject('checklist.set', { id: `nope@${h.id}`, villageId: h.villageId, householdId: h.id, residentId: null, itemId: 'nope', state: 'done', by: 'm', at: 1 }, 'invalid');
        else {
          const other = [V1, V2, V3].find((v) => v !== h.villageId && inScopeOf(dev, v));
          if (other) reject('household.put', { id: h.id, villageId: other, headName: 'Chuyển' }, 'immutable-field');
        }
        if (o.kind === 'bad-hlc') out[out.length - 1].m.hlc = 'yesterday';
        if (o.kind === 'malformed') out[out.length - 1].m.id = 'x';
        break;
      }
    }
  }
  return out;
};

// ---- the model ----

type ModelState = { lww: Map<string, { row: Row; clocks: Record<string, string> }>; inserts: Map<string, Row>; flags: number; rejections: Set<string> };

const model = (outboxes: Map<string, Outboxed[]>, upTo: (deviceId: string) => number): ModelState => {
  const lww = new Map<string, { row: Row; clocks: Record<string, string> }>();
  const inserts = new Map<string, Row>();
  const rejections = new Set<string>();
  let flags = 0;
  const effects: NonNullable<Extract<Expect, { status: 'applied' }>['lww']>[] = [];
  for (const [deviceId, box] of outboxes)
    for (const { m, expect } of box.slice(0, upTo(deviceId))) {
      if (expect.status === 'rejected') rejections.add(`${deviceId}|${m.seq}`);
      else if (expect.status === 'flagged') flags++;
      else if (expect.lww) effects.push(expect.lww);
      else if (expect.insert) {
        const key = `${expect.insert.table}|${expect.insert.id}`;
        if (!inserts.has(key)) inserts.set(key, expect.insert.row);
      }
    }
  // each field takes the value of the newest stamp that wrote it
  effects.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  for (const e of effects) {
    const key = `${e.table}|${e.id}`;
    const cur = lww.get(key) ?? { row: { ...e.base }, clocks: {} };
    for (const [f, v] of Object.entries(e.patch)) {
      cur.row[f] = v;
      cur.clocks[f] = e.hlc;
    }
    lww.set(key, cur);
  }
  return { lww, inserts, flags, rejections };
};

const LWW = new Set(['households', 'residents', 'checklist', 'followups']);
const INSERT = new Set(['visits', 'sessions', 'voids']);
const serverState = (port: MemorySyncPort): ModelState => {
  const lww = new Map<string, { row: Row; clocks: Record<string, string> }>();
  const inserts = new Map<string, Row>();
  for (const e of port.state.entries) {
    if (LWW.has(e.table)) lww.set(`${e.table}|${e.id}`, { row: e.row, clocks: e.clocks ?? {} });
    else if (INSERT.has(e.table)) inserts.set(`${e.table}|${e.id}`, e.row);
  }
  return { lww, inserts, flags: port.state.flags.length, rejections: new Set(Object.keys(port.state.rejections)) };
};

// ---- plumbing: a port that fails half-way through a push, like a database connection dropping ----

class Transient extends Error {}
const failingAfter = (port: MemorySyncPort, writes: number): SyncPort => ({
  changesSince: (s, a, l) => port.changesSince(s, a, l),
  changesAt: (s, v) => port.changesAt(s, v),
  versions: (c) => port.versions(c),
  inPushTransaction: (communeId, fn) =>
    port.inPushTransaction(communeId, (tx) => {
      let left = writes;
      const tick = () => {
        if (left-- <= 0) throw new Transient('connection lost');
      };
      const wrapped: SyncTx = {
        ...tx,
        putLww: async (...a) => (tick(), tx.putLww(...a)),
        insert: async (...a) => (tick(), tx.insert(...a)),
        reject: async (...a) => (tick(), tx.reject(...a)),
      };
      return fn(wrapped);
    }),
});

const setup = async () => {
  const port = new MemorySyncPort();
  for (const v of SAMPLE_VILLAGES) port.putReference(C, 'villages', v, v.id);
  for (const item of DEFAULT_CATALOGUE) port.putReference(C, 'catalogue', item);
  const clock = new HlcClock(SEED.id);
  const seedBox: Outboxed[] = [];
  const add = (name: MutationName, args: Row) => {
    const hlc = clock.send(T0 - DAY);
    seedBox.push({ m: { seq: seedBox.length + 1, id: String(args.id), name, args, hlc }, expect: lwwEffect(name, args, hlc) });
  };
  for (const h of SHARED) {
    add('household.put', { id: h.id, villageId: h.villageId, headName: `Chủ hộ ${h.id}` });
    for (const r of h.residents) add('resident.put', { id: r, householdId: h.id, villageId: h.villageId, label: `Người ${r}`, birthYear: 1980 });
  }
  const res = await handlePush(port, authOf(SEED), { ...VERSIONS, deviceId: SEED.id, mutations: seedBox.map((o) => o.m) }, T0 - DAY);
  expect(res).toMatchObject({ lastSeq: seedBox.length });
  return { port, seedBox };
};

const lastSeqOf = (port: MemorySyncPort, deviceId: string) => port.state.devices[deviceId]?.lastSeq ?? 0;

// Checks one push response against what each mutation was expected to do.
const checkResponse = (res: PushResponse, box: Outboxed[]) => {
  if ('upgrade' in res) throw new Error('unexpected upgrade');
  for (const r of res.results) {
    const want = box[r.seq - 1].expect;
    if (r.status === 'duplicate') expect(want.status).not.toBe('rejected');
    else if (want.status === 'rejected') expect(r).toMatchObject({ status: 'rejected', reason: want.reason });
    else expect(r.status).toBe(want.status);
  }
  if ('error' in res) expect(res.expectedSeq).toBe(res.lastSeq + 1);
};

// A device's copy of its scope, kept by pulling pages.
type Replica = { cursor: number; rows: Map<string, Row>; scopeKey?: string };
const pullPage = async (port: SyncPort, dev: DeviceDef, rep: Replica, limit: number, now: number) => {
  const res = await handlePull(port, authOf(dev), { ...VERSIONS, deviceId: dev.id, cursor: rep.cursor, limit, scopeKey: rep.scopeKey }, now);
  if ('upgrade' in res) throw new Error('unexpected upgrade');
  if ('reset' in res) {
    rep.cursor = 0;
    rep.rows.clear();
    rep.scopeKey = res.scopeKey;
    return { res, more: true };
  }
  for (const c of res.changes) {
    expect(c.version).toBeGreaterThan(rep.cursor);
    if (c.deleted) rep.rows.delete(`${c.table}|${c.id}`);
    else rep.rows.set(`${c.table}|${c.id}`, c.row as Row);
  }
  rep.cursor = res.cursor;
  rep.scopeKey = res.scopeKey;
  return { res, more: res.hasMore };
};
const inScopeRows = (port: MemorySyncPort, dev: DeviceDef) =>
  new Map(port.state.entries.filter((e) => e.communeId === C && inScopeOf(dev, e.villageId)).map((e) => [`${e.table}|${e.id}`, e.row]));

// ---- the schedule: what the network does ----

const delivery = fc.record({
  device: fc.nat({ max: DEVICES.length - 1 }),
  from: fc.integer({ min: -3, max: 2 }), // relative to the server's lastSeq: a resend of old ones, or a gap
  length: fc.integer({ min: 1, max: 8 }),
  failAfter: fc.option(fc.nat({ max: 4 }), { freq: 6 }),
});
const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('push' as const), deliveries: fc.array(delivery, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pull' as const), device: fc.nat({ max: DEVICES.length - 1 }), limit: fc.integer({ min: 1, max: 6 }) }) },
);
const world = fc.record({
  ops: fc.tuple(...DEVICES.map(() => fc.array(op, { maxLength: 14 }))),
  // clocks from a year slow to four minutes fast (past five minutes the server clamps: tested on its own below)
  skews: fc.tuple(...DEVICES.map(() => fc.oneof(fc.integer({ min: -YEAR, max: 4 * 60_000 }), fc.integer({ min: -5000, max: 5000 })))),
  steps: fc.array(step, { maxLength: 30 }),
  finalBatch: fc.integer({ min: 1, max: 100 }),
  finalLimits: fc.tuple(...DEVICES.map(() => fc.integer({ min: 1, max: 12 }))),
});

describe('push and pull under a hostile network (property)', () => {
  it('the server always equals each device’s prefix applied once; gaps never apply; nothing wedges; replicas converge', async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ ops, skews, steps, finalBatch, finalLimits }) => {
        const { port, seedBox } = await setup();
        const outboxes = new Map<string, Outboxed[]>([[SEED.id, seedBox]]);
        DEVICES.forEach((d, i) => outboxes.set(d.id, buildOutbox(d, ops[i], skews[i])));
        const replicas = DEVICES.map((): Replica => ({ cursor: 0, rows: new Map() }));
        let now = T0;
        const check = () => {
          const want = model(outboxes, (d) => lastSeqOf(port, d));
          const got = serverState(port);
          expect(got.rejections).toEqual(want.rejections);
          expect(got.flags).toBe(want.flags);
          expect(got.inserts).toEqual(want.inserts);
          expect(got.lww).toEqual(want.lww);
        };
        for (const s of steps) {
          now += 1 + (s.k === 'push' ? s.deliveries.length : 0) * 50;
          if (s.k === 'pull') {
            await pullPage(port, DEVICES[s.device], replicas[s.device], s.limit, now);
            continue;
          }
          const before = new Map(DEVICES.map((d) => [d.id, lastSeqOf(port, d.id)]));
          // requests built from what the server had when they were sent, then raced
          await Promise.all(
            s.deliveries.map(async (d) => {
              const dev = DEVICES[d.device];
              const box = outboxes.get(dev.id) as Outboxed[];
              const start = Math.max(1, lastSeqOf(port, dev.id) + 1 + d.from);
              const batch = box.slice(start - 1, start - 1 + d.length);
              if (!batch.length) return;
              const target = d.failAfter === null ? port : failingAfter(port, d.failAfter);
              const body = { ...VERSIONS, deviceId: dev.id, mutations: [...batch].reverse().map((o) => o.m) };
              try {
                checkResponse(await handlePush(target, authOf(dev), body, now), box);
              } catch (e) {
                if (!(e instanceof Transient)) throw e;
              }
            }),
          );
          for (const d of DEVICES) expect(lastSeqOf(port, d.id)).toBeGreaterThanOrEqual(before.get(d.id) as number);
          check();
        }
        // quiescence: each device sends what the server has not confirmed, like the real client; every push moves on
        for (const dev of DEVICES) {
          const box = outboxes.get(dev.id) as Outboxed[];
          while (lastSeqOf(port, dev.id) < box.length) {
            const from = lastSeqOf(port, dev.id);
            now += 10;
            const res = await handlePush(port, authOf(dev), { ...VERSIONS, deviceId: dev.id, mutations: box.slice(from, from + finalBatch).map((o) => o.m) }, now);
            checkResponse(res, box);
            expect(lastSeqOf(port, dev.id)).toBeGreaterThan(from);
          }
        }
        check();
        // every replica, pulled to the end at its own page size, equals the server for its scope and nothing more
        for (const [i, dev] of DEVICES.entries()) {
          let guard = 0;
          for (let more = true; more; guard++) {
            expect(guard).toBeLessThan(1000);
            ({ more } = await pullPage(port, dev, replicas[i], finalLimits[i], now));
          }
          expect(replicas[i].rows).toEqual(inScopeRows(port, dev));
        }
      }),
      FC(),
    );
  }, 60_000);
});

describe('pull pages (property)', () => {
  it('any page size returns every visible change exactly once, in version order, never splitting a version', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ device: fc.nat({ max: DEVICES.length - 1 }), size: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 15 }),
        fc.nat({ max: DEVICES.length - 1 }),
        fc.integer({ min: 1, max: 15 }),
        async (pushes, who, limit) => {
          const { port } = await setup();
          // pushes of different sizes: each is one version holding `size` changes
          let k = 0;
          for (const p of pushes) {
            const dev = DEVICES[p.device];
            const villages = dev.scope.wholeCommune ? [V1, V2, V3] : dev.scope.villageIds;
            const from = lastSeqOf(port, dev.id);
            const mutations = Array.from({ length: p.size }, (_, i): Mutation => {
              const id = `p${++k}`;
              return { seq: from + i + 1, id, name: 'household.put', args: { id, villageId: villages[k % villages.length], headName: 'Hộ' }, hlc: new HlcClock(dev.id).send(T0 + k) };
            });
            await handlePush(port, authOf(dev), { ...VERSIONS, deviceId: dev.id, mutations }, T0 + k);
          }
          const dev = DEVICES[who];
          const all: Change[] = [];
          const pages: Change[][] = [];
          let cursor = 0;
          for (let more = true, guard = 0; more; guard++) {
            expect(guard).toBeLessThan(500);
            const res = await handlePull(port, authOf(dev), { ...VERSIONS, deviceId: dev.id, cursor, limit }, T0);
            if (!('changes' in res)) throw new Error('expected changes');
            if (res.changes.length) expect(res.cursor).toBe(res.changes[res.changes.length - 1].version);
            else expect(res.cursor).toBe(cursor);
            // a page is over the limit only when one version alone is bigger than the limit
            if (res.changes.length > limit) expect(new Set(res.changes.map((c) => c.version)).size).toBe(1);
            pages.push(res.changes);
            all.push(...res.changes);
            cursor = res.cursor;
            more = res.hasMore;
          }
          const keys = all.map((c) => `${c.table}|${c.id}`);
          expect(new Set(keys).size).toBe(keys.length);
          expect(new Set(keys)).toEqual(new Set(inScopeRows(port, dev).keys()));
          for (let i = 1; i < all.length; i++) expect(all[i].version).toBeGreaterThanOrEqual(all[i - 1].version);
          for (let i = 1; i < pages.length; i++) {
            const prev = pages[i - 1];
            if (prev.length && pages[i].length) expect(pages[i][0].version).toBeGreaterThan(prev[prev.length - 1].version);
          }
        },
      ),
      FC(),
    );
  });
});

describe('clamped clocks keep a device’s own order (property)', () => {
  it('a phone whose clock runs fast still sees its last edit of a field win, however its queue is batched', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 5 * 60_000 + 1, max: YEAR }),
        fc.array(fc.constantFrom('Lò Văn A', 'Lò Văn B', 'Lò Văn C'), { minLength: 2, maxLength: 25 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 10 }),
        async (ahead, names, batches, pauses) => {
          const { port } = await setup();
          const dev = DEVICES[0];
          const clock = new HlcClock(dev.id);
          const box = names.map((headName, i): Mutation => ({ seq: i + 1, id: 'sh1', name: 'household.put', args: { id: 'sh1', villageId: V1, headName }, hlc: clock.send(T0 + ahead + i * (i % 3)) }));
          let now = T0;
          for (let b = 0; lastSeqOf(port, dev.id) < box.length; b++) {
            const from = lastSeqOf(port, dev.id);
            now += pauses[b % (pauses.length || 1)] ?? 0;
            await handlePush(port, authOf(dev), { ...VERSIONS, deviceId: dev.id, mutations: box.slice(from, from + batches[b % batches.length]) }, now);
            now += 1; // two requests from one phone never share a millisecond of server time
          }
          expect(port.rows('households').find((r) => r.id === 'sh1')).toMatchObject({ headName: names[names.length - 1] });
        },
      ),
      FC(),
    );
  });
});
