// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_ROW } from '../../../src/core/report/rows.ts';
import type { TalliesReport } from '../../../src/core/report/shapes.ts';
import { at } from '../../core/report/fixture.ts';
import { checklistCell, household, resident, visit, wirePhone, type WirePhone } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';

// Merges in the report history. November 2026 has ended; in December a second member types the same house again
// and the officer merges it into the November one.
//   November: hA with a1 (b. 1970), a2 (b. 1995); vneid a1 done; one visit.            → vneid 1 / 2, 2 people
//   December: hB, the same house, with b1 (= a1), b2 (b. 2001); vneid b1, b2 done; one visit.
//     before the merge: 2 households, 4 people (a1 counted twice), vneid 3 / 4
//     after the merge:  1 household, 3 people, vneid a1, b2 → 2 / 3; both visits still there (one each month)
// The ended month's dashboard, activity and exports are the same before and after the merge.
const V = 'v-na-pong';
const ITEM = 'vneid';

describe.each(DATABASES)('merges and the report history on %s', (db) => {
  let s: TestServer;
  let a: WirePhone;
  let b: WirePhone;
  let token: string;
  const get = async (path: string) => {
    const res = await s.request(path, { headers: s.auth(token) });
    expect(res.status).toBe(200);
    return res;
  };
  const tallies = async (period: string) => (await (await get(`/api/reports/tallies?period=${period}`)).json()) as TalliesReport;
  const vneid = (r: TalliesReport) => r.rows.find((x) => x.villageId === COMMUNE_ROW && x.itemId === ITEM)!;
  // What the report says, without the devices' freshness (about today, not the period).
  const figures = (r: TalliesReport) => {
    const { freshness: _f, ...total } = r.total;
    return { rows: r.rows, total, trend: r.trend, late: r.late };
  };
  const push = async (p: WirePhone, ms: ReturnType<WirePhone['m']>[]) => {
    const res = await p.push(ms);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(ms.map(() => 'applied'));
  };

  beforeAll(async () => {
    s = await createTestServer({ db, now: at('2026-11-10', 9) });
    a = wirePhone(s, await s.join(V, { displayName: 'Lò Văn A' }));
    b = wirePhone(s, await s.join(V, { displayName: 'Giàng Thị B' }));
    const nov = at('2026-11-10', 9);
    await push(a, [
      a.m('household.put', household('hA', V, { headName: 'Lò Văn Pọm', houseLabel: 'Số 5' }), nov),
      a.m('resident.put', resident('a1', 'hA', V, { label: 'Lò Văn Pọm', birthYear: 1970 }), nov),
      a.m('resident.put', resident('a2', 'hA', V, { label: 'Lò Thị Ón', birthYear: 1995 }), nov),
      a.m('checklist.set', checklistCell('a1', 'hA', V, ITEM, 'done', a.member.id, nov), nov),
      a.m('visit.add', visit('vis-nov', 'hA', V, a.member.id, nov, { items: [{ itemId: ITEM, residentIds: ['a1'], outcome: 'done' }] }), nov),
    ]);
    s.clock.set(at('2026-12-03', 9));
    token = await s.login();
  }, 60_000);
  afterAll(() => s?.close());

  it('an ended month is not changed by merging a household created after it; the running month counts nobody twice and keeps every visit', async () => {
    const november = await tallies('2026-11');
    expect(vneid(november)).toMatchObject({ numerator: 1, denominator: 2 });
    expect(november.total).toMatchObject({ households: 1, residents: 2, visits: 1 });

    const dec = at('2026-12-03', 9);
    await push(b, [
      b.m('household.put', household('hB', V, { headName: 'Lò Văn Pom', houseLabel: 'Số 5', phone: '0912345678', flags: ['poor'] }), dec),
      b.m('resident.put', resident('b1', 'hB', V, { label: 'lò văn pọm', birthYear: 1970 }), dec),
      b.m('resident.put', resident('b2', 'hB', V, { label: 'Lò Thị Xuân', birthYear: 2001 }), dec),
      b.m('checklist.set', checklistCell('b1', 'hB', V, ITEM, 'done', b.member.id, dec), dec),
      b.m('checklist.set', checklistCell('b2', 'hB', V, ITEM, 'done', b.member.id, dec), dec),
      b.m('visit.add', visit('vis-dec', 'hB', V, b.member.id, dec, { items: [{ itemId: ITEM, residentIds: ['b1', 'b2'], outcome: 'done' }] }), dec),
    ]);
    const twice = await tallies('2026-12');
    expect(twice.total).toMatchObject({ households: 2, residents: 4, visits: 1 });
    expect(vneid(twice)).toMatchObject({ numerator: 3, denominator: 4 });
    // (the activity page is about the team today too: it is taken after phone 2 synced, so only the merge is between)
    const activity = async () => {
      const { generatedAt: _g, ...rest } = await (await get('/api/reports/activity?period=2026-11')).json();
      return rest;
    };
    const novemberActivity = await activity();
    const csvBefore = await (await get('/api/reports/export?period=2026-11&format=csv')).text();
    const appendixBefore = (await (await get('/api/reports/export?period=2026-11&format=csv&appendix=1')).text());

    s.clock.advance(60_000);
    const merged = await s.request('/api/admin/households/merge', { method: 'POST', headers: s.auth(token), body: JSON.stringify({ keepId: 'hA', mergeId: 'hB' }) });
    expect(merged.status).toBe(200);

    // November reads as it did.
    expect(figures(await tallies('2026-11'))).toEqual(figures(november));
    expect(await activity()).toEqual(novemberActivity);
    expect(await (await get('/api/reports/export?period=2026-11&format=csv')).text()).toBe(csvBefore);
    expect(await (await get('/api/reports/export?period=2026-11&format=csv&appendix=1')).text()).toBe(appendixBefore);

    // December: the same person once, every visit kept.
    const once = await tallies('2026-12');
    expect(once.total).toMatchObject({ households: 1, residents: 3, visits: 1 });
    expect(vneid(once)).toMatchObject({ numerator: 2, denominator: 3 });
    expect((await tallies('2026-Q4')).total).toMatchObject({ households: 1, residents: 3, visits: 2 });
  });
});
