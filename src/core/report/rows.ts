import type { CatalogueItem, EligibilityRule } from '../model/checklist.ts';
import type { HouseholdFlag, TargetUnit } from '../model/enums.ts';
import type { Target } from '../model/people.ts';
import { bandFor, percentOfTarget, type Band } from '../tally/bands.ts';
import { totalTallies, type Tally } from '../tally/tally.ts';

// Indicator rows: a tally (numerator, denominator, %) set against the province's target, graded in the bands the
// provincial appendices use. The commune row has villageId '*'.
export const COMMUNE_ROW = '*';

export type TargetRef = Pick<Target, 'id' | 'value' | 'unit' | 'dueOn' | 'source'>;

export type IndicatorRow = {
  villageId: string;
  itemId: string;
  numerator: number;
  denominator: number;
  pct: number | null;
  target: TargetRef | null;
  ofTarget: number | null; // result as a % of the target
  band: Band | null; // null when there is no target or nobody is eligible
};

// The target an indicator is measured against: of the item's targets for that unit, the first one still due on
// or after the period's end; once all are past, the latest. A village without a village target is measured
// against the commune's (the row says which unit it came from).
export const pickTarget = (targets: readonly Target[], itemId: string, unit: TargetUnit, periodTo: string): Target | undefined => {
  const mine = targets.filter((t) => t.itemId === itemId && t.unit === unit).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return mine.find((t) => t.dueOn >= periodTo) ?? mine[mine.length - 1];
};

export const targetFor = (targets: readonly Target[], itemId: string, isCommune: boolean, periodTo: string): Target | undefined =>
  isCommune
    ? pickTarget(targets, itemId, 'commune', periodTo)
    : (pickTarget(targets, itemId, 'village', periodTo) ?? pickTarget(targets, itemId, 'commune', periodTo));

const ref = (t: Target | undefined): TargetRef | null =>
  t ? { id: t.id, value: t.value, unit: t.unit, dueOn: t.dueOn, source: t.source } : null;

export const indicatorRow = (t: Tally, target: Target | undefined): IndicatorRow => {
  const ofTarget = target && t.pct !== null ? percentOfTarget(t.pct, target.value) : null;
  return {
    villageId: t.villageId,
    itemId: t.itemId,
    numerator: t.numerator,
    denominator: t.denominator,
    pct: t.pct,
    target: ref(target),
    ofTarget,
    band: bandFor(ofTarget),
  };
};

// Village rows for every tally, plus one commune row per item (sums of the villages), ordered by the
// catalogue's order, commune first.
export const indicatorRows = (
  items: readonly CatalogueItem[],
  villageTallies: readonly Tally[],
  targets: readonly Target[],
  periodTo: string,
): IndicatorRow[] => {
  const order = new Map(items.map((i) => [i.id, i.order]));
  // One target lookup per item and unit, not per row (a large commune has thousands of village rows).
  const memo = new Map<string, Target | undefined>();
  const target = (itemId: string, isCommune: boolean) => {
    const k = `${isCommune ? 'c' : 'v'}|${itemId}`;
    if (!memo.has(k)) memo.set(k, targetFor(targets, itemId, isCommune, periodTo));
    return memo.get(k);
  };
  const rows = [
    ...totalTallies(villageTallies).map((t) => indicatorRow({ ...t, villageId: COMMUNE_ROW }, target(t.itemId, true))),
    ...villageTallies.map((t) => indicatorRow(t, target(t.itemId, false))),
  ].filter((r) => order.has(r.itemId));
  // The commune totals need every active item even when there are no villages yet.
  const communeItems = new Set(rows.filter((r) => r.villageId === COMMUNE_ROW).map((r) => r.itemId));
  for (const it of items)
    if (!it.retired && !communeItems.has(it.id))
      rows.push(indicatorRow({ villageId: COMMUNE_ROW, itemId: it.id, numerator: 0, denominator: 0, pct: null }, target(it.id, true)));
  // Ids compare as plain strings (a locale-aware compare is needlessly slow over thousands of rows).
  return rows.sort(
    (a, b) =>
      Number(b.villageId === COMMUNE_ROW) - Number(a.villageId === COMMUNE_ROW) ||
      (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0) ||
      (a.villageId < b.villageId ? -1 : a.villageId > b.villageId ? 1 : 0),
  );
};

// Translation keys (officer namespace) for bands and eligibility rules, shared by the dashboard and the export.
// An officer-namespace key for a band's words (band.noData: a target, but nobody counted yet).
export type BandKey = `band.${Band}` | 'band.none' | 'band.noData';
export const bandKey = (band: Band | null): BandKey => (band ? `band.${band}` : 'band.none');

// The officer namespace's key for a rule (typed, so a rule without words is a type error where it is read).
export type RuleText = {
  key: 'rule.everyone' | 'rule.households' | `rule.flag.${HouseholdFlag}` | 'rule.ageBetween' | 'rule.ageUpTo' | 'rule.ageFrom';
  params: Record<string, string | number>;
};
export const ruleText = (rule: EligibilityRule): RuleText => {
  switch (rule.kind) {
    case 'everyone':
      return { key: 'rule.everyone', params: {} };
    case 'households':
      return { key: 'rule.households', params: {} };
    case 'household-flag':
      return { key: `rule.flag.${rule.flag}`, params: {} };
    case 'age':
      if (rule.min !== undefined && rule.max !== undefined) return { key: 'rule.ageBetween', params: { min: rule.min, max: rule.max } };
      if (rule.max !== undefined) return { key: 'rule.ageUpTo', params: { max: rule.max } };
      return { key: 'rule.ageFrom', params: { min: rule.min ?? 0 } };
  }
};

// Percentages are shown with one decimal (the appendices do); rounding happens here so screen and file agree.
export const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);
