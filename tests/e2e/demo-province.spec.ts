import { expect, test } from '@playwright/test';
import { ready } from './demo-helpers.ts';
import { FIGURE_PX, figureSizes, inside, smallText } from './demo-projector-checks.ts';

// The demo's province view (issue 16 item 3), on its own: offline on a projector at 1920×1080 (and 1366×768), the walkthrough's
// province step shows the sample province's three communes ranked on VNeID mức 2 and on smartphones, the demo's
// commune marked and ringed, every figure and the ring inside the window, nothing under 28 px, figures ≥ 48 px.
// (The whole story, with the class's sync reaching the province's figures, is in demo-projector.spec.ts.)
for (const [width, height] of [
  [1920, 1080],
  [1366, 768],
] as const)
test(`the province step at ${width}×${height}, offline: three sample communes ranked, readable from the back`, async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await context.setOffline(true);
  await page.goto('/demo?projector&walk');
  await ready(page);
  const walk = page.locator('.ds-walk');
  await page.keyboard.press('End');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await expect(walk).toHaveAttribute('data-step', 'province');
  await expect(walk.getByRole('heading', { name: 'Tỉnh so sánh các xã, phường' })).toBeVisible();

  const panel = page.locator('.ds-province');
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('Tỉnh Sơn Cước (mẫu): xếp hạng các xã, phường');
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('3 xã, phường');
  const l2 = panel.locator('.ds-province-item[data-item="vneid-l2"]');
  await expect(l2.getByRole('heading', { level: 3 })).toHaveText('VNeID mức 2');
  // best first: the ward ahead, the sample commune second, the upland commune last
  await expect(l2.locator('.ds-province-row strong')).toHaveText(['Phường Đồng Tâm (mẫu)', 'Xã Nậm Tiên (mẫu)', 'Xã Suối Ngàn (mẫu)']);
  await expect(l2.locator('.ds-province-no')).toHaveText(['1', '2', '3']);
  const pcts = (await l2.locator('.ds-province-pct').allInnerTexts()).map((p) => Number(p.replace('%', '').replace(',', '.')));
  expect(pcts).toEqual([...pcts].sort((a, b) => b - a));
  const ours = l2.locator('.ds-province-row.is-demo');
  await expect(ours).toContainText('xã đang trình diễn');
  // the demo commune's figure here is its own dashboard's (the overview's tile, before anything was synced)
  const frac = await ours.locator('.ds-province-frac').innerText();
  // the second indicator is there, shown only where the column is wide enough for both (not on a projector's 28 px)
  await expect(panel.locator('.ds-province-item[data-item="smartphone"] .ds-province-row')).toHaveCount(3);

  await page.waitForTimeout(400);
  await page.screenshot({ path: `test-results/screens/demo-province-${width}x${height}.png` });
  const problems: string[] = [];
  const scroll = await page.evaluate(() => [document.documentElement.scrollHeight - innerHeight, document.documentElement.scrollWidth - innerWidth]);
  if (scroll[0] > 0 || scroll[1] > 0) problems.push(`the page scrolls by ${scroll.join('×')}`);
  await expect(page.locator('.ds-province [data-figure]:visible')).toHaveCount(3);
  const ring = page.locator('.ds-spot');
  await expect(ring).toBeVisible();
  if (!inside(await ring.boundingBox(), width, height)) problems.push('the ring is outside the window');
  if (!inside(await ours.boundingBox(), width, height)) problems.push('the demo commune’s row is outside the window');
  for (const f of await page.locator('.ds-province [data-figure]:visible').all()) if (!inside(await f.boundingBox(), width, height)) problems.push(`a figure (${await f.innerText()}) is outside the window`);
  for (const px of await figureSizes(page)) if (px < FIGURE_PX) problems.push(`a figure at ${px}px`);
  problems.push(...(await smallText(page)));
  expect(problems).toEqual([]);

  // Back to the overview: the same commune's tile says the same figure.
  await page.keyboard.press('Home');
  await expect(walk).toHaveAttribute('data-step', 'intro');
  await expect(page.locator('.ds-tile[data-item="vneid-l2"] .ds-tile-frac')).toHaveText(frac);
  expect(errors).toEqual([]);
  await context.close();
});
