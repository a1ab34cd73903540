import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseInviteCsv } from '../../../src/core/roster/invite-csv.ts';
import { FC } from '../fc.ts';

// Invites in bulk from the officer's CSV: village by name (diacritics optional) or id, count, expiry as days or
// dd/mm/yyyy (counted from the commune's today), optional role; all rows or none, bad rows named by their line.
const VILLAGES = [
  { id: 'v-na-pong', name: 'Bản Nà Pồng' },
  { id: 'v-huoi-la', name: 'Bản Huổi Lạ' },
];
const TODAY = '2026-12-04';

describe('parseInviteCsv', () => {
  it('reads names without diacritics, dates and days, roles in words, and a semicolon file', () => {
    const csv = '"Thôn, bản",Số lượng,Hạn,Vai trò\r\nBan Na Pong,20,31/12/2026,Thành viên\r\nv-huoi-la,2,30,tổ trưởng\r\n\r\n';
    expect(parseInviteCsv(csv, VILLAGES, TODAY)).toEqual({
      ok: true,
      rows: [
        { line: 2, villageId: 'v-na-pong', uses: 20, expiresInDays: 27, role: 'member' },
        { line: 3, villageId: 'v-huoi-la', uses: 2, expiresInDays: 30, role: 'leader' },
      ],
    });
    const semi = '\uFEFFThôn;Số lượng;Hạn\nBản Huổi Lạ;5;05/01/2027\n';
    expect(parseInviteCsv(semi, VILLAGES, TODAY)).toMatchObject({ ok: true, rows: [{ villageId: 'v-huoi-la', uses: 5, expiresInDays: 32, role: 'member' }] });
  });

  it('names every bad cell by its line and creates nothing', () => {
    const csv = 'Thôn,Số lượng,Hạn\nBản Khác,20,31/12/2026\nBản Nà Pồng,0,30/02/2027\n\nBản Huổi Lạ,abc,400\nBản Nà Pồng,5,01/12/2026';
    const r = parseInviteCsv(csv, VILLAGES, TODAY);
    expect(r).toEqual({
      ok: false,
      issues: [
        { field: 'rows.2.villageId', rule: 'unknown-village' },
        { field: 'rows.3.uses', rule: 'too-small' },
        { field: 'rows.3.expiresInDays', rule: 'bad-date' },
        { field: 'rows.5.uses', rule: 'not-integer' },
        { field: 'rows.5.expiresInDays', rule: 'too-large' },
        { field: 'rows.6.expiresInDays', rule: 'too-small' },
      ],
    });
  });

  it('wants the three columns and at least one row', () => {
    expect(parseInviteCsv('Thôn,Hạn\nBản Nà Pồng,3', VILLAGES, TODAY)).toEqual({ ok: false, issues: [{ field: 'header.uses', rule: 'required' }] });
    expect(parseInviteCsv('Thôn,Số lượng,Hạn\n', VILLAGES, TODAY)).toEqual({ ok: false, issues: [{ field: 'file', rule: 'empty-list' }] });
    expect(parseInviteCsv('', VILLAGES, TODAY)).toEqual({ ok: false, issues: [{ field: 'file', rule: 'empty-list' }] });
  });

  it('any good list written by a spreadsheet reads back as written', () => {
    const row = fc.record({ v: fc.constantFrom(...VILLAGES), uses: fc.integer({ min: 1, max: 1000 }), days: fc.integer({ min: 1, max: 365 }), leader: fc.boolean() });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), fc.constantFrom(',', ';'), (rows, delimiter) => {
        const csv = Papa.unparse(
          { fields: ['Thôn, bản', 'Số lượng', 'Hạn', 'Vai trò'], data: rows.map((r) => [r.v.name, String(r.uses), String(r.days), r.leader ? 'Tổ trưởng' : 'Thành viên']) },
          { delimiter },
        );
        const out = parseInviteCsv(csv, VILLAGES, TODAY);
        expect(out.ok).toBe(true);
        if (out.ok) expect(out.rows.map((r) => [r.villageId, r.uses, r.expiresInDays, r.role])).toEqual(rows.map((r) => [r.v.id, r.uses, r.days, r.leader ? 'leader' : 'member']));
      }),
      FC(),
    );
  });
});
