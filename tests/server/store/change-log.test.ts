import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceAuth } from '../../../src/core/sync/port.ts';
import { handlePush } from '../../../src/core/sync/push.ts';
import { PROTOCOL, SCHEMA, type Change, type Mutation, type Scope } from '../../../src/core/sync/protocol.ts';
import { changeJson } from '../../../src/server/store/change-cache.ts';
import { ChangeLog, type Notice } from '../../../src/server/store/change-log.ts';
import { ChangeReader } from '../../../src/server/store/changes.ts';
import { inCommuneWrite } from '../../../src/server/store/commune-write.ts';
import { connectSqlite, type SqliteConnection } from '../../../src/server/store/open.ts';
import { kyselyExec } from '../../../src/server/store/prepared.ts';
import { SqlSyncPort } from '../../../src/server/store/sync-port.ts';
import { checklistCell, household, resident, visit, wirePhone } from '../helpers/phone.ts';
import { createTestServer, type TestServer } from '../helpers/test-server.ts';

// A SQLite reader thread answers incremental pulls from the writer's notices (store/change-log.ts) instead of SQL.
// Whatever the writer did (group commits with a push rolled back, rows edited again, writes the log never heard of),
// a page must be byte for byte what SQL lists at that moment.
describe('pull pages from the writer’s notices (SQLite)', () => {
  let s: TestServer;
  let conn: SqliteConnection;
  let writer: SqlSyncPort;
  const log = new ChangeLog(300, 1000);
  beforeAll(async () => {
    s = await createTestServer({ db: 'sqlite' });
    const file = s.ctx.store.sqlite?.file as string;
    // A port as the writer thread has it, telling this test's log what each group committed.
    conn = connectSqlite({ file, busyTimeoutMs: 2000 }, 'writer');
    writer = new SqlSyncPort(
      { db: conn.kysely, read: conn.kysely, kind: 'sqlite', exec: { read: conn.exec, write: conn.exec }, where: file, close: async () => undefined },
      { keepRows: true, onCommitted: (notices) => log.apply(notices) },
    );
  });
  afterAll(async () => {
    conn?.raw.close();
    await s?.close();
  });

  const reader = (withLog?: ChangeLog) => new ChangeReader(s.ctx.store.read, s.ctx.store.kind, s.ctx.store.exec?.read ?? kyselyExec(s.ctx.store.read), undefined, withLog);
  const text = (changes: Change[]) => changes.map(changeJson);
  const fresh = (changes: Change[]) => changes.map((c) => JSON.stringify(c));

  it('answers every cursor and page size as SQL does, through group commits, re-edits and writes it never heard of', async () => {
    const [v1, v2] = s.villageIds;
    const joined = await Promise.all([s.join(v1), s.join(v1), s.join(v2)]);
    const devices = joined.map((j) => ({ auth: { deviceId: j.deviceId, memberId: j.member.id, scope: j.scope } as DeviceAuth, seq: 0, village: j.scope.villageIds[0] }));
    const communeId = devices[0].auth.scope.communeId;
    const viaServer = wirePhone(s, await s.join(v2));
    const scopes: Scope[] = [devices[0].auth.scope, devices[2].auth.scope, { communeId, villageIds: [], wholeCommune: true }];
    const logged = reader(log);
    let n = 0;
    let stamp = s.clock.now();
    const m = (d: (typeof devices)[number], name: string, args: Record<string, unknown>): Mutation => ({
      seq: ++d.seq,
      id: String(args.id),
      name: name as Mutation['name'],
      args,
      hlc: `${String(++stamp).padStart(15, '0')}-0000-${d.auth.deviceId}`,
    });
    const push = (d: (typeof devices)[number], mutations: Mutation[]) =>
      handlePush(writer, d.auth, { protocol: PROTOCOL, schema: SCHEMA, deviceId: d.auth.deviceId, mutations }, s.clock.now());

    type Step = { kind: 'new' | 'edit' | 'visit' | 'together' | 'admin' | 'server'; who: number; pick: number };
    const step = fc.record({ kind: fc.constantFrom('new', 'edit', 'visit', 'together', 'admin', 'server'), who: fc.nat(2), pick: fc.nat(50) }) as fc.Arbitrary<Step>;
    const made: { id: string; village: string }[] = [];
    const run = async ({ kind, who, pick }: Step) => {
      const d = devices[who];
      const id = `hl-${++n}`;
      const mine = made.filter((h) => h.village === d.village);
      const some = mine[pick % Math.max(1, mine.length)];
      if (kind === 'new' || !some) {
        await push(d, [
          m(d, 'household.put', household(id, d.village)),
          m(d, 'resident.put', resident(`r-${id}`, id, d.village)),
          m(d, 'checklist.set', checklistCell(`r-${id}`, id, d.village, 'vneid', 'done', d.auth.memberId, s.clock.now())),
        ]);
        made.push({ id, village: d.village });
      } else if (kind === 'edit') await push(d, [m(d, 'household.put', household(some.id, d.village, { headName: `Chủ hộ ${n}` })), m(d, 'household.put', household(some.id, d.village, { notes: `ghi chú ${n}` }))]);
      else if (kind === 'visit') await push(d, [m(d, 'visit.add', visit(`vl-${n}`, some.id, d.village, d.auth.memberId, s.clock.now()))]);
      else if (kind === 'together') {
        // One group commit: a push that fails is rolled back to its savepoint and must leave nothing in the log.
        const failing = writer.inPushTransaction(communeId, async (tx) => {
          await tx.putLww('households', { row: household(`lost-${n}`, d.village), clocks: { headName: `${String(++stamp).padStart(15, '0')}-0000-x` } }, await tx.nextVersion(), { deviceId: d.auth.deviceId, memberId: d.auth.memberId, now: s.clock.now() });
          throw new Error('fails after writing');
        });
        await Promise.all([push(d, [m(d, 'household.put', household(some.id, d.village, { phone: `09${n}` }))]), failing.catch(() => undefined), push(devices[(who + 1) % 3], [m(devices[(who + 1) % 3], 'household.put', household(`hl-t-${n}`, devices[(who + 1) % 3].village))])]);
        made.push({ id: `hl-t-${n}`, village: devices[(who + 1) % 3].village });
      } else if (kind === 'admin') await inCommuneWrite(s.ctx.store.db, s.ctx.store.kind, communeId, s.clock.now(), (w) => w.tombstone('members', `m-gone-${n}`, null));
      else await viaServer.push([viaServer.m('household.put', household(`hs-${n}`, v2))]);
    };

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 8 }), async (steps) => {
        for (const st of steps) {
          await run(st);
          const version = (await s.ctx.port.versions(communeId)).current;
          for (const scope of scopes)
            for (let after = Math.max(0, version - 8); after <= version; after++)
              for (const limit of [1, 4, 1000]) expect(text(await logged.read(scope, { after, limit }))).toEqual(fresh(await reader().read(scope, { after, limit })));
        }
      }),
      { numRuns: 12, seed: 20261123 },
    );
    // Both ways were taken: from the log, and from SQL after a write it never heard of.
    expect(logged.stats.log).toBeGreaterThan(50);
    expect(logged.stats.sql).toBeGreaterThan(10);
  });
});

describe('the change log', () => {
  const change = (id: string, version: number, villageId = 'v1'): Change => ({ table: 'households', id, version, row: { id, villageId, headName: id } });
  const notice = (version: number, ...changes: Change[]): Notice => ({ communeId: 'c', version, changes });
  const scope = (villageIds: string[]): Scope => ({ communeId: 'c', villageIds, wholeCommune: false });

  it('keeps each row’s newest change, in version order, for the villages asked', () => {
    const log = new ChangeLog();
    log.apply([notice(5, change('a', 5), change('b', 5, 'v2')), notice(6, change('a', 6)), notice(7, change('c', 7))]);
    expect(log.covers('c', 4)).toBe(7);
    expect(log.read(scope(['v1']), 4, 10).map((c) => [c.id, c.version])).toEqual([['a', 6], ['c', 7]]);
    expect(log.read(scope(['v2']), 4, 10).map((c) => c.id)).toEqual(['b']);
    expect(log.read({ communeId: 'c', villageIds: [], wholeCommune: true }, 5, 1).map((c) => c.id)).toEqual(['a']);
    expect(log.covers('c', 3)).toBeUndefined(); // before its first notice
    expect(log.covers('other', 0)).toBeUndefined();
  });

  it('starts again after a version it was not told of', () => {
    const log = new ChangeLog();
    log.apply([notice(5, change('a', 5)), notice(7, change('b', 7))]);
    expect(log.covers('c', 5)).toBeUndefined();
    expect(log.covers('c', 6)).toBe(7);
    expect(log.read(scope(['v1']), 6, 10).map((c) => c.id)).toEqual(['b']);
  });

  it('lets the oldest versions go past its size, whole, and the communes told least recently past its total', () => {
    const log = new ChangeLog(10, 25);
    for (let v = 1; v <= 8; v++) log.apply([notice(v, change(`x${v}`, v), change(`y${v}`, v))]);
    const base = [...Array(9).keys()].find((after) => log.covers('c', after) !== undefined) as number;
    expect(base).toBeGreaterThan(2);
    expect(log.read(scope(['v1']), base, 100)).toHaveLength((8 - base) * 2);
    log.apply([{ communeId: 'd', version: 1, changes: Array.from({ length: 10 }, (_, i) => change(`d${i}`, 1)) }]);
    log.apply([{ communeId: 'e', version: 1, changes: Array.from({ length: 10 }, (_, i) => change(`e${i}`, 1)) }]);
    expect(log.covers('c', 8)).toBeUndefined();
    expect(log.covers('d', 0)).toBe(1);
    expect(log.covers('e', 0)).toBe(1);
  });
});
