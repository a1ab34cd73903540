// @vitest-environment node
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// A province admin's administrative units: communes created, renamed, retired and imported from the province's
// list by official code; a re-import changes nothing; a renamed commune keeps its id (and so its records).
describe.each(DATABASES)('communes on %s', (db) => {
  let s: TestServer;
  let admin: string;
  const call = async (method: string, path: string, body?: unknown, token = admin) => {
    const res = await s.request(path, { method, headers: s.auth(token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    s = await createTestServer({ db });
    admin = await s.login(s.provinceAdmin);
  }, 60_000);
  afterAll(() => s?.close());

  it('creates, lists, renames and retires communes; only a province admin may', async () => {
    const made = await call('POST', '/api/admin/communes', { name: 'Xã Mường Tè (mẫu)', code: '03127' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: expect.any(String), name: 'Xã Mường Tè (mẫu)', code: '03127', provinceId: s.seed.provinceId });
    expect((await call('POST', '/api/admin/communes', { name: 'Xã Khác', code: '03127' })).body.error.issues).toEqual([{ field: 'code', rule: 'duplicate' }]);
    expect((await call('POST', '/api/admin/communes', { name: '', code: 'x y' })).status).toBe(400);
    const renamed = await call('PUT', `/api/admin/communes/${made.body.id}`, { name: 'Xã Mường Tè Mới (mẫu)' });
    expect(renamed).toMatchObject({ status: 200, body: { id: made.body.id, name: 'Xã Mường Tè Mới (mẫu)', code: '03127' } });
    const list = (await call('GET', '/api/admin/communes')).body.communes as { id: string; name: string; retired: boolean }[];
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining([s.communeId, s.otherCommuneId, made.body.id]));
    expect((await call('PUT', `/api/admin/communes/${made.body.id}`, { retired: true })).body.retired).toBe(true);
    // The new commune is open to the province admin like any other, with the default checklist.
    const cat = await call('GET', `/api/admin/catalogue?commune=${made.body.id}`);
    expect(cat.status).toBe(200);
    const officer = await s.login();
    expect((await call('GET', '/api/admin/communes', undefined, officer)).status).toBe(403);
    expect((await call('POST', '/api/admin/communes', { name: 'X', code: '1' }, officer)).status).toBe(403);
  });

  it('imports the province list from CSV and XLSX by code: again changes nothing, a new name renames', async () => {
    const csv = 'Mã xã,Tên xã,Tên thôn\n04001,Xã Pa Vây Sử (mẫu),Bản Nà Ản\n04001,Xã Pa Vây Sử (mẫu),Bản Phìn Hồ\n04002,Phường Đông Phong (mẫu),Tổ dân phố 1\n';
    const dry = await call('POST', '/api/admin/communes/import', { csv, dryRun: true });
    expect(dry).toMatchObject({ status: 200, body: { added: 2, renamed: 0 } });
    const first = await call('POST', '/api/admin/communes/import', { csv });
    expect(first).toMatchObject({ status: 201, body: { added: 2, renamed: 0, unchanged: 0, villagesAdded: 3 } });
    const again = await call('POST', '/api/admin/communes/import', { csv });
    expect(again.body).toMatchObject({ added: 0, renamed: 0, unchanged: 2, villagesAdded: 0 });
    const ward = first.body.communes.find((c: { code: string }) => c.code === '04002');
    const villages = await call('GET', `/api/admin/villages?commune=${ward.id}`);
    expect(villages.body.villages.map((v: { name: string; kind: string }) => [v.name, v.kind])).toEqual([['Tổ dân phố 1', 'to-dan-pho']]);
    expect((await call('GET', '/api/admin/communes')).body.communes.find((c: { code: string }) => c.code === '04002').kind).toBe('phuong');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DVHC');
    ws.addRow(['Mã xã', 'Tên xã', 'Tên thôn']);
    ws.addRow(['04002', 'Phường Đông Phong Mới (mẫu)', 'Tổ dân phố 2']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const renamed = await call('POST', '/api/admin/communes/import', { xlsx });
    expect(renamed.body).toMatchObject({ added: 0, renamed: 1, villagesAdded: 1 });
    expect(renamed.body.communes[0].id).toBe(ward.id);

    const bad = await call('POST', '/api/admin/communes/import', { csv: 'Mã xã,Tên xã\n,Xã Không Mã\n04009,\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      { field: 'rows.2.code', rule: 'required' },
      { field: 'rows.3.name', rule: 'required' },
    ]);
  });
});
