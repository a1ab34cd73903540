import { effectiveCells, type CatalogueItem, type ChecklistCell } from '../model/checklist.ts';
import type { CellState, HouseholdFlag, ItemLevel } from '../model/enums.ts';
import type { Household, Resident } from '../model/household.ts';
import { isEligible } from './eligibility.ts';

// Tallies are computed from counts, so the phone (from its records) and the server (from rollups maintained on
// write) run the same rules: subjects are bucketed by what eligibility looks at, cells by their state.
export type PopulationBucket = {
  villageId: string;
  level: ItemLevel;
  birthYear: number | null;
  flags: readonly HouseholdFlag[];
  count: number;
};
export type CellBucket = {
  villageId: string;
  itemId: string;
  birthYear: number | null;
  flags: readonly HouseholdFlag[];
  state: CellState;
  count: number;
};

export type Tally = {
  villageId: string;
  itemId: string;
  numerator: number; // eligible subjects whose cell is done
  denominator: number; // eligible subjects, less those marked not applicable
  pct: number | null; // null when nobody is eligible
};

export const percent = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : (numerator * 100) / denominator;

export const tallyFromBuckets = (
  catalogue: readonly CatalogueItem[],
  population: readonly PopulationBucket[],
  cells: readonly CellBucket[],
  asOfYear: number,
  villageIds: readonly string[],
): Tally[] => {
  const items = catalogue.filter((i) => !i.retired);
  const byKey = new Map<string, Tally>();
  for (const villageId of villageIds)
    for (const item of items) byKey.set(`${villageId}|${item.id}`, { villageId, itemId: item.id, numerator: 0, denominator: 0, pct: null });
  for (const p of population)
    for (const item of items) {
      if (item.level !== p.level) continue;
      const t = byKey.get(`${p.villageId}|${item.id}`);
      if (t && isEligible(item.rule, p, asOfYear)) t.denominator += p.count;
    }
  const itemById = new Map(items.map((i) => [i.id, i]));
  for (const c of cells) {
    const item = itemById.get(c.itemId);
    const t = byKey.get(`${c.villageId}|${c.itemId}`);
    if (!item || !t || !isEligible(item.rule, c, asOfYear)) continue;
    if (c.state === 'done') t.numerator += c.count;
    else if (c.state === 'na') t.denominator -= c.count;
  }
  for (const t of byKey.values()) t.pct = percent(t.numerator, t.denominator);
  return [...byKey.values()];
};

const flagsKey = (flags: readonly HouseholdFlag[]) => [...flags].sort().join(',');

// Buckets a phone's (or a test's) raw records. Removed households take their residents with them; cells of
// removed subjects, or at the wrong level for their item, do not count.
// The fields a tally reads: all a caller must supply (the server's rollups read only these columns).
export type TallyHousehold = Pick<Household, 'id' | 'villageId' | 'flags' | 'removed'>;
export type TallyResident = Pick<Resident, 'id' | 'householdId' | 'villageId' | 'birthYear' | 'removed'>;
export type TallyCell = Pick<ChecklistCell, 'id' | 'villageId' | 'householdId' | 'residentId' | 'itemId' | 'state' | 'at'>;

export const bucketsFromRecords = (
  catalogue: readonly CatalogueItem[],
  households: readonly TallyHousehold[],
  residents: readonly TallyResident[],
  cells: readonly TallyCell[],
): { population: PopulationBucket[]; cells: CellBucket[] } => {
  const pop = new Map<string, PopulationBucket>();
  const add = <B extends { count: number }>(m: Map<string, B>, key: string, make: () => B) => {
    const b = m.get(key);
    if (b) b.count += 1;
    else m.set(key, make());
  };
  const liveHouseholds = new Map(households.filter((h) => !h.removed).map((h) => [h.id, h]));
  const liveResidents = new Map<string, TallyResident>();
  for (const h of liveHouseholds.values())
    add(pop, `h|${h.villageId}|${flagsKey(h.flags)}`, () => ({ villageId: h.villageId, level: 'household' as const, birthYear: null, flags: [...h.flags], count: 1 }));
  for (const r of residents) {
    if (r.removed || !liveHouseholds.has(r.householdId)) continue;
    liveResidents.set(r.id, r);
    add(pop, `r|${r.villageId}|${r.birthYear}`, () => ({ villageId: r.villageId, level: 'resident' as const, birthYear: r.birthYear, flags: [], count: 1 }));
  }
  const levelOf = new Map(catalogue.map((i) => [i.id, i.level]));
  const cellBuckets = new Map<string, CellBucket>();
  for (const c of cells) {
    const level = levelOf.get(c.itemId);
    if (level === 'resident') {
      const r = c.residentId ? liveResidents.get(c.residentId) : undefined;
      if (!r) continue;
      add(cellBuckets, `${r.villageId}|${c.itemId}|${r.birthYear}|${c.state}`, () => ({ villageId: r.villageId, itemId: c.itemId, birthYear: r.birthYear, flags: [], state: c.state, count: 1 }));
    } else if (level === 'household') {
      const h = c.residentId === null ? liveHouseholds.get(c.householdId) : undefined;
      if (!h) continue;
      add(cellBuckets, `${h.villageId}|${c.itemId}|${flagsKey(h.flags)}|${c.state}`, () => ({ villageId: h.villageId, itemId: c.itemId, birthYear: null, flags: [...h.flags], state: c.state, count: 1 }));
    }
  }
  return { population: [...pop.values()], cells: [...cellBuckets.values()] };
};

export const computeTallies = (
  catalogue: readonly CatalogueItem[],
  households: readonly TallyHousehold[],
  residents: readonly TallyResident[],
  cells: readonly TallyCell[],
  asOfYear: number,
  villageIds: readonly string[],
): Tally[] => {
  // A done cell implies others (VNeID level 2 → the VNeID account, core/model/checklist.ts IMPLIES_DONE).
  const b = bucketsFromRecords(catalogue, households, residents, effectiveCells(cells));
  return tallyFromBuckets(catalogue, b.population, b.cells, asOfYear, villageIds);
};

// Sums village tallies into one row per item for the whole unit (villageId '*').
export const totalTallies = (tallies: readonly Tally[]): Tally[] => {
  const byItem = new Map<string, Tally>();
  for (const t of tallies) {
    const sum = byItem.get(t.itemId) ?? { villageId: '*', itemId: t.itemId, numerator: 0, denominator: 0, pct: null };
    sum.numerator += t.numerator;
    sum.denominator += t.denominator;
    byItem.set(t.itemId, sum);
  }
  for (const t of byItem.values()) t.pct = percent(t.numerator, t.denominator);
  return [...byItem.values()];
};
