import Papa from 'papaparse';
import type { ExportInput } from '../../core/report/shapes.ts';
import { exportT, type ExportLang } from './i18n.ts';
import { FORMULA_START } from './safe-cell.ts';
import { csvTable } from './tables.ts';

// The CSV: every unit's indicators (the commune, then each village) in the provincial appendix's columns, UTF-8
// with a byte-order mark so Excel shows Vietnamese correctly. Numbers use a dot and no thousands separator (the
// comma is the delimiter); text that could run as a formula is prefixed with an apostrophe.
export const writeCsv = (input: ExportInput, lang: ExportLang = 'vi'): Buffer => {
  const table = csvTable({ input, t: exportT(lang), lang });
  const text = Papa.unparse(
    { fields: table.header, data: table.rows.map((r) => r.map((c) => (c === null ? '' : c))) },
    { escapeFormulae: FORMULA_START, newline: '\r\n', quotes: false },
  );
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
};
