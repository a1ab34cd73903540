import ExcelJS from 'exceljs';
import { appendixRows } from '../../core/report/appendix.ts';
import type { ExportInput } from '../../core/report/shapes.ts';
import { submissionLine, writeAppendixSheet } from './appendix-sheet.ts';
import { exportT, fmtDateTime, type ExportLang } from './i18n.ts';
import { neutralise } from './safe-cell.ts';
import {
  dossierTable,
  indicatorTable,
  sessionTable,
  teamTable,
  titleLines,
  villageActivityTable,
  villageIndicatorTable,
  type Cell,
  type Ctx,
  type Table,
} from './tables.ts';

// The periodic report as an XLSX workbook: the provincial appendix (indicators), every village, village activity,
// team activity, and the officer's text. Headers in Vietnamese by default; text cells that could run as a formula
// are neutralised; numbers stay numbers.
const BAND_FILL: Record<string, string> = { met: 'FFC6EFCE', 'above-80': 'FFE2F0D9', '50-80': 'FFFFEB9C', 'below-50': 'FFFFC7CE' };
const HEADER_FILL = 'FFDDEBF7';
// One border object shared by every cell (exceljs keeps a style per cell; sharing saves allocating thousands).
const BORDER: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };

const cellValue = (c: Cell): ExcelJS.CellValue => (typeof c === 'string' ? neutralise(c) : c);

const writeTitle = (ws: ExcelJS.Worksheet, lines: string[], width: number) => {
  lines.forEach((line, i) => {
    const row = ws.addRow([neutralise(line)]);
    if (width > 1) ws.mergeCells(row.number, 1, row.number, width);
    row.font = i === 0 ? { bold: true, size: 13 } : { italic: i > 1 };
    row.alignment = { horizontal: i === 0 ? 'center' : 'left' };
  });
  ws.addRow([]);
};

const writeTable = (ws: ExcelJS.Worksheet, table: Table, bandCol?: number, bands?: (string | null)[]) => {
  const head = ws.addRow(table.header.map(neutralise));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    c.border = BORDER;
  });
  table.rows.forEach((cells, i) => {
    const row = ws.addRow(cells.map(cellValue));
    row.alignment = { vertical: 'top', wrapText: true };
    for (let c = 1; c <= table.header.length; c++) row.getCell(c).border = BORDER;
    for (const col of table.percentCols ?? []) row.getCell(col).numFmt = '0.0';
    const band = bands?.[i];
    if (bandCol && band && BAND_FILL[band]) row.getCell(bandCol).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: BAND_FILL[band] } };
  });
  table.widths.forEach((w, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(col.width ?? 0, w);
  });
};

const sheet = (wb: ExcelJS.Workbook, name: string) =>
  wb.addWorksheet(name.slice(0, 31), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'normal' }],
  });

export const writeXlsx = async (input: ExportInput, lang: ExportLang = 'vi', now = Date.now()): Promise<Buffer> => {
  const t = exportT(lang);
  const ctx: Ctx = { input, t, lang };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Từng Nhà';
  wb.created = new Date(now);
  const title = [...titleLines(ctx), t('export.generatedLine', { when: fmtDateTime(lang, now) })];
  const communeRows = input.tallies.rows.filter((r) => r.villageId === '*');

  // The appendix the province pastes, first; the detail sheets follow.
  const rows = input.appendix?.rows ?? appendixRows(input.tallies, lang);
  writeAppendixSheet(wb, {
    name: t('appendix.sheet'),
    title: [t('appendix.title'), t('appendix.subtitle'), ...titleLines(ctx).slice(1), t('export.generatedLine', { when: fmtDateTime(lang, now) })],
    notes: [submissionLine(input.appendix, rows, t, lang), t('appendix.note')],
    rows,
    year: Number(input.tallies.period.to.slice(0, 4)),
    t,
  });

  const s1 = sheet(wb, t('export.sheet.indicators'));
  const ind = indicatorTable(ctx);
  writeTitle(s1, title, ind.header.length);
  s1.addRow([t('export.section.indicators')]).font = { bold: true };
  writeTable(s1, ind, 9, communeRows.map((r) => r.band));
  s1.addRow([]);
  s1.addRow([neutralise(t('export.note'))]).font = { italic: true };
  s1.addRow([]);
  s1.addRow([t('export.section.dossiers')]).font = { bold: true };
  writeTable(s1, dossierTable(ctx));
  s1.addRow([]);
  s1.addRow([t('export.section.sessions')]).font = { bold: true };
  writeTable(s1, sessionTable(ctx));

  const s2 = sheet(wb, t('export.sheet.villages'));
  const vt = villageIndicatorTable(ctx);
  writeTitle(s2, titleLines(ctx), vt.header.length);
  const bandsOf = new Map<string, (string | null)[]>();
  for (const r of input.tallies.rows) bandsOf.set(r.villageId, [...(bandsOf.get(r.villageId) ?? []), r.band]);
  const villageBands = input.tallies.villages.flatMap((v) => bandsOf.get(v.id) ?? []);
  writeTable(s2, vt, 9, villageBands);

  const s3 = sheet(wb, t('export.sheet.villageActivity'));
  const va = villageActivityTable(ctx);
  writeTitle(s3, titleLines(ctx), va.header.length);
  writeTable(s3, va);

  const s4 = sheet(wb, t('export.sheet.teams'));
  const tt = teamTable(ctx);
  writeTitle(s4, titleLines(ctx), tt.header.length);
  writeTable(s4, tt);
  s4.addRow([]);
  s4.addRow([neutralise(t('export.mayHoldNote'))]).font = { italic: true };

  const s5 = sheet(wb, t('export.sheet.text'));
  writeTitle(s5, titleLines(ctx), 1);
  s5.getColumn(1).width = 110;
  for (const [heading, body] of [
    [t('export.section.difficulties'), input.text.difficulties],
    [t('export.section.proposals'), input.text.proposals],
  ] as const) {
    s5.addRow([heading]).font = { bold: true };
    const row = s5.addRow([neutralise(body.trim() || t('export.section.empty'))]);
    row.alignment = { wrapText: true, vertical: 'top' };
    s5.addRow([]);
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
};

