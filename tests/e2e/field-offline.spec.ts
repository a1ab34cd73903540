import { expect, test } from '@playwright/test';
import { addHousehold, firstRun, logVisit, nav, tallyOf } from './field-helpers.ts';

// The browser test: load online once → offline → reload → add a household with 3 residents → log a visit
// → reload offline → all of it is there, and the checklist and tallies changed. Then: installable.
const YEAR = new Date().getFullYear();
const L2 = 'Kích hoạt tài khoản định danh điện tử mức độ 2';

test('works from a cold start with the network off, and keeps everything across reloads', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await firstRun(page);

  await addHousehold(page, 'Lò Văn Páo', [
    { label: 'Lò Văn Páo', year: YEAR - 46 },
    { label: 'Lường Thị Ón', year: YEAR - 42 },
    { label: 'Lò Thị Xuân', year: YEAR - 16 },
  ]);
  const householdUrl = page.url();
  await nav(page, 'Kết quả').click();
  expect(await tallyOf(page, L2)).toBe('0 / 3 người');
  await page.goto(householdUrl);
  await logVisit(page, 'VNeID mức 2', ['Lò Văn Páo', 'Lường Thị Ón']);
  await expect(page.getByText('Đã lưu lượt hỗ trợ.')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Lò Văn Páo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'VNeID mức 2 — Lò Văn Páo: Đã xong' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'VNeID mức 2 — Lường Thị Ón: Đã xong' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'VNeID mức 2 — Lò Thị Xuân: Chưa làm' })).toBeVisible();
  await expect(page.getByText('Lò Văn Páo, Lường Thị Ón — Đã xong')).toBeVisible();
  await nav(page, 'Kết quả').click();
  expect(await tallyOf(page, L2)).toBe('2 / 3 người');
  await expect(page.getByRole('row', { name: new RegExp(L2) }).getByText('66,7%')).toBeVisible();
  await nav(page, 'Trang chủ').click();
  // 1 household + 3 residents, then the visit, its 2 checklist cells and the 2 VNeID account cells level 2 implies
  await expect(page.getByTestId('unsent')).toHaveText('9 thay đổi đã lưu trên máy, chưa gửi');
  await nav(page, 'Hộ gia đình').click();
  await page.getByRole('searchbox', { name: 'Tìm hộ' }).fill('lo van pao');
  await expect(page.getByRole('link', { name: /Lò Văn Páo/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('is installable: a valid manifest and a service worker that controls the page', async ({ page, request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.ok()).toBe(true);
  const m = await res.json();
  expect(m).toMatchObject({ name: expect.stringContaining('Từng Nhà'), short_name: 'Từng Nhà', lang: 'vi', display: 'standalone', start_url: '/', theme_color: '#0b6e4f' });
  const sizes = m.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes} ${i.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of m.icons) {
    const img = await request.get(icon.src);
    expect(img.headers()['content-type']).toBe('image/png');
    const buf = await img.body();
    expect([buf.readUInt32BE(16), buf.readUInt32BE(20)].join('x')).toBe(icon.sizes);
  }
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
  // Playwright's contexts are incognito-like, which Chromium reports on its own; every other criterion is checked.
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  // every locale chunk and screen is precached, in both languages
  const cached = await page.evaluate(async () => {
    const keys: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) keys.push(new URL(r.url).pathname);
    return keys;
  });
  expect(cached.filter((k) => /\/assets\/.*\.js$/.test(k)).length).toBeGreaterThan(30);
  expect(cached).toEqual(expect.arrayContaining(['/index.html', '/manifest.webmanifest', '/icons/icon-192.png']));
});
