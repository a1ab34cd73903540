import { expect, test, type Page } from '@playwright/test';
import { addHousehold } from './field-helpers.ts';
import { badge, idbCount, joinInUi, officer } from './sync-helpers.ts';

// Issue 13, item 2: a phone the officer revokes hides the roster at once, but keeps what it has not sent until it
// is sent (after re-joining with a new invite code) or exported to a file; sync, settings and export stay open.
const PASSWORD = 'e2e-admin-pass';
const YEAR = new Date().getFullYear();
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/revoked-${name}.png`, fullPage: true });

test('a revoked phone hides the roster, keeps its unsent change, exports it, and sends it after re-joining', async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 360, height: 740 });
  const admin = await officer(baseURL!, PASSWORD);
  await joinInUi(page, baseURL!, await admin.invite('v-lang-chua', 2), 'Hà Thị Gấm');
  await addHousehold(page, 'Hộ Đã Gửi', [{ label: 'Hộ Đã Gửi', year: YEAR - 40 }]);
  await expect(badge(page)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 20_000 });

  // A change the phone cannot send yet (its pushes fail as with no signal)...
  await page.route('**/api/sync/**', (r) => r.abort('internetdisconnected'));
  await addHousehold(page, 'Hộ Chưa Gửi', [{ label: 'Hộ Chưa Gửi', year: YEAR - 30 }]);
  expect(await idbCount(page, 'outbox')).toBe(2); // the household and its resident

  // ...then the officer removes the phone from the team, and signal comes back: the phone learns it was removed.
  const { devices } = await admin.call('/api/admin/devices');
  const mine = (devices as { id: string; memberName: string }[]).find((d) => d.memberName === 'Hà Thị Gấm')!;
  await admin.call(`/api/admin/devices/${encodeURIComponent(mine.id)}/revoke`, {});
  await page.unroute('**/api/sync/**');
  await page.goto('/sync');
  // Opening the app with signal syncs by itself: the refusal comes back and the phone says what to do.
  await expect(page.getByText(/Xã đã thu hồi quyền gửi dữ liệu của máy này/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Đang chờ gửi (2)' })).toBeVisible();
  await page.goto('/households');
  await expect(page.getByRole('heading', { level: 1, name: 'Máy này đã bị gỡ khỏi tổ' })).toBeVisible();
  await expect(page.getByText('Hộ Đã Gửi')).toHaveCount(0);
  await expect(page.getByText('Hộ Chưa Gửi')).toHaveCount(0);
  await shot(page, 'panel');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Máy này đã bị gỡ khỏi tổ' })).toBeVisible();
  expect(await idbCount(page, 'outbox')).toBe(2); // the household and its resident

  // The export stays open: the unsent change goes into a file.
  await page.getByRole('link', { name: 'Xuất dữ liệu ra tệp' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cài đặt' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất dữ liệu ra tệp' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.json$/);
  const body = JSON.parse(await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(JSON.stringify(body)).toContain('Hộ Chưa Gửi');
  await shot(page, 'settings-export');

  // Re-joining with a new code: the roster is back and the kept change goes to the commune.
  await page.goto('/');
  await page.getByRole('link', { name: 'Tham gia lại bằng mã mời' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible();
  await joinInUi(page, baseURL!, await admin.invite('v-lang-chua', 2), 'Hà Thị Gấm');
  await expect(badge(page)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 20_000 });
  expect(await idbCount(page, 'outbox')).toBe(0);
  await page.goto('/households');
  await expect(page.getByRole('link', { name: /Hộ Chưa Gửi/ })).toBeVisible();
  expect(errors).toEqual([]);
});
