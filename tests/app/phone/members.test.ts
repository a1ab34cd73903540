// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getLockState, lockedAtStart, lockNow, unlock } from '../../../src/app/phone/lock.ts';
import { joinAnotherMember, joinHere } from '../../../src/app/phone/join-member.ts';
import { bootPhone, memberDb, rememberMember, setFirstPin, signOut, switchMember, unsentNotExported } from '../../../src/app/phone/members.ts';
import { backoffAfter, hashPin, verifyPin } from '../../../src/app/phone/pin.ts';
import { listMembers, PhoneDb, setPhoneDb } from '../../../src/app/phone/registry.ts';
import { getDb, setDb } from '../../../src/app/store/active-db.ts';
import { AppDb } from '../../../src/app/store/db.ts';
import { createHousehold } from '../../../src/app/store/households-repo.ts';
import { startWithSample } from '../../../src/app/store/first-run.ts';
import { EXPORTED_SEQ_KEY, getMember } from '../../../src/app/store/member.ts';
import { deviceId } from '../../../src/app/store/outbox.ts';
import { getAuth } from '../../../src/app/sync/local-state.ts';
import { createTestServer, type TestServer } from '../../server/helpers/test-server.ts';

// A shared phone: each member who joins gets a database of their own (outbox, sequence, device id, token,
// records), a PIN kept only as a slow hash, and signs out only once nothing unsent is left outside a file.
let s: TestServer;
let V1: string;
let V2: string;
beforeAll(async () => {
  s = await createTestServer({ db: 'sqlite' });
  [V1, V2] = s.villageIds;
});
afterAll(() => s?.close());

let k = 0;
beforeEach(async () => {
  setPhoneDb(new PhoneDb(`phone-test-${++k}`));
  setDb(new AppDb(`tungnha-test-${k}`));
});

const opts = () => ({ fetch: s.fetch });
const members = () => s.ctx.store.db.selectFrom('members').selectAll().where('display_name', 'in', ['Lò Thị Hoa', 'Giàng A Tú']).execute();

describe('several members on one phone', () => {
  it('keeps two members who joined with two codes apart, on the phone and on the server', async () => {
    const hoa = await joinHere({ code: s.invites[V1], displayName: 'Lò Thị Hoa', pin: '1357', pinAgain: '1357' }, opts());
    const first = getDb();
    await createHousehold(first, V1, { headName: 'Hộ của Hoa', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    const tu = await joinAnotherMember({ code: s.invites[V2], displayName: 'Giàng A Tú', pin: '2468', pinAgain: '2468' }, opts());
    const second = getDb();

    expect(second.name).not.toBe(first.name);
    expect(tu.id).not.toBe(hoa.id);
    expect(await deviceId(second)).not.toBe(await deviceId(first));
    expect((await getAuth(second))?.memberId).toBe(tu.id);
    // The first member is untouched: her name, village, token and unsent household.
    expect(await getMember(first)).toMatchObject({ id: hoa.id, displayName: 'Lò Thị Hoa', villageIds: [V1] });
    expect((await getAuth(first))?.memberId).toBe(hoa.id);
    expect(await first.outbox.count()).toBe(1);
    expect(await second.outbox.count()).toBe(0);
    const rows = await members();
    expect(rows.map((m) => [m.display_name, JSON.parse(m.village_ids)]).sort()).toEqual([['Giàng A Tú', [V2]], ['Lò Thị Hoa', [V1]]]);
    expect((await listMembers()).map((m) => m.displayName)).toEqual(['Lò Thị Hoa', 'Giàng A Tú']);

    // Switching locks for the next member, and shows their database.
    await switchMember(first.name);
    expect(getLockState()).toEqual({ dbName: first.name, locked: true });
    expect(getDb().name).toBe(first.name);
    expect(await unlock('2468')).toMatchObject({ ok: false });
    expect(await unlock('1357')).toEqual({ ok: true });
    // The same member re-joining (another village) stays herself.
    const again = await joinHere({ code: s.invites[V2], displayName: 'Lò Thị Hoa', pin: '9999', pinAgain: '9999' }, opts());
    expect(again.id).toBe(hoa.id);
    expect([...again.villageIds].sort()).toEqual([V1, V2].sort());
    await s.ctx.store.db.deleteFrom('members').where('display_name', 'in', ['Lò Thị Hoa', 'Giàng A Tú']).execute().catch(() => undefined);
  });

  it('refuses a join with a PIN that is not 4 to 6 digits, or typed differently twice', async () => {
    await expect(joinHere({ code: s.invites[V1], displayName: 'Lò Thị Hoa', pin: '12', pinAgain: '12' }, opts())).rejects.toMatchObject({
      code: 'invalid',
      issues: [{ field: 'pin', rule: 'bad-format' }],
    });
    await expect(joinHere({ code: s.invites[V1], displayName: 'Lò Thị Hoa', pin: '1234', pinAgain: '1243' }, opts())).rejects.toMatchObject({
      issues: [{ field: 'pinAgain', rule: 'bad-format' }],
    });
    expect(await listMembers()).toEqual([]);
  });

  it('keeps only a salted slow hash of the PIN, and backs off after wrong ones', async () => {
    await joinHere({ code: s.invites[V1], displayName: 'Lò Thị Hoa', pin: '1357', pinAgain: '1357' }, opts());
    const [entry] = await listMembers();
    expect(JSON.stringify(entry)).not.toContain('1357');
    expect(entry.pin).toMatchObject({ iterations: 150_000, salt: expect.stringMatching(/^[0-9a-f]{32}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const other = await hashPin('1357', 1000);
    expect(other.salt).not.toBe(entry.pin?.salt);
    expect(await verifyPin('1357', other)).toBe(true);
    expect(await verifyPin('1358', other)).toBe(false);

    expect(await lockNow()).toBe(true);
    for (let i = 1; i <= 2; i++) expect(await unlock('0000')).toEqual({ ok: false, waitMs: 0, failures: i });
    expect(await unlock('0000')).toEqual({ ok: false, waitMs: 30_000, failures: 3 });
    // Even the right PIN waits out the back-off.
    expect(await unlock('1357')).toMatchObject({ ok: false, failures: 3 });
    expect(await unlock('1357', Date.now() + 31_000)).toEqual({ ok: true });
    expect(backoffAfter(4)).toBe(60_000);
    expect(backoffAfter(20)).toBe(15 * 60_000);
    // Reopened soon after use, the app stays open; once locked (or after the idle minutes) it opens locked.
    await bootPhone();
    expect(getLockState().locked).toBe(false);
    await lockNow();
    await bootPhone();
    expect(getLockState().locked).toBe(true);
    expect(lockedAtStart(getLockState().dbName, true, 5, Date.now() + 6 * 60_000)).toBe(true);
  });

  it('a member without a PIN sets one (4–6 digits, typed twice); from then on the phone locks for them', async () => {
    const db = getDb();
    await startWithSample(db, { displayName: 'Lò Thị Hoa', villageIds: [V1] });
    await rememberMember(db);
    await bootPhone();
    expect((await listMembers())[0].pin).toBeUndefined();
    expect(await lockNow()).toBe(false); // nothing to lock with yet
    expect(await setFirstPin(db.name, '', '')).toEqual({ field: 'pin', rule: 'required' });
    expect(await setFirstPin(db.name, '12a4', '12a4')).toEqual({ field: 'pin', rule: 'bad-format' });
    expect(await setFirstPin(db.name, '2580', '2581')).toEqual({ field: 'pinAgain', rule: 'mismatch' });
    expect((await listMembers())[0].pin).toBeUndefined();
    expect(await setFirstPin(db.name, '2580', '2580')).toBeUndefined();
    const [entry] = await listMembers();
    expect(JSON.stringify(entry)).not.toContain('2580');
    expect(await verifyPin('2580', entry.pin!)).toBe(true);
    // Set once: a second one is refused (a forgotten PIN is reset by re-joining).
    expect(await setFirstPin(db.name, '1111', '1111')).toEqual({ field: 'pin', rule: 'already-set' });
    expect(await lockNow()).toBe(true);
    expect(getLockState().locked).toBe(true);
    expect(await unlock('2580')).toEqual({ ok: true });
  });

  it('refuses to sign out while changes are unsent and not exported, then deletes only that member', async () => {
    await joinHere({ code: s.invites[V1], displayName: 'Lò Thị Hoa', pin: '1357', pinAgain: '1357' }, opts());
    const hoa = getDb();
    await createHousehold(hoa, V1, { headName: 'Hộ chưa gửi', houseLabel: '', phone: '', flags: [], notes: '' }, []);
    await joinAnotherMember({ code: s.invites[V2], displayName: 'Giàng A Tú', pin: '2468', pinAgain: '2468' }, opts());
    await switchMember(hoa.name);

    expect(await unsentNotExported(hoa)).toBe(1);
    expect(await signOut(hoa.name)).toEqual({ ok: false, unsent: 1 });
    expect(await hoa.households.count()).toBe(1);
    // Exported to a file (src/app/ui/download-backup.ts records how far): now it may go.
    const last = await hoa.outbox.orderBy('seq').last();
    await hoa.meta.put({ key: EXPORTED_SEQ_KEY, value: last!.seq });
    expect(await signOut(hoa.name)).toEqual({ ok: true });
    expect(await Dexie.exists(hoa.name)).toBe(false);
    expect((await listMembers()).map((m) => m.displayName)).toEqual(['Giàng A Tú']);
    expect(getDb().name).not.toBe(hoa.name);
    expect(getLockState()).toMatchObject({ locked: true, dbName: getDb().name });
    expect(await memberDb(getDb().name).meta.count()).toBeGreaterThan(0);
  });
});
