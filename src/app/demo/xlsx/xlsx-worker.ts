/// <reference lib="webworker" />
import ExcelJS from 'exceljs';
import type { XlsxRequest, XlsxResponse } from './xlsx-types.ts';

// Off the main thread: the demo's report as an XLSX workbook, written by exceljs (its browser build) from sheets of
// plain cells the page prepared, so the projected page never stalls and none of this code is in the field app's
// first load (the page starts this worker on the first export only).
const BORDER: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
// A cell that would start a formula is kept as text.
const safe = (c: string | number | null): ExcelJS.CellValue => (typeof c === 'string' && /^[=+\-@\t\r]/.test(c) ? `'${c}` : c);

const build = async (req: XlsxRequest): Promise<ArrayBuffer> => {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Từng Nhà (trình diễn)';
  for (const sheet of req.sheets) {
    const ws = wb.addWorksheet(sheet.name.slice(0, 31));
    const width = sheet.header.length;
    sheet.title.forEach((line, i) => {
      const row = ws.addRow([safe(line)]);
      ws.mergeCells(row.number, 1, row.number, width);
      row.font = i === 0 ? { bold: true, size: 13 } : { italic: i > 1 };
      row.alignment = { horizontal: i === 0 ? 'center' : 'left', wrapText: true };
    });
    ws.addRow([]);
    const head = ws.addRow(sheet.header.map(safe));
    head.font = { bold: true };
    head.alignment = { wrapText: true, vertical: 'middle' };
    head.eachCell((c) => {
      c.border = BORDER;
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    });
    for (const cells of sheet.rows) {
      const row = ws.addRow(cells.map(safe));
      row.eachCell({ includeEmpty: true }, (c, col) => {
        c.border = BORDER;
        if (sheet.percentCols.includes(col) && typeof c.value === 'number') c.numFmt = '0.0';
      });
    }
    for (const line of sheet.foot) ws.addRow([safe(line)]);
    sheet.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  }
  const out = await wb.xlsx.writeBuffer();
  return out instanceof ArrayBuffer ? out : (out as Uint8Array).slice().buffer;
};

self.onmessage = async (e: MessageEvent<XlsxRequest>) => {
  const started = performance.now();
  try {
    const file = await build(e.data);
    const res: XlsxResponse = { id: e.data.id, file, ms: performance.now() - started };
    (self as unknown as Worker).postMessage(res, [file]);
  } catch (err) {
    const res: XlsxResponse = { id: e.data.id, error: String(err) };
    (self as unknown as Worker).postMessage(res);
  }
};
