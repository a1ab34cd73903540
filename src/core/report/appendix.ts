import type { CatalogueItem } from '../model/checklist.ts';
import type { Target } from '../model/people.ts';
import { bandFor, percentOfTarget } from '../tally/bands.ts';
import { bandKey, COMMUNE_ROW, round1, type BandKey, type IndicatorRow } from './rows.ts';
import type { AppendixRow, TalliesReport } from './shapes.ts';

// The provincial appendix's shape ("PHỤ LỤC 01 — Kết quả thực hiện các mục tiêu chuyển đổi số"), one row per
// indicator: TT, Tên mục tiêu, Đơn vị tính, Mục tiêu (of the scheme), Mục tiêu năm nay, Mục tiêu năm sau, Kết quả
// (ước thực hiện), So sánh kế hoạch giao (%), plus the band and the raw counts behind the result. Pure, so the
// server's export and the demo's in-browser XLSX write the same rows. The scheme's target is the latest-due target
// of the unit; this year's and next year's are the targets due in those calendar years, when the commune set them.
export const APPENDIX_COLUMNS = ['no', 'indicator', 'unit', 'target', 'targetThisYear', 'targetNextYear', 'result', 'ofTarget', 'band', 'numerator', 'denominator'] as const;
export type AppendixColumn = (typeof APPENDIX_COLUMNS)[number];

export type { AppendixRow } from './shapes.ts';

// The province's own list: an indicator's row number and name in its appendix (and its unit, "%" by default).
export type ProvinceIndicator = { itemId: string; rowNo: string; name: string; unit: string };

// Rows in the province's order: mapped indicators by their row number ("1" < "2" < "2.1" < "10"), then the
// others in catalogue order; numbered 1, 2, … in that order.
const byProvinceOrder = <T extends { itemId: string }>(rows: readonly T[], mapping: readonly ProvinceIndicator[]): T[] => {
  const m = new Map(mapping.map((x) => [x.itemId, x.rowNo]));
  const pos = new Map(rows.map((r, i) => [r.itemId, i]));
  return [...rows].sort((a, b) => {
    const ra = m.get(a.itemId);
    const rb = m.get(b.itemId);
    if (ra !== undefined && rb !== undefined) return ra.localeCompare(rb, 'en', { numeric: true }) || pos.get(a.itemId)! - pos.get(b.itemId)!;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return pos.get(a.itemId)! - pos.get(b.itemId)!;
  });
};

const dueIn = (targets: readonly Target[], itemId: string, unitId: string, year: number): number | null => {
  const isCommune = unitId === COMMUNE_ROW;
  const due = targets.filter((t) => t.itemId === itemId && t.unit === (isCommune ? 'commune' : 'village') && t.dueOn.startsWith(`${year}-`));
  return due.length ? due.sort((a, b) => b.dueOn.localeCompare(a.dueOn))[0].value : null;
};
const latest = (targets: readonly Target[], itemId: string, unitId: string): number | null => {
  const mine = targets.filter((t) => t.itemId === itemId && t.unit === (unitId === COMMUNE_ROW ? 'commune' : 'village'));
  return mine.length ? mine.sort((a, b) => b.dueOn.localeCompare(a.dueOn))[0].value : null;
};

// A target with nobody counted yet is "no data yet", not "no target".
export const NO_DATA: BandKey = 'band.noData';

// targets: the commune's targets (the report itself only carries the one each row is measured against).
export const appendixRows = (
  r: TalliesReport,
  lang: 'vi' | 'en',
  targets: readonly Target[] = [],
  unitId: string = COMMUNE_ROW,
  mapping: readonly ProvinceIndicator[] = [],
): AppendixRow[] => {
  const year = Number(r.period.to.slice(0, 4));
  const items = new Map(r.items.map((i) => [i.id, i]));
  const mapped = new Map(mapping.map((x) => [x.itemId, x]));
  const rows = byProvinceOrder(
    r.rows.filter((x: IndicatorRow) => x.villageId === unitId),
    mapping,
  );
  return rows.map((x, i) => ({
    no: i + 1,
    rowNo: mapped.get(x.itemId)?.rowNo || String(i + 1),
    itemId: x.itemId,
    indicator: mapped.get(x.itemId)?.name || (items.get(x.itemId)?.label[lang] ?? x.itemId),
    unit: mapped.get(x.itemId)?.unit || '%',
    target: latest(targets, x.itemId, unitId) ?? x.target?.value ?? null,
    targetThisYear: dueIn(targets, x.itemId, unitId, year) ?? (x.target?.dueOn.startsWith(`${year}-`) ? x.target.value : null),
    targetNextYear: dueIn(targets, x.itemId, unitId, year + 1),
    result: round1(x.pct),
    ofTarget: round1(x.ofTarget),
    bandKey: x.band === null && x.target && x.denominator === 0 ? NO_DATA : bandKey(x.band),
    numerator: x.numerator,
    denominator: x.denominator,
  }));
};

// A province-wide target for one indicator, set once by the province admin: the scheme's (long-term, due on
// schemeDue), this year's and next year's (year = "this year").
export type ProvinceTarget = {
  itemId: string;
  year: number;
  scheme: number | null;
  schemeDue: string;
  thisYear: number | null;
  nextYear: number | null;
  source: string;
};

// The province's appendix: the province's sums per indicator (numerator and denominator over every commune)
// against the province's own targets; graded against this year's target (the scheme's when there is none).
export const provinceAppendixRows = (x: {
  items: readonly CatalogueItem[];
  cells: readonly { itemId: string; numerator: number; denominator: number; pct: number | null }[];
  year: number;
  targets: readonly ProvinceTarget[];
  mapping: readonly ProvinceIndicator[];
  lang: 'vi' | 'en';
}): AppendixRow[] => {
  const items = new Map(x.items.map((i) => [i.id, i]));
  const mapped = new Map(x.mapping.map((m) => [m.itemId, m]));
  const targetOf = (itemId: string) => x.targets.find((t) => t.itemId === itemId && t.year === x.year);
  return byProvinceOrder(x.cells, x.mapping).map((c, i) => {
    const t = targetOf(c.itemId);
    const against = t?.thisYear ?? t?.scheme ?? null;
    const ofTarget = against !== null && c.pct !== null ? percentOfTarget(c.pct, against) : null;
    return {
      no: i + 1,
      rowNo: mapped.get(c.itemId)?.rowNo || String(i + 1),
      itemId: c.itemId,
      indicator: mapped.get(c.itemId)?.name || (items.get(c.itemId)?.label[x.lang] ?? c.itemId),
      unit: mapped.get(c.itemId)?.unit || '%',
      target: t?.scheme ?? null,
      targetThisYear: t?.thisYear ?? null,
      targetNextYear: t?.nextYear ?? null,
      result: round1(c.pct),
      ofTarget: round1(ofTarget),
      bandKey: against !== null && c.denominator === 0 ? NO_DATA : bandKey(bandFor(ofTarget)),
      numerator: c.numerator,
      denominator: c.denominator,
    };
  });
};

// The band counts under the appendix ("Hoàn thành và vượt: 8 mục tiêu; đạt trên 80%: …"), keyed as the rows are,
// in the bands' order (best first, "no target" last).
const BAND_ORDER = ['band.met', 'band.above-80', 'band.50-80', 'band.below-50', NO_DATA, 'band.none'];
export const appendixBandCounts = (rows: readonly AppendixRow[]): { bandKey: BandKey; count: number }[] => {
  const counts = new Map<BandKey, number>();
  for (const r of rows) counts.set(r.bandKey, (counts.get(r.bandKey) ?? 0) + 1);
  return [...counts.entries()].map(([bandKey, count]) => ({ bandKey, count })).sort((a, b) => BAND_ORDER.indexOf(a.bandKey) - BAND_ORDER.indexOf(b.bandKey));
};

// What a submitted report froze (src/server/reports/submissions.ts), and how today's rows differ from it: an
// indicator changed when its counts, result or targets differ, or when it was added or dropped since.
export type AppendixSnapshot = { rows: AppendixRow[]; difficulties: string; proposals: string; asOf: number };
const FIGURES = ['numerator', 'denominator', 'result', 'target', 'targetThisYear', 'targetNextYear'] as const;
export const changedSince = (sent: readonly AppendixRow[], now: readonly AppendixRow[]): string[] => {
  const before = new Map(sent.map((r) => [r.itemId, r]));
  const after = new Map(now.map((r) => [r.itemId, r]));
  const changed = new Set<string>();
  for (const [id, r] of after) {
    const b = before.get(id);
    if (!b || FIGURES.some((k) => b[k] !== r[k])) changed.add(id);
  }
  for (const id of before.keys()) if (!after.has(id)) changed.add(id);
  return [...changed];
};

// A number as a Vietnamese spreadsheet reads it: a decimal comma, no thousands separator (57,1).
export const decimalComma = (n: number): string => String(n).replace('.', ',');
