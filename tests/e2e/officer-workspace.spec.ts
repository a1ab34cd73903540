import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { seedOfficerData } from './officer-seed.ts';

// The commune officer's flow end to end on real synced data (the demo commune pushed through the sync API by
// joined phones): sign in, the dashboard, drill down to a household's visits, create an invite and print its QR
// sheet, change a target, export the report. Then every officer screen at 1366×768 and 360×740: no serious or
// critical axe violation, a screenshot in test-results/screens.
const PASSWORD = process.env.ADMIN_PASSWORD ?? 'e2e-admin-pass';
const VIEWPORTS = { desktop: { width: 1366, height: 768 }, phone: { width: 360, height: 740 } } as const;
let seeded = false;
// `admin` is the province admin (first start); the commune screens are opened with the sample commune named.
const C = '?commune=c-sample';
const PROVINCE_HEADING = 'Toàn tỉnh: Tỉnh Sơn Cước (mẫu)';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  if (seeded) return;
  await seedOfficerData(baseURL!, PASSWORD);
  seeded = true;
});

const signIn = async (page: Page) => {
  await page.goto(`/officer${C}`);
  await expect(page).toHaveURL(/\/officer\/login\?next=%2Fofficer/);
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan kết quả' })).toBeVisible();
};

const axe = async (page: Page, what: string) => {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${what}: ${v.id} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
};

test('signs in, and a wrong password says so', async ({ page }) => {
  await page.goto('/officer/login');
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu chưa đúng.');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  // The province admin lands on the province; a commune opens from it.
  await expect(page.getByRole('heading', { level: 1, name: PROVINCE_HEADING })).toBeVisible();
  await page.getByRole('table', { name: 'Các xã của tỉnh' }).getByRole('link', { name: 'Xã Nậm Tiên (mẫu)' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan kết quả' })).toBeVisible();
});

test('the dashboard shows every indicator with numerator, denominator, target, band, as-of and freshness', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page);
  const table = page.getByRole('table', { name: /Các chỉ tiêu của Xã Nậm Tiên \(mẫu\)/ });
  const vneid = table.getByRole('row', { name: /Cài đặt ứng dụng VNeID/ });
  await expect(vneid).toContainText(/\d+,\d%/);
  await expect(vneid).toContainText(/\d+\/\d+/); // numerator/denominator
  await expect(vneid).toContainText('Người từ 14 tuổi trở lên');
  await expect(vneid).toContainText('90%'); // the demo's target
  await expect(vneid.getByText(/Đạt và vượt|Trên 80%|Từ 50% đến 80%|Dưới 50%/)).toBeVisible();
  await expect(page.getByText(/Số liệu tính đến \d\d:\d\d \d\d\/\d\d\/\d{4}/)).toBeVisible();
  await expect(page.getByText(/Mức độ cập nhật dữ liệu/).first()).toBeVisible();
  await expect(page.getByText(/Hạn gửi báo cáo: trước ngày 05\//)).toBeVisible();
  await expect(page.getByRole('img', { name: /Cài VNeID: từ .* lên .* qua \d+ tuần/ })).toBeVisible();
  // Every village is listed with its own figure for every indicator.
  const villages = page.getByRole('table', { name: /Kết quả từng thôn, bản/ });
  for (const name of ['Bản Nà Pồng', 'Bản Huổi Lạ', 'Thôn Khe Mát', 'Thôn Làng Chùa', 'Tổ dân phố Tân Tiến'])
    await expect(villages.getByRole('link', { name })).toBeVisible();
  // Every indicator at once: a column each, no picker.
  await expect(villages.getByRole('columnheader', { name: 'Cáp quang' })).toBeAttached();
  await expect(villages.getByRole('columnheader', { name: 'Cài VNeID' })).toBeVisible();
  // Another period keeps working (the link carries it).
  await page.getByLabel('Loại kỳ').selectOption('year');
  await expect(page).toHaveURL(/period=\d{4}$/);
  await expect(page.getByRole('table', { name: /Năm \d{4}/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('drills down from a village to a household and its visits, with who and when', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Bản Nà Pồng' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bản Nà Pồng' })).toBeVisible();
  await expect(page.getByText(/Hộ 1–50 trong \d+ hộ/)).toBeVisible();
  const first = page.getByRole('table', { name: 'Danh sách hộ' }).getByRole('link').first();
  const head = (await first.textContent())!.trim();
  await page.getByLabel('Tìm hộ').fill(head.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd'));
  await expect(page.getByRole('table', { name: 'Danh sách hộ' }).getByRole('link', { name: head }).first()).toBeVisible();
  await page.getByRole('table', { name: 'Danh sách hộ' }).getByRole('link', { name: head }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(head);
  await expect(page.getByText('Chỉ xem: thông tin do tổ ghi trên điện thoại.')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Lượt hỗ trợ \(\d+\)/ })).toBeVisible();
  // Each visit says when and who.
  await expect(page.locator('.o-visits .visit-head').first()).toContainText(/\d\d:\d\d \d\d\/\d\d\/\d{4} · \S+/);
  await page.getByRole('link', { name: '‹ Bản Nà Pồng' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bản Nà Pồng' })).toBeVisible();
});

test('creates an invite code and prints its QR sheet', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Khu vực làm việc' }).getByRole('link', { name: 'Quản trị' }).click();
  await page.getByRole('link', { name: /Mã mời/ }).click();
  await page.getByLabel('Thôn, bản').selectOption({ label: 'Thôn Khe Mát' });
  await page.getByLabel('Số máy được dùng mã').fill('5');
  await page.getByRole('button', { name: 'Tạo mã' }).click();
  const code = (await page.locator('.o-new-code .code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await page.getByRole('link', { name: 'In phiếu mã mời (mã QR)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Phiếu mã mời (1)' })).toBeVisible();
  await expect(page.getByRole('img', { name: `Mã QR để tham gia tổ, mã ${code}` })).toBeVisible();
  await expect(page.locator('.invite-card')).toContainText('Thôn Khe Mát');
  await expect(page.locator('.ic-code')).toHaveText(code);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Khu vực làm việc' })).toBeHidden();
  await page.screenshot({ path: 'test-results/screens/officer-print-invites.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  // The join link in the QR code opens the field app's join screen with the code filled in.
  await page.goto(`/join?code=${code}`);
  await expect(page.locator('input').first()).toHaveValue(code);
});

test('changes a target, and the dashboard measures against it', async ({ page }) => {
  await signIn(page);
  await page.goto(`/officer/admin/targets${C}`);
  const row = page.getByRole('row', { name: /Cài đặt ứng dụng VNeID/ });
  await row.getByRole('button', { name: /Sửa/ }).click();
  await page.getByLabel('Chỉ tiêu (%)').fill('95');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Cài đặt ứng dụng VNeID/ })).toContainText('95%');
  await page.getByLabel('Chỉ tiêu (%)').fill('120');
  await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Chỉ tiêu (%): số lớn quá.' })).toBeVisible();
  await page.goto(`/officer${C}`);
  await expect(page.getByRole('table', { name: /Các chỉ tiêu/ }).getByRole('row', { name: /Cài đặt ứng dụng VNeID/ })).toContainText('95%');
  await page.goto(`/officer/admin/audit${C}`);
  await expect(page.getByRole('row', { name: /Sửa chỉ tiêu/ }).first()).toBeVisible();
});

test('writes the report text and exports the period as XLSX and CSV', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Khu vực làm việc' }).getByRole('link', { name: 'Báo cáo định kỳ' }).click();
  await page.getByLabel('Khó khăn, vướng mắc').fill('Số CCCD 001203004005 của ông A');
  await page.getByRole('button', { name: 'Lưu nội dung' }).click();
  await expect(page.getByRole('alert')).toContainText('có dãy số giống số CCCD/CMND');
  await page.getByLabel('Khó khăn, vướng mắc').fill('Bản Tả Sìn chưa có sóng di động; người cao tuổi chưa có điện thoại thông minh.');
  await page.getByLabel('Đề xuất, kiến nghị').fill('Hỗ trợ 20 điện thoại thông minh cho hộ nghèo.');
  await page.getByRole('button', { name: 'Lưu nội dung' }).click();
  await expect(page.getByText('Đã lưu.')).toBeVisible();
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải tệp Excel (XLSX)' }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^bao-cao-xa-nam-tien-mau-\d{4}-Q[1-4]\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsx.path())!);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Phụ lục 01', 'Chỉ tiêu', 'Theo thôn, bản', 'Hoạt động theo thôn', 'Hoạt động của tổ', 'Khó khăn, đề xuất']);
  const text: unknown[] = [];
  wb.getWorksheet('Khó khăn, đề xuất')!.eachRow((r) => text.push(r.getCell(1).value));
  expect(text).toContain('Hỗ trợ 20 điện thoại thông minh cho hộ nghèo.');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải tệp CSV' }).click()]);
  const body = fs.readFileSync((await csv.path())!, 'utf8');
  expect(body.split('\r\n')[0]).toContain('Đơn vị,Chỉ tiêu,Đối tượng (mẫu số),Đơn vị tính,Chỉ tiêu giao (%)');
  expect(body).toContain('Bản Nà Pồng,Cài đặt ứng dụng VNeID');
});

for (const [vp, viewport] of Object.entries(VIEWPORTS)) {
  test(`every officer screen at ${viewport.width}×${viewport.height}: accessible and screenshotted`, async ({ browser }) => {
    // Sixteen screens, each with an axe run: about 13 s a screen on a busy 2-core machine.
    test.setTimeout(360_000);
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/officer/login');
    await axe(page, 'login');
    await page.screenshot({ path: `test-results/screens/officer-${vp}-login.png`, fullPage: true });
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('heading', { level: 1, name: PROVINCE_HEADING })).toBeVisible();
    const household = await page.evaluate(async () => {
      const token = sessionStorage.getItem('tn.officer.token');
      const res = await fetch('/api/reports/villages/v-na-pong/households?limit=1', { headers: { Authorization: `Bearer ${token}` } });
      return ((await res.json()) as { households: { id: string }[] }).households[0].id;
    });
    const screens: [string, string, string | RegExp][] = [
      ['province', '/officer', PROVINCE_HEADING],
      ['dashboard', '/officer', 'Tổng quan kết quả'],
      ['village', '/officer/villages/v-na-pong', 'Bản Nà Pồng'],
      ['household', `/officer/households/${household}`, /./],
      ['activity', '/officer/activity', 'Hoạt động của tổ'],
      ['report', '/officer/report', 'Báo cáo định kỳ'],
      ['print', '/officer/print', 'BÁO CÁO KẾT QUẢ HOẠT ĐỘNG CỦA TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG'],
      ['admin', '/officer/admin', 'Quản trị'],
      ['villages', '/officer/admin/villages', 'Thôn, bản, tổ dân phố'],
      ['teams', '/officer/admin/teams', 'Tổ và thành viên'],
      ['invites', '/officer/admin/invites', 'Mã mời'],
      ['invite-sheet', '/officer/admin/invites/print', /Phiếu mã mời/],
      ['devices', '/officer/admin/devices', 'Thiết bị'],
      ['targets', '/officer/admin/targets', 'Chỉ tiêu'],
      ['catalogue', '/officer/admin/catalogue', 'Danh mục việc hỗ trợ'],
      ['audit', '/officer/admin/audit', 'Nhật ký thay đổi'],
    ];
    for (const [name, path, heading] of screens) {
      await page.goto(name === 'province' ? path : `${path}${C}`);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.locator('.loading')).toHaveCount(0);
      // Nothing but a table's own frame scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} is wider than the screen`).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: `test-results/screens/officer-${vp}-${name}.png`, fullPage: true });
      await axe(page, name);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
}
