import { expect, test, type Page } from '@playwright/test';
import { addHousehold, firstRun, nav } from './field-helpers.ts';

// Issue 13, items 4 and 6 on a 360×740 phone (the trial commune, no server needed): "cần hỗ trợ lại" fills in a
// follow-up date 7 days ahead and refuses to save without one; each resident gets their own outcome; the
// follow-up card says what is pending and for whom; "Đã xong" can be undone; the grid keeps the residents'
// names in view while it scrolls sideways through the items; VNeID level 2 done marks the VNeID account done.
const YEAR = new Date().getFullYear();
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/issue13-${name}.png`, fullPage: true });

test('follow-ups that cannot be lost, one outcome per resident, and a grid whose names stay', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await firstRun(page);
  await addHousehold(page, 'Thào A Dính', [
    { label: 'Thào A Dính', year: YEAR - 52 },
    { label: 'Giàng Thị Mỷ', year: YEAR - 49 },
    { label: 'Thào Thị Pà', year: YEAR - 23 },
    { label: 'Thào A Sình', year: YEAR - 19 },
    { label: 'Thào Thị Dua', year: YEAR - 16 },
  ]);
  const url = new URL(page.url()).pathname;

  // The grid at 360 px: scrolled to its last item column, the first resident's name is still in view.
  const wrap = page.locator('.grid-wrap');
  await wrap.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  const name = page.locator('.grid tbody th', { hasText: 'Thào A Dính' });
  const box = await name.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
  await expect(page.getByRole('button', { name: 'Chữ ký số — Thào A Dính: Chưa làm' })).toBeInViewport();
  await page.screenshot({ path: 'test-results/screens/issue13-grid-scrolled.png' });

  // One visit, two outcomes for one item: Dính done, Mỷ needs a follow-up.
  await page.getByRole('link', { name: 'Ghi lượt hỗ trợ' }).click();
  await page.locator('label.chip', { hasText: 'VNeID mức 2' }).first().click();
  await page.getByRole('checkbox', { name: /^Thào A Dính/ }).check();
  await page.getByRole('checkbox', { name: /^Giàng Thị Mỷ/ }).check();
  await expect(page.getByRole('group', { name: 'Kết quả của từng người' })).toBeVisible();
  await page.locator('.per-resident-row', { hasText: 'Giàng Thị Mỷ' }).locator('select').selectOption('follow-up');
  const inSeven = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 7);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  await expect(page.locator('input[name="followUpOn"]')).toHaveValue(inSeven);
  await expect(page.getByRole('button', { name: 'Sau 7 ngày' })).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'visit-per-resident');
  // Cleared, the date is required.
  await page.locator('input[name="followUpOn"]').fill('');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.locator('.summary')).toBeVisible();
  await expect(page.locator('.summary')).toContainText('Ngày hẹn hỗ trợ lại: không được để trống.');
  await shot(page, 'visit-date-required');
  await page.getByRole('button', { name: 'Sau 14 ngày' }).click();
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thào A Dính' })).toBeVisible();
  await expect(page.getByText(/VNeID mức 2: Thào A Dính — Đã xong/)).toBeVisible();
  await expect(page.getByText(/VNeID mức 2: Giàng Thị Mỷ — Cần hỗ trợ lại/)).toBeVisible();
  // Level 2 done: the VNeID account is done too; the other's stays as the visit left it.
  await expect(page.getByRole('button', { name: 'Cài VNeID — Thào A Dính: Đã xong' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'VNeID mức 2 — Giàng Thị Mỷ: Đang làm' })).toBeVisible();

  // The follow-up card says what is pending, for whom; "Đã xong" closes it and the toast undoes that.
  await nav(page, 'Hỗ trợ lại').click();
  const card = page.locator('.fu', { hasText: 'Thào A Dính' });
  await expect(card.locator('.fu-pending')).toHaveText('VNeID mức 2: Giàng Thị Mỷ');
  await shot(page, 'followups-pending');
  await card.getByRole('button', { name: 'Đã hỗ trợ xong hộ Thào A Dính' }).click();
  await expect(page.locator('.fu', { hasText: 'Thào A Dính' })).toHaveCount(0);
  const undo = page.locator('.toast').getByRole('button', { name: 'Hoàn tác' });
  await expect(undo).toBeVisible();
  await shot(page, 'followups-undo');
  await undo.click();
  await expect(page.locator('.fu', { hasText: 'Thào A Dính' })).toHaveCount(1);
  await expect(page.getByText('Đã mở lại lịch hẹn của hộ Thào A Dính.')).toBeVisible();

  // The tallies say VNeID counts level 2.
  await nav(page, 'Kết quả').click();
  await expect(page.getByText('Tính cả người đã xong “VNeID mức 2”.')).toBeVisible();
  await shot(page, 'tallies');
  // A member without a PIN (the trial commune here) is offered one on "Người dùng máy này".
  await page.goto('/members');
  await expect(page.getByRole('heading', { level: 2, name: 'Đặt mã PIN' })).toBeVisible();
  await expect(page.getByLabel('Mã PIN của bạn')).toBeVisible();
  await shot(page, 'members-set-pin');
  await page.getByLabel('Mã PIN của bạn').fill('2580');
  await page.getByLabel('Nhập lại mã PIN').fill('2580');
  await page.getByRole('button', { name: 'Lưu mã PIN' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Khoá máy' })).toBeVisible();
  await page.getByRole('button', { name: 'Khoá máy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Máy đang khoá' })).toBeVisible();
  await page.getByLabel('Mã PIN').fill('2580');
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Người dùng máy này' })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
