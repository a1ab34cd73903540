import { expect, test, type Page } from '@playwright/test';
import { addHousehold } from './field-helpers.ts';
import { badge, joinInUi, officer } from './sync-helpers.ts';

// Item 5 of issue 13: a member erases the text of a visit's note (a phone number typed by mistake). The visit stays
// and counts; the note leaves this phone at once, the server, and a teammate's phone once both have synced.
const PASSWORD = 'e2e-admin-pass';
const YEAR = new Date().getFullYear();
const NOTE = 'Chị Mai nhờ ghi số con gái 0987 654 321';
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/redact-${name}.png`, fullPage: true });

const syncNow = async (page: Page) => {
  await page.goto('/sync');
  await expect(page.getByRole('heading', { level: 1, name: 'Đồng bộ với xã' })).toBeVisible();
  await page.getByRole('button', { name: /Kiểm tra dữ liệu mới|Gửi ngay/ }).click();
  await expect(page.getByText('Mọi thay đổi đã được gửi lên xã.')).toBeVisible({ timeout: 20_000 });
};

test('an erased visit note reaches a second phone; the visit stays', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await officer(baseURL!, PASSWORD);
  const code = await admin.invite('v-khe-mat', 5);
  const ctxA = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const ctxB = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  const errors: string[] = [];
  for (const p of [a, b]) p.on('pageerror', (e) => errors.push(e.message));
  await joinInUi(a, baseURL!, code, 'Lò Thị Hoa');
  await joinInUi(b, baseURL!, code, 'Giàng A Tú');

  await addHousehold(a, 'Lý Văn Sình', [{ label: 'Lý Thị Mai', year: YEAR - 45 }]);
  const url = new URL(a.url()).pathname;
  await a.getByRole('link', { name: 'Ghi lượt hỗ trợ' }).click();
  await expect(a.getByRole('heading', { level: 1, name: 'Ghi lượt hỗ trợ' })).toBeVisible();
  await a.locator('label.chip', { hasText: 'Cài VNeID' }).first().click();
  await a.getByRole('checkbox', { name: /^Lý Thị Mai/ }).check();
  await a.getByLabel('Ghi chú').fill(NOTE);
  await a.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(a.getByText(NOTE)).toBeVisible();
  await expect(badge(a)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 20_000 });

  // The teammate's phone has the visit with its note.
  await syncNow(b);
  await b.goto(url);
  await expect(b.getByText(NOTE)).toBeVisible();

  // A erases it, after a confirmation that says what it does.
  await a.goto(url);
  await a.getByRole('button', { name: 'Xoá ghi chú' }).click();
  const dialog = a.getByRole('dialog', { name: 'Xoá nội dung ghi chú?' });
  await expect(dialog).toContainText('trên máy chủ và trên máy của các thành viên khác');
  await shot(a, 'confirm');
  await dialog.getByRole('button', { name: 'Xoá hẳn ghi chú' }).click();
  await expect(a.getByText(NOTE)).toHaveCount(0);
  await expect(a.getByText(/^Ghi chú đã được xoá ngày /)).toBeVisible();
  await expect(badge(a)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 20_000 });
  await shot(a, 'erased');

  // B pulls: the note is gone there too; the visit is still in the history.
  await syncNow(b);
  await b.goto(url);
  await expect(b.getByText(/^Ghi chú đã được xoá ngày /)).toBeVisible();
  await expect(b.getByText(NOTE)).toHaveCount(0);
  await expect(b.locator('.visits > li')).toHaveCount(1);
  await expect(b.locator('.visits > li')).toContainText('Lý Thị Mai');
  expect(await b.content()).not.toContain('0987 654 321');
  await shot(b, 'second-phone');
  expect(errors).toEqual([]);
  await ctxA.close();
  await ctxB.close();
});
