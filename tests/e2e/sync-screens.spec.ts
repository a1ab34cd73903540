import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addHousehold } from './field-helpers.ts';
import { badge, joinInUi, officer, queueInPage } from './sync-helpers.ts';

// The sync client's screens at a phone's and an office PC's size: the join screen (empty and with its errors), the
// sync screen (all sent, waiting offline, refused changes), the household with its "confirmed by the commune" marks,
// and the header badge in each state. No serious or critical axe violation, no sideways scrolling with text at
// 200%, a screenshot of each in test-results/screens/.
const PASSWORD = 'e2e-admin-pass';
const YEAR = new Date().getFullYear();
const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1366, height: 768 } } as const;

const check = async (page: Page, vp: string, name: string, problems: string[]) => {
  await page.waitForTimeout(150);
  await page.screenshot({ path: `test-results/screens/sync-${vp}-${name}.png`, fullPage: true });
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of axe.violations)
    if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${vp} ${name}: ${v.id} (${v.impact}) — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  const overflow = await page.evaluate(async () => {
    document.documentElement.style.fontSize = '200%';
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const wide = document.documentElement.scrollWidth - window.innerWidth;
    document.documentElement.style.fontSize = '';
    return wide;
  });
  if (overflow > 1) problems.push(`${vp} ${name}: at 200% text the page scrolls sideways by ${overflow}px`);
};

for (const [vp, viewport] of Object.entries(VIEWPORTS)) {
  test(`sync screens at ${viewport.width}×${viewport.height}: accessible, screenshotted, scale`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const admin = await officer(baseURL!, PASSWORD);
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const problems: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    const code = await admin.invite('v-lang-chua', 2);
    await page.goto(`/join?code=${code}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible();
    await check(page, vp, '01-join', problems);
    await page.getByLabel('Mã mời').fill('ABCD');
    await page.getByRole('button', { name: 'Tham gia tổ' }).click();
    await expect(page.locator('.summary')).toBeVisible();
    await expect(page.locator('.summary')).toContainText('Mã mời: cần 8 ký tự gồm chữ và số, ví dụ ABCD-2345.');
    await check(page, vp, '02-join-errors', problems);

    await joinInUi(page, baseURL!, code, 'Tòng Văn Ún');
    await expect(badge(page)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 20_000 });
    await check(page, vp, '03-home-all-sent', problems);
    await addHousehold(page, 'Tòng Thị Ẻn', [{ label: 'Tòng Thị Ẻn', year: YEAR - 38 }]);
    await expect(page.getByText('Xã đã xác nhận')).toBeVisible({ timeout: 20_000 });
    await check(page, vp, '04-household-confirmed', problems);

    await page.goto('/sync');
    await expect(page.getByText('Mọi thay đổi đã được gửi lên xã.')).toBeVisible();
    await check(page, vp, '05-sync-all-sent', problems);

    await context.setOffline(true);
    await queueInPage(page, { households: 30 });
    await page.reload();
    await expect(badge(page)).toHaveText('Đang ngoại tuyến · 150 chờ gửi');
    await expect(page.getByRole('heading', { name: 'Đang chờ gửi (150)' })).toBeVisible();
    await expect(page.getByText('Gồm: 120 thay đổi nhân khẩu, 30 thay đổi thông tin hộ')).toBeVisible();
    await check(page, vp, '06-sync-offline-waiting', problems);
    // Signal back: it sends by itself.
    await context.setOffline(false);
    await expect(badge(page)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 30_000 });

    // A change the commune refuses (a household of a village this member does not cover) lands in "needs attention".
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((r) => {
        const o = indexedDB.open('tungnha');
        o.onsuccess = () => r(o.result);
      });
      const tx = db.transaction(['outbox', 'meta', 'households'], 'readwrite');
      const meta = tx.objectStore('meta');
      const get = (k: string) =>
        new Promise<{ value: unknown } | undefined>((r) => {
          const g = meta.get(k);
          g.onsuccess = () => r(g.result);
        });
      const seq = (await get('nextSeq'))!.value as number;
      const hlc = (await get('hlc'))!.value as string;
      const h = { id: `h-outside-${seq}`, villageId: 'v-huoi-la', headName: 'Sùng A Páo', houseLabel: '', phone: '', flags: [], notes: '', removed: false };
      tx.objectStore('households').add(h);
      tx.objectStore('outbox').add({ seq, id: h.id, name: 'household.put', args: h, hlc: `${hlc.slice(0, 15)}-ffff${hlc.slice(20)}`, at: Date.now() });
      meta.put({ key: 'nextSeq', value: seq + 1 });
      await new Promise((r) => (tx.oncomplete = r));
    });
    await page.reload(); // the app syncs when it starts
    await expect(badge(page)).toHaveText('1 cần xử lý', { timeout: 20_000 });
    await expect(page.locator('[data-list="attention"]')).toContainText('Bản ghi này thuộc thôn/bản bạn không phụ trách.');
    await check(page, vp, '07-sync-attention', problems);

    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
}
