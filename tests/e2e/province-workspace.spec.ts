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
const communes: Record<string, { id: string; phone?: Phone; username?: string; villageId?: string }> = {};

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
      communes[u.name].username = username;
      communes[u.name].villageId = village.id;
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

// The province sets VNeID's targets once (row "2" of its appendix; scheme 90% by 31/12/2030, this year 70%, next
// year 80%); commune A's officer submits this quarter, then a late cell arrives and the report says 1 indicator
// changed; the province sees who submitted; the A4 print carries the officer's text and fits the page's width.
test('targets set once, a submitted report and what changed since', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const base = baseURL!;
  const a = communes[A.name];
  expect(a?.username, 'the desktop pass made commune A').toBeTruthy();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page);
  await page.getByRole('link', { name: 'Mục tiêu của tỉnh' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mục tiêu của tỉnh và danh mục phụ lục' })).toBeVisible();
  await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption('vneid');
  await page.getByLabel('TT trong phụ lục').fill('2');
  await page.getByLabel('Tên mục tiêu trong phụ lục').fill('Tỷ lệ người dân cài đặt ứng dụng VNeID');
  await page.getByLabel('Mục tiêu Đề án (%)').fill('90');
  await page.getByLabel('Thời hạn Đề án').fill('31/12/2030');
  await page.getByLabel(/^Mục tiêu năm \d{4} \(%\)$/).first().fill('70');
  await page.getByLabel(/^Mục tiêu năm \d{4} \(%\)$/).nth(1).fill('80');
  await page.getByRole('button', { name: 'Lưu và giao cho các xã' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Đã giao cho \d+ xã/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Các mục tiêu của tỉnh' }).locator('tr[data-item="vneid"]')).toContainText('31/12/2030');

  // The commune officer: A's target for this year is now 70%; submit this quarter.
  const { token } = await api(base, 'POST', '/api/auth/login', { username: a.username, password: 'mat-khau-can-bo-xa' });
  const mine = await api(base, 'GET', '/api/admin/targets', undefined, token);
  expect(mine.targets.filter((t: { itemId: string }) => t.itemId === 'vneid').map((t: { value: number }) => t.value)).toEqual([70, 80, 90]);
  const officer = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const op = await officer.newPage();
  op.on('pageerror', (e) => errors.push(e.message));
  await op.goto('/officer/login');
  await op.getByLabel('Tên đăng nhập').fill(a.username!);
  await op.getByLabel('Mật khẩu').fill('mat-khau-can-bo-xa');
  await op.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(op.getByRole('heading', { level: 1, name: 'Tổng quan kết quả' })).toBeVisible();
  await op.goto(`/officer/report?period=${quarter.key}`);
  await op.getByLabel('Khó khăn, vướng mắc', { exact: true }).fill('Thôn Một chưa có sóng di động ở khu Nà Cang.');
  await op.getByLabel('Đề xuất, kiến nghị', { exact: true }).fill('Đề nghị hỗ trợ 5 điện thoại thông minh.');
  await expect(op.getByText('Chưa gửi báo cáo kỳ này.')).toBeVisible();
  op.once('dialog', (d) => void d.accept());
  await op.getByRole('button', { name: 'Gửi báo cáo kỳ này' }).click();
  const state = op.getByTestId('submit-state');
  await expect(state).toContainText('Số liệu không thay đổi kể từ khi gửi.');
  const box = await op.getByRole('button', { name: 'Gửi lại (bản điều chỉnh)' }).boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);

  // A late cell: resident 1 gets VNeID → this quarter's VNeID moves.
  const p = a.phone!;
  const h = `h-${A.code}0`;
  const at = Date.now();
  const cell = { seq: ++p.seq, id: `vneid@${h}-r1`, name: 'checklist.set' as const, args: { id: `vneid@${h}-r1`, villageId: a.villageId, householdId: h, residentId: `${h}-r1`, itemId: 'vneid', state: 'done', by: p.memberId, at }, hlc: p.clock.send(at) };
  const pushed = await api(base, 'POST', '/api/sync/push', { protocol: PROTOCOL, schema: SCHEMA, deviceId: p.deviceId, mutations: [cell] }, p.token);
  expect(pushed.results[0].status).toBe('applied');
  await op.reload();
  await expect(op.getByTestId('submit-state')).toContainText('Số liệu đã thay đổi kể từ khi gửi: 1 chỉ tiêu.');

  // The A4 print: the officer's words, and nothing wider than the page (A4 landscape less 12 mm margins ≈ 1032 px).
  await op.setViewportSize({ width: 1032, height: 740 });
  await op.goto(`/officer/print?period=${quarter.key}`);
  await expect(op.getByText('Thôn Một chưa có sóng di động ở khu Nà Cang.')).toBeVisible();
  await op.emulateMedia({ media: 'print' });
  const widths = await op.evaluate(() => ({ page: document.documentElement.scrollWidth, sheet: document.querySelector('.sheet')!.scrollWidth }));
  expect(widths.sheet).toBeLessThanOrEqual(1032);
  expect(widths.page).toBeLessThanOrEqual(1032);
  await officer.close();

  // The province: A submitted, 1 indicator changed since; the province appendix has row 2 with its targets.
  await page.goto(`/officer?period=${quarter.key}`);
  const subs = page.getByRole('table', { name: 'Tình hình gửi báo cáo của các xã' });
  await expect(subs.locator(`tr[data-commune="${a.id}"]`)).not.toContainText('Chưa gửi');
  await expect(subs.locator(`tr[data-commune="${a.id}"] td`).last()).toHaveText('1');
  const appendix = page.getByRole('table', { name: 'Phụ lục 01 — kết quả toàn tỉnh so với mục tiêu của tỉnh' }).locator('tr[data-item="vneid"]');
  await expect(appendix).toContainText('Tỷ lệ người dân cài đặt ứng dụng VNeID');
  await expect(appendix.locator('td').first()).toHaveText('2');
  await expect(appendix).toContainText('90%');
  await expect(appendix).toContainText('70%');
  const admin = await page.evaluate(() => sessionStorage.getItem('tn.officer.token'));
  const file = await fetch(`${base}/api/reports/export?commune=${a.id}&period=${quarter.key}&format=xlsx`, { headers: { Authorization: `Bearer ${admin}` } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await file.arrayBuffer()) as ArrayBuffer);
  const lines: unknown[] = [];
  wb.worksheets[0].eachRow((r) => lines.push(r.getCell(1).value));
  expect(wb.worksheets[0].name).toBe('Phụ lục 01');
  expect(lines.some((l) => typeof l === 'string' && l.includes('Số liệu đã thay đổi kể từ khi gửi: 1 mục tiêu (TT 2).'))).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});

// Commune B's officer (360 px) creates invites for two villages from one CSV; the print has one sheet per village,
// each card's QR code on the server's PUBLIC_URL, and the officer is told that address is not https.
test('bulk invites from a CSV, one sheet per village, on the public address', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const b = communes[B.name];
  expect(b?.username, 'the desktop pass made commune B').toBeTruthy();
  const { token } = await api(baseURL!, 'POST', '/api/auth/login', { username: b.username, password: 'mat-khau-can-bo-xa' });
  await api(baseURL!, 'POST', '/api/admin/villages', { name: 'Bản Phìn Hồ', kind: 'ban' }, token);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/officer/login');
  await page.getByLabel('Tên đăng nhập').fill(b.username!);
  await page.getByLabel('Mật khẩu').fill('mat-khau-can-bo-xa');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan kết quả' })).toBeVisible();
  await page.goto('/officer/admin/invites');
  await expect(page.getByTestId('public-url')).toContainText('không phải https');
  const csv = 'Thôn, bản;Số lượng;Hạn;Vai trò\nThôn Một;12;30;Thành viên\nBan Phin Ho;3;60;Tổ trưởng\nThôn Một;1;14;Tổ trưởng\n';
  await page.getByLabel('Chọn tệp CSV danh sách mã mời').setInputFiles({ name: 'ma-moi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(page.getByRole('status').filter({ hasText: 'Đã tạo 3 mã mời.' })).toBeVisible();
  await page.getByRole('link', { name: 'In phiếu cho 3 mã vừa tạo (mỗi thôn một trang)' }).click();
  const sheets = page.locator('section.invite-sheet');
  await expect(sheets).toHaveCount(2);
  await expect(sheets.nth(0).getByRole('heading')).toContainText('Bản Phìn Hồ');
  await expect(sheets.nth(0).locator('.invite-card')).toHaveCount(1);
  await expect(sheets.nth(1).getByRole('heading')).toContainText('Thôn Một');
  await expect(sheets.nth(1).locator('.invite-card')).toHaveCount(2);
  await expect(sheets.nth(0)).toContainText('Tổ trưởng · còn 3 lượt');
  await expect(sheets.nth(0)).toContainText(`vào ${new URL(baseURL!).host}`);
  await expect(page.getByRole('img', { name: /^Mã QR để tham gia tổ, mã / })).toHaveCount(3);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/screens/province-invite-sheets-phone.png', fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});
