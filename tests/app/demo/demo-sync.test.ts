import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoReport } from '../../../src/core/demo/report.ts';
import { formatDemoInvite } from '../../../src/core/demo/world.ts';
import { addDaysIso, customPeriod, localDate, type Period } from '../../../src/core/report/period.ts';
import { COMMUNE_ROW } from '../../../src/core/report/rows.ts';
import type { Member } from '../../../src/core/model/people.ts';
import { DemoDb } from '../../../src/app/demo/demo-db.ts';
import type { DemoHost } from '../../../src/app/demo/host.ts';
import { createHost } from '../../../src/app/demo/server-host.ts';
import { DemoServerDb } from '../../../src/app/demo/server-store.ts';
import { setSignal, signalOn } from '../../../src/app/demo/signal.ts';
import { demoJoinFetch, demoTransport } from '../../../src/app/demo/transport.ts';
import { createHousehold } from '../../../src/app/store/households-repo.ts';
import { getMember } from '../../../src/app/store/member.ts';
import { logVisit } from '../../../src/app/store/visits-repo.ts';
import { SyncEngine } from '../../../src/app/sync/engine.ts';
import { joinTeam } from '../../../src/app/sync/join.ts';
import { getAuth } from '../../../src/app/sync/local-state.ts';
import type { SyncLock } from '../../../src/app/sync/sync-lock.ts';

// The demo phone against the demo server, through the real sync client with only the transport swapped: joining,
// pulling the village, logging without signal, draining when it returns, the commune's figures moving; the server
// kept across a reload and back to its seed on reset.
const noLock: SyncLock = { run: async (fn) => ({ ran: true, value: await fn() }) };
const YEAR = new Date().getFullYear();
let n = 0;
const open: { close(): void }[] = [];
const dbs: (DemoDb | DemoServerDb)[] = [];
afterEach(async () => {
  setSignal(true);
  for (const h of open.splice(0)) h.close();
  for (const d of dbs.splice(0)) await d.delete();
});

const serverDb = (name = `demo-server-${process.pid}-${++n}`) => {
  const db = new DemoServerDb(name);
  dbs.push(db);
  return db;
};
const hostOn = async (db: DemoServerDb): Promise<DemoHost> => {
  const h = await createHost({ db, channelName: null });
  open.push(h);
  return h;
};

const phone = async (host: DemoHost, village = 1, wrap: (h: DemoHost) => DemoHost = (h) => h) => {
  const db = new DemoDb(`demo-phone-${process.pid}-${++n}`);
  dbs.push(db);
  const server = await host.server();
  const invite = server.world.invites[village];
  const get = async () => wrap(host);
  await joinTeam(db, { code: formatDemoInvite(invite.code).toLowerCase(), displayName: 'Lò Thị Hoa' }, { fetch: demoJoinFetch(get, () => 0) });
  const sync = new SyncEngine({ db, transport: demoTransport(get, () => 0), lock: noLock, isOnline: signalOn, random: () => 0.5 });
  return { db, sync, member: (await getMember(db)) as Member, villageId: invite.villageId };
};

const figures = async (host: DemoHost) => {
  const s = await host.server();
  const today = localDate(Date.now());
  return buildDemoReport({
    province: s.world.commune.province,
    commune: s.world.commune.commune,
    records: s.records(),
    devices: s.deviceList(),
    period: customPeriod(addDaysIso(today, -181), today) as Period,
    now: Date.now(),
  });
};
const commune = (r: Awaited<ReturnType<typeof figures>>, itemId: string) => r.rows.find((x) => x.villageId === COMMUNE_ROW && x.itemId === itemId)!;

describe('demo phone ↔ demo server', () => {
  it('joins without keeping a token, pulls its village, holds visits without signal and drains them when it returns', async () => {
    const host = await hostOn(serverDb());
    const p = await phone(host);
    expect((await getAuth(p.db))?.token).toBe('');
    expect(p.member.villageIds).toEqual([p.villageId]);
    expect(await p.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 0 });
    const world = (await host.server()).world.commune;
    expect(await p.db.households.count()).toBe(world.households.filter((h) => h.villageId === p.villageId).length);
    expect(await p.db.roster.count()).toBe(await p.db.households.count());

    const before = await figures(host);
    setSignal(false);
    const h = await createHousehold(p.db, p.villageId, { headName: 'Lò Văn Páo', houseLabel: 'Bản Trên, số 40', phone: '', flags: [], notes: '' }, [
      { label: 'Lò Văn Páo', birthYear: YEAR - 44, sex: 'm' },
      { label: 'Lường Thị Ón', birthYear: YEAR - 40, sex: 'f' },
    ]);
    const residents = await p.db.residents.where('householdId').equals(h.id).toArray();
    await logVisit(p.db, h.id, { items: [{ itemId: 'vneid-l2', residentIds: residents.map((r) => r.id), outcome: 'done' }], dossiers: [], language: 'thai', minutes: 20, note: '', followUpOn: null }, p.member);
    const waiting = await p.db.outbox.count();
    expect(waiting).toBe(8); // household, 2 residents, the visit, its 2 level-2 cells and the 2 VNeID cells they imply
    expect(await p.sync.syncNow()).toEqual({ kind: 'offline' });
    // "Gửi ngay" without signal: tried, nothing lost
    expect(await p.sync.syncNow(true)).toMatchObject({ kind: 'failed', code: 'network' });
    expect(await p.db.outbox.count()).toBe(waiting);
    expect((await figures(host)).total.households).toBe(before.total.households);

    setSignal(true);
    expect(await p.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: waiting, refused: 0 });
    expect(await p.db.outbox.count()).toBe(0);
    const after = await figures(host);
    expect(after.total.households).toBe(before.total.households + 1);
    expect(commune(after, 'vneid-l2').numerator).toBe(commune(before, 'vneid-l2').numerator + 2);
    expect(commune(after, 'vneid-l2').denominator).toBe(commune(before, 'vneid-l2').denominator + 2);
    expect(after.total.visits).toBe(before.total.visits + 1);
  });

  it('applies a push whose answer was lost (signal gone mid-trip) exactly once when the phone sends it again', async () => {
    const host = await hostOn(serverDb());
    // The signal drops while the server is answering.
    let drop = false;
    const flaky = (h: DemoHost): DemoHost => ({
      ...h,
      request: async (kind, json) => {
        const answer = await h.request(kind, json);
        if (drop && kind === 'push') setSignal(false);
        return answer;
      },
    });
    const p = await phone(host, 2, flaky);
    await p.sync.syncNow();
    const h = await createHousehold(p.db, p.villageId, { headName: 'Vàng A Chứ', houseLabel: '', phone: '', flags: [], notes: '' }, [{ label: 'Vàng A Chứ', birthYear: YEAR - 30, sex: 'm' }]);
    drop = true;
    expect(await p.sync.syncNow()).toMatchObject({ kind: 'failed', code: 'network' });
    drop = false;
    expect(await p.db.outbox.count()).toBe(2);
    expect((await host.server()).records().households.filter((x) => x.id === h.id)).toHaveLength(1);
    setSignal(true);
    expect(await p.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 2, refused: 0 });
    expect(await p.db.outbox.count()).toBe(0);
    expect((await host.server()).records().households.filter((x) => x.id === h.id)).toHaveLength(1);
  });

  it('keeps the server across a reload, lets a second page catch up, and resets to the seed exactly', async () => {
    const db = serverDb();
    const host = await hostOn(db);
    const seed = structuredClone((await host.server()).records());
    const p = await phone(host);
    await p.sync.syncNow();
    await createHousehold(p.db, p.villageId, { headName: 'Lò Văn Páo', houseLabel: '', phone: '', flags: [], notes: '' }, [{ label: 'Lò Văn Páo', birthYear: YEAR - 44, sex: 'm' }]);
    await p.sync.syncNow();
    const live = (await host.server()).records();
    expect(live.households.length).toBe(seed.households.length + 1);

    // another page (a reload, a second tab) builds the same server from the seed and what was kept
    const other = await hostOn(db);
    expect((await other.server()).records()).toEqual(live);
    expect(other.info()).toEqual(host.info());

    await host.reset();
    const back = (await host.server()).records();
    expect(back).toEqual(seed);
    // the other page sees the reset before it answers anything
    expect((await other.server()).records()).toEqual(seed);
    const reloaded = await hostOn(db);
    expect((await reloaded.server()).records()).toEqual(seed);
    expect(reloaded.info().epoch).toBe(host.info().epoch);
  });
});
