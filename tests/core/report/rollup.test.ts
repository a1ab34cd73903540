import { describe, expect, it } from 'vitest';
import { villageRollup } from '../../../src/core/report/rollup.ts';
import { CATALOGUE, recordsOf, V1, V2 } from './fixture.ts';

const tallyOf = (r: ReturnType<typeof villageRollup>) => Object.fromEntries(r.tallies.map((t) => [t.itemId, [t.numerator, t.denominator]]));

describe('village rollup: tallies by every eligibility rule', () => {
  const r2026 = villageRollup(V1, CATALOGUE, recordsOf(V1), 2026);

  it('counts live households and residents only', () => {
    expect(r2026.households).toBe(2); // h3 removed
    expect(r2026.residents).toBe(7); // r1–r6, r9 (r7 removed, r8 in a removed household)
  });

  it('counts numerators and denominators by hand', () => {
    expect(tallyOf(r2026)).toEqual({
      // aged 14+: r1 r2 r3 r4 r5 (5), r3 not applicable → 4; done r1 r2 (r9 is 13, r7/r8 gone)
      vneid: [2, 4],
      'vneid-l2': [0, 5],
      // adults: r3 r4 r5; done r3 (r2 is 15)
      smartphone: [1, 3],
      'public-services': [0, 3],
      cashless: [0, 3],
      // everyone: 7 live residents; done r6
      'health-book': [1, 7],
      // 15 and over, no upper age: r2 r3 r4 r5; done r4 r5
      'digital-skills': [2, 4],
      'online-safety': [0, 5],
      // households: h1 h2 (h3 removed); done h1
      fibre: [1, 2],
      // producers: h1 (h3 removed); done h1 (h2 does not produce)
      ecommerce: [1, 1],
      // digital-signature is retired: no row at all
    });
    expect(r2026.tallies.find((t) => t.itemId === 'vneid')!.pct).toBe(50);
  });

  it('moves residents into and out of eligibility as they age', () => {
    const r2027 = tallyOf(villageRollup(V1, CATALOGUE, recordsOf(V1), 2027));
    expect(r2027.vneid).toEqual([3, 5]); // r9 turns 14 and was already done
    expect(r2027['digital-skills']).toEqual([2, 5]); // r1 turns 15; r4 (61) and r5 (62) still count
    expect(r2027.smartphone).toEqual([1, 3]);
  });

  it('a retired item leaves the tallies and the trend', () => {
    expect(r2026.tallies.some((t) => t.itemId === 'digital-signature')).toBe(false);
    expect(r2026.weekDone.some((w) => w.itemId === 'digital-signature')).toBe(false);
  });

  it('counts done cells per week for eligible live subjects', () => {
    const vneid = r2026.weekDone.filter((w) => w.itemId === 'vneid').sort((a, b) => a.week.localeCompare(b.week));
    expect(vneid).toEqual([
      { villageId: V1, itemId: 'vneid', week: '2026-07-06', count: 1 },
      { villageId: V1, itemId: 'vneid', week: '2026-07-13', count: 1 },
    ]);
    // Every item's weekly counts add up to its numerator.
    for (const t of r2026.tallies)
      expect(r2026.weekDone.filter((w) => w.itemId === t.itemId).reduce((a, w) => a + w.count, 0), t.itemId).toBe(t.numerator);
  });
});

describe('village rollup: activity', () => {
  const r = villageRollup(V1, CATALOGUE, recordsOf(V1), 2026);

  it('leaves voided visits out of activity and dossiers, and keeps their replacement', () => {
    const m1 = r.activity.filter((a) => a.memberId === 'm1');
    expect(m1.reduce((s, a) => s + a.visits, 0)).toBe(2); // vis1, vis4 (vis3 voided)
    expect(m1.reduce((s, a) => s + a.minutes, 0)).toBe(50);
    const byField = Object.fromEntries(r.dossiers.map((d) => [d.field, d.count]));
    expect(byField).toEqual({ 'civil-status': 2, residence: 1, 'health-insurance': 1, land: 1 });
  });

  it('a void for a session never voids a visit with the same id', () => {
    expect(r.activity.filter((a) => a.memberId === 'm1' && a.day === '2026-07-07')[0].visits).toBe(1);
  });

  it('counts sessions, attendees and distinct residents reached, without voided sessions', () => {
    expect(r.activity.reduce((s, a) => s + a.sessions, 0)).toBe(2);
    expect(r.activity.reduce((s, a) => s + a.attendees, 0)).toBe(42);
    expect(new Set(r.attendance.map((a) => a.residentId))).toEqual(new Set(['r1', 'r2', 'r3']));
    expect(r.sessionKinds.map((k) => k.kind).sort()).toEqual(['broadcast', 'training']);
  });

  it('keeps distinct residents reached per standard period', () => {
    const reach = Object.fromEntries(r.reach.map((x) => [x.periodKey, x.reached]));
    expect(reach).toEqual({ '2026-07': 3, '2026-Q3': 3, '2026-H2': 3, '2026': 3 });
  });

  it('keeps open follow-ups of live households by due date', () => {
    expect(r.followUps.sort((a, b) => a.dueOn.localeCompare(b.dueOn))).toEqual([
      { villageId: V1, dueOn: '2026-07-01', open: 1 },
      { villageId: V1, dueOn: '2026-08-01', open: 1 },
    ]);
  });

  it('knows each member’s last activity', () => {
    expect(Object.fromEntries(r.lastActivity.map((l) => [l.memberId, l.at]))).toEqual({
      m1: Date.UTC(2026, 6, 10, 5), // session on 10/07, counted at noon
      m2: Date.UTC(2026, 6, 11, 5),
    });
  });

  it('a second village is independent', () => {
    const r2 = villageRollup(V2, CATALOGUE, recordsOf(V2), 2026);
    expect(tallyOf(r2).vneid).toEqual([1, 1]);
    expect(r2.activity).toEqual([]);
  });
});
