import type { Target } from '../model/people.ts';
import { bandKey, COMMUNE_ROW, round1, type IndicatorRow } from './rows.ts';
import type { TalliesReport } from './shapes.ts';

// The provincial appendix's shape ("PHỤ LỤC 01 — Kết quả thực hiện các mục tiêu chuyển đổi số"), one row per
// indicator: TT, Tên mục tiêu, Đơn vị tính, Mục tiêu (of the scheme), Mục tiêu năm nay, Mục tiêu năm sau, Kết quả
// (ước thực hiện), So sánh kế hoạch giao (%), plus the band and the raw counts behind the result. Pure, so the
// server's export and the demo's in-browser XLSX write the same rows. The scheme's target is the latest-due target
// of the unit; this year's and next year's are the targets due in those calendar years, when the commune set them.
export const APPENDIX_COLUMNS = ['no', 'indicator', 'unit', 'target', 'targetThisYear', 'targetNextYear', 'result', 'ofTarget', 'band', 'numerator', 'denominator'] as const;
export type AppendixColumn = (typeof APPENDIX_COLUMNS)[number];

export type AppendixRow = {
  no: number;
  itemId: string;
  indicator: string;
  unit: '%';
  target: number | null;
  targetThisYear: number | null;
  targetNextYear: number | null;
  result: number | null;
  ofTarget: number | null;
  bandKey: string; // an officer-namespace key for the band's words
  numerator: number;
  denominator: number;
};

const dueIn = (targets: readonly Target[], itemId: string, unitId: string, year: number): number | null => {
  const isCommune = unitId === COMMUNE_ROW;
  const due = targets.filter((t) => t.itemId === itemId && t.unit === (isCommune ? 'commune' : 'village') && t.dueOn.startsWith(`${year}-`));
  return due.length ? due.sort((a, b) => b.dueOn.localeCompare(a.dueOn))[0].value : null;
};

// targets: the commune's targets (the report itself only carries the one each row is measured against).
export const appendixRows = (r: TalliesReport, lang: 'vi' | 'en', targets: readonly Target[] = [], unitId: string = COMMUNE_ROW): AppendixRow[] => {
  const year = Number(r.period.to.slice(0, 4));
  const items = new Map(r.items.map((i) => [i.id, i]));
  return r.rows
    .filter((x: IndicatorRow) => x.villageId === unitId)
    .map((x, i) => ({
      no: i + 1,
      itemId: x.itemId,
      indicator: items.get(x.itemId)?.label[lang] ?? x.itemId,
      unit: '%',
      target: x.target?.value ?? null,
      targetThisYear: dueIn(targets, x.itemId, unitId, year) ?? (x.target?.dueOn.startsWith(`${year}-`) ? x.target.value : null),
      targetNextYear: dueIn(targets, x.itemId, unitId, year + 1),
      result: round1(x.pct),
      ofTarget: round1(x.ofTarget),
      bandKey: bandKey(x.band),
      numerator: x.numerator,
      denominator: x.denominator,
    }));
};

// The band counts under the appendix ("Hoàn thành và vượt: 8 mục tiêu; đạt trên 80%: …"), keyed as the rows are.
export const appendixBandCounts = (rows: readonly AppendixRow[]): { bandKey: string; count: number }[] => {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.bandKey, (counts.get(r.bandKey) ?? 0) + 1);
  return [...counts.entries()].map(([bandKey, count]) => ({ bandKey, count }));
};
