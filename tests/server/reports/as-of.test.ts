// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_ROW } from '../../../src/core/report/rows.ts';
import type { TalliesReport } from '../../../src/core/report/shapes.ts';
import { at } from '../../core/report/fixture.ts';
import { checklistCell, household, resident, visit, wirePhone, type WirePhone } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';

// A period's figures are the records as they stood at its end. Hand-counted, in the village Nà Pồng:
//
//   15/8  (received 15/8)   h1 with r1 (b. 1990), r2 (b. 2010), r3 (b. 2000); h2 with r5 (b. 1980)
//                           vneid: r3 done (10/8), r5 done (5/7... stamped 15/8 since the roster came first)
//   30/9 23:30 (rec. 23:40) vneid r1 done — inside Q3 by half an hour
//   25/9 on phone B, offline until 20/10: vneid r2 done
//   1/10 (rec. 1/10)        phone A: vneid r2 declined; r3 declined (a Q4 edit of a Q3 cell); r4 (b. 1995) added;
//                           h2 removed
//   20/10                   phone B finally syncs its 25/9 write (it loses to A's 1/10 edit today) and a visit of 29/9
//
// vneid counts residents aged 14+ in the period's year (2026): r1, r2, r3, r5 in Q3 (r4 came later).
//   Q3 before 20/10:  done r1, r3, r5                 → 3 / 4, 4 residents, 2 households
//   Q3 after 20/10:   done r1, r2 (25/9), r3, r5       → 4 / 4, "2 records arrived late" (the cell, the visit)
//   Aug (as of 31/8): done r3, r5                      → 2 / 4
//   custom 1/7–29/9:  done r3, r5 (r1 is 30/9)         → 2 / 4
//   Q4 (running, now 20/10): h1 only; r1 done, r2 declined, r3 declined, r4 → 1 / 4
const V = 'v-na-pong';
const ITEM = 'vneid';
const t = (iso: string, hour: number, min = 0) => at(iso, hour) + min * 60_000;

describe.each(DATABASES)('figures as of the period end on %s', (db) => {
  let s: TestServer;
  let a: WirePhone;
  let b: WirePhone;
  let token: string;
  const tallies = async (q: string) => {
    const res = await s.request(`/api/reports/tallies?${q}`, { headers: s.auth(token) });
    expect(res.status).toBe(200);
    return (await res.json()) as TalliesReport;
  };
  const vneid = (r: TalliesReport) => r.rows.find((x) => x.villageId === COMMUNE_ROW && x.itemId === ITEM)!;
  const push = async (p: WirePhone, ms: ReturnType<WirePhone['m']>[]) => {
    const res = await p.push(ms);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(ms.map(() => 'applied'));
  };
  const cell = (p: WirePhone, rid: string, hid: string, state: string, when: number) => p.m('checklist.set', checklistCell(rid, hid, V, ITEM, state, p.member.id, when), when);

  beforeAll(async () => {
    s = await createTestServer({ db, now: t('2026-08-15', 9) });
    a = wirePhone(s, await s.join(V, { displayName: 'Lò Văn A' }));
    b = wirePhone(s, await s.join(V, { displayName: 'Giàng Thị B' }));
    const roster = t('2026-08-15', 8);
    await push(a, [
      a.m('household.put', household('h1', V), roster),
      a.m('household.put', household('h2', V), roster),
      a.m('resident.put', resident('r1', 'h1', V, { birthYear: 1990 }), roster),
      a.m('resident.put', resident('r2', 'h1', V, { birthYear: 2010 }), roster),
      a.m('resident.put', resident('r3', 'h1', V, { birthYear: 2000 }), roster),
      a.m('resident.put', resident('r5', 'h2', V, { birthYear: 1980 }), roster),
      cell(a, 'r3', 'h1', 'done', roster),
      cell(a, 'r5', 'h2', 'done', roster),
    ]);
    // Phone B pulls the roster, then works offline.
    s.clock.set(t('2026-09-25', 9));
    const offline = cell(b, 'r2', 'h1', 'done', t('2026-09-25', 9));
    const offlineVisit = b.m('visit.add', visit('vis-late', 'h1', V, b.member.id, t('2026-09-29', 10)), t('2026-09-29', 10));
    s.clock.set(t('2026-09-30', 23, 40));
    await push(a, [cell(a, 'r1', 'h1', 'done', t('2026-09-30', 23, 30))]);
    s.clock.set(t('2026-10-01', 9));
    await push(a, [
      cell(a, 'r2', 'h1', 'declined', t('2026-10-01', 9)),
      cell(a, 'r3', 'h1', 'declined', t('2026-10-01', 9)),
      a.m('resident.put', resident('r4', 'h1', V, { birthYear: 1995 }), t('2026-10-01', 9)),
      a.m('household.put', { id: 'h2', villageId: V, removed: true }, t('2026-10-01', 9)),
    ]);
    s.clock.set(t('2026-10-20', 9));
    token = await s.login();
    (globalThis as Record<string, unknown>).__late = [offline, offlineVisit];
  }, 60_000);
  afterAll(() => s?.close());

  it('counts an ended quarter as it stood at its end, not as the records stand now', async () => {
    const q3 = await tallies('period=2026-Q3');
    expect(vneid(q3)).toMatchObject({ numerator: 3, denominator: 4 });
    expect(q3.total).toMatchObject({ households: 2, residents: 4 });
    expect(q3.asOfYear).toBe(2026);
    expect(q3.asOf).toBe(t('2026-10-01', 0) - 1);
    expect(q3.late).toEqual({ count: 0, lastAt: null });
    // The trend ends at the period's numerator: r3, r5 in the week of 10/8, r1 in the week of 28/9.
    const series = q3.trend.series.find((x) => x.itemId === ITEM)!;
    expect(series.cumulative.at(-1)).toBe(3);
    const weeks = q3.trend.weeks;
    expect(series.added[weeks.indexOf('2026-08-10')]).toBe(2);
    expect(series.added[weeks.indexOf('2026-09-28')]).toBe(1);
    // The running quarter reads the records as they stand.
    const q4 = await tallies('period=2026-Q4');
    expect(vneid(q4)).toMatchObject({ numerator: 1, denominator: 4 });
    expect(q4.total).toMatchObject({ households: 1, residents: 4 });
    expect(q4.late ?? null).toBeNull();
  });

  it('gives month, custom range and quarter ends alike', async () => {
    expect(vneid(await tallies('period=2026-08'))).toMatchObject({ numerator: 2, denominator: 4 });
    expect(vneid(await tallies('period=2026-09'))).toMatchObject({ numerator: 3, denominator: 4 });
    expect(vneid(await tallies('from=2026-07-01&to=2026-09-29'))).toMatchObject({ numerator: 2, denominator: 4 });
    expect(vneid(await tallies('period=2026-H2'))).toMatchObject({ numerator: 1, denominator: 4 });
    expect((await tallies('period=2025')).total).toMatchObject({ households: 0, residents: 0 });
  });

  it('gives the same figures whenever asked, after later edits too', async () => {
    const first = await tallies('period=2026-Q3');
    await push(a, [cell(a, 'r1', 'h1', 'declined', t('2026-10-20', 9)), a.m('household.put', { id: 'h1', villageId: V, removed: true }, t('2026-10-20', 9))]);
    const again = await tallies('period=2026-Q3');
    expect(again.rows).toEqual(first.rows);
    // (freshness is about the devices today, not the period)
    const { freshness: _f, ...firstTotal } = first.total;
    const { freshness: _g, ...againTotal } = again.total;
    expect(againTotal).toEqual(firstTotal);
    expect(again.trend).toEqual(first.trend);
    expect(again.late).toEqual({ count: 0, lastAt: null });
    expect(vneid(await tallies('period=2026-Q4'))).toMatchObject({ numerator: 0, denominator: 0 });
  });

  it('takes a write stamped inside the period that arrives late, and says so', async () => {
    const late = (globalThis as Record<string, unknown>).__late as ReturnType<WirePhone['m']>[];
    s.clock.set(t('2026-10-20', 10));
    await push(b, late);
    const q3 = await tallies('period=2026-Q3');
    expect(vneid(q3)).toMatchObject({ numerator: 4, denominator: 4 });
    expect(q3.total.visits).toBe(1);
    expect(q3.late?.count).toBe(2);
    expect(q3.late?.lastAt).toBeGreaterThanOrEqual(t('2026-10-20', 10));
    expect(q3.late?.lastAt).toBeLessThan(t('2026-10-20', 10) + 60_000);
    // It lost to phone A's later edit: today r2 is still declined.
    expect(vneid(await tallies('period=2026-Q4'))).toMatchObject({ numerator: 0 });
  });
});
