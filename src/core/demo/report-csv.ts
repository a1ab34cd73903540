import Papa from 'papaparse';
import { bandKey, COMMUNE_ROW, round1, ruleText } from '../report/rows.ts';
import type { TalliesReport } from '../report/shapes.ts';

// The demo's "export the report": the same long table the server's CSV export writes (every unit's indicators in
// the provincial appendix's columns, the commune first; headers from the officer namespace), written by papaparse
// with a byte-order mark so Excel shows Vietnamese, and text that could run as a formula neutralised.
export type Translate = (key: string, params?: Record<string, unknown>) => string;
export type CsvFormat = { date: (iso: string) => string; dateTime: (ms: number) => string; lang: 'vi' | 'en' };

export const FORMULA_START = /^[=+\-@\t\r]/;

export const reportTable = (r: TalliesReport, t: Translate, f: CsvFormat): { header: string[]; rows: (string | number | null)[][] } => {
  const asOf = f.dateTime(r.asOf);
  const names = new Map<string, string>([[COMMUNE_ROW, r.commune.name], ...r.villages.map((v) => [v.id, v.name] as [string, string])]);
  const fresh = new Map<string, number | null>([
    [COMMUNE_ROW, r.total.freshness.oldestSyncAt],
    ...r.villages.map((v) => [v.id, v.freshness.oldestSyncAt] as [string, number | null]),
  ]);
  const items = new Map(r.items.map((i) => [i.id, i]));
  const header = [
    t('export.col.unitName'), t('export.col.indicator'), t('export.col.eligible'), t('export.col.unit'), t('export.col.target'),
    t('export.col.targetDue'), t('export.col.result'), t('export.col.ofTarget'), t('export.col.band'), t('export.col.numerator'),
    t('export.col.denominator'), t('export.col.asOf'), t('export.col.targetSource'), t('export.col.freshness'),
  ];
  const rows = r.rows
    .filter((x) => names.has(x.villageId))
    .map((x) => {
      const item = items.get(x.itemId);
      const rule = item && ruleText(item.rule);
      const synced = fresh.get(x.villageId) ?? null;
      return [
        names.get(x.villageId) as string,
        item?.label[f.lang] ?? x.itemId,
        rule ? t(rule.key, rule.params) : '',
        t('export.percentUnit'),
        x.target?.value ?? null,
        x.target ? f.date(x.target.dueOn) : '',
        round1(x.pct),
        round1(x.ofTarget),
        t(bandKey(x.band)),
        x.numerator,
        x.denominator,
        asOf,
        x.target?.source ?? '',
        synced === null ? t('export.never') : f.dateTime(synced),
      ];
    });
  return { header, rows };
};

// The file's text, starting with a byte-order mark; numbers with a dot and no thousands separator.
export const reportCsv = (r: TalliesReport, t: Translate, f: CsvFormat): string => {
  const table = reportTable(r, t, f);
  const text = Papa.unparse(
    { fields: table.header, data: table.rows.map((row) => row.map((c) => (c === null ? '' : c))) },
    { escapeFormulae: FORMULA_START, newline: '\r\n', quotes: false },
  );
  return `\ufeff${text}\r\n`;
};
