import { expect, test, type Page } from '@playwright/test';
import { addHousehold } from './field-helpers.ts';
import { badge, defineNameHelper, joinInUi, officer } from './sync-helpers.ts';

// Two members of one team, each in their own browser (two contexts, two phones), edit the same household with no
// signal — different fields, and the same field — then come back online. Both end with the same merged household:
// every field from whoever changed it, and for the field both changed, the later edit. The badge and the sync
// screen say what is going on at every step.
const PASSWORD = 'e2e-admin-pass';
const YEAR = new Date().getFullYear();
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/sync-${name}.png`, fullPage: true });

const householdRow = async (page: Page, id: string) => {
  await defineNameHelper(page);
  return page.evaluate(
    (key) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const open = indexedDB.open('tungnha');
        open.onsuccess = () => {
          const g = open.result.transaction('households').objectStore('households').get(key);
          g.onsuccess = () => (open.result.close(), resolve(g.result));
          g.onerror = () => reject(g.error);
        };
      }),
    id,
  );
};

const edit = async (page: Page, url: string, fields: Record<string, string>) => {
  await page.goto(`${url}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sửa thông tin hộ' })).toBeVisible();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: false }).first().fill(value);
  await page.getByRole('button', { name: 'Lưu hộ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: fields['Tên chủ hộ'] })).toBeVisible();
};

const syncScreen = async (page: Page) => {
  await page.goto('/sync');
  await expect(page.getByRole('heading', { level: 1, name: 'Đồng bộ với xã' })).toBeVisible();
};

test('two members edit one household offline; both end with the same merged household', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await officer(baseURL!, PASSWORD);
  const code = await admin.invite('v-khe-mat', 5);
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  const errors: string[] = [];
  for (const p of [a, b]) p.on('pageerror', (e) => errors.push(e.message));

  await joinInUi(a, baseURL!, code, 'Lò Thị Hoa');
  await joinInUi(b, baseURL!, code, 'Giàng A Tú');

  // Online: A adds a household; it goes to the commune by itself and B receives it.
  await addHousehold(a, 'Hoàng Văn Sáng', [
    { label: 'Hoàng Văn Sáng', year: YEAR - 50 },
    { label: 'Lý Thị Mai', year: YEAR - 47 },
  ]);
  const url = new URL(a.url()).pathname;
  const id = url.split('/').pop()!;
  await expect(badge(a)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 20_000 });
  await expect(a.getByText('Xã đã xác nhận')).toBeVisible();
  await syncScreen(b);
  await b.getByRole('button', { name: /Kiểm tra dữ liệu mới|Gửi ngay/ }).click();
  await expect(b.getByText('Mọi thay đổi đã được gửi lên xã.')).toBeVisible({ timeout: 20_000 });
  await b.goto(url);
  await expect(b.getByRole('heading', { level: 1, name: 'Hoàng Văn Sáng' })).toBeVisible();

  // No signal on either phone.
  await ctxA.setOffline(true);
  await ctxB.setOffline(true);
  await expect(badge(a)).toHaveText('Đang ngoại tuyến');
  await edit(a, url, { 'Tên chủ hộ': 'Hoàng Văn Sáng (anh Sáng)', 'Số điện thoại': '0912 345 678' });
  await expect(badge(a)).toHaveText('Đang ngoại tuyến · 1 chờ gửi');
  await expect(a.getByText('Chưa gửi', { exact: true })).toBeVisible();
  await syncScreen(a);
  await expect(a.getByText(/Đang ngoại tuyến \(không có sóng\)/)).toBeVisible();
  await expect(a.getByRole('heading', { name: 'Đang chờ gửi (1)' })).toBeVisible();
  await expect(a.locator('[data-list="waiting"]')).toContainText('Hộ Hoàng Văn Sáng (anh Sáng) — thông tin hộ');
  await shot(a, 'offline-waiting');

  // B edits later: another field, and the same field (B's name is the later edit, so it wins everywhere).
  await edit(b, url, { 'Tên chủ hộ': 'Hoàng Văn Sáng (ông Sáng)', 'Ghi chú': 'Chỉ ở nhà buổi tối' });
  await expect(badge(b)).toHaveText('Đang ngoại tuyến · 1 chờ gửi');

  // Signal back: A first, then B; each sends by itself when it comes online.
  await ctxA.setOffline(false);
  await expect(badge(a)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 20_000 });
  await expect(a.getByRole('heading', { name: 'Đang chờ gửi (0)' })).toBeVisible();
  await ctxB.setOffline(false);
  await expect(badge(b)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 20_000 });
  // A asks for what arrived since.
  await a.getByRole('button', { name: /Kiểm tra dữ liệu mới/ }).click();
  await expect(a.getByText('Mọi thay đổi đã được gửi lên xã.')).toBeVisible({ timeout: 20_000 });

  for (const p of [a, b]) {
    await p.goto(url);
    await expect(p.getByRole('heading', { level: 1, name: 'Hoàng Văn Sáng (ông Sáng)' })).toBeVisible();
    await expect(p.getByRole('link', { name: /0912 345 678/ })).toBeVisible();
    await expect(p.getByText('Chỉ ở nhà buổi tối')).toBeVisible();
    await expect(p.getByText('Xã đã xác nhận')).toBeVisible();
  }
  await shot(b, 'merged-household');
  const [rowA, rowB] = [await householdRow(a, id), await householdRow(b, id)];
  expect(rowA).toEqual(rowB);
  expect(rowA).toMatchObject({ headName: 'Hoàng Văn Sáng (ông Sáng)', phone: '0912 345 678', notes: 'Chỉ ở nhà buổi tối' });
  await syncScreen(a);
  await shot(a, 'all-sent');
  expect(errors).toEqual([]);
  await ctxA.close();
  await ctxB.close();
});
