import { fold } from '../text/fold.ts';

// The roster's columns, recognised by their Vietnamese (or English) names whatever the case and diacritics:
// "MÃ HỘ", "ma ho" and "Mã hộ" are one column. One row per resident; household columns repeat on each row of a
// household (or are left blank under its first row, as merged cells read).
export const ROSTER_COLUMNS = ['code', 'headName', 'houseLabel', 'phone', 'label', 'birthYear', 'sex', 'relation', 'village'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

// The header the template is written with (and that errors name the column by).
export const ROSTER_HEADERS: Record<RosterColumn, string> = {
  code: 'Mã hộ',
  headName: 'Chủ hộ',
  houseLabel: 'Địa chỉ',
  phone: 'Điện thoại',
  label: 'Họ tên',
  birthYear: 'Năm sinh',
  sex: 'Giới tính',
  relation: 'Quan hệ với chủ hộ',
  village: 'Thôn',
};

// Folded names each column may carry, the template's first.
const ALIASES: Record<RosterColumn, string[]> = {
  code: ['ma ho', 'ma so ho', 'ma ho gia dinh', 'so ho', 'household code', 'code'],
  headName: ['chu ho', 'ho ten chu ho', 'ten chu ho', 'head of household', 'head'],
  houseLabel: ['dia chi', 'so nha', 'so nha / xom', 'so nha/xom', 'xom', 'address'],
  phone: ['dien thoai', 'so dien thoai', 'sdt', 'dt', 'phone'],
  label: ['ho ten', 'ho va ten', 'ten', 'ho ten nhan khau', 'nhan khau', 'name', 'full name'],
  birthYear: ['nam sinh', 'ngay sinh', 'ngay thang nam sinh', 'ngay, thang, nam sinh', 'sinh nam', 'birth year', 'year of birth', 'born'],
  sex: ['gioi tinh', 'gioi', 'sex', 'gender'],
  relation: ['quan he voi chu ho', 'quan he', 'quan he chu ho', 'relation', 'relationship'],
  village: ['thon', 'ban', 'thon/ban', 'thon, ban', 'thon ban', 'thon/ban/to dan pho', 'thon, ban, to dan pho', 'to dan pho', 'village'],
};

const BY_ALIAS = new Map<string, RosterColumn>();
for (const col of ROSTER_COLUMNS) for (const a of ALIASES[col]) BY_ALIAS.set(a, col);

// "Họ tên (*)", "Năm sinh:" and "1. Chủ hộ" still name their column.
const cleanHeader = (s: string): string =>
  fold(s)
    .replace(/\(.*?\)|\*|:|^\d+[.)]\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();

export const columnOf = (header: string): RosterColumn | undefined => BY_ALIAS.get(cleanHeader(header));

export type HeaderMatch = { line: number; columns: Partial<Record<RosterColumn, number>>; ignored: string[] };

// Spreadsheets often open with a title ("DANH SÁCH HỘ GIA ĐÌNH THÔN …") or a two-row header: the header is the
// first of the opening rows that names a name column and at least one more known column.
export const findHeader = (rows: readonly (readonly string[])[], lookAhead = 15): HeaderMatch | undefined => {
  for (let i = 0; i < Math.min(rows.length, lookAhead); i++) {
    const columns: Partial<Record<RosterColumn, number>> = {};
    const ignored: string[] = [];
    rows[i].forEach((cell, at) => {
      if (!cell.trim()) return;
      const col = columnOf(cell);
      if (col && columns[col] === undefined) columns[col] = at;
      else ignored.push(cell.trim());
    });
    const known = Object.keys(columns).length;
    if ((columns.headName !== undefined || columns.label !== undefined) && known >= 2) return { line: i + 1, columns, ignored };
  }
  return undefined;
};
