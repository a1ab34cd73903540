// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../../src/core/sync/protocol.ts';
import { checklistCell, household, resident, visit, wirePhone, type WirePhone } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';

// Household merge (household.merge) through the real server: the officer merges B into A; a phone that was offline
// and still edits B, its people and its cells has everything applied to A; every phone converges; nobody counted
// twice, no visit lost.
const V = 'v-na-pong';

const latest = (changes: Change[]) => {
  const out = new Map<string, Change>();
  for (const c of changes) out.set(`${c.table}|${c.id}`, c);
  return [...out.values()];
};

describe.each(DATABASES)('household merge on %s', (db) => {
  let s: TestServer;
  let officer: string;
  let p1: WirePhone;
  let p2: WirePhone;
  const merge = async (body: unknown) => {
    const res = await s.request('/api/admin/households/merge', { method: 'POST', headers: s.auth(officer), body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const ok = async (p: WirePhone, ms: ReturnType<WirePhone['m']>[]) => {
    const r = await p.push(ms);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { status: string; reason?: string }) => x.reason ?? x.status)).toEqual(ms.map(() => 'applied'));
  };

  beforeAll(async () => {
    s = await createTestServer({ db });
    officer = await s.login();
    p1 = wirePhone(s, await s.join(V));
    p2 = wirePhone(s, await s.join(V));
  }, 60_000);
  afterAll(() => s?.close());

  it('moves B’s residents, visits, follow-ups and cells to A; offline edits for B land on A; all converge', async () => {
    const now = s.clock.now();
    // Two members add the same house offline.
    await ok(p1, [
      p1.m('household.put', household('hA', V, { headName: 'Lò Văn Pọm', houseLabel: 'Số 5' })),
      p1.m('resident.put', resident('a1', 'hA', V, { label: 'Lò Văn Pọm', birthYear: 1970 })),
      p1.m('checklist.set', checklistCell('a1', 'hA', V, 'vneid', 'in-progress', p1.member.id, now - 5000)),
      p1.m('checklist.set', { ...checklistCell('x', 'hA', V, 'fibre', 'not-yet', p1.member.id, now - 5000), id: 'fibre@hA', residentId: null }),
    ]);
    await ok(p2, [
      p2.m('household.put', household('hB', V, { headName: 'Lò Văn Pom', houseLabel: 'Số 5', phone: '0912345678' })),
      p2.m('resident.put', resident('b1', 'hB', V, { label: 'lò văn pọm', birthYear: 1970 })),
      p2.m('resident.put', resident('b2', 'hB', V, { label: 'Lò Thị Xuân', birthYear: 2001 })),
      p2.m('checklist.set', checklistCell('b1', 'hB', V, 'vneid', 'done', p2.member.id, now - 1000)),
      p2.m('checklist.set', { ...checklistCell('x', 'hB', V, 'fibre', 'done', p2.member.id, now - 1000), id: 'fibre@hB', residentId: null }),
      p2.m('visit.add', visit('vis1', 'hB', V, p2.member.id, now - 1000, { items: [{ itemId: 'vneid', residentIds: ['b1', 'b2'], outcome: 'done' }] })),
      p2.m('followup.put', { id: 'f1', householdId: 'hB', villageId: V, dueOn: '2026-12-20' }),
    ]);

    const res = await merge({ keepId: 'hA', mergeId: 'hB' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'hA', phone: '0912345678', removed: false });
    // Again: nothing changes.
    expect((await merge({ keepId: 'hA', mergeId: 'hB' })).status).toBe(200);

    // Phone 2 was offline: it still edits B, its people and its cells, and logs a visit for B.
    s.clock.advance(1000);
    await ok(p2, [
      p2.m('household.put', { id: 'hB', villageId: V, notes: 'Nhà có trẻ nhỏ', removed: true }),
      p2.m('resident.put', { id: 'b2', householdId: 'hB', villageId: V, birthYear: 2002 }),
      p2.m('resident.put', { id: 'b1', householdId: 'hB', villageId: V, sex: 'm' }),
      p2.m('resident.put', resident('b3', 'hB', V, { label: 'Lò Văn Tí', birthYear: 2020 })),
      p2.m('checklist.set', checklistCell('b1', 'hB', V, 'cashless', 'done', p2.member.id, s.clock.now())),
      p2.m('checklist.set', { ...checklistCell('x', 'hB', V, 'ecommerce', 'in-progress', p2.member.id, s.clock.now()), id: 'ecommerce@hB', residentId: null }),
      p2.m('visit.add', visit('vis2', 'hB', V, p2.member.id, s.clock.now(), { items: [{ itemId: 'cashless', residentIds: ['b1', 'b3'], outcome: 'done' }] })),
      p2.m('followup.put', { id: 'f1', householdId: 'hB', villageId: V, status: 'done' }),
    ]);
    // The first visit pushed again (a lost answer) is still a duplicate, not a conflict.
    const again = await p2.push([{ ...p2.m('visit.add', visit('vis1', 'hB', V, p2.member.id, now - 1000, { items: [{ itemId: 'vneid', residentIds: ['b1', 'b2'], outcome: 'done' }] })) }]);
    expect(again.body.results[0].status).toBe('applied');

    const [v1, v2] = [latest((await p1.pullAll(0)).changes), latest((await p2.pullAll(0)).changes)];
    const strip = (cs: Change[]) => cs.filter((c) => c.table !== 'members').map((c) => JSON.stringify([c.table, c.id, c.row])).sort();
    expect(strip(v1)).toEqual(strip(v2));
    const row = (table: string, id: string) => v1.find((c) => c.table === table && c.id === id)?.row as Record<string, unknown>;
    expect(row('households', 'hB')).toMatchObject({ removed: true, mergedInto: 'hA' });
    expect(row('households', 'hA')).toMatchObject({ removed: false, notes: 'Nhà có trẻ nhỏ', phone: '0912345678' });
    expect(row('residents', 'b1')).toMatchObject({ removed: true, mergedInto: 'a1' });
    expect(row('residents', 'a1')).toMatchObject({ sex: 'm', removed: false });
    expect(row('residents', 'b2')).toMatchObject({ householdId: 'hA', birthYear: 2002 });
    expect(row('residents', 'b3')).toMatchObject({ householdId: 'hA' });
    const live = v1.filter((c) => c.table === 'residents' && c.row!.householdId === 'hA' && !c.row!.removed).map((c) => c.id).sort();
    expect(live).toEqual(['a1', 'b2', 'b3']); // the same person once
    expect(row('checklist', 'vneid@a1')).toMatchObject({ state: 'done', householdId: 'hA' }); // B's was newer
    expect(row('checklist', 'fibre@hA')).toMatchObject({ state: 'done' });
    expect(row('checklist', 'cashless@a1')).toMatchObject({ state: 'done', residentId: 'a1' });
    expect(row('checklist', 'ecommerce@hA')).toMatchObject({ state: 'in-progress', householdId: 'hA' });
    expect(row('followups', 'f1')).toMatchObject({ householdId: 'hA', status: 'done' });
    // Every visit of the merged household is reachable from the survivor, naming A's person.
    const visits = v1.filter((c) => c.table === 'visits').map((c) => c.row as { id: string; householdId: string; items: { residentIds: string[] }[] });
    expect(visits.map((x) => [x.id, x.householdId, x.items[0].residentIds])).toEqual([
      ['vis1', 'hA', ['a1', 'b2']],
      ['vis2', 'hA', ['a1', 'b3']],
    ]);
  });

  it('refuses a merge across villages, of unknown households, and by a team member', async () => {
    await ok(p1, [p1.m('household.put', household('hC', V, { headName: 'Cầm Thị Én' }))]);
    const other = wirePhone(s, await s.join('v-huoi-la'));
    await ok(other, [other.m('household.put', household('hD', 'v-huoi-la'))]);
    expect((await merge({ keepId: 'hC', mergeId: 'hD' })).status).toBe(400);
    expect((await merge({ keepId: 'hC', mergeId: 'nope' })).status).toBe(404);
    // B already merged into A cannot go to C.
    expect((await merge({ keepId: 'hC', mergeId: 'hB' })).body.error.code).toBe('invalid');
    const member = await s.request('/api/admin/households/merge', { method: 'POST', headers: s.auth(p1.token), body: JSON.stringify({ keepId: 'hC', mergeId: 'hA' }) });
    expect(member.status).toBe(403);
  });

  it('a team leader’s phone may merge as a synced mutation; a plain member’s merge is refused with forbidden', async () => {
    await ok(p1, [p1.m('household.put', household('hE', V, { headName: 'Cầm Thị Én' }))]);
    const refused = await p1.push([p1.m('household.merge', { id: 'hE', villageId: V, keepId: 'hC' })]);
    expect(refused.status).toBe(200);
    expect(refused.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    // Sent again (a lost answer): the same refusal, nothing merged.
    const again = await p1.push([{ ...p1.m('household.merge', { id: 'hE', villageId: V, keepId: 'hC' }), seq: p1.nextSeq - 2 }]);
    expect(again.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(latest((await p2.pullAll(0)).changes).find((c) => c.id === 'hE')!.row!).toMatchObject({ removed: false });
    p1.nextSeq--;

    // The officer makes p1's member the team leader: now the merge goes through.
    const promoted = await s.request(`/api/admin/teams/members/${p1.member.id}`, { method: 'PUT', headers: s.auth(officer), body: JSON.stringify({ role: 'leader' }) });
    expect(promoted.status).toBe(200);
    await ok(p1, [p1.m('household.merge', { id: 'hE', villageId: V, keepId: 'hC' })]);
    const hE = latest((await p2.pullAll(0)).changes).find((c) => c.id === 'hE')!.row!;
    expect(hE).toMatchObject({ removed: true, mergedInto: 'hC' });
  });
});
