// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../../src/core/sync/protocol.ts';
import { checklistCell, household, resident, visit, wirePhone, type WirePhone } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';

// Undoing a household merge (household.unmerge) through the real server, within the report month the merge was
// made in: B, its people, cells, follow-ups, visits and the sessions that named its people come back exactly as
// they were, A gets back what the merge overwrote, and what a phone sent for B after the merge goes back to B too.
// After the month has ended the undo is refused (period-ended); a plain member may not undo, a team leader may.
const V = 'v-na-pong';
const MID_DECEMBER = Date.UTC(2026, 11, 10, 3); // 10:00 in Vietnam

const latest = (changes: Change[]) => {
  const out = new Map<string, Change>();
  for (const c of changes) out.set(`${c.table}|${c.id}`, c);
  return out;
};
// The records as a report or a phone reads them: every field but the merge's own bookkeeping.
const records = (cs: Map<string, Change>) =>
  [...cs.values()]
    .filter((c) => ['households', 'residents', 'checklist', 'followups', 'visits', 'sessions'].includes(c.table))
    .map((c) => {
      const { mergedInto: _m, mergeUndo: _u, ...row } = (c.row ?? {}) as Record<string, unknown>;
      return JSON.stringify([c.table, c.id, row]);
    })
    .sort();

describe.each(DATABASES)('undo a household merge on %s', (db) => {
  let s: TestServer;
  let officer: string;
  let p1: WirePhone;
  let p2: WirePhone;
  const call = async (path: 'merge' | 'unmerge', body: unknown) => {
    const res = await s.request(`/api/admin/households/${path}`, { method: 'POST', headers: s.auth(officer), body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const ok = async (p: WirePhone, ms: ReturnType<WirePhone['m']>[]) => {
    const r = await p.push(ms);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { status: string; reason?: string }) => x.reason ?? x.status)).toEqual(ms.map(() => 'applied'));
  };

  beforeAll(async () => {
    s = await createTestServer({ db, now: MID_DECEMBER });
    officer = await s.login();
    p1 = wirePhone(s, await s.join(V));
    p2 = wirePhone(s, await s.join(V));
  }, 60_000);
  afterAll(() => s?.close());

  it('splits back everything that came from B, and what reached A for B after the merge', async () => {
    const now = s.clock.now();
    await ok(p1, [
      p1.m('household.put', household('hA', V, { headName: 'Lò Văn Pọm', houseLabel: 'Số 5' })),
      p1.m('resident.put', resident('a1', 'hA', V, { label: 'Lò Văn Pọm', birthYear: 1970 })),
      p1.m('checklist.set', checklistCell('a1', 'hA', V, 'vneid', 'in-progress', p1.member.id, now - 5000)),
    ]);
    await ok(p2, [
      p2.m('household.put', household('hB', V, { headName: 'Lò Văn Pom', houseLabel: 'Số 5', phone: '0912345678', flags: ['poor'] })),
      p2.m('resident.put', resident('b1', 'hB', V, { label: 'lò văn pọm', birthYear: 1970 })),
      p2.m('resident.put', resident('b2', 'hB', V, { label: 'Lò Thị Xuân', birthYear: 2001 })),
      p2.m('checklist.set', checklistCell('b1', 'hB', V, 'vneid', 'done', p2.member.id, now - 1000)),
      p2.m('checklist.set', checklistCell('b2', 'hB', V, 'cashless', 'done', p2.member.id, now - 1000)),
      p2.m('checklist.set', { ...checklistCell('x', 'hB', V, 'fibre', 'done', p2.member.id, now - 1000), id: 'fibre@hB', residentId: null }),
      p2.m('visit.add', visit('vis1', 'hB', V, p2.member.id, now - 1000, { items: [{ itemId: 'vneid', residentIds: ['b1', 'b2'], outcome: 'done' }] })),
      p2.m('followup.put', { id: 'f1', householdId: 'hB', villageId: V, dueOn: '2026-12-20' }),
      p2.m('session.add', {
        id: 'ses1', villageId: V, memberId: p2.member.id, memberName: 'Lò Thị Mai', kind: 'training', topics: ['vneid'], attendees: 3,
        residentIds: ['b1', 'a1'], date: '2026-12-09', place: 'Nhà văn hoá', note: '', replaces: null,
      }),
    ]);
    const before = latest((await p1.pullAll(0)).changes);

    s.clock.advance(60_000);
    expect((await call('merge', { keepId: 'hA', mergeId: 'hB' })).status).toBe(200);
    const merged = latest((await p1.pullAll(0)).changes);
    expect(merged.get('households|hB')!.row).toMatchObject({ removed: true, mergedInto: 'hA' });
    expect(merged.get('households|hA')!.row).toMatchObject({ phone: '0912345678', flags: ['poor'] });
    expect(merged.get('checklist|vneid@a1')!.row).toMatchObject({ state: 'done' });

    // Phone 2 had not heard of the merge: a new person and a new visit for B land on A.
    s.clock.advance(60_000);
    await ok(p2, [
      p2.m('resident.put', resident('b3', 'hB', V, { label: 'Lò Văn Tí', birthYear: 2020 })),
      p2.m('visit.add', visit('vis2', 'hB', V, p2.member.id, s.clock.now(), { items: [{ itemId: 'cashless', residentIds: ['b1', 'b3'], outcome: 'done' }] })),
    ]);
    const late = latest((await p1.pullAll(0)).changes);
    expect(late.get('residents|b3')!.row).toMatchObject({ householdId: 'hA' });
    expect(late.get('visits|vis2')!.row).toMatchObject({ householdId: 'hA', items: [{ residentIds: ['a1', 'b3'] }] });

    s.clock.advance(60_000);
    const undone = await call('unmerge', { keepId: 'hA', mergeId: 'hB' });
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ id: 'hB', removed: false });
    expect(undone.body.mergedInto).toBeUndefined();
    // A retry changes nothing.
    expect((await call('unmerge', { keepId: 'hA', mergeId: 'hB' })).status).toBe(200);

    const after = latest((await p1.pullAll(0)).changes);
    // Everything there before the merge reads as it did; the late ones went back to B.
    const lateIds = new Set(['residents|b3', 'visits|vis2']);
    const old = new Map([...after].filter(([k]) => !lateIds.has(k) && k !== 'checklist|fibre@hA'));
    expect(records(old)).toEqual(records(before));
    // A cell A did not have before the merge (a cell is never deleted) reads as not done yet.
    expect(after.get('checklist|fibre@hA')!.row).toMatchObject({ state: 'not-yet', householdId: 'hA' });
    expect(after.get('residents|b3')!.row).toMatchObject({ householdId: 'hB', removed: false });
    expect(after.get('visits|vis2')!.row).toMatchObject({ householdId: 'hB', items: [{ residentIds: ['b1', 'b3'] }] });
    expect(after.get('households|hB')!.row!.mergeUndo).toMatchObject({ splitFrom: 'hA' });
    // Both phones converge.
    const other = latest((await p2.pullAll(0)).changes);
    expect(records(other)).toEqual(records(after));

    // Phone 1 saw the merge (b2 in A) and, offline, edited b2, set b2's cell and logged visits of A naming b2: sent after the undo, they follow b2 back to B — applied, none refused.
    s.clock.advance(60_000);
    await ok(p1, [
      p1.m('resident.put', { id: 'b2', householdId: 'hA', villageId: V, birthYear: 2000 }),
      p1.m('checklist.set', checklistCell('b2', 'hA', V, 'cashless', 'in-progress', p1.member.id, s.clock.now())),
      p1.m('visit.add', visit('vis3', 'hA', V, p1.member.id, s.clock.now(), { items: [{ itemId: 'cashless', residentIds: ['b2'], outcome: 'done' }] })),
      p1.m('visit.add', visit('vis4', 'hA', V, p1.member.id, s.clock.now(), { items: [{ itemId: 'vneid', residentIds: ['a1', 'b2'], outcome: 'done' }] })),
    ]);
    const followed = latest((await p1.pullAll(0)).changes);
    expect(followed.get('residents|b2')!.row).toMatchObject({ householdId: 'hB', birthYear: 2000 });
    expect(followed.get('checklist|cashless@b2')!.row).toMatchObject({ householdId: 'hB', state: 'in-progress' });
    expect(followed.get('visits|vis3')!.row).toMatchObject({ householdId: 'hB', items: [{ residentIds: ['b2'] }] });
    // A visit naming people of both stays with A, naming A's only.
    expect(followed.get('visits|vis4')!.row).toMatchObject({ householdId: 'hA', items: [{ residentIds: ['a1'] }] });
  });

  it('after the merge’s month has ended the undo is refused with period-ended', async () => {
    await ok(p1, [p1.m('household.put', household('hC', V, { headName: 'Cầm Thị Én' })), p1.m('household.put', household('hD', V, { headName: 'Cầm Thị En' }))]);
    expect((await call('merge', { keepId: 'hC', mergeId: 'hD' })).status).toBe(200);
    s.clock.set(Date.UTC(2027, 0, 2, 3)); // 2 January 2027
    officer = await s.login();
    const refused = await call('unmerge', { keepId: 'hC', mergeId: 'hD' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid', issues: [{ field: 'id', rule: 'period-ended' }] });
    expect(latest((await p1.pullAll(0)).changes).get('households|hD')!.row).toMatchObject({ removed: true, mergedInto: 'hC' });
  });

  it('a plain member’s undo is refused with forbidden; a team leader’s phone may undo', async () => {
    await ok(p1, [p1.m('household.put', household('hE', V, { headName: 'Tòng Văn Sơn' })), p1.m('household.put', household('hF', V, { headName: 'Tòng Văn Sơn' }))]);
    expect((await call('merge', { keepId: 'hE', mergeId: 'hF' })).status).toBe(200);
    const refused = await p1.push([p1.m('household.unmerge', { id: 'hF', villageId: V, keepId: 'hE' })]);
    expect(refused.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const promoted = await s.request(`/api/admin/teams/members/${p1.member.id}`, { method: 'PUT', headers: s.auth(officer), body: JSON.stringify({ role: 'leader' }) });
    expect(promoted.status).toBe(200);
    await ok(p1, [p1.m('household.unmerge', { id: 'hF', villageId: V, keepId: 'hE' })]);
    expect(latest((await p2.pullAll(0)).changes).get('households|hF')!.row).toMatchObject({ removed: false });
  });
});
