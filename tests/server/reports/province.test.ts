// @vitest-environment node
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvinceReport } from '../../../src/core/report/province.ts';
import { at } from '../../core/report/fixture.ts';
import { checklistCell, household, resident, wirePhone } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';
import { seedFixture } from './seed-fixture.ts';

// The province's view, hand-counted: the sample commune holds the core fixture (vneid 3 of 5 residents aged
// 14+ in Q3); the other commune gets one household of two residents aged 14+, one with VNeID → 1 of 2.
// Province: 4 of 7. Ranked: sample 60% first, the other 50% second.
const NOW = at('2026-08-20', 9);

describe.each(DATABASES)('province report on %s', (db) => {
  let s: TestServer;
  let admin: string;
  const get = async (path: string, token = admin) => s.request(path, { headers: s.auth(token) });

  beforeAll(async () => {
    s = await createTestServer({ db, now: NOW });
    await seedFixture(s);
    const v = s.otherVillageIds[0];
    const p = wirePhone(s, await s.join(v));
    const t0 = at('2026-07-02');
    const res = await p.push([
      p.m('household.put', household('oh1', v), t0),
      p.m('resident.put', resident('or1', 'oh1', v, { birthYear: 1980 }), t0),
      p.m('resident.put', resident('or2', 'oh1', v, { birthYear: 1985 }), t0),
      p.m('checklist.set', checklistCell('or1', 'oh1', v, 'vneid', 'done', p.member.id, at('2026-07-03')), at('2026-07-03')),
    ]);
    expect(res.status).toBe(200);
    admin = await s.login(s.provinceAdmin);
  }, 60_000);
  afterAll(() => s?.close());

  it('lists every commune with its figures, ranks them and sums the province', async () => {
    const res = await get('/api/reports/province?period=2026-Q3');
    expect(res.status).toBe(200);
    const r = (await res.json()) as ProvinceReport;
    expect(r.communes.map((c) => c.id).sort()).toEqual([s.communeId, s.otherCommuneId].sort());
    const k = r.items.findIndex((i) => i.id === 'vneid');
    const sample = r.communes.find((c) => c.id === s.communeId)!;
    const other = r.communes.find((c) => c.id === s.otherCommuneId)!;
    expect(sample.cells[k]).toMatchObject({ numerator: 3, denominator: 5, pct: 60, rank: 1, band: '50-80' });
    expect(other.cells[k]).toMatchObject({ numerator: 1, denominator: 2, pct: 50, rank: 2, target: null, band: null });
    expect(r.total.cells[k]).toMatchObject({ numerator: 4, denominator: 7 });
    expect(r.total.households).toBe(4);
    expect(sample.households).toBe(3);
    // Q2 had nothing: the change since the previous period starts from no figure.
    expect(sample.cells[k].previousPct).toBeNull();
    expect(r.previous.key).toBe('2026-Q2');
    // Band counts add up to the indicators.
    expect(Object.values(sample.bands).reduce((a, b) => a + b, 0)).toBe(r.items.length);
  });

  it('exports the province as XLSX and CSV with the same figures', async () => {
    const x = await get('/api/reports/province/export?period=2026-Q3&format=xlsx');
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await x.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Phụ lục 01', 'Toàn tỉnh', 'Theo xã', 'Xếp hạng', 'Tổ và thiết bị', 'Khó khăn, đề xuất', 'Tình hình gửi báo cáo']);
    const rows: unknown[][] = [];
    wb.getWorksheet('Toàn tỉnh')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const vneid = rows.find((r) => typeof r[1] === 'string' && /VNeID/.test(r[1] as string) && !/mức 2|level 2/i.test(r[1] as string))!;
    expect(vneid.slice(3, 6)).toEqual([4, 7, 57.1]);
    const bytes = new Uint8Array(await (await get('/api/reports/province/export?period=2026-Q3&format=csv')).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]).toMatch(/^"Xã, phường, đặc khu",Tên mục tiêu/);
    expect(lines.some((l) => l.startsWith('Xã Bên Cạnh (mẫu),') && l.includes(',1,2,50,'))).toBe(true);
  });

  it('is for a province admin only', async () => {
    expect((await get('/api/reports/province', await s.login())).status).toBe(403);
    expect((await get('/api/reports/province/export', await s.login())).status).toBe(403);
  });
});
