import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { ExportT } from './i18n.ts';
import { appendixBandCounts, decimalComma, type AppendixRow } from '../../core/report/appendix.ts';
import type { ExportSubmission } from '../../core/report/shapes.ts';
import { fmtDateTime, type ExportLang } from './i18n.ts';
import { FORMULA_START, neutralise } from './safe-cell.ts';

// The sheet a province pastes into its "PHỤ LỤC 01": TT, Tên mục tiêu, Đơn vị tính, Mục tiêu (Đề án, Nghị quyết),
// Mục tiêu năm nay, Mục tiêu năm sau, Kết quả (ước thực hiện), So sánh kế hoạch giao (%), then the band and the
// counts behind the result; under it the band counts and, when the report was submitted, whether the figures
// changed since. Written by exceljs for the XLSX and by papaparse for the CSV, from the same cells.
type Cell = string | number | null;

export const appendixHeader = (t: ExportT, year: number): string[] => [
  t('appendix.col.no'),
  t('appendix.col.indicator'),
  t('appendix.col.unit'),
  t('appendix.col.scheme'),
  t('appendix.col.thisYear', { year }),
  t('appendix.col.nextYear', { year: year + 1 }),
  t('appendix.col.result'),
  t('appendix.col.ofTarget'),
  t('appendix.col.band'),
  t('appendix.col.numerator'),
  t('appendix.col.denominator'),
];

export const appendixCells = (r: AppendixRow, t: ExportT): Cell[] => [
  r.rowNo,
  r.indicator,
  r.unit,
  r.target,
  r.targetThisYear,
  r.targetNextYear,
  r.result,
  r.ofTarget,
  t(r.bandKey),
  r.numerator,
  r.denominator,
];

// "Hoàn thành và vượt: 8 mục tiêu; trên 80%: 1 mục tiêu; …"
export const bandsLine = (rows: readonly AppendixRow[], t: ExportT): string =>
  appendixBandCounts(rows)
    .map((b) => t('appendix.bandCount', { band: t(b.bandKey), count: b.count }))
    .join('; ');

// The line about the submission: not submitted; submitted and unchanged; submitted and changed since.
export const submissionLine = (
  s: { submission: ExportSubmission | null; changed: readonly string[]; textChanged: boolean } | undefined,
  rows: readonly AppendixRow[],
  t: ExportT,
  lang: ExportLang,
): string => {
  if (!s?.submission) return t('appendix.notSubmitted');
  const sent = t('appendix.submitted', { when: fmtDateTime(lang, s.submission.submittedAt), by: s.submission.submittedBy ?? '' });
  if (!s.changed.length && !s.textChanged) return `${sent} ${t('appendix.unchanged')}`;
  const nos = rows.filter((r) => s.changed.includes(r.itemId)).map((r) => r.rowNo);
  const parts = [];
  if (s.changed.length) parts.push(t('appendix.changed', { count: s.changed.length, rows: nos.join(', ') }));
  if (s.textChanged) parts.push(t('appendix.textChanged'));
  return `${sent} ${parts.join(' ')}`;
};

const HEADER_FILL = 'FFDDEBF7';
const BORDER: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
const WIDTHS = [7, 52, 9, 14, 13, 13, 14, 14, 18, 10, 10];

export const writeAppendixSheet = (
  wb: ExcelJS.Workbook,
  x: { name: string; title: string[]; notes: string[]; rows: readonly AppendixRow[]; year: number; t: ExportT },
): ExcelJS.Worksheet => {
  const { t } = x;
  const ws = wb.addWorksheet(x.name.slice(0, 31), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const header = appendixHeader(t, x.year);
  x.title.forEach((line, i) => {
    const row = ws.addRow([neutralise(line)]);
    ws.mergeCells(row.number, 1, row.number, header.length);
    row.font = i < 2 ? { bold: true, size: i === 0 ? 13 : 12 } : {};
    row.alignment = { horizontal: i < 2 ? 'center' : 'left', wrapText: true };
  });
  ws.addRow([]);
  const head = ws.addRow(header.map(neutralise));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    c.border = BORDER;
  });
  for (const r of x.rows) {
    const row = ws.addRow(appendixCells(r, t).map((c) => (typeof c === 'string' ? neutralise(c) : c)));
    row.alignment = { vertical: 'top', wrapText: true };
    for (let c = 1; c <= header.length; c++) row.getCell(c).border = BORDER;
    for (const c of [4, 5, 6, 7, 8]) row.getCell(c).numFmt = '0.0';
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'top' };
  }
  ws.addRow([]);
  for (const line of [`${t('appendix.bands')} ${bandsLine(x.rows, t)}`, ...x.notes]) {
    const row = ws.addRow([neutralise(line)]);
    ws.mergeCells(row.number, 1, row.number, header.length);
    row.alignment = { wrapText: true };
    row.font = { italic: true };
  }
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return ws;
};

// CSV of the appendix: the header and rows; with decimal: 'comma' numbers take a Vietnamese decimal comma and the
// delimiter becomes a semicolon (as a spreadsheet set to Vietnamese expects). UTF-8 with a byte-order mark.
export type CsvDecimal = 'dot' | 'comma';
export const csvBytes = (header: readonly string[], rows: readonly Cell[][], decimal: CsvDecimal = 'dot'): Buffer => {
  const cell = (c: Cell) => (c === null ? '' : typeof c === 'number' && decimal === 'comma' ? decimalComma(c) : c);
  const text = Papa.unparse(
    { fields: [...header], data: rows.map((r) => r.map(cell)) },
    { escapeFormulae: FORMULA_START, newline: '\r\n', quotes: false, delimiter: decimal === 'comma' ? ';' : ',' },
  );
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
};
