import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../../src/core/model/catalogue-defaults.ts';
import { checklistCellId, type CatalogueItem, type ChecklistCell } from '../../../src/core/model/checklist.ts';
import { CELL_STATES, HOUSEHOLD_FLAGS, type CellState, type HouseholdFlag } from '../../../src/core/model/enums.ts';
import type { Household, Resident } from '../../../src/core/model/household.ts';
import { isEligible } from '../../../src/core/tally/eligibility.ts';
import { bucketsFromRecords, computeTallies, percent, tallyFromBuckets, totalTallies, type Tally } from '../../../src/core/tally/tally.ts';
import { FC } from '../fc.ts';

const Y = 2025;
const retired: CatalogueItem = { ...DEFAULT_CATALOGUE[5], id: 'old-item', retired: true };
const CATALOGUE = [...DEFAULT_CATALOGUE, retired];

const hh = (id: string, villageId: string, flags: HouseholdFlag[] = [], removed = false): Household => ({
  id, villageId, flags, removed, houseLabel: '', headName: `Chủ hộ ${id}`, phone: '', notes: '',
});
const res = (id: string, h: Household, birthYear: number, removed = false): Resident => ({
  id, householdId: h.id, villageId: h.villageId, label: `Người ${id}`, birthYear, sex: null, removed,
});
const cell = (itemId: string, h: Household, residentId: string | null, state: CellState): ChecklistCell => ({
  id: checklistCellId(itemId, residentId ?? h.id), villageId: h.villageId, householdId: h.id, residentId, itemId, state, by: 'm1', at: 1,
});

// A hand-computed fixture. Ages in 2025 in brackets.
const hA1 = hh('hA1', 'vA', ['producer']);
const hA2 = hh('hA2', 'vA');
const hA3 = hh('hA3', 'vA', ['producer'], true); // removed: takes r8 with it
const hB1 = hh('hB1', 'vB', ['poor', 'producer']);
const households = [hA1, hA2, hA3, hB1];
const residents = [
  res('r1', hA1, 1980), // 45
  res('r2', hA1, 2011), // 14
  res('r3', hA1, 2015), // 10
  res('r4', hA1, 1960), // 65
  res('r5', hA1, 1990, true), // removed
  res('r6', hA2, 2007), // 18
  res('r7', hA2, 2008), // 17
  res('r8', hA3, 1970), // in a removed household
  res('r9', hB1, 1950), // 75
  res('r10', hB1, 2000), // 25
];
const cells = [
  cell('smartphone', hA1, 'r1', 'done'),
  cell('smartphone', hA1, 'r4', 'na'), // leaves the denominator
  cell('smartphone', hA2, 'r6', 'declined'), // stays in it
  cell('smartphone', hA2, 'r7', 'done'), // 17: not eligible, not counted
  cell('smartphone', hA1, 'r5', 'done'), // removed resident
  cell('smartphone', hA3, 'r8', 'done'), // removed household
  cell('vneid', hA1, 'r2', 'done'),
  cell('vneid', hA2, 'r7', 'done'),
  cell('vneid', hA1, 'r1', 'in-progress'),
  cell('vneid', hA2, null, 'done'), // resident item ticked at household level: ignored
  cell('health-book', hA1, 'r3', 'done'),
  cell('fibre', hA1, null, 'done'),
  cell('fibre', hA2, 'r6', 'done'), // household item ticked for a resident: ignored
  cell('ecommerce', hA2, null, 'done'), // not a producer household
  cell('ecommerce', hA1, null, 'done'),
  cell('old-item', hA1, 'r1', 'done'), // retired item
  cell('nope', hA1, 'r1', 'done'), // unknown item
  cell('smartphone', hB1, 'r10', 'done'),
  cell('digital-skills', hB1, 'r10', 'na'),
];

const pick = (tallies: Tally[], villageId: string, itemId: string) => {
  const t = tallies.find((x) => x.villageId === villageId && x.itemId === itemId);
  if (!t) throw new Error(`no tally ${villageId} ${itemId}`);
  return { n: t.numerator, d: t.denominator, pct: t.pct };
};

describe('computeTallies on a hand-computed fixture', () => {
  const tallies = computeTallies(CATALOGUE, households, residents, cells, Y, ['vA', 'vB', 'vC']);

  it('one row per village and live item; retired items are not tallied', () => {
    expect(tallies).toHaveLength(3 * DEFAULT_CATALOGUE.length);
    expect(tallies.some((t) => t.itemId === 'old-item' || t.itemId === 'nope')).toBe(false);
  });

  it('village A', () => {
    expect(pick(tallies, 'vA', 'smartphone')).toEqual({ n: 1, d: 2, pct: 50 }); // r1 r4 r6 eligible, r4 n/a
    expect(pick(tallies, 'vA', 'vneid')).toEqual({ n: 2, d: 5, pct: 40 }); // r1 r2 r4 r6 r7
    expect(pick(tallies, 'vA', 'vneid-l2')).toEqual({ n: 0, d: 5, pct: 0 });
    expect(pick(tallies, 'vA', 'health-book')).toEqual({ n: 1, d: 6, pct: 100 / 6 });
    expect(pick(tallies, 'vA', 'digital-skills')).toEqual({ n: 0, d: 4, pct: 0 }); // 15 and over: r1 r4 r6 r7 (r2 is 14; r4 at 65 counts)
    expect(pick(tallies, 'vA', 'fibre')).toEqual({ n: 1, d: 2, pct: 50 });
    expect(pick(tallies, 'vA', 'ecommerce')).toEqual({ n: 1, d: 1, pct: 100 });
  });

  it('village B, and a village with nobody', () => {
    expect(pick(tallies, 'vB', 'smartphone')).toEqual({ n: 1, d: 2, pct: 50 });
    expect(pick(tallies, 'vB', 'ecommerce')).toEqual({ n: 0, d: 1, pct: 0 });
    expect(pick(tallies, 'vB', 'digital-skills')).toEqual({ n: 0, d: 1, pct: 0 }); // r9 (75) counts; r10 n/a leaves
    expect(pick(tallies, 'vC', 'vneid')).toEqual({ n: 0, d: 0, pct: null });
  });

  it('VNeID level 2 done counts the VNeID account as done for that resident, whatever its own cell says', () => {
    // r1 (45): vneid in-progress, level 2 done → vneid done; r6 (18): no vneid cell, level 2 done → done too.
    const more = [...cells, cell('vneid-l2', hA1, 'r1', 'done'), cell('vneid-l2', hA2, 'r6', 'done'), cell('vneid-l2', hA2, 'r7', 'in-progress')];
    const t = computeTallies(CATALOGUE, households, residents, more, Y, ['vA']);
    expect(pick(t, 'vA', 'vneid-l2')).toEqual({ n: 2, d: 5, pct: 40 }); // r1 r6 of r1 r2 r4 r6 r7
    expect(pick(t, 'vA', 'vneid')).toEqual({ n: 4, d: 5, pct: 80 }); // r2 r7 as before, + r1 r6 (r7's level 2 is not done)
  });

  it('ignores villages it was not asked about', () => {
    const onlyB = computeTallies(CATALOGUE, households, residents, cells, Y, ['vB']);
    expect(new Set(onlyB.map((t) => t.villageId))).toEqual(new Set(['vB']));
    expect(pick(onlyB, 'vB', 'smartphone')).toEqual({ n: 1, d: 2, pct: 50 });
  });

  it('moves with the as-of year: r7 turns 18 in 2026, r4 leaves working age…', () => {
    const next = computeTallies(CATALOGUE, households, residents, cells, 2026, ['vA']);
    expect(pick(next, 'vA', 'smartphone')).toEqual({ n: 2, d: 3, pct: 200 / 3 }); // r1 r6 r7 (+r4 n/a)
  });

  it('totalTallies sums numerators and denominators, not percentages', () => {
    const total = totalTallies(tallies);
    expect(total).toHaveLength(DEFAULT_CATALOGUE.length);
    const sm = total.find((t) => t.itemId === 'smartphone');
    expect(sm).toEqual({ villageId: '*', itemId: 'smartphone', numerator: 2, denominator: 4, pct: 50 });
    const ec = total.find((t) => t.itemId === 'ecommerce');
    expect(ec).toMatchObject({ numerator: 1, denominator: 2, pct: 50 });
    expect(total.find((t) => t.itemId === 'digital-skills')).toMatchObject({ numerator: 0, denominator: 5, pct: 0 }); // 4 in A + 1 in B
    expect(totalTallies([])).toEqual([]);
  });

  it('buckets group subjects by what eligibility looks at, and server rollups with counts give the same answer', () => {
    const b = bucketsFromRecords(CATALOGUE, households, residents, cells);
    const live = b.population.reduce((n, p) => n + (p.level === 'resident' ? p.count : 0), 0);
    expect(live).toBe(8); // r1–r4, r6, r7, r9, r10
    expect(b.population.filter((p) => p.level === 'household').reduce((n, p) => n + p.count, 0)).toBe(3);
    // The server keeps counts per bucket rather than records: doubled counts double both sides.
    const doubled = tallyFromBuckets(
      CATALOGUE,
      b.population.map((p) => ({ ...p, count: p.count * 2 })),
      b.cells.map((c) => ({ ...c, count: c.count * 2 })),
      Y,
      ['vA'],
    );
    expect(pick(doubled, 'vA', 'vneid')).toEqual({ n: 4, d: 10, pct: 40 });
  });

  it('percent is null with nobody eligible', () => {
    expect(percent(0, 0)).toBeNull();
    expect(percent(3, 4)).toBe(75);
  });
});

// The same rules written the slow, obvious way: one subject at a time.
const reference = (catalogue: readonly CatalogueItem[], hs: Household[], rs: Resident[], cs: ChecklistCell[], year: number, villages: string[]) => {
  const liveH = new Map(hs.filter((h) => !h.removed).map((h) => [h.id, h]));
  const liveR = rs.filter((r) => !r.removed && liveH.has(r.householdId));
  const out: Tally[] = [];
  for (const villageId of villages)
    for (const item of catalogue.filter((i) => !i.retired)) {
      let n = 0;
      let d = 0;
      const subjects =
        item.level === 'resident'
          ? liveR.filter((r) => r.villageId === villageId).map((r) => ({ id: r.id, s: { birthYear: r.birthYear }, resident: true }))
          : [...liveH.values()].filter((h) => h.villageId === villageId).map((h) => ({ id: h.id, s: { flags: h.flags }, resident: false }));
      for (const sub of subjects) {
        if (!isEligible(item.rule, sub.s, year)) continue;
        const c = cs.find((x) => x.itemId === item.id && (sub.resident ? x.residentId === sub.id : x.residentId === null && x.householdId === sub.id));
        if (c?.state === 'na') continue;
        d++;
        if (c?.state === 'done') n++;
      }
      out.push({ villageId, itemId: item.id, numerator: n, denominator: d, pct: percent(n, d) });
    }
  return out;
};

describe('computeTallies against a per-subject reference', () => {
  const records = fc
    .record({
      households: fc.array(
        fc.record({ village: fc.constantFrom('vA', 'vB'), flags: fc.subarray([...HOUSEHOLD_FLAGS]), removed: fc.boolean() }),
        { maxLength: 6 },
      ),
      residents: fc.array(fc.record({ h: fc.nat(), birthYear: fc.integer({ min: 1930, max: 2027 }), removed: fc.boolean() }), { maxLength: 20 }),
      cells: fc.array(
        fc.record({ item: fc.constantFrom(...CATALOGUE.map((i) => i.id)), subject: fc.nat(), household: fc.boolean(), state: fc.constantFrom(...CELL_STATES) }),
        { maxLength: 40 },
      ),
      year: fc.integer({ min: 2024, max: 2027 }),
    })
    .map(({ households: hspec, residents: rspec, cells: cspec, year }) => {
      const hs = hspec.map((h, i) => hh(`h${i}`, h.village, h.flags, h.removed));
      const rs = hs.length ? rspec.map((r, i) => res(`r${i}`, hs[r.h % hs.length], r.birthYear, r.removed)) : [];
      const byId = new Map<string, ChecklistCell>();
      for (const c of cspec) {
        if (!hs.length) break;
        const useHousehold = c.household || !rs.length;
        const h = useHousehold ? hs[c.subject % hs.length] : hs.find((x) => x.id === rs[c.subject % rs.length].householdId)!;
        const residentId = useHousehold ? null : rs[c.subject % rs.length].id;
        const made = cell(c.item, h, residentId, c.state);
        byId.set(made.id, made); // one cell per (item, subject), as on the phone
      }
      return { hs, rs, cs: [...byId.values()], year };
    });

  it('agrees on random rosters', () => {
    fc.assert(
      fc.property(records, ({ hs, rs, cs, year }) => {
        const got = computeTallies(CATALOGUE, hs, rs, cs, year, ['vA', 'vB']);
        const want = reference(CATALOGUE, hs, rs, cs, year, ['vA', 'vB']);
        const key = (t: Tally) => `${t.villageId}|${t.itemId}`;
        expect(new Map(got.map((t) => [key(t), t]))).toEqual(new Map(want.map((t) => [key(t), t])));
      }),
      FC(),
    );
  });
});
