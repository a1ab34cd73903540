// @vitest-environment node
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvinceReport } from '../../../src/core/report/province.ts';
import { at } from '../../core/report/fixture.ts';
import { checklistCell, household, resident, wirePhone, type WirePhone } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';
import { seedFixture } from './seed-fixture.ts';

// Reports a province can paste, hand-counted. The sample commune holds the core fixture (VNeID: 3 of 5 residents
// aged 14+ in Q3; its own commune targets 80% due 31/12/2026 and 60% due 30/06/2026); the other commune one
// household of two residents aged 14+, one with VNeID → 1 of 2. Province: 4 of 7 = 57.142…% → 57.1.
//
// The province maps VNeID to its row "3" and smartphones to row "1", then sets VNeID's targets once for 2026:
// scheme 90% (due 31/12/2030), this year 70%, next year 80%. Pushed: the other commune gets all three (3 written);
// the sample commune keeps its own 80% for 2026 (an override: kept 1) and gets 2027's and 2030's (2 written).
//   sample VNeID: scheme 90, this year 80 (its own), next year 80; 60% against 80 → 75 → "Từ 50% đến 80%".
//   other VNeID: 50% against 70 → 71.4 → "Từ 50% đến 80%".
//   province VNeID: 57.1% against 70 → 81.63… → 81.6 → "Trên 80%".
// The other commune's officer submits Q3 on 20/08/2026 (due 05/09/2026: on time); then a second resident's VNeID
// arrives (2 of 2): the submission says 1 indicator changed (its row "3").
const NOW = at('2026-08-20', 9);
const rowsOf = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

describe.each(DATABASES)('appendix, province targets and submissions on %s', (db) => {
  let s: TestServer;
  let admin: string;
  let other: string;
  let phone: WirePhone;
  const call = (method: string, path: string, token: string, body?: unknown) =>
    s.request(path, { method, headers: { ...s.auth(token), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const book = async (res: Response) => {
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    return wb;
  };

  beforeAll(async () => {
    s = await createTestServer({ db, now: NOW });
    await seedFixture(s);
    const v = s.otherVillageIds[0];
    phone = wirePhone(s, await s.join(v));
    const t0 = at('2026-07-02');
    const res = await phone.push([
      phone.m('household.put', household('oh1', v), t0),
      phone.m('resident.put', resident('or1', 'oh1', v, { birthYear: 1980 }), t0),
      phone.m('resident.put', resident('or2', 'oh1', v, { birthYear: 1985 }), t0),
      phone.m('checklist.set', checklistCell('or1', 'oh1', v, 'vneid', 'done', phone.member.id, at('2026-07-03')), at('2026-07-03')),
    ]);
    expect(res.status).toBe(200);
    admin = await s.login(s.provinceAdmin);
    other = await s.login(s.otherOfficer);
  }, 60_000);
  afterAll(() => s?.close());

  it('maps indicators to the province’s rows and pushes its targets to every commune, keeping a commune’s own', async () => {
    const m = await call('PUT', '/api/admin/province/indicators', admin, {
      indicators: [
        { itemId: 'vneid', rowNo: '3', name: 'Tỷ lệ người dân từ 14 tuổi trở lên cài đặt ứng dụng VNeID' },
        { itemId: 'smartphone', rowNo: '1', name: 'Tỷ lệ người dân sử dụng điện thoại thông minh' },
      ],
    });
    expect(m.status).toBe(200);
    const target = { itemId: 'vneid', year: 2026, scheme: 90, schemeDue: '2030-12-31', thisYear: 70, nextYear: 80, source: 'Kế hoạch 45/KH-UBND tỉnh' };
    const p = await call('PUT', '/api/admin/province/targets', admin, target);
    expect(p.status).toBe(200);
    expect(await p.json()).toMatchObject({ communes: 2, written: 5, kept: 1 });
    // Setting the same again writes nothing and still keeps the sample's own value.
    expect(await (await call('PUT', '/api/admin/province/targets', admin, target)).json()).toMatchObject({ written: 0, kept: 1 });
    const mine = (await (await call('GET', '/api/admin/targets', other)).json()) as { targets: { itemId: string; value: number; dueOn: string }[] };
    expect(mine.targets.filter((t) => t.itemId === 'vneid').map((t) => [t.dueOn, t.value])).toEqual([
      ['2026-12-31', 70],
      ['2027-12-31', 80],
      ['2030-12-31', 90],
    ]);
    // Only a province admin sets them.
    expect((await call('PUT', '/api/admin/province/targets', other, target)).status).toBe(403);
  });

  it('the commune XLSX opens with the appendix in the province’s row order', async () => {
    const wb = await book(await call('GET', '/api/reports/export?period=2026-Q3&format=xlsx', await s.login()));
    expect(wb.worksheets[0].name).toBe('Phụ lục 01');
    const rows = rowsOf(wb.worksheets[0]);
    expect(rows[0][0]).toBe('PHỤ LỤC 01');
    expect(rows[1][0]).toBe('KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU CHUYỂN ĐỔI SỐ');
    const h = rows.findIndex((r) => r[0] === 'TT');
    expect(rows[h]).toEqual([
      'TT', 'Tên mục tiêu', 'Đơn vị tính', 'Mục tiêu (Đề án, Nghị quyết)', 'Mục tiêu năm 2026', 'Mục tiêu năm 2027',
      'Kết quả (ước thực hiện)', 'So sánh kế hoạch giao (%)', 'Mức đánh giá', 'Tử số', 'Mẫu số',
    ]);
    expect(rows[h + 1][0]).toBe('1');
    expect(rows[h + 1][1]).toBe('Tỷ lệ người dân sử dụng điện thoại thông minh');
    expect(rows[h + 2].slice(0, 1)).toEqual(['3']);
    // ExcelJS drops trailing empty cells: the row is read by position.
    const v = rows[h + 2];
    expect(v[1]).toBe('Tỷ lệ người dân từ 14 tuổi trở lên cài đặt ứng dụng VNeID');
    expect([v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]]).toEqual([90, 80, 80, 60, 75, 'Từ 50% đến 80%', 3, 5]);
    // The unmapped indicators follow, numbered by their place.
    expect(rows[h + 3][0]).toBe('3');
    expect(rows.some((r) => r[0] === 'Báo cáo kỳ này chưa được gửi.')).toBe(true);
    expect(rows.some((r) => typeof r[0] === 'string' && r[0].startsWith('Tổng hợp theo mức đánh giá: ') && r[0].includes('Từ 50% đến 80%: '))).toBe(true);
  });

  it('a submission freezes what was sent; later exports say what changed since', async () => {
    const sub = await call('POST', '/api/reports/submit?period=2026-Q3', other);
    expect(sub.status).toBe(201);
    const sent = (await sub.json()) as { submittedBy: string; onTime: boolean; snapshot: { rows: { itemId: string; numerator: number; denominator: number }[] } };
    expect(sent.submittedBy).toBe('Cán bộ xã bên cạnh');
    expect(sent.onTime).toBe(true);
    expect(sent.snapshot.rows.find((r) => r.itemId === 'vneid')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(await (await call('GET', '/api/reports/submission?period=2026-Q3', other)).json()).toMatchObject({ changed: [], textChanged: false });
    const unchanged = rowsOf((await book(await call('GET', '/api/reports/export?period=2026-Q3&format=xlsx', other))).worksheets[0]);
    expect(unchanged.some((r) => r[0] === 'Đã gửi báo cáo lúc 09:00 20/08/2026 (người gửi: Cán bộ xã bên cạnh). Số liệu không thay đổi kể từ khi gửi.')).toBe(true);

    const v = s.otherVillageIds[0];
    const res = await phone.push([phone.m('checklist.set', checklistCell('or2', 'oh1', v, 'vneid', 'done', phone.member.id, at('2026-08-20', 8)), at('2026-08-20', 8))]);
    expect(res.status).toBe(200);
    expect(await (await call('GET', '/api/reports/submission?period=2026-Q3', other)).json()).toMatchObject({ changed: ['vneid'] });
    const changed = rowsOf((await book(await call('GET', '/api/reports/export?period=2026-Q3&format=xlsx', other))).worksheets[0]);
    expect(changed.some((r) => r[0] === 'Đã gửi báo cáo lúc 09:00 20/08/2026 (người gửi: Cán bộ xã bên cạnh). Số liệu đã thay đổi kể từ khi gửi: 1 mục tiêu (TT 3).')).toBe(true);
  });

  it('the province appendix uses the province’s targets, lists who submitted, and a CSV with decimal commas', async () => {
    const r = (await (await call('GET', '/api/reports/province?period=2026-Q3', admin)).json()) as ProvinceReport;
    expect(r.dueOn).toBe('2026-09-05');
    const byId = new Map(r.communes.map((c) => [c.id, c]));
    expect(byId.get(s.otherCommuneId)!.submission).toMatchObject({ onTime: true, changed: 1, lastBy: 'Cán bộ xã bên cạnh' });
    expect(byId.get(s.communeId)!.submission).toBeNull();
    // After the late VNeID: province 5 of 7 = 71.428…% → 71.4; against 70 → 102.04… → 102 → met.
    const vneid = r.appendix!.find((x) => x.itemId === 'vneid')!;
    expect(vneid).toMatchObject({ rowNo: '3', target: 90, targetThisYear: 70, targetNextYear: 80, result: 71.4, ofTarget: 102, bandKey: 'band.met', numerator: 5, denominator: 7 });
    const k = r.items.findIndex((i) => i.id === 'vneid');
    expect(byId.get(s.otherCommuneId)!.cells[k]).toMatchObject({ pct: 100, target: 70, band: 'met' });
    // The province's row is graded against the province's own target (this year's 70%), though the communes differ.
    expect(r.total.cells[k]).toMatchObject({ numerator: 5, denominator: 7, target: 70, band: 'met' });
    // The other commune's two village teams have had no visit and no session in 30 days: both faint.
    expect(byId.get(s.otherCommuneId)).toMatchObject({ teams: 2, faintTeams: 2 });

    const wb = await book(await call('GET', '/api/reports/province/export?period=2026-Q3&format=xlsx', admin));
    expect(wb.worksheets[0].name).toBe('Phụ lục 01');
    const lines = rowsOf(wb.worksheets[0]).map((x) => x[0]);
    expect(lines).toContain('Số xã đã gửi báo cáo: 1/2; gửi đúng hạn (đến hết ngày 05/09/2026): 1.');
    expect(lines).toContain('1 xã có số liệu thay đổi sau khi gửi.');
    const subs = rowsOf(wb.getWorksheet('Tình hình gửi báo cáo')!);
    expect(subs.find((x) => x[0] === 'Xã Bên Cạnh (mẫu)')).toEqual(['Xã Bên Cạnh (mẫu)', '09:00 20/08/2026', 'Có', '09:00 20/08/2026', 'Cán bộ xã bên cạnh', 1]);
    expect(subs.find((x) => x[0] === 'Xã Nậm Tiên (mẫu)')?.[1]).toBe('Chưa gửi');

    const csv = new TextDecoder().decode(await (await call('GET', '/api/reports/province/export?period=2026-Q3&format=csv&table=appendix&decimal=comma', admin)).arrayBuffer());
    const out = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(out[0]).toBe('TT;Tên mục tiêu;Đơn vị tính;Mục tiêu (Đề án, Nghị quyết);Mục tiêu năm 2026;Mục tiêu năm 2027;Kết quả (ước thực hiện);So sánh kế hoạch giao (%);Mức đánh giá;Tử số;Mẫu số');
    expect(out[2]).toBe('3;Tỷ lệ người dân từ 14 tuổi trở lên cài đặt ứng dụng VNeID;%;90;70;80;71,4;102;Đạt và vượt;5;7');
  });
});
