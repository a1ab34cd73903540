import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { currentPeriod, shiftPeriod, startOfDayMs } from '../../src/core/report/period.ts';
import { HlcClock } from '../../src/core/sync/hlc.ts';
import { PROTOCOL, SCHEMA, type MutationName } from '../../src/core/sync/protocol.ts';

// The province admin from a fresh server: creates two communes and their officers in the browser; each officer's
// phones join and send visits and checklist cells; the province workspace ranks the communes with hand-counted
// figures, the province XLSX says the same, and last quarter's figures do not move when this quarter's edits come.
//
//   Commune A: one household, residents aged 36 and 41; VNeID done for one → 1/2 = 50%
//   Commune B: one household, one resident aged 30; VNeID done → 1/1 = 100%; rank 1, A rank 2
//   Province: 2/3 = 66,7%. Last quarter (both made then): A 1/2; this quarter A's cell turns declined → last
//   quarter still 1/2, this quarter 0/2.
const PASSWORD = process.env.ADMIN_PASSWORD ?? 'e2e-admin-pass';
const PROVINCE_HEADING = 'Toàn tỉnh: Tỉnh Sơn Cước (mẫu)';
const STAMP = `${Date.now() % 100000}`;
const A = { name: `Xã Thử Một ${STAMP}`, code: `91${STAMP}` };
const B = { name: `Xã Thử Hai ${STAMP}`, code: `92${STAMP}` };

test.describe.configure({ mode: 'serial' });

const signIn = async (page: Page) => {
  await page.goto('/officer/login');
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROVINCE_HEADING })).toBeVisible();
};

const api = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
};

type Phone = { token: string; deviceId: string; memberId: string; clock: HlcClock; seq: number };

const now = Date.now();
const quarter = currentPeriod('quarter', now);
const last = shiftPeriod(quarter, -1);
const lastAt = startOfDayMs(last.from) + 5 * 86_400_000;
const communes: Record<string, { id: string; phone?: Phone }> = {};

for (const [vp, viewport] of Object.entries({ desktop: { width: 1366, height: 768 }, phone: { width: 360, height: 740 } })) {
  test(`the province sets up two communes and reads their figures (${vp})`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page);
    const base = baseURL!;
    const suffix = vp === 'desktop' ? '' : 'm';
    const units = [
      { ...A, name: `${A.name}${suffix}`, code: `${A.code}${suffix ? 1 : 0}`, officer: `xa1.${STAMP}${suffix}`, ages: [1990, 1985] },
      { ...B, name: `${B.name}${suffix}`, code: `${B.code}${suffix ? 1 : 0}`, officer: `xa2.${STAMP}${suffix}`, ages: [1996] },
    ];
    for (const u of units) {
      // In the browser: the commune, then its officer's sign-in on its team page.
      await page.getByLabel('Tên xã, phường, đặc khu').fill(u.name);
      await page.getByLabel('Mã đơn vị hành chính').fill(u.code);
      await page.getByRole('button', { name: 'Thêm xã' }).click();
      await expect(page.getByRole('status').filter({ hasText: `Đã thêm ${u.name}.` })).toBeVisible();
      const link = page.getByRole('region', { name: 'Các xã của tỉnh' }).or(page.locator('#province-communes').locator('..')).getByRole('link', { name: u.name }).first();
      const id = new URL((await link.getAttribute('href'))!, base).searchParams.get('commune')!;
      communes[u.name] = { id };
      await page.goto(`/officer/admin/teams?commune=${id}`);
      await page.getByText('Tạo tài khoản đăng nhập').click();
      await page.getByLabel('Họ tên').fill(`Cán bộ ${u.name}`);
      await page.getByLabel('Tên đăng nhập').fill(u.officer);
      await page.getByLabel('Mật khẩu').fill('mat-khau-can-bo-xa');
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      // Accounts a commune creates sign in as name@commune (no username shows across communes).
      const made = page.getByRole('status').filter({ hasText: `Đã tạo tài khoản ${u.officer}@` });
      await expect(made).toBeVisible();
      const username = /tài khoản (\S+)/.exec(await made.innerText())![1];
      await page.goto('/officer');
      await expect(page.getByRole('heading', { level: 1, name: PROVINCE_HEADING })).toBeVisible();

      // The officer (their own sign-in) adds a village and an invite; a phone joins and sends last quarter's work.
      const { token } = await api(base, 'POST', '/api/auth/login', { username, password: 'mat-khau-can-bo-xa' });
      const village = await api(base, 'POST', '/api/admin/villages', { name: 'Thôn Một', kind: 'thon' }, token);
      const invite = await api(base, 'POST', '/api/admin/invites', { villageId: village.id, uses: 5, expiresInDays: 7 }, token);
      const deviceId = `prov-${u.code}`;
      const joined = await api(base, 'POST', '/api/auth/join', { code: invite.code, deviceId, displayName: 'Lò Văn Thử' });
      const phone: Phone = { token: joined.token, deviceId, memberId: joined.member.id, clock: new HlcClock(deviceId), seq: 0 };
      communes[u.name].phone = phone;
      const m = (name: MutationName, args: Record<string, unknown>, at: number) => ({ seq: ++phone.seq, id: String(args.id), name, args, hlc: phone.clock.send(at) });
      const v = village.id;
      const h = `h-${u.code}`;
      const muts = [
        m('household.put', { id: h, villageId: v, headName: 'Lò Văn Pọm', houseLabel: 'Số 1' }, lastAt),
        ...u.ages.map((y, i) => m('resident.put', { id: `${h}-r${i}`, householdId: h, villageId: v, label: `Người ${i}`, birthYear: y }, lastAt)),
        m('checklist.set', { id: `vneid@${h}-r0`, villageId: v, householdId: h, residentId: `${h}-r0`, itemId: 'vneid', state: 'done', by: phone.memberId, at: lastAt }, lastAt),
        m('visit.add', { id: `vis-${u.code}`, villageId: v, householdId: h, memberId: phone.memberId, memberName: 'Lò Văn Thử', at: lastAt, items: [{ itemId: 'vneid', residentIds: [`${h}-r0`], outcome: 'done' }], dossiers: [], language: 'vi', minutes: 15, note: '', followUpOn: null, replaces: null }, lastAt),
      ];
      const pushed = await api(base, 'POST', '/api/sync/push', { protocol: PROTOCOL, schema: SCHEMA, deviceId, mutations: muts }, phone.token);
      expect(pushed.results.map((r: { status: string }) => r.status)).toEqual(muts.map(() => 'applied'));
    }

    // The province: ranked, hand-counted.
    await page.goto(`/officer?period=${quarter.key}`);
    const grid = page.getByRole('table', { name: 'Các xã của tỉnh' });
    const rowOf = (name: string) => grid.locator('tr[data-item="vneid"]').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(rowOf(units[0].name)).toContainText('50%');
    await expect(rowOf(units[0].name)).toContainText('(1/2)');
    await expect(rowOf(units[1].name)).toContainText('100%');
    await page.screenshot({ path: `test-results/screens/province-${vp}.png`, fullPage: true });

    // The XLSX says the same (the province's own figures include the sample commune's).
    const token = await page.evaluate(() => sessionStorage.getItem('tn.officer.token'));
    const file = await fetch(`${base}/api/reports/province/export?period=${quarter.key}&format=xlsx`, { headers: { Authorization: `Bearer ${token}` } });
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file.arrayBuffer()) as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('Theo xã')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const vneidOf = (name: string) => rows.find((r) => r[0] === name && /^Cài đặt ứng dụng VNeID/.test(String(r[1])))!;
    expect(vneidOf(units[0].name).slice(3, 6)).toEqual([1, 2, 50]);
    expect(vneidOf(units[1].name).slice(3, 6)).toEqual([1, 1, 100]);
    expect(vneidOf(units[1].name).at(-1)).toBe(1); // rank

    // Last quarter, asked before and after this quarter's edit: the same.
    await page.goto(`/officer?period=${last.key}`);
    await expect(rowOf(units[0].name)).toContainText('(1/2)');
    const p = communes[units[0].name].phone!;
    const h = `h-${units[0].code}`;
    const edit = { seq: ++p.seq, id: `vneid@${h}-r0`, name: 'checklist.set' as const, args: { id: `vneid@${h}-r0`, villageId: (await api(base, 'GET', `/api/admin/villages?commune=${communes[units[0].name].id}`, undefined, token!)).villages[0].id, householdId: h, residentId: `${h}-r0`, itemId: 'vneid', state: 'declined', by: p.memberId, at: Date.now() }, hlc: p.clock.send(Date.now()) };
    await api(base, 'POST', '/api/sync/push', { protocol: PROTOCOL, schema: SCHEMA, deviceId: p.deviceId, mutations: [edit] }, p.token);
    await page.reload();
    await expect(rowOf(units[0].name)).toContainText('(1/2)');
    await page.goto(`/officer?period=${quarter.key}`);
    await expect(rowOf(units[0].name)).toContainText('(0/2)');
    // Drill-down: the commune opens in the commune officer's screens.
    await rowOf(units[0].name).getByRole('link', { name: units[0].name }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan kết quả' })).toBeVisible();
    await page.screenshot({ path: `test-results/screens/province-${vp}-commune.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
}
