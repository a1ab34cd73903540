import { describe, expect, it } from 'vitest';
import { parseVillageCsv } from '../../../src/core/report/village-import.ts';

describe('village CSV import', () => {
  it('reads Vietnamese headers, kinds in words and kinds from names', () => {
    const csv = '\uFEFFTên thôn,Loại\nNà Pồng,Bản\nKhe Mát,thôn\nTân Tiến,TDP\n"Làng Chùa, xóm Trên",\n';
    expect(parseVillageCsv(csv)).toEqual({
      ok: true,
      rows: [
        { line: 2, name: 'Nà Pồng', kind: 'ban' },
        { line: 3, name: 'Khe Mát', kind: 'thon' },
        { line: 4, name: 'Tân Tiến', kind: 'to-dan-pho' },
        { line: 5, name: 'Làng Chùa, xóm Trên', kind: 'thon' },
      ],
    });
    expect(parseVillageCsv('ten\nBản Huổi Lạ\nTổ dân phố 3\n')).toMatchObject({ ok: true, rows: [{ kind: 'ban' }, { kind: 'to-dan-pho' }] });
  });

  it('names every bad row by its spreadsheet line and imports nothing', () => {
    const csv = 'Tên,Loại\nNà Pồng,bản\n,thôn\n\nKhe Mát,làng\nna pong,thôn\nCCCD 001203004005,thôn\n';
    const r = parseVillageCsv(csv, ['Thôn Cũ']);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues).toEqual([
      { field: 'rows.3.name', rule: 'required' },
      { field: 'rows.5.kind', rule: 'bad-choice' },
      { field: 'rows.6.name', rule: 'duplicate' }, // same as line 2 without diacritics
      { field: 'rows.7.name', rule: 'looks-like-id-number' },
    ]);
  });

  it('refuses a name the commune already has, a file without a name column, and an empty file', () => {
    expect(parseVillageCsv('Tên\nThôn Cũ\n', ['Thôn Cũ'])).toMatchObject({ ok: false, issues: [{ field: 'rows.2.name', rule: 'duplicate' }] });
    expect(parseVillageCsv('Mã,Ghi chú\n1,x\n')).toMatchObject({ ok: false, issues: [{ field: 'header.name', rule: 'required' }] });
    expect(parseVillageCsv('Tên\n')).toMatchObject({ ok: false, issues: [{ field: 'file', rule: 'empty-list' }] });
  });
});
