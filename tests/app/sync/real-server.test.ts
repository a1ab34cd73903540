import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../../../src/core/model/people.ts';
import { AppDb } from '../../../src/app/store/db.ts';
import { startWithSample } from '../../../src/app/store/first-run.ts';
import { createHousehold, updateHousehold } from '../../../src/app/store/households-repo.ts';
import { getMember } from '../../../src/app/store/member.ts';
import { logVisit, redactVisit } from '../../../src/app/store/visits-repo.ts';
import { addSession, redactSession } from '../../../src/app/store/sessions-repo.ts';
import { SyncEngine } from '../../../src/app/sync/engine.ts';
import { formatInviteCode, joinState, joinTeam, normalizeInviteCode } from '../../../src/app/sync/join.ts';
import { getAuth, getProblem } from '../../../src/app/sync/local-state.ts';
import { recordSyncState } from '../../../src/app/sync/useRecordSyncState.ts';
import { createTestServer, type TestServer } from '../../server/helpers/test-server.ts';
import { noLock } from './phone.ts';

// The client against the real server (Hono + SQLite through app.request): joining with an invite code, the
// first pull, exactly-once push, re-joining after a revoked token, and moving a member to another village.
let s: TestServer;
beforeAll(async () => {
  s = await createTestServer({ db: 'sqlite' });
});
afterAll(() => s.close());

const dbs: AppDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});
const freshDb = () => {
  const db = new AppDb(`real-${process.pid}-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  return db;
};
const [V1, V2] = ['v-na-pong', 'v-huoi-la'];
const YEAR = new Date().getFullYear();
const engineFor = (db: AppDb) => new SyncEngine({ db, fetch: s.fetch, lock: noLock, isOnline: () => true });
const officerToken = () => s.login();
const admin = async (path: string, init: RequestInit = {}) => {
  const res = await s.request(path, { ...init, headers: s.auth(await officerToken()) });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
};

describe('invite codes', () => {
  it('reads what people type, paste or scan', () => {
    expect(normalizeInviteCode('abcd-2345')).toBe('ABCD2345');
    expect(normalizeInviteCode(' ab cd 23 45 ')).toBe('ABCD2345');
    expect(normalizeInviteCode('https://xa.example/join?code=ABCD-2345')).toBe('ABCD2345');
    expect(normalizeInviteCode('ABCD-2340')).toBeUndefined(); // 0 is never in a code
    expect(normalizeInviteCode('ABC')).toBeUndefined();
    expect(formatInviteCode('ABCD2345')).toBe('ABCD-2345');
  });
});

describe('joining and syncing with the real server', () => {
  it('joins with a code, pulls the village, and sends visits exactly once', async () => {
    const db = freshDb();
    const member = await joinTeam(db, { code: formatInviteCode(s.invites[V1]).toLowerCase(), displayName: 'Lò Thị Hoa' }, { fetch: s.fetch });
    expect(member).toMatchObject({ displayName: 'Lò Thị Hoa', villageIds: [V1] });
    expect(await getAuth(db)).toMatchObject({ token: expect.any(String), memberId: member.id });
    const sync = engineFor(db);
    expect(await sync.syncNow()).toMatchObject({ kind: 'synced' });
    expect((await db.villages.toArray()).map((v) => v.id)).toContain(V1);
    expect(await db.catalogue.count()).toBeGreaterThan(5);
    const h = await createHousehold(db, V1, { headName: 'Lò Văn Páo', houseLabel: 'Số 3', phone: '', flags: [], notes: '' }, [{ label: 'Lò Văn Páo', birthYear: YEAR - 40, sex: 'm' }]);
    const v = await logVisit(db, h.id, { items: [{ itemId: 'fibre', residentIds: [], outcome: 'done' }], dossiers: [], language: 'vi', minutes: 10, note: '', followUpOn: null }, member as Member);
    expect(await recordSyncState(db, [v.id])).toBe('waiting');
    expect(await sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 4, refused: 0 });
    expect(await recordSyncState(db, [h.id, v.id])).toBe('confirmed');
    const rows = await s.ctx.store.db.selectFrom('visits').selectAll().where('id', '=', v.id).execute();
    expect(rows).toHaveLength(1);
    // A teammate sees it.
    const other = freshDb();
    await joinTeam(other, { code: s.invites[V1], displayName: 'Giàng A Tú' }, { fetch: s.fetch });
    await engineFor(other).syncNow();
    expect(await other.visits.get(v.id)).toEqual(v);
    expect(await other.households.get(h.id)).toEqual(h);
  });

  it('an erased note leaves the server and a teammate’s phone; the visit and the session stay', async () => {
    const db = freshDb();
    const member = (await joinTeam(db, { code: s.invites[V2], displayName: 'Lò Thị Hoa' }, { fetch: s.fetch })) as Member;
    const sync = engineFor(db);
    await sync.syncNow();
    const h = await createHousehold(db, V2, { headName: 'Lò Văn Pọm', houseLabel: '', phone: '', flags: [], notes: '' }, [{ label: 'Lò Văn Pọm', birthYear: YEAR - 50, sex: 'm' }]);
    const note = 'Anh Pọm nhờ ghi số 0912 345 678 của con gái';
    const v = await logVisit(db, h.id, { items: [{ itemId: 'fibre', residentIds: [], outcome: 'done' }], dossiers: [], language: 'vi', minutes: 10, note, followUpOn: null }, member);
    const today = new Date().toISOString().slice(0, 10);
    const ses = await addSession(db, V2, { kind: 'village-meeting', topics: ['vneid'], attendees: 12, residentIds: [], date: today, place: '', note }, member, today);
    await sync.syncNow();
    const other = freshDb();
    await joinTeam(other, { code: s.invites[V2], displayName: 'Giàng A Tú' }, { fetch: s.fetch });
    const mate = engineFor(other);
    await mate.syncNow();
    expect((await other.visits.get(v.id))?.note).toBe(note);
    await redactVisit(db, v, member);
    await redactSession(db, ses, member);
    expect(await sync.syncNow()).toMatchObject({ kind: 'synced', refused: 0 });
    expect(await mate.syncNow()).toMatchObject({ kind: 'synced' });
    expect(await other.visits.get(v.id)).toEqual({ ...v, note: '', redactedAt: expect.any(Number) });
    expect(await other.sessions.get(ses.id)).toEqual({ ...ses, note: '', redactedAt: expect.any(Number) });
    expect(await other.visits.get(v.id)).toEqual(await db.visits.get(v.id));
    const rows = await s.ctx.store.db.selectFrom('visits').select(['note']).where('id', '=', v.id).execute();
    expect(rows).toEqual([{ note: '' }]);
  });

  it('refuses a wrong code with its reason and asks a trial phone before removing its trial data', async () => {
    const db = freshDb();
    await expect(joinTeam(db, { code: 'ABCD-2345', displayName: 'A' }, { fetch: s.fetch })).rejects.toMatchObject({ code: 'invite-invalid' });
    await expect(joinTeam(db, { code: '12', displayName: '' }, { fetch: s.fetch })).rejects.toMatchObject({
      code: 'invalid',
      issues: [{ field: 'code', rule: 'bad-format' }, { field: 'displayName', rule: 'required' }],
    });
    await startWithSample(db, { displayName: 'Thử', villageIds: [V1] });
    await createHousehold(db, V1, { headName: 'Hộ thử', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    expect(await joinState(db)).toMatchObject({ trial: true, trialChanges: 1 });
    await expect(joinTeam(db, { code: s.invites[V2], displayName: 'Thử' }, { fetch: s.fetch })).rejects.toMatchObject({ issues: [{ field: 'discardTrial', rule: 'required' }] });
    expect(await db.households.count()).toBe(1); // nothing touched
    await joinTeam(db, { code: s.invites[V2], displayName: 'Thử', discardTrial: true }, { fetch: s.fetch });
    expect(await db.households.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.meta.get('nextSeq'))?.value).toBeUndefined();
    expect(await joinState(db)).toMatchObject({ joined: true, trial: false });
    expect(await engineFor(db).syncNow()).toMatchObject({ kind: 'synced' });
    expect(((await getMember(db)) as Member).villageIds).toEqual([V2]);
  });

  it('keeps the outbox through a revoked token and a re-join, and sends it once', async () => {
    const db = freshDb();
    const member = await joinTeam(db, { code: s.invites[V1], displayName: 'Lò Thị Hoa' }, { fetch: s.fetch });
    const sync = engineFor(db);
    await sync.syncNow();
    const h = await createHousehold(db, V1, { headName: 'Hộ ông Sáng', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    await sync.syncNow();
    const deviceId = (await db.meta.get('deviceId'))!.value as string;
    await admin(`/api/admin/devices/${deviceId}/revoke`, { method: 'POST' });
    await updateHousehold(db, h.id, { notes: 'Ghi khi máy đã bị thu hồi' });
    expect(await sync.syncNow()).toMatchObject({ kind: 'blocked', problem: { code: 'token-revoked' } });
    expect(await db.outbox.count()).toBe(1);
    expect(await joinState(db)).toMatchObject({ joined: true, waiting: 1 });
    await joinTeam(db, { code: s.invites[V1], displayName: member.displayName }, { fetch: s.fetch });
    expect(await getProblem(db)).toBeUndefined();
    expect(await sync.syncNow()).toMatchObject({ kind: 'synced', pushed: 1, refused: 0 });
    const row = await s.ctx.store.db.selectFrom('households').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).toContain('Ghi khi máy đã bị thu hồi');
  });

  it('purges the old village from a member moved elsewhere, after sending what was left', async () => {
    const db = freshDb();
    const member = await joinTeam(db, { code: s.invites[V1], displayName: 'Lường Văn Ún' }, { fetch: s.fetch });
    const sync = engineFor(db);
    const h = await createHousehold(db, V1, { headName: 'Hộ ở Nà Pồng', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    await sync.syncNow();
    await updateHousehold(db, h.id, { notes: 'ghi trước khi chuyển' });
    await admin(`/api/admin/members/${member.id}/villages`, { method: 'PUT', body: JSON.stringify({ villageIds: [V2] }) });
    expect(await sync.syncNow()).toMatchObject({ kind: 'synced' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.households.get(h.id)).toBeUndefined();
    expect(await db.households.where('villageId').equals(V1).count()).toBe(0);
    expect(((await getMember(db)) as Member).villageIds).toEqual([V2]);
    // The edit made before the move reached the server (accepted, or kept in attention with its reason).
    const row = await s.ctx.store.db.selectFrom('households').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow();
    const attention = await db.attention.toArray();
    expect(JSON.stringify(row).includes('ghi trước khi chuyển') || attention.length === 1).toBe(true);
  });
});
