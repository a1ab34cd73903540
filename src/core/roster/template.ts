import Papa from 'papaparse';
import { ROSTER_HEADERS, type RosterColumn } from './columns.ts';

// The roster template the officer downloads: the columns in the order most commune lists keep them, and one
// fictional household as an example (two rows: the head and a second resident).
export const TEMPLATE_COLUMNS: readonly RosterColumn[] = ['code', 'headName', 'houseLabel', 'phone', 'label', 'birthYear', 'sex', 'relation'];

export const templateRows = (wholeCommune: boolean): string[][] => {
  const cols: RosterColumn[] = wholeCommune ? ['village', ...TEMPLATE_COLUMNS] : [...TEMPLATE_COLUMNS];
  const example: Record<RosterColumn, string>[] = [
    { village: 'Nà Pồng', code: 'NP-001', headName: 'Lò Văn Mẫu', houseLabel: 'Số 12, xóm Trên', phone: '0912345678', label: 'Lò Văn Mẫu', birthYear: '1975', sex: 'Nam', relation: 'Chủ hộ' },
    { village: 'Nà Pồng', code: 'NP-001', headName: 'Lò Văn Mẫu', houseLabel: 'Số 12, xóm Trên', phone: '0912345678', label: 'Lò Thị Ví Dụ', birthYear: '1979', sex: 'Nữ', relation: 'Vợ' },
  ];
  return [cols.map((c) => ROSTER_HEADERS[c]), ...example.map((e) => cols.map((c) => e[c]))];
};

// UTF-8 with a BOM, so Excel opens the diacritics right.
export const templateCsv = (wholeCommune: boolean): string => `\uFEFF${Papa.unparse(templateRows(wholeCommune))}\r\n`;

// CSV text → rows of cells. Papaparse guesses the separator (a comma, or the semicolon Excel writes in a
// Vietnamese locale); the BOM is dropped.
export const readCsvRows = (text: string): string[][] => {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false, delimitersToGuess: [',', ';', '\t', '|'] });
  return parsed.data;
};
