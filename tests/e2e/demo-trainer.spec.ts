import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { addHouseholdOnPhone, axeProblems, logVisitOnPhone, networkLog, phoneOf, ready, signal, tile, YEAR } from './demo-helpers.ts';

// The trainer's story with no internet (issue 5): load the app online once, then the network goes off for good.
// From the first screen into the demo; join on the phone; with the signal switched off, add a household and log a
// visit (they pile up in the outbox, the commune sees nothing); switch the signal on: they drain through the real
// protocol and the commune's tallies change. Export the report; reset restores the seed. Nothing leaves the page:
// every request after the first load is answered by the service worker from its cache, none goes to the API, none
// carries data. Screenshots at 1920×1080 (projector) and axe on every stage.
test('the whole story on a projector with the network off: offline visits drain into the commune’s tallies, reset restores the seed, nothing leaves the page', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const problems: string[] = [];
  const shot = async (name: string) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/screens/demo-projector-${name}.png` });
    problems.push(...(await axeProblems(page, name)));
  };

  // One online load: the service worker installs and precaches the app (demo chunks included).
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  const log = networkLog(context);

  // From the first screen, no account.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Bắt đầu dùng Từng Nhà' })).toBeVisible();
  await page.getByRole('link', { name: 'Mở chế độ trình diễn' }).click();
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('DEMO');
  const phone = phoneOf(page);
  await expect(phone.locator('.demo-strip')).toContainText('DEMO');
  await page.getByRole('button', { name: 'Chế độ máy chiếu' }).click();
  await expect(page).toHaveURL(/[?&]projector/);
  const seed = { l2: await tile(page, 'vneid-l2'), smartphone: await tile(page, 'smartphone') };
  await shot('01-start');

  // Join on the phone: the invite code is already filled in, as from a QR link.
  await expect(phone.getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible();
  await expect(phone.getByLabel('Mã mời')).toHaveValue(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await phone.getByLabel('Tên của bạn').fill('Lò Thị Hoa');
  await phone.getByRole('button', { name: 'Tham gia tổ' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Chào Lò Thị Hoa' })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.ds-outbox')).toContainText('Điện thoại của Lò Thị Hoa');

  // Signal off: the household and the visit pile up in the outbox; the commune sees nothing.
  await signal(page).click();
  await expect(signal(page)).toHaveAttribute('aria-checked', 'false');
  await expect(phone.locator('.demo-strip')).toContainText('Mất sóng');
  await addHouseholdOnPhone(phone, 'Lò Văn Páo', [
    { label: 'Lò Văn Páo', year: YEAR - 44 },
    { label: 'Lường Thị Ón', year: YEAR - 40 },
  ]);
  await logVisitOnPhone(phone, 'VNeID mức 2', ['Lò Văn Páo', 'Lường Thị Ón']);
  // household + 2 residents, the visit, 2 level-2 cells and the 2 VNeID account cells level 2 implies
  await expect(page.locator('.ds-outbox-n strong')).toHaveText('8');
  await expect(page.locator('.ds-outbox')).toContainText('Mất sóng');
  await expect(phone.locator('.sync-badge')).toContainText('8 chờ gửi');
  await page.waitForTimeout(2500); // longer than the engine's pause after a write: still nothing sent
  await expect(page.locator('.ds-outbox-n strong')).toHaveText('8');
  expect(await tile(page, 'vneid-l2')).toEqual(seed.l2);
  await shot('02-offline-outbox');

  // Signal back: the outbox drains through the real protocol and the dashboard changes.
  await signal(page).click();
  await expect(page.locator('.ds-outbox-n strong')).toHaveText('0', { timeout: 20_000 });
  await expect(page.locator('.ds-outbox')).toContainText('Đã gửi hết lên xã');
  await expect(page.locator('.ds-news')).toContainText('xã vừa nhận 8 thay đổi từ điện thoại của Lò Thị Hoa');
  await expect(page.locator('.ds-news')).toContainText('VNeID mức 2');
  await expect.poll(() => tile(page, 'vneid-l2')).toEqual([seed.l2[0] + 2, seed.l2[1] + 2]);
  expect(await tile(page, 'smartphone')).toEqual([seed.smartphone[0], seed.smartphone[1] + 2]);
  await expect(page.locator('.ds-tile[data-item="vneid-l2"]')).toHaveClass(/changed/);
  await expect(phone.locator('.sync-badge')).toContainText('Đã gửi hết');
  await shot('03-synced-tallies');

  // The report, as a file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất báo cáo (CSV)' }).click()]);
  const csv = fs.readFileSync((await download.path()) as string, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain('Xã Nậm Tiên (mẫu)');
  expect(csv).toContain('Kích hoạt tài khoản định danh điện tử mức độ 2');
  expect(csv).toContain(`,${seed.l2[0] + 2},${seed.l2[1] + 2},`);

  // Reset: the seed exactly — the commune's figures, the phone back at the join screen, the signal on.
  // Reset asks first: cancel keeps everything, confirming restores the seed.
  await page.getByRole('button', { name: 'Đặt lại dữ liệu mẫu' }).click();
  const ask = page.getByRole('dialog', { name: 'Đặt lại dữ liệu mẫu?' });
  await expect(ask).toContainText('thành viên Lò Thị Hoa');
  await expect(ask.getByRole('button', { name: 'Không, giữ nguyên' })).toBeFocused();
  await shot('04-reset-asks');
  await page.keyboard.press('Enter');
  await expect(ask).toHaveCount(0);
  await page.waitForTimeout(500);
  await expect(page.locator('.ds-outbox')).toContainText('Điện thoại của Lò Thị Hoa');
  await expect(phone.getByRole('heading', { level: 1, name: 'Lò Văn Páo' })).toBeVisible();
  expect(await tile(page, 'vneid-l2')).toEqual([seed.l2[0] + 2, seed.l2[1] + 2]);
  await page.getByRole('button', { name: 'Đặt lại dữ liệu mẫu' }).click();
  await ask.getByRole('button', { name: 'Đặt lại', exact: true }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => tile(page, 'vneid-l2')).toEqual(seed.l2);
  expect(await tile(page, 'smartphone')).toEqual(seed.smartphone);
  await expect(page.locator('.ds-news')).not.toHaveClass(/has-news/);
  await expect(page.locator('.ds-invite')).toBeVisible();
  await expect(signal(page)).toHaveAttribute('aria-checked', 'true');
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual(expect.arrayContaining(['tungnha-demo', 'tungnha-demo-server']));
  await shot('05-after-reset');

  // Nothing left the page: no API call, nothing sent, nothing fetched by the service worker from the network, and
  // every request the pages made answered from its cache (or cancelled by the page itself as it moved on: a frame
  // reloaded by the reset, a screen's chunks when the first screen gave way to the demo).
  await page.waitForTimeout(500);
  expect(log.length).toBeGreaterThan(10);
  const origin = new URL(page.url()).origin;
  const bad = log.filter(
    (r) => r.url.includes('/api/') || r.method !== 'GET' || r.body || r.byWorker || (r.url.startsWith('http') && !r.url.startsWith(origin)) || (r.failed !== undefined && r.failed !== 'net::ERR_ABORTED') || r.fromCache === false,
  );
  expect(bad).toEqual([]);
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
