import { describe, expect, it } from 'vitest';
import { bandKey, COMMUNE_ROW, indicatorRows, pickTarget, round1, ruleText } from '../../../src/core/report/rows.ts';
import { villageRollup } from '../../../src/core/report/rollup.ts';
import { CATALOGUE, recordsOf, TARGETS, V1, V2 } from './fixture.ts';

const active = CATALOGUE.filter((i) => !i.retired);
const tallies = [...villageRollup(V1, CATALOGUE, recordsOf(V1), 2026).tallies, ...villageRollup(V2, CATALOGUE, recordsOf(V2), 2026).tallies];
const rows = indicatorRows(active, tallies, TARGETS, '2026-09-30');
const row = (villageId: string, itemId: string) => rows.find((r) => r.villageId === villageId && r.itemId === itemId)!;

describe('indicator rows', () => {
  it('puts the commune rows first, in catalogue order, summing the villages', () => {
    expect(rows.slice(0, active.length).map((r) => [r.villageId, r.itemId])).toEqual(active.map((i) => [COMMUNE_ROW, i.id]));
    expect(rows).toHaveLength(active.length * 3);
    expect(row(COMMUNE_ROW, 'vneid')).toMatchObject({ numerator: 3, denominator: 5, pct: 60 });
  });

  it('measures the commune against the commune target still due, and grades it', () => {
    // 60% of an 80% target is 75% of target: 50–80%.
    expect(row(COMMUNE_ROW, 'vneid')).toMatchObject({ target: { id: 't1', value: 80 }, ofTarget: 75, band: '50-80' });
  });

  it('measures a village against its own target, else the commune one', () => {
    expect(row(V1, 'vneid')).toMatchObject({ pct: 50, target: { id: 't2', unit: 'village' }, ofTarget: 125, band: 'met' });
    const sp = row(V1, 'smartphone');
    expect(sp.target).toMatchObject({ id: 't3', unit: 'commune' });
    expect(round1(sp.ofTarget)).toBe(37); // 33.3% of 90%
    expect(sp.band).toBe('below-50');
  });

  it('uses the latest target when every one is past, and no band without a target', () => {
    expect(row(V1, 'fibre')).toMatchObject({ target: { id: 't4' }, pct: 50, ofTarget: 100, band: 'met' });
    // The commune: h1 of h1, h2, h4 → 33.3% of a 50% target.
    expect(row(COMMUNE_ROW, 'fibre')).toMatchObject({ numerator: 1, denominator: 3, band: '50-80' });
    expect(row(COMMUNE_ROW, 'health-book')).toMatchObject({ target: null, ofTarget: null, band: null });
  });

  it('has no percentage (and no band) when nobody is eligible', () => {
    expect(row(V2, 'ecommerce')).toMatchObject({ numerator: 0, denominator: 0, pct: null, band: null });
  });

  it('grades at the band edges the appendices use', () => {
    const one = (value: number, pct: number) =>
      indicatorRows(active, [{ villageId: V1, itemId: 'vneid', numerator: pct, denominator: 100, pct }], [{ ...TARGETS[0], value }], '2026-09-30').find((r) => r.villageId === V1)!.band;
    expect(one(80, 80)).toBe('met');
    expect(one(80, 65)).toBe('above-80'); // 81.25%
    expect(one(100, 80)).toBe('50-80'); // exactly 80% of target is not "above 80%"
    expect(one(100, 50)).toBe('50-80');
    expect(one(100, 49.9)).toBe('below-50');
  });

  it('picks targets by due date', () => {
    expect(pickTarget(TARGETS, 'vneid', 'commune', '2026-05-31')?.id).toBe('t0');
    expect(pickTarget(TARGETS, 'vneid', 'commune', '2027-01-31')?.id).toBe('t1');
    expect(pickTarget(TARGETS, 'cashless', 'commune', '2026-05-31')).toBeUndefined();
  });

  it('names bands and eligibility rules with translation keys', () => {
    expect(bandKey('above-80')).toBe('band.above-80');
    expect(bandKey(null)).toBe('band.none');
    expect(ruleText({ kind: 'age', min: 15, max: 60 })).toEqual({ key: 'rule.ageBetween', params: { min: 15, max: 60 } });
    expect(ruleText({ kind: 'age', min: 18 })).toEqual({ key: 'rule.ageFrom', params: { min: 18 } });
    expect(ruleText({ kind: 'household-flag', flag: 'producer' }).key).toBe('rule.flag.producer');
  });
});
