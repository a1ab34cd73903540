import ExcelJS from 'exceljs';
import type { Cell } from '../../core/roster/cells.ts';
import { readCsvRows } from '../../core/roster/template.ts';

// The body of a roster upload → rows of cells. XLSX is recognised by its bytes (a zip: "PK"), whatever the
// Content-Type says; anything else is CSV text, UTF-8, or Windows-1258 (Vietnamese Windows) when it is not UTF-8.
export type ReadRows = { ok: true; rows: Cell[][]; format: 'csv' | 'xlsx' } | { ok: false; format: 'csv' | 'xlsx' };

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

const decodeText = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1258').decode(bytes);
  }
};

// An exceljs cell value → what the roster reader expects: formulas by their result, rich text and links by
// their text, errors as blank.
const plain = (v: ExcelJS.CellValue): Cell => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return plain(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
  }
  return null;
};

const readXlsx = async (bytes: Uint8Array): Promise<Cell[][]> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  // The first sheet that holds anything (a workbook often opens with an empty or instructions sheet).
  const sheet = wb.worksheets.find((s) => s.actualRowCount > 1) ?? wb.worksheets[0];
  if (!sheet) return [];
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      // A merged block keeps its value in its first cell: every cell of it reads that value.
      cells[c - 1] = plain(cell.isMerged ? cell.master.value : cell.value);
    });
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
};

export const readRosterBody = async (bytes: Uint8Array): Promise<ReadRows> => {
  if (isZip(bytes)) {
    try {
      return { ok: true, rows: await readXlsx(bytes), format: 'xlsx' };
    } catch {
      return { ok: false, format: 'xlsx' };
    }
  }
  // A binary that is not a zip (an old .xls, a picture) is not a roster.
  if (bytes.includes(0)) return { ok: false, format: 'csv' };
  return { ok: true, rows: readCsvRows(decodeText(bytes)), format: 'csv' };
};

export const templateXlsx = async (rows: string[][]): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Danh sách hộ');
  for (const r of rows) sheet.addRow(r.map((c, i) => (i > 0 && /^\d{4}$/.test(c) ? Number(c) : c)));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((col) => (col.width = 18));
  return new Uint8Array(await wb.xlsx.writeBuffer());
};
