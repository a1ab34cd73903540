import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError, type FieldIssue } from '../../../src/core/errors.ts';
import { checklistCellId } from '../../../src/core/model/checklist.ts';
import type { Household, Resident } from '../../../src/core/model/household.ts';
import type { Member } from '../../../src/core/model/people.ts';
import type { MutationName } from '../../../src/core/sync/protocol.ts';
import { activeCatalogue, setCell } from '../../../src/app/store/checklist-repo.ts';
import { AppDb } from '../../../src/app/store/db.ts';
import { createHousehold, updateHousehold } from '../../../src/app/store/households-repo.ts';
import { addSession, type SessionInput } from '../../../src/app/store/sessions-repo.ts';
import { logVisit, type VisitInput } from '../../../src/app/store/visits-repo.ts';
import { SyncEngine } from '../../../src/app/sync/engine.ts';
import { joinTeam } from '../../../src/app/sync/join.ts';
import { wirePhone, type WirePhone } from '../../server/helpers/phone.ts';
import { createTestServer, type TestServer } from '../../server/helpers/test-server.ts';
import { noLock } from '../../app/sync/phone.ts';

// The same bad records, refused by the phone's repositories (fake-indexeddb) and by the server's sync apply
// (the real server on SQLite), must get the same answer: the same code and the same fields with the same rules.
// Both call one check per record kind (src/core/model/checks.ts); what this proves is that each side looks up the
// same records for it and reads the answer the same way.
const V1 = 'v-na-pong';
const YEAR = new Date().getFullYear();
let s: TestServer;
let db: AppDb;
let member: Member;
let wire: WirePhone;
let h: Household;
let other: Household;
let [pao, xuan, stranger]: Resident[] = [];

type Answer = { code: string; issues: FieldIssue[] };

const phoneAnswer = async (write: () => Promise<unknown>): Promise<Answer> => {
  try {
    await write();
  } catch (e) {
    if (e instanceof CodedError) return { code: e.code, issues: e.issues ?? [] };
    throw e;
  }
  throw new Error('the phone accepted it');
};

const serverAnswer = async (name: MutationName, args: Record<string, unknown>): Promise<Answer> => {
  const { status, body } = await wire.push([wire.m(name, args)]);
  expect(status).toBe(200);
  const [r] = body.results;
  if (r.status !== 'rejected') throw new Error(`the server answered ${JSON.stringify(r)}`);
  return { code: r.reason, issues: r.issues ?? [] };
};

beforeAll(async () => {
  s = await createTestServer({ db: 'sqlite' });
  db = new AppDb(`agree-${process.pid}-${Math.random().toString(36).slice(2)}`);
  member = await joinTeam(db, { code: s.invites[V1], displayName: 'Lò Thị Hoa' }, { fetch: s.fetch });
  const sync = new SyncEngine({ db, fetch: s.fetch, lock: noLock, isOnline: () => true });
  await sync.syncNow();
  h = await createHousehold(db, V1, { headName: 'Lò Văn Páo', houseLabel: 'Số 3', phone: '', flags: [], notes: '' }, [
    { label: 'Lò Văn Páo', birthYear: YEAR - 45, sex: 'm' },
    { label: 'Lò Thị Xuân', birthYear: YEAR - 16, sex: 'f' },
  ]);
  other = await createHousehold(db, V1, { headName: 'Giàng A Tú', houseLabel: 'Số 9', phone: '', flags: [], notes: '' }, [{ label: 'Giàng A Tú', birthYear: YEAR - 30, sex: 'm' }]);
  expect(await sync.syncNow()).toMatchObject({ kind: 'synced', refused: 0 });
  const residents = await db.residents.toArray();
  pao = residents.find((r) => r.label === 'Lò Văn Páo')!;
  xuan = residents.find((r) => r.label === 'Lò Thị Xuân')!;
  stranger = residents.find((r) => r.householdId === other.id)!;
  wire = wirePhone(s, await s.join(V1));
  // The server knows the same catalogue the phone offers.
  expect((await activeCatalogue(db)).length).toBeGreaterThan(5);
}, 60_000);
afterAll(async () => {
  await db.delete();
  await s.close();
});

const visitBase: Omit<VisitInput, 'items'> = { dossiers: [], language: 'vi', minutes: 15, note: '', followUpOn: null };
const visitRecord = (input: VisitInput, n: number) => ({
  id: `agree-visit-${n}`,
  villageId: V1,
  householdId: h.id,
  memberId: wire.member.id,
  memberName: 'Lò Thị Hoa',
  at: s.clock.now(),
  ...input,
  minutes: input.minutes ?? 0,
  replaces: null,
});

describe('phone and server judge a bad record the same way', () => {
  const visits: [string, () => VisitInput][] = [
    ['nothing recorded (no item, no dossier)', () => ({ ...visitBase, items: [] })],
    ['a household-level item naming residents', () => ({ ...visitBase, items: [{ itemId: 'fibre', residentIds: [pao.id], outcome: 'done' }] })],
    ['a resident-level item naming nobody', () => ({ ...visitBase, items: [{ itemId: 'vneid-l2', residentIds: [], outcome: 'done' }] })],
    ['a resident of another household', () => ({ ...visitBase, items: [{ itemId: 'vneid', residentIds: [pao.id, stranger.id], outcome: 'done' }] })],
    ['an item the commune does not know', () => ({ ...visitBase, items: [{ itemId: 'no-such-item', residentIds: [], outcome: 'done' }] })],
    ['a note holding an ID number', () => ({ ...visitBase, items: [{ itemId: 'vneid', residentIds: [pao.id], outcome: 'done' }], note: 'CCCD 001203004567' })],
    ['an unknown outcome and a negative time', () => ({ ...visitBase, minutes: -5, items: [{ itemId: 'vneid', residentIds: [pao.id], outcome: 'maybe' as 'done' }] })],
  ];
  it.each(visits.map(([name, input], i) => [name, input, i] as const))('visit: %s', async (_name, input, i) => {
    const phone = await phoneAnswer(() => logVisit(db, h.id, input(), member));
    const server = await serverAnswer('visit.add', visitRecord(input(), i));
    expect(phone.code).toBe('invalid');
    expect(phone.issues.length).toBeGreaterThan(0);
    expect(server).toEqual(phone);
  });

  const sessionBase: SessionInput = { kind: 'training', topics: ['vneid'], attendees: 10, residentIds: [], date: '2026-11-20', place: 'Nhà văn hóa', note: '' };
  const sessions: [string, () => SessionInput][] = [
    ['no topic', () => ({ ...sessionBase, topics: [] })],
    ['a topic the commune does not know', () => ({ ...sessionBase, topics: ['vneid', 'no-such-item'] })],
    ['fewer attendees than residents named', () => ({ ...sessionBase, attendees: 1, residentIds: [pao.id, xuan.id] })],
    ['a resident nobody knows', () => ({ ...sessionBase, residentIds: [pao.id, 'no-such-resident'] })],
    ['a kind that does not exist', () => ({ ...sessionBase, kind: 'party' as 'training' })],
  ];
  it.each(sessions.map(([name, input], i) => [name, input, i] as const))('session: %s', async (_name, input, i) => {
    const phone = await phoneAnswer(() => addSession(db, V1, input(), member, '2026-12-31'));
    const server = await serverAnswer('session.add', { ...input(), id: `agree-session-${i}`, villageId: V1, memberId: wire.member.id, memberName: 'Lò Thị Hoa', replaces: null });
    expect(phone.code).toBe('invalid');
    expect(phone.issues.length).toBeGreaterThan(0);
    expect(server).toEqual(phone);
  });

  const cells: [string, () => { itemId: string; resident: Resident | null }][] = [
    ['a resident-level item on the household', () => ({ itemId: 'vneid', resident: null })],
    ['a household-level item on a resident', () => ({ itemId: 'fibre', resident: pao })],
    ['a resident of another household', () => ({ itemId: 'vneid', resident: stranger })],
  ];
  it.each(cells)('checklist cell: %s', async (_name, target) => {
    const { itemId, resident } = target();
    const item = (await activeCatalogue(db)).find((i) => i.id === itemId)!;
    const phone = await phoneAnswer(() => setCell(db, { household: h, resident, item }, 'done', member));
    const server = await serverAnswer('checklist.set', {
      id: checklistCellId(itemId, resident?.id ?? h.id),
      villageId: V1,
      householdId: h.id,
      residentId: resident?.id ?? null,
      itemId,
      state: 'done',
      by: wire.member.id,
      at: s.clock.now(),
    });
    expect(phone.code).toBe('invalid');
    expect(phone.issues.length).toBeGreaterThan(0);
    expect(server).toEqual(phone);
  });

  it('household and residents: a new one missing its head, a bad phone number, a birth year out of range, an OTP', async () => {
    const phone = await phoneAnswer(() =>
      createHousehold(db, V1, { headName: ' ', houseLabel: '', phone: '12345', flags: [], notes: '' }, [{ label: 'Mã 482913', birthYear: 1800, sex: 'f' }]),
    );
    const household = await serverAnswer('household.put', { id: 'agree-h', villageId: V1, headName: ' ', phone: '12345' });
    const resident = await serverAnswer('resident.put', { id: 'agree-r', householdId: h.id, villageId: V1, label: 'Mã 482913', birthYear: 1800, sex: 'f' });
    expect(phone.code).toBe('invalid');
    expect(household).toEqual({ code: 'invalid', issues: phone.issues.filter((i) => !i.field.startsWith('residents.')) });
    expect(resident).toEqual({
      code: 'invalid',
      issues: phone.issues.filter((i) => i.field.startsWith('residents.0.')).map((i) => ({ ...i, field: i.field.slice('residents.0.'.length) })),
    });
  });

  it('household edit: a head name emptied and a resident given an impossible birth year', async () => {
    const phone = await phoneAnswer(() => updateHousehold(db, h.id, { headName: '' }, [{ id: xuan.id, label: xuan.label, birthYear: 2300, sex: xuan.sex }]));
    expect(await serverAnswer('household.put', { id: h.id, villageId: V1, headName: '' })).toEqual({
      code: 'invalid',
      issues: phone.issues.filter((i) => !i.field.startsWith('residents.')),
    });
    expect(await serverAnswer('resident.put', { id: xuan.id, householdId: h.id, villageId: V1, birthYear: 2300 })).toEqual({
      code: 'invalid',
      issues: phone.issues.filter((i) => i.field.startsWith('residents.0.')).map((i) => ({ ...i, field: i.field.slice('residents.0.'.length) })),
    });
  });
});
