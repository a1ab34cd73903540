import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readBirthYear, readPhone } from '../../../src/core/roster/cells.ts';
import { findHeader } from '../../../src/core/roster/columns.ts';
import { parseRoster } from '../../../src/core/roster/parse.ts';
import { planRoster } from '../../../src/core/roster/plan.ts';
import { readCsvRows, templateRows } from '../../../src/core/roster/template.ts';
import type { Household, Resident } from '../../../src/core/model/household.ts';
import { FC } from '../fc.ts';

const villages = [{ id: 'v1', name: 'Bản Nà Pồng' }, { id: 'v2', name: 'Thôn Khe Mát' }];
const opts = { villageId: 'v1', villages, thisYear: 2026 };

describe('roster columns', () => {
  it('match whatever the case and diacritics, after a title row', () => {
    const h = findHeader([['DANH SÁCH HỘ'], [], ['MÃ HỘ', 'chu ho', 'Họ Tên (*)', 'năm sinh:', 'Ghi chú']]);
    expect(h).toEqual({ line: 3, columns: { code: 0, headName: 1, label: 2, birthYear: 3 }, ignored: ['Ghi chú'] });
  });
});

describe('roster cells', () => {
  it('read birth years from years, dates, XLSX numbers and serial days', () => {
    expect(readBirthYear('1985', 2026)).toEqual({ value: 1985 });
    expect(readBirthYear('1985.0', 2026)).toEqual({ value: 1985 });
    expect(readBirthYear('15/03/1985', 2026)).toEqual({ value: 1985 });
    expect(readBirthYear('1985-03-15', 2026)).toEqual({ value: 1985 });
    expect(readBirthYear(new Date(Date.UTC(1985, 2, 15)), 2026)).toEqual({ value: 1985 });
    expect(readBirthYear(31121, 2026)).toEqual({ value: 1985 }); // Excel's day 31121 = 15/03/1985
    expect(readBirthYear(1899, 2026)).toEqual({ rule: 'too-small' });
    expect(readBirthYear('2027', 2026)).toEqual({ rule: 'too-large' });
    expect(readBirthYear('ba mươi', 2026)).toEqual({ rule: 'bad-format' });
    expect(readBirthYear('', 2026)).toEqual({ blank: true });
  });
  it('put back the leading 0 an XLSX number cell lost from a phone number', () => {
    expect(readPhone(912345678)).toEqual({ value: '0912345678' });
    expect(readPhone('0912 345 678')).toEqual({ value: '0912345678' });
    expect(readPhone('12345')).toEqual({ rule: 'bad-format' });
  });
});

describe('parseRoster', () => {
  it('groups rows into households: by code, by head and address, and continuation rows', () => {
    const rows = readCsvRows(['Mã hộ;Chủ hộ;Địa chỉ;Họ tên;Năm sinh;Quan hệ với chủ hộ', 'A1;Lò Văn A;Số 1;Lò Văn A;1970;Chủ hộ', ';;;Lò Thị B;1972;Vợ', '', ';Cà Văn C;Số 2;;;', 'A1;Lò Văn A;Số 1;;2001;Con'].join('\n'));
    const f = parseRoster(rows, opts);
    expect(f.issues).toEqual([]);
    expect(f.rows).toBe(4);
    expect(f.households.map((h) => [h.code, h.headName, h.residents.map((r) => `${r.label}/${r.birthYear}`)])).toEqual([
      ['A1', 'Lò Văn A', ['Lò Văn A/1970', 'Lò Thị B/1972', 'Con/2001']],
      ['', 'Cà Văn C', []],
    ]);
  });

  it('a head of household named only by the relation column starts a household', () => {
    const f = parseRoster([['Họ tên', 'Năm sinh', 'Quan hệ'], ['Giàng A Lử', '1950', 'Chủ hộ'], ['Giàng Thị Pà', '1955', 'Vợ']], opts);
    expect(f.households).toMatchObject([{ headName: 'Giàng A Lử', residents: [{ label: 'Giàng A Lử' }, { label: 'Giàng Thị Pà' }] }]);
  });

  it('refuses a 12-digit number in a name as an ID number, by the core personal-data rule', () => {
    const f = parseRoster([['Chủ hộ', 'Họ tên', 'Năm sinh'], ['Lò Văn A', 'Lò Văn A 001203004005', '1970']], opts);
    expect(f.issues).toEqual([{ row: 2, column: 'label', rule: 'looks-like-id-number' }]);
  });

  it('says which column is missing instead of guessing', () => {
    expect(parseRoster([['Số thứ tự', 'Ghi chú'], ['1', 'x']], opts).issues).toEqual([{ row: 1, column: 'headName', rule: 'required' }]);
    expect(parseRoster([], opts).issues).toEqual([{ row: 0, column: 'file', rule: 'empty-list' }]);
  });

  // Property: any roster written as CSV (either separator, a BOM or not, blank lines between) reads back as the
  // same households, and importing it over what it created plans nothing.
  it('reads back any roster it is given, and a re-import plans nothing', () => {
    const word = fc.constantFrom('Lò', 'Văn', 'Thị', 'Giàng', 'A', 'Pao', 'Quàng', 'Điêu', 'Đức', 'Mùa', 'Hờ', 'Nguyễn', 'Ánh', 'Sùng', 'Tủa');
    const name = fc.array(word, { minLength: 2, maxLength: 4 }).map((w) => w.join(' '));
    const resident = fc.record({ label: name, birthYear: fc.integer({ min: 1900, max: 2026 }), sex: fc.constantFrom('Nam', 'Nữ', '') });
    const household = fc.record({ headName: name, houseLabel: fc.constantFrom('Số 1', 'Xóm Trên', 'Đội 3', ''), residents: fc.uniqueArray(resident, { maxLength: 5, selector: (r) => `${r.label.toLowerCase()}|${r.birthYear}` }) });
    fc.assert(
      fc.property(fc.array(household, { minLength: 1, maxLength: 8 }), fc.constantFrom(',', ';'), fc.boolean(), fc.boolean(), (hs, sep, bom, blanks) => {
        const withCodes = hs.map((h, i) => ({ ...h, code: `H${i}` }));
        const rows: string[][] = [['Mã hộ', 'Chủ hộ', 'Địa chỉ', 'Họ tên', 'Năm sinh', 'Giới tính']];
        for (const h of withCodes) {
          rows.push([h.code, h.headName, h.houseLabel, '', '', '']);
          for (const r of h.residents) rows.push([h.code, h.headName, h.houseLabel, r.label, String(r.birthYear), r.sex]);
          if (blanks) rows.push([]);
        }
        const csv = (bom ? '\uFEFF' : '') + Papa.unparse(rows, { delimiter: sep });
        const f = parseRoster(readCsvRows(csv), opts);
        expect(f.issues).toEqual([]);
        expect(f.households.map((h) => ({ code: h.code, headName: h.headName, n: h.residents.length }))).toEqual(withCodes.map((h) => ({ code: h.code, headName: h.headName, n: h.residents.length })));
        let n = 0;
        const first = planRoster(f, { households: [], residents: [] }, () => `id${n++}`);
        const households = first.puts.filter((p) => p.name === 'household.put').map((p) => p.args as unknown as Household);
        const residents = first.puts.filter((p) => p.name === 'resident.put').map((p) => p.args as unknown as Resident);
        expect(planRoster(f, { households, residents }, () => `id${n++}`)).toMatchObject({ created: 0, updated: 0, unchanged: withCodes.length, puts: [] });
      }),
      { ...FC, numRuns: 60 },
    );
  });

  it('the template reads without a problem', () => {
    expect(parseRoster(templateRows(true), { villages: [{ id: 'v1', name: 'Nà Pồng' }], thisYear: 2026 }).issues).toEqual([]);
  });
});
