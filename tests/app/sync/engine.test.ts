import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createHousehold, updateHousehold } from '../../../src/app/store/households-repo.ts';
import { logVisit } from '../../../src/app/store/visits-repo.ts';
import { enqueue } from '../../../src/app/store/outbox.ts';
import { getMember } from '../../../src/app/store/member.ts';
import { getProblem, SYNC_KEYS } from '../../../src/app/sync/local-state.ts';
import { parseHlc } from '../../../src/core/sync/hlc.ts';
import { PROTOCOL, SCHEMA } from '../../../src/core/sync/protocol.ts';
import { createMemoryServer, V1, V2 } from './memory-server.ts';
import { closePhones, joinedPhone, type Phone } from './phone.ts';
import type { AppDb } from '../../../src/app/store/db.ts';
import type { Member } from '../../../src/core/model/people.ts';

afterEach(closePhones);

const YEAR = new Date().getFullYear();
const addHousehold = (db: AppDb, headName = 'Lò Văn Páo', villageId = V1) =>
  createHousehold(db, villageId, { headName, houseLabel: 'Xóm Trên, số 12', phone: '', flags: [], notes: '' }, [
    { label: headName, birthYear: YEAR - 45, sex: 'm' },
    { label: 'Lò Thị Xuân', birthYear: YEAR - 16, sex: 'f' },
  ]);
const visitFor = (p: Phone, householdId: string) =>
  logVisit(p.db, householdId, { items: [{ itemId: 'fibre', residentIds: [], outcome: 'done' }], dossiers: [], language: 'thai', minutes: 15, note: '', followUpOn: null }, p.member as Member);

describe('sync engine: push then pull', () => {
  it('sends the outbox gzip-compressed with the token, empties it, and brings teammates the records', async () => {
    // (A body under a kilobyte, such as every pull, goes as plain JSON: gzip would only make it bigger.)
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    const b = await joinedPhone(server);
    const h = await addHousehold(a.db);
    const v = await visitFor(a, h.id);
    const queued = await a.db.outbox.count();
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: queued, refused: 0 });
    expect(await a.db.outbox.count()).toBe(0);
    const push = server.log.find((x) => x.path === '/api/sync/push')!;
    expect(push.gzip).toBe(true);
    expect(push.bytes).toBeLessThan(JSON.stringify(push.body).length);
    expect(push.body).toMatchObject({ protocol: PROTOCOL, schema: SCHEMA, deviceId: a.id });
    expect(server.port.rows('visits')).toEqual([v]);
    // b has nothing to push: it pulls on its own, in plain JSON.
    expect(await b.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 0 });
    const pull = server.log.find((x) => x.path === '/api/sync/pull')!;
    expect(pull.gzip).toBe(false);
    expect(await b.db.households.get(h.id)).toEqual(h);
    expect(await b.db.visits.get(v.id)).toEqual(v);
    // The village list and its reference data arrive too, and the roster summary is rebuilt for the household.
    expect((await b.db.roster.get(h.id))?.lastVisitAt).toBe(v.at);
    expect(await b.db.catalogue.count()).toBeGreaterThan(5);
    expect(await b.db.meta.get(SYNC_KEYS.cursor)).toMatchObject({ value: expect.any(Number) });
    expect((await a.db.meta.get(SYNC_KEYS.lastSentAt))?.value).toEqual(expect.any(Number));
  });

  it('cuts the outbox into batches of at most 100 and pages the pull', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server, {}, { pullLimit: 40 });
    for (let i = 0; i < 25; i++) await addHousehold(a.db, `Hộ ${i}`); // 3 mutations each
    expect(await a.db.outbox.count()).toBe(75 * 1);
    for (let i = 0; i < 60; i++) {
      await a.db.transaction('rw', a.db.outbox, a.db.meta, () =>
        enqueue(a.db, 'followup.put', { id: `f${i}`, householdId: 'missing', villageId: V1, dueOn: '2026-12-01' }),
      );
    }
    const result = await a.sync.syncNow();
    expect(result).toMatchObject({ kind: 'synced', pushed: 135, refused: 60 });
    // Two batches travel at once; one that overtakes the batch before it gets a gap answer and goes again.
    const pushes = server.log.filter((x) => x.path === '/api/sync/push');
    const applied = pushes.filter((p) => !(p.answer as { error?: string }).error).map((p) => (p.body.mutations as unknown[]).length);
    expect(applied).toEqual([100, 35]);
    expect(pushes.every((p) => (p.body.mutations as unknown[]).length <= 100)).toBe(true);
    expect(pushes.length).toBeLessThanOrEqual(3);
    // The last push carries the pull and brings its first page; the rest are paged by pulls of their own.
    expect(pushes.at(-1)?.body.pull).toEqual({ cursor: expect.any(Number), limit: 40 });
    const pulls = server.log.filter((x) => x.path === '/api/sync/pull');
    expect(pulls.length).toBeGreaterThan(1);
    expect(pulls[0].body.cursor).toBe((pushes.at(-1)?.answer as { pull: { cursor: number } }).pull.cursor);
    expect(await a.db.households.count()).toBe(25);
  });
});

describe('sync engine: the pull that rides with the last push', () => {
  it('syncs in one request: the last push carries the cursor and its answer brings the page', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    const b = await joinedPhone(server);
    await a.sync.syncNow();
    const theirs = await addHousehold(b.db, 'Hộ của bạn');
    await b.sync.syncNow();
    const mine = await addHousehold(a.db);
    server.log.length = 0;
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 3, pulled: expect.any(Number) });
    expect(server.log.map((x) => x.path)).toEqual(['/api/sync/push']);
    expect(await a.db.households.get(theirs.id)).toEqual(theirs);
    expect(await a.db.households.get(mine.id)).toEqual(mine);
    const page = (server.log[0].answer as { pull: { cursor: number } }).pull;
    expect((await a.db.meta.get(SYNC_KEYS.cursor))?.value).toBe(page.cursor);
  });

  it('pulls on its own from a server that sends no page with the push (PROTOCOL 1)', async () => {
    const server = createMemoryServer({ protocol1: true });
    const a = await joinedPhone(server);
    const b = await joinedPhone(server);
    const theirs = await addHousehold(b.db, 'Hộ của bạn');
    await b.sync.syncNow();
    await addHousehold(a.db);
    server.log.length = 0;
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 3 });
    expect(server.log.map((x) => x.path)).toEqual(['/api/sync/push', '/api/sync/pull']);
    expect(await a.db.households.get(theirs.id)).toEqual(theirs);
  });

  it('does not lay a page read before a later push over what that push sent', async () => {
    const server = createMemoryServer();
    let during: (() => Promise<unknown>) | undefined;
    const a = await joinedPhone(server, {}, {
      // An edit made while the push that carries the pull is on its way: it goes in a push of its own after it.
      fetch: async (url, init) => {
        const answer = await server.fetch(url, init);
        const w = during;
        during = undefined;
        await w?.();
        return answer;
      },
    });
    const h = await addHousehold(a.db);
    await a.sync.syncNow();
    during = () => updateHousehold(a.db, h.id, { headName: 'Lò Văn Mới' });
    await updateHousehold(a.db, h.id, { notes: 'hẹn chiều thứ bảy' });
    server.log.length = 0;
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 2 });
    const pushes = server.log.filter((x) => x.path === '/api/sync/push');
    expect(pushes).toHaveLength(2);
    expect(await a.db.outbox.count()).toBe(0);
    // The phone ends where the server is: the later page (or a pull after it), never the one from before the edit.
    expect(await a.db.households.get(h.id)).toMatchObject({ headName: 'Lò Văn Mới', notes: 'hẹn chiều thứ bảy' });
    expect(server.port.rows('households').find((x) => x.id === h.id)).toMatchObject({ headName: 'Lò Văn Mới', notes: 'hẹn chiều thứ bảy' });
    expect((await a.db.meta.get(SYNC_KEYS.cursor))?.value).toBe((pushes[1].answer as { pull: { cursor: number } }).pull.cursor);
  });
});

describe('sync engine: what the server refuses', () => {
  it('moves refused and flagged mutations to attention with their reason, and goes on with the rest', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    const b = await joinedPhone(server);
    const outside = await addHousehold(a.db, 'Hộ ngoài thôn', V2); // not in this member's villages
    const h = await addHousehold(a.db);
    await a.db.transaction('rw', a.db.outbox, a.db.meta, () =>
      enqueue(a.db, 'household.put', { id: h.id, villageId: V1, notes: 'CCCD 001203004005' }),
    );
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced', refused: 4 });
    const attention = await a.db.attention.orderBy('seq').toArray();
    expect(attention.map((x) => [x.name, x.status, x.reason])).toEqual([
      ['household.put', 'rejected', 'scope-forbidden'],
      ['resident.put', 'rejected', 'scope-forbidden'],
      ['resident.put', 'rejected', 'scope-forbidden'],
      ['household.put', 'rejected', 'invalid'],
    ]);
    expect(attention[0].id).toBe(outside.id);
    expect(attention[3].issues).toEqual([{ field: 'notes', rule: 'looks-like-id-number' }]);
    expect(await a.db.outbox.count()).toBe(0);
    // An insert-only record sent again with another body is flagged, not applied.
    await b.sync.syncNow();
    const v = await visitFor(b, h.id);
    await b.sync.syncNow();
    await b.db.transaction('rw', b.db.outbox, b.db.meta, () => enqueue(b.db, 'visit.add', { ...v, minutes: 99 }));
    await b.sync.syncNow();
    expect(await b.db.attention.toArray()).toMatchObject([{ id: v.id, status: 'flagged', reason: 'conflict-flagged' }]);
    expect(server.port.rows('visits')).toEqual([v]);
    expect(await b.db.visits.get(v.id)).toEqual(v);
  });

  it('keeps the outbox and asks to re-join when the token is revoked or expired', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    await addHousehold(a.db);
    server.device(a.id).revoked = true;
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'blocked', problem: { code: 'token-revoked' } });
    expect(await a.db.outbox.count()).toBe(3);
    expect(await getProblem(a.db)).toMatchObject({ code: 'token-revoked' });
    const calls = server.log.length;
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'blocked' });
    expect(server.log.length).toBe(calls); // no more calls until the member joins again
    server.device(a.id).revoked = false;
    server.device(a.id).expired = true;
    await a.db.meta.delete(SYNC_KEYS.problem);
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'blocked', problem: { code: 'token-expired' } });
    expect(await a.db.outbox.count()).toBe(3);
  });

  it('keeps the outbox and asks for an update when the server answers upgrade', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    await addHousehold(a.db);
    server.faults.push({ path: '/api/sync/push', status: 426, code: 'upgrade-required', times: 1 });
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'blocked', problem: { code: 'upgrade', protocol: PROTOCOL, schema: SCHEMA } });
    expect(await a.db.outbox.count()).toBe(3);
    // The same build does not try again (the answer would be the same).
    const calls = server.log.length;
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'blocked' });
    expect(server.log.length).toBe(calls);
  });

  it('treats an upgrade answer body the same way, and forgets it once the app speaks a newer protocol', async () => {
    // A server of PROTOCOL 1: the phone pulls on its own after pushing, and that pull answers upgrade.
    const server = createMemoryServer({ protocol1: true });
    let upgrade = true;
    const a = await joinedPhone(server, {}, {
      fetch: async (url, init) =>
        upgrade && url.endsWith('/pull') ? new Response(JSON.stringify({ upgrade: true, serverTime: Date.now() })) : server.fetch(url, init),
    });
    await addHousehold(a.db);
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'blocked', problem: { code: 'upgrade' } });
    expect(await a.db.outbox.count()).toBe(0); // the push went through before the pull said so
    await addHousehold(a.db, 'Hộ mới');
    upgrade = false;
    // A build with a newer protocol clears the problem by itself (simulated by an older recorded protocol).
    await a.db.meta.put({ key: SYNC_KEYS.problem, value: { code: 'upgrade', at: 1, protocol: 0, schema: 1 } });
    expect(await a.sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 3 });
    expect(await getProblem(a.db)).toBeUndefined();
  });
});
