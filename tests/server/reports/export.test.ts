// @vitest-environment node
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../../src/server/reports/csv.ts';
import { writeXlsx } from '../../../src/server/reports/xlsx.ts';
import { exportInput, NOW } from './export-fixture.ts';

const load = async (buf: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
};
const values = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};
// The table under the header row that starts with `first`.
const tableAfter = (rows: unknown[][], first: string) => {
  const i = rows.findIndex((r) => r[0] === first);
  expect(i, `header "${first}"`).toBeGreaterThanOrEqual(0);
  const header = rows[i] as string[];
  const body: Record<string, unknown>[] = [];
  for (const r of rows.slice(i + 1)) {
    if (r.length < 2) break;
    body.push(Object.fromEntries(header.map((h, k) => [h, r[k] ?? null])));
  }
  return { header, body };
};

describe('XLSX periodic report', () => {
  it('has the appendix and the five detail sheets with Vietnamese names', async () => {
    const wb = await load(await writeXlsx(exportInput(), 'vi', NOW));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Phụ lục 01', 'Chỉ tiêu', 'Theo thôn, bản', 'Hoạt động theo thôn', 'Hoạt động của tổ', 'Khó khăn, đề xuất']);
  });

  it('writes the indicators in the provincial appendix shape, with the hand-counted values', async () => {
    const wb = await load(await writeXlsx(exportInput(), 'vi', NOW));
    const rows = values(wb.getWorksheet('Chỉ tiêu')!);
    expect(rows[0][0]).toBe('BÁO CÁO KẾT QUẢ HOẠT ĐỘNG CỦA TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG');
    expect(rows.some((r) => r[0] === 'Kỳ báo cáo: Quý III năm 2026 (từ 01/07/2026 đến 30/09/2026)')).toBe(true);
    expect(rows.some((r) => r[0] === 'Số liệu tính đến: 08:59 20/08/2026')).toBe(true);
    const { header, body } = tableAfter(rows, 'STT');
    expect(header).toEqual([
      'STT', 'Chỉ tiêu', 'Đối tượng (mẫu số)', 'Đơn vị tính', 'Chỉ tiêu giao (%)', 'Thời hạn', 'Kết quả (%)', 'So với chỉ tiêu (%)',
      'Mức đánh giá', 'Tử số', 'Mẫu số', 'Số liệu tính đến', 'Văn bản giao',
    ]);
    expect(body).toHaveLength(10); // 11 default items, one retired
    const vneid = body.find((r) => r['Chỉ tiêu'] === 'Cài đặt ứng dụng VNeID')!;
    expect(vneid).toMatchObject({
      'Đối tượng (mẫu số)': 'Người từ 14 tuổi trở lên', 'Đơn vị tính': '%', 'Chỉ tiêu giao (%)': 80, 'Thời hạn': '31/12/2026',
      'Kết quả (%)': 60, 'So với chỉ tiêu (%)': 75, 'Mức đánh giá': 'Từ 50% đến 80%', 'Tử số': 3, 'Mẫu số': 5,
      'Số liệu tính đến': '08:59 20/08/2026', 'Văn bản giao': 'Kế hoạch 12/KH-UBND',
    });
    const skills = body.find((r) => r['Chỉ tiêu'] === 'Kỹ năng số cơ bản ("Bình dân học vụ số")')!;
    // 15 and over, no upper age: V1's r2 r3 r4 r5 (done r4 r5) and V2's r10 → 2 of 5
    expect(skills).toMatchObject({ 'Đối tượng (mẫu số)': 'Người từ 15 tuổi trở lên', 'Tử số': 2, 'Mẫu số': 5, 'Mức đánh giá': 'Chưa có chỉ tiêu' });
    expect(body.some((r) => r['Chỉ tiêu'] === 'Chữ ký số')).toBe(false); // retired
    const dossiers = tableAfter(rows, 'Lĩnh vực thủ tục').body;
    expect(Object.fromEntries(dossiers.map((d) => [d['Lĩnh vực thủ tục'], d['Số hồ sơ']]))).toEqual({
      'Hộ tịch': 2, 'Cư trú': 1, 'Bảo hiểm y tế': 1, 'Đất đai': 1, Cộng: 5,
    });
    const sessions = tableAfter(rows, 'Hình thức').body;
    expect(sessions.find((s) => s['Hình thức'] === 'Cộng')).toMatchObject({ 'Buổi sinh hoạt trong kỳ': 2, 'Số người tham dự': 42 });
  });

  it('writes every village with its own target and freshness', async () => {
    const wb = await load(await writeXlsx(exportInput(), 'vi', NOW));
    const { body } = tableAfter(values(wb.getWorksheet('Theo thôn, bản')!), 'Thôn, bản, tổ dân phố');
    expect(body).toHaveLength(20);
    const v1 = body.find((r) => r['Thôn, bản, tổ dân phố'] === 'Bản Nà Pồng' && r['Chỉ tiêu'] === 'Cài đặt ứng dụng VNeID')!;
    expect(v1).toMatchObject({ 'Kết quả (%)': 50, 'Chỉ tiêu giao (%)': 40, 'So với chỉ tiêu (%)': 125, 'Mức đánh giá': 'Đạt và vượt', 'Tử số': 2, 'Mẫu số': 4 });
    expect(v1['Mức độ cập nhật dữ liệu (thiết bị đồng bộ lâu nhất)']).toBe('10:00 18/08/2026');
    const v2 = body.find((r) => r['Thôn, bản, tổ dân phố'] === 'Bản Huổi Lạ')!;
    expect(v2['Mức độ cập nhật dữ liệu (thiết bị đồng bộ lâu nhất)']).toBe('Chưa lần nào');
  });

  it('writes village activity with a total row, and team activity with flagged devices', async () => {
    const wb = await load(await writeXlsx(exportInput(), 'vi', NOW));
    const act = tableAfter(values(wb.getWorksheet('Hoạt động theo thôn')!), 'Thôn, bản, tổ dân phố').body;
    expect(act.find((r) => r['Thôn, bản, tổ dân phố'] === 'Bản Nà Pồng')).toMatchObject({
      'Số hộ': 2, 'Số nhân khẩu': 7, 'Lượt hỗ trợ trong kỳ': 3, 'Hồ sơ trực tuyến trong kỳ': 5, 'Buổi sinh hoạt trong kỳ': 2,
      'Số người tham dự': 42, 'Người dân được tiếp cận (có tên)': 3, 'Hẹn hỗ trợ lại quá hạn': 2,
    });
    expect(act.find((r) => r['Thôn, bản, tổ dân phố'] === 'Cộng')).toMatchObject({ 'Số hộ': 3, 'Số nhân khẩu': 8 });
    const teams = tableAfter(values(wb.getWorksheet('Hoạt động của tổ')!), 'Tổ').body;
    expect(teams[0]).toMatchObject({ Tổ: 'Tổ CNSCĐ Bản Nà Pồng', 'Thành viên': 'Lò Văn A', 'Vai trò': 'Tổ trưởng', 'Chưa đồng bộ quá 3 ngày': 'Có', 'Có thể còn giữ (ước tính, bản ghi)': 24 });
    expect(teams[1]).toMatchObject({ Tổ: 'Tổ CNSCĐ Bản Huổi Lạ', 'Tình trạng tổ': 'Không có hoạt động trong 30 ngày qua' });
  });

  it('keeps the officer’s text', async () => {
    const wb = await load(await writeXlsx(exportInput(), 'vi', NOW));
    const rows = values(wb.getWorksheet('Khó khăn, đề xuất')!).map((r) => r[0]);
    const i = rows.indexOf('KHÓ KHĂN, VƯỚNG MẮC');
    expect(rows[i + 1]).toBe('Bản Huổi Lạ chưa có sóng di động.\nNhiều người cao tuổi chưa có điện thoại thông minh.');
    expect(rows[rows.indexOf('ĐỀ XUẤT, KIẾN NGHỊ') + 1]).toBe('Đề nghị hỗ trợ 20 điện thoại thông minh cho hộ nghèo.');
  });

  it('can be written with English headers', async () => {
    const wb = await load(await writeXlsx(exportInput(), 'en', NOW));
    expect(wb.worksheets[0].name).toBe('Appendix 01');
    expect(wb.worksheets[1].name).toBe('Indicators');
    expect(tableAfter(values(wb.worksheets[1]), 'No.').header).toContain('Against target (%)');
  });

  it('neutralises every text cell that starts with = + - @ or a tab, and keeps numbers as numbers', async () => {
    const wb = await load(await writeXlsx(exportInput(true), 'vi', NOW));
    const texts: string[] = [];
    let formulas = 0;
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Formula) formulas++;
          if (typeof c.value === 'string') texts.push(c.value);
        }),
      );
    expect(formulas).toBe(0);
    for (const s of texts) expect(s, s).not.toMatch(/^[=+\-@\t\r]/);
    for (const hostile of ["'=1+2 Bản Nà Pồng", "'-Bản Huổi Lạ", "'+Cáp quang=1", '\'=HYPERLINK("http://x","y")', '\'\t=cmd|"/c calc"!A1', "'@SUM(A1:A9)", "'-2+3\n=cmd", '\'=IMPORTXML("http://x")'])
      expect(texts, hostile).toContain(hostile);
    const { body } = tableAfter(values(wb.getWorksheet('Chỉ tiêu')!), 'STT');
    expect(typeof body[0]['Tử số']).toBe('number');
  });
});

describe('CSV periodic report', () => {
  const parse = (buf: Buffer) => {
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return Papa.parse<Record<string, string>>(buf.subarray(3).toString('utf8'), { header: true, skipEmptyLines: true });
  };

  it('lists the commune and every village in the appendix columns', () => {
    const { data, meta } = parse(writeCsv(exportInput()));
    expect(meta.fields).toEqual([
      'Đơn vị', 'Chỉ tiêu', 'Đối tượng (mẫu số)', 'Đơn vị tính', 'Chỉ tiêu giao (%)', 'Thời hạn', 'Kết quả (%)', 'So với chỉ tiêu (%)',
      'Mức đánh giá', 'Tử số', 'Mẫu số', 'Số liệu tính đến', 'Văn bản giao', 'Mức độ cập nhật dữ liệu (thiết bị đồng bộ lâu nhất)',
    ]);
    expect(data).toHaveLength(30);
    expect(data[0]).toMatchObject({ 'Đơn vị': 'Xã Nậm Tiên (mẫu)' });
    const row = data.find((r) => r['Đơn vị'] === 'Bản Nà Pồng' && r['Chỉ tiêu'] === 'Sử dụng điện thoại thông minh (chuyển từ 2G)')!;
    // 1 of 3 adults: 33.3%, against a 90% target → 37% → below 50%.
    expect(row).toMatchObject({ 'Kết quả (%)': '33.3', 'So với chỉ tiêu (%)': '37', 'Mức đánh giá': 'Dưới 50%', 'Tử số': '1', 'Mẫu số': '3' });
    expect(data.find((r) => r['Đơn vị'] === 'Bản Huổi Lạ' && r['Chỉ tiêu'] === 'Bán hàng trên sàn thương mại điện tử')).toMatchObject({
      'Kết quả (%)': '', 'Mẫu số': '0', 'Mức đánh giá': 'Chưa có chỉ tiêu',
    });
  });

  it('neutralises formula-looking text, including a multi-line one', () => {
    const text = writeCsv(exportInput(true)).toString('utf8');
    const { data } = parse(writeCsv(exportInput(true)));
    const cells = data.flatMap((r) => Object.values(r));
    for (const c of cells) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells).toContain("'=1+2 Bản Nà Pồng");
    expect(cells).toContain("'-Bản Huổi Lạ");
    expect(cells).toContain("'@Xã Nậm Tiên");
    expect(cells).toContain("'+Cáp quang=1");
    expect(cells).toContain('\'=HYPERLINK("http://x","y")');
    expect(text).not.toMatch(/(^|,|\n)"?=/);
  });
});
