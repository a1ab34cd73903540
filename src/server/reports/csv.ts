import { appendixRows } from '../../core/report/appendix.ts';
import type { ExportInput } from '../../core/report/shapes.ts';
import { appendixCells, appendixHeader, csvBytes, type CsvDecimal } from './appendix-sheet.ts';
import { exportT, type ExportLang } from './i18n.ts';
import { csvTable } from './tables.ts';

// The CSV: by default every unit's indicators (the commune, then each village) in one long table; with
// table: 'appendix', the appendix-shaped rows (TT … So sánh kế hoạch giao) of the commune only. UTF-8 with a
// byte-order mark so Excel shows Vietnamese correctly. Numbers use a dot and the comma delimits, or (decimal:
// 'comma') a Vietnamese decimal comma with semicolons between cells. Text that could run as a formula is prefixed
// with an apostrophe.
export type CsvOptions = { decimal?: CsvDecimal; table?: 'units' | 'appendix' };

export const writeCsv = (input: ExportInput, lang: ExportLang = 'vi', opts: CsvOptions = {}): Buffer => {
  const t = exportT(lang);
  if (opts.table === 'appendix') {
    const rows = input.appendix?.rows ?? appendixRows(input.tallies, lang);
    return csvBytes(appendixHeader(t, Number(input.tallies.period.to.slice(0, 4))), rows.map((r) => appendixCells(r, t)), opts.decimal);
  }
  const table = csvTable({ input, t, lang });
  return csvBytes(table.header, table.rows, opts.decimal);
};
