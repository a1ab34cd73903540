// @vitest-environment node
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wirePhone, type WirePhone } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';

// Roster import through HTTP: dry run, import, re-import, an updated file, problems by row and column, messy files,
// XLSX; imported households reach a phone by pull like any synced record.
const CSV = [
  'Mã hộ,Chủ hộ,Địa chỉ,Điện thoại,Họ tên,Năm sinh,Giới tính,Quan hệ với chủ hộ',
  'NP-1,Lò Văn Một,Số 1,0912345001,Lò Văn Một,1970,Nam,Chủ hộ',
  'NP-1,Lò Văn Một,Số 1,0912345001,Lò Thị Hai,1974,Nữ,Vợ',
  'NP-2,Quàng Văn Ba,Số 2,,Quàng Văn Ba,1960,Nam,Chủ hộ',
  ',Tòng Thị Bốn,Xóm Dưới,,Tòng Thị Bốn,1988,Nữ,Chủ hộ',
  ',,,,Tòng Văn Năm,2012,Nam,Con',
].join('\n');

describe.each(DATABASES)('roster import on %s', (db) => {
  let s: TestServer;
  let token: string;
  let phone: WirePhone;
  let cursor = 0;
  const post = async (query: string, body: BodyInit, type = 'text/csv') => {
    const res = await s.request(`/api/admin/households/import?${query}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': type }, body });
    return { status: res.status, body: await res.json() };
  };
  const pulled = async () => {
    const r = await phone.pullAll(cursor);
    cursor = r.cursor;
    return r.changes;
  };

  beforeAll(async () => {
    s = await createTestServer({ db });
    token = await s.login();
    phone = wirePhone(s, await s.join('v-na-pong'));
    await pulled();
  }, 60_000);
  afterAll(() => s?.close());

  it('a dry run counts and writes nothing; the import writes what phones then pull; the same file again changes nothing', async () => {
    const dry = await post('villageId=v-na-pong&dryRun=1', CSV);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ created: 3, updated: 0, unchanged: 0, residentsCreated: 5, errors: [], imported: false, format: 'csv' });
    expect(await pulled()).toEqual([]);

    const done = await post('villageId=v-na-pong', CSV);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ created: 3, residentsCreated: 5, imported: true });
    const changes = await pulled();
    const hs = changes.filter((c) => c.table === 'households').map((c) => c.row!);
    expect(hs.map((h) => h.headName).sort()).toEqual(['Lò Văn Một', 'Quàng Văn Ba', 'Tòng Thị Bốn']);
    expect(hs.find((h) => h.code === 'NP-1')).toMatchObject({ villageId: 'v-na-pong', houseLabel: 'Số 1', phone: '0912345001', removed: false });
    const rs = changes.filter((c) => c.table === 'residents').map((c) => c.row!);
    const bon = hs.find((h) => h.headName === 'Tòng Thị Bốn')!;
    expect(rs.filter((r) => r.householdId === bon.id).map((r) => [r.label, r.birthYear, r.sex])).toEqual(
      expect.arrayContaining([['Tòng Thị Bốn', 1988, 'f'], ['Tòng Văn Năm', 2012, 'm']]),
    );
    // One commune version for the whole import.
    expect(new Set(changes.map((c) => c.version)).size).toBe(1);

    const again = await post('villageId=v-na-pong', CSV);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, imported: false });
    expect(await pulled()).toEqual([]);
  });

  it('an updated file updates only what changed, keeps what the team typed, and never removes', async () => {
    // The team adds a phone number to Tòng Thị Bốn's house on a phone.
    const all = await phone.pullAll(0);
    const bon = all.changes.find((c) => c.table === 'households' && c.row!.headName === 'Tòng Thị Bốn')!.row!;
    const r = await phone.push([phone.m('household.put', { id: bon.id, villageId: 'v-na-pong', phone: '0987654321' })]);
    expect(r.body.results[0].status).toBe('applied');
    await pulled();
    const updated = [
      'Mã hộ;Chủ hộ;Địa chỉ;Điện thoại;Họ tên;Năm sinh;Giới tính;Quan hệ với chủ hộ',
      'NP-1;Lò Văn Một;Số 1A;0912345001;Lò Văn Một;1970;Nam;Chủ hộ', // address changed; Lò Thị Hai not listed
      'NP-2;Quàng Văn Ba;Số 2;;Quàng Văn Ba;1961;Nam;Chủ hộ', // birth year corrected
      ';Tòng Thị Bốn;Xóm Dưới;;Tòng Thị Bốn;1988;Nữ;Chủ hộ',
    ].join('\r\n');
    const res = await post('villageId=v-na-pong', `\uFEFF${updated}`);
    expect(res.body).toMatchObject({ created: 0, updated: 2, unchanged: 1, residentsUpdated: 1, residentsCreated: 0, errors: [] });
    const changes = await pulled();
    expect(changes.map((c) => [c.table, c.row!.houseLabel ?? c.row!.birthYear]).sort()).toEqual([['households', 'Số 1A'], ['residents', 1961]]);
    const now = (await phone.pullAll(0)).changes;
    expect(now.find((c) => c.id === bon.id)!.row!.phone).toBe('0987654321');
    expect(now.filter((c) => c.table === 'residents' && c.row!.removed === false)).toHaveLength(5);
  });

  it('names every problem by row and column; imports nothing unless told to skip the bad rows', async () => {
    const bad = [
      'DANH SÁCH HỘ GIA ĐÌNH BẢN HUỔI LẠ,,,,,',
      '',
      'CHU HO,Dia chi,HO TEN,NAM SINH,Ghi chú khác,THON',
      'Giàng A Pao,Số 5,Giàng A Pao,1890,x,',
      'Giàng 001203004005,Số 6,Giàng Thị Mai,1990,,',
      'Sùng A Tủa,Số 7,Sùng A Tủa,15/03/1985,,',
      'Sùng A Tủa,Số 7,Sùng Thị Dở,năm ngoái,,',
      'Vàng A Chư,Số 8,Vàng A Chư,2999,,',
    ].join('\n');
    const dry = await post('villageId=v-huoi-la&dryRun=1', bad);
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual([
      { row: 4, column: 'birthYear', rule: 'too-small' },
      { row: 5, column: 'headName', rule: 'looks-like-id-number' },
      { row: 7, column: 'birthYear', rule: 'bad-format' },
      { row: 8, column: 'birthYear', rule: 'too-large' },
    ]);
    expect(dry.body).toMatchObject({ created: 3, ignoredColumns: ['Ghi chú khác'] });
    const refused = await post('villageId=v-huoi-la', bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid');
    expect(refused.body.error.issues[0]).toEqual({ field: 'rows.4.birthYear', rule: 'too-small' });
    expect(await pulled()).toEqual([]);
    const skipped = await post('villageId=v-huoi-la&skipInvalid=1', bad);
    expect(skipped.status).toBe(201);
    expect(skipped.body).toMatchObject({ created: 3, residentsCreated: 1 });
    // The phone of Nà Pồng does not see Huổi Lạ.
    expect(await pulled()).toEqual([]);
  });

  it('a whole-commune file names each row’s village; an unknown village is a problem', async () => {
    const csv = ['Thôn,Chủ hộ,Họ tên,Năm sinh', 'Khe Mát,Hà Văn Sáu,Hà Văn Sáu,1950', 'thôn làng chùa,Lê Thị Bảy,Lê Thị Bảy,1977', 'Bản Không Có,Ai Đó,Ai Đó,1980'].join('\n');
    const res = await post('dryRun=1', csv);
    expect(res.body).toMatchObject({ created: 2, errors: [{ row: 4, column: 'village', rule: 'unknown-village' }] });
    expect((await post('', 'Chủ hộ,Họ tên,Năm sinh\nA,A,1950')).body.errors).toEqual([{ row: 1, column: 'village', rule: 'required' }]);
  });

  it('reads XLSX: numbers stored as numbers, dates for years, merged cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hộ');
    ws.addRow(['Mã hộ', 'Chủ hộ', 'Điện thoại', 'Họ tên', 'Ngày sinh', 'Giới tính']);
    ws.addRow([101, 'Điêu Văn Tám', 912000111, 'Điêu Văn Tám', new Date(Date.UTC(1966, 4, 2)), 'nam']);
    ws.addRow([null, null, null, 'Điêu Thị Chín', 1999, 'NỮ']);
    ws.mergeCells('A2:A3');
    ws.mergeCells('B2:B3');
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await post('villageId=v-khe-mat', bytes as unknown as BodyInit, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.body).toMatchObject({ format: 'xlsx', created: 1, residentsCreated: 2, errors: [] });
  });

  it('never answers 5xx to a file that is not a roster', async () => {
    for (const body of ['', 'just some words', 'a,b\n1,2', '\u0000\u0001binary']) {
      const res = await s.request('/api/admin/households/import?villageId=v-na-pong&dryRun=1', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
      expect(res.status).toBeLessThan(500);
    }
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const res = await post('villageId=v-na-pong&dryRun=1', broken as unknown as BodyInit, 'application/octet-stream');
    expect(res).toMatchObject({ status: 200, body: { errors: [{ row: 0, column: 'file', rule: 'bad-format' }] } });
    expect((await post('villageId=nope&dryRun=1', CSV)).status).toBe(404);
    const member = await s.request('/api/admin/households/import?villageId=v-na-pong', { method: 'POST', headers: { Authorization: `Bearer ${phone.token}` }, body: CSV });
    expect(member.status).toBe(403);
  });

  it('offers the template as CSV and XLSX, and the template imports cleanly', async () => {
    const csv = await s.request('/api/admin/households/template', { headers: { Authorization: `Bearer ${token}` } });
    const raw = new Uint8Array(await csv.arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for diacritics
    const text = new TextDecoder().decode(raw);
    expect(text.startsWith('Mã hộ,Chủ hộ,Địa chỉ')).toBe(true);
    expect((await post('villageId=v-tan-tien&dryRun=1', text)).body).toMatchObject({ created: 1, residentsCreated: 2, errors: [] });
    const xlsx = await s.request('/api/admin/households/template?format=xlsx&whole=1', { headers: { Authorization: `Bearer ${token}` } });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect((await post('dryRun=1', bytes as unknown as BodyInit, 'application/octet-stream')).body).toMatchObject({ format: 'xlsx', created: 1, residentsCreated: 2, errors: [] });
  });
});
