import type { TFunction } from 'i18next';
import { appendixBandCounts, appendixRows, type AppendixRow } from '../../../core/report/appendix.ts';
import type { TalliesReport } from '../../../core/report/shapes.ts';
import type { Target } from '../../../core/model/people.ts';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { currentLang, i18n } from '../../i18n/i18n.ts';
import { periodName } from '../../officer/fmt.ts';
import type { XlsxCell, XlsxRequest, XlsxResponse, XlsxSheet } from './xlsx-types.ts';

// "Xuất báo cáo (XLSX)" in the demo: the appendix-shaped sheet (src/core/report/appendix.ts) for the commune and
// for each village, laid out here and written to a workbook by a Web Worker started on the first export.
let worker: Worker | undefined;
let seq = 0;

// Starting the worker loads exceljs (~1 MB of script to compile): done as the export comes into view, so the press
// itself only writes the workbook.
export const warmXlsx = (): Worker => (worker ??= new Worker(new URL('./xlsx-worker.ts', import.meta.url), { type: 'module', name: 'tungnha-demo-xlsx' }));

const run = (req: Omit<XlsxRequest, 'id'>): Promise<{ file: ArrayBuffer; ms: number }> => {
  const w = warmXlsx();
  const id = ++seq;
  return new Promise((resolve, reject) => {
    const on = (e: MessageEvent<XlsxResponse>) => {
      if (e.data.id !== id) return;
      w.removeEventListener('message', on);
      if (e.data.file) resolve({ file: e.data.file, ms: e.data.ms ?? 0 });
      else reject(new Error(e.data.error ?? 'xlsx'));
    };
    w.addEventListener('message', on);
    w.postMessage({ ...req, id });
  });
};

const cells = (r: AppendixRow, t: TFunction<'officer'>): XlsxCell[] => [
  r.no, r.indicator, r.unit, r.target, r.targetThisYear, r.targetNextYear, r.result, r.ofTarget, t(r.bandKey), r.numerator, r.denominator,
];
const WIDTHS = [6, 54, 9, 12, 12, 12, 14, 14, 18, 10, 10];
const PERCENT = [4, 5, 6, 7, 8];

export const reportXlsxName = (r: TalliesReport): string => `phu-luc-trinh-dien-${r.period.key}.xlsx`;

export const buildReportXlsx = async (r: TalliesReport, targets: readonly Target[]): Promise<{ blob: Blob; name: string; ms: number }> => {
  const t = i18n.getFixedT(null, 'demo');
  const to = i18n.getFixedT(null, 'officer');
  const lang = currentLang();
  const period = periodName(to, r.period);
  const header = (['no', 'indicator', 'unit', 'target', 'targetThisYear', 'targetNextYear', 'result', 'ofTarget', 'band', 'numerator', 'denominator'] as const).map((c) => t(`appendix.col.${c}`));
  const title = (unit: string) => [
    t('appendix.title'),
    t('appendix.unit', { unit, province: r.commune.provinceName }),
    t('appendix.period', { period, from: formatDate(r.period.from), to: formatDate(r.period.to), asOf: formatDateTime(r.asOf) }),
    t('appendix.sample'),
  ];
  const rowsOf = (unitId?: string) => appendixRows(r, lang, targets, unitId);
  const foot = (rows: AppendixRow[]) => ['', t('appendix.bands'), ...appendixBandCounts(rows).map((b) => t('appendix.band', { band: to(b.bandKey), count: b.count }))];
  const commune = rowsOf();
  const sheets: XlsxSheet[] = [
    { name: t('appendix.sheet'), title: title(r.commune.name), header, rows: commune.map((x) => cells(x, to)), foot: foot(commune), widths: WIDTHS, percentCols: PERCENT },
    ...r.villages.map((v) => {
      const rows = rowsOf(v.id);
      return { name: v.name, title: title(v.name), header, rows: rows.map((x) => cells(x, to)), foot: foot(rows), widths: WIDTHS, percentCols: PERCENT };
    }),
  ];
  const { file, ms } = await run({ sheets });
  return { blob: new Blob([file], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), name: reportXlsxName(r), ms };
};
