import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { addHouseholdOnPhone, logVisitOnPhone, phoneOf, ready, signal, tile, YEAR } from './demo-helpers.ts';
import { FIGURE_PX, figureSizes, inside, smallText } from './demo-projector-checks.ts';

// The walkthrough as a room sees it (issue 16): on a projector at 1920×1080 and at 1366×768, with the network off
// after one online load, every step fits one screen — nothing scrolls, the control the step points at and the
// figure it is about are inside the window — and in projector mode nothing the room reads is under 28 px (the
// phone's screen measured once scaled) and no figure under 48 px. The sync moment counts the team's village up by
// whole points and says by how much. A screenshot of every step at each size.
for (const [width, height] of [
  [1920, 1080],
  [1366, 768],
] as const) {
  test(`the walkthrough at ${width}×${height}, offline on a projector: every step on one screen, readable from the back`, async ({ browser }) => {
    test.setTimeout(480_000);
    const context = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
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
    const phone = phoneOf(page);
    const walk = page.locator('.ds-walk');
    const problems: string[] = [];
    let n = 0;

    // On one screen: the page does not scroll, the ring is on the step's control, the step's figure is in the window.
    const look = async (id: string, opts: { spot?: boolean } = {}) => {
      await expect(walk).toHaveAttribute('data-step', id);
      await page.waitForTimeout(400);
      const name = `demo-walk-${width}x${height}-${String(++n).padStart(2, '0')}-${id}`;
      await page.screenshot({ path: `test-results/screens/${name}.png` });
      const scroll = await page.evaluate(() => [document.documentElement.scrollHeight - innerHeight, document.documentElement.scrollWidth - innerWidth]);
      if (scroll[0] > 0 || scroll[1] > 0) problems.push(`${id}: the page scrolls by ${scroll.join('×')}`);
      const parts = await page.locator('.ds-focus > *').evaluateAll((els) => els.map((e) => [e.className, Math.round(e.getBoundingClientRect().bottom)] as const));
      for (const [cls, bottom] of parts) if (bottom > height) problems.push(`${id}: ${cls} ends at ${bottom}px, below the window`);
      if (opts.spot !== false) {
        const ring = page.locator('.ds-spot');
        await expect(ring, `${id}: the ring shows`).toBeVisible();
        if (!inside(await ring.boundingBox(), width, height)) problems.push(`${id}: the ring is outside the window`);
      }
      const figure = page.locator('.ds-focus [data-figure]').first();
      if (!inside(await figure.boundingBox(), width, height)) problems.push(`${id}: the step's figure is outside the window`);
      for (const px of await figureSizes(page)) if (px < FIGURE_PX) problems.push(`${id}: a figure at ${px}px`);
      problems.push(...(await smallText(page)).map((p) => `${id}: ${p}`));
    };
    const next = () => page.keyboard.press('PageDown');

    await look('intro');
    const seed = await tile(page, 'vneid-l2'); // the overview's tile: the commune before the class
    await next();
    await look('join');
    await phone.getByLabel('Tên của bạn').fill('Lò Thị Hoa');
    await phone.getByRole('button', { name: 'Tham gia tổ' }).click();
    await expect(walk.locator('.ds-walk-state')).toContainText('Đã tham gia tổ', { timeout: 20_000 });
    await expect(phone.getByRole('heading', { level: 1, name: 'Chào Lò Thị Hoa' })).toBeVisible({ timeout: 20_000 });
    await look('join');

    await next();
    await expect(phone.getByRole('heading', { level: 1, name: 'Danh sách hộ' })).toBeVisible();
    await look('household');
    await addHouseholdOnPhone(phone, 'Lò Văn Páo', [
      { label: 'Lò Văn Páo', year: YEAR - 44 },
      { label: 'Lường Thị Ón', year: YEAR - 40 },
    ]);

    await next();
    await look('offline');
    await signal(page).click();
    await expect(signal(page)).toHaveAttribute('aria-checked', 'false');

    await next();
    await look('visit');
    await logVisitOnPhone(phone, 'VNeID mức 2', ['Lò Văn Páo', 'Lường Thị Ón']);

    await next();
    await look('outbox');
    await page.locator('#demo-day').click();
    await expect(page.locator('.ds-day')).toContainText('Đã ghi thêm 10 lượt hỗ trợ');
    // ten more visits, each with its cells: dozens of changes wait on the phone
    await expect.poll(async () => Number(await page.locator('.ds-outbox-n strong').innerText())).toBeGreaterThan(30);
    await look('outbox');

    await next();
    await look('signal');
    await signal(page).click();
    await expect(page.locator('.ds-outbox-n strong')).toHaveText('0', { timeout: 30_000 });

    // The moment: the team's village moves by whole points, counted up, with the difference in words.
    await next();
    await expect(page.locator('.ds-moment')).toHaveClass(/has-news/, { timeout: 20_000 });
    const l2 = page.locator('.ds-moment-tile[data-item="vneid-l2"]');
    await expect(l2.locator('.ds-delta')).toHaveText(/^\+\d+ người có VNeID mức 2$/);
    await expect(l2.locator('[data-figure]')).toHaveAttribute('data-settled', 'true', { timeout: 5000 });
    const gained = Number(/^\+(\d+)/.exec(await l2.locator('.ds-delta').innerText())![1]);
    expect(gained).toBeGreaterThanOrEqual(12);
    await look('tallies');

    // The province: the same figures, the sample commune ranked among the province's three.
    await next();
    await expect(page.locator('.ds-province-item[data-item="vneid-l2"] .ds-province-row')).toHaveCount(3);
    const ours = page.locator('.ds-province-item[data-item="vneid-l2"] .ds-province-row.is-demo');
    await expect(ours).toContainText('Xã Nậm Tiên (mẫu)');
    const provinceFrac = (await ours.locator('.ds-province-frac').innerText()).split('/').map((x) => Number(x.replace(/\D/g, '')));
    await look('province');

    await next();
    await look('export');
    // The appendix-shaped XLSX, made in the browser by a worker (started as the step came up), offline. The issue's
    // 3 s is a figure for a quiet machine (about 1 s measured, first export); here, beside five other engineers'
    // browsers, only a stall is an error.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#demo-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^phu-luc-trinh-dien-.*\.xlsx$/);
    const ms = Number(await page.locator('.ds-saved[data-ms]').getAttribute('data-ms'));
    expect(ms).toBeLessThanOrEqual(10_000);
    console.log(`XLSX in the demo at ${width}×${height}: ${ms} ms (download ${download.suggestedFilename()})`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path()) as string);
    const sheet = wb.worksheets[0];
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(String(values(1)[0])).toContain('PHỤ LỤC 01');
    expect(String(values(2)[0])).toContain('Xã Nậm Tiên (mẫu)');
    expect(values(6)).toEqual(['TT', 'Tên mục tiêu', 'Đơn vị tính', 'Mục tiêu', 'Mục tiêu năm nay', 'Mục tiêu năm sau', 'Kết quả (ước thực hiện)', 'So sánh kế hoạch giao (%)', 'Mức đánh giá', 'Tử số', 'Mẫu số']);
    const l2Row = sheet.getRows(7, 11)!.find((row) => row.getCell(2).value === 'Kích hoạt tài khoản định danh điện tử mức độ 2')!;
    // the commune's figure: every person the village gained, over a denominator with the new household's two adults
    // — and with anyone the day's round helped whose level-2 cell was "không áp dụng" (the round skips only people
    // already done; a visit makes such a cell done, so they count again: how many depends on the day's sample)
    const [num, den] = [Number(l2Row.getCell(10).value), Number(l2Row.getCell(11).value)];
    expect(num).toBe(seed[0] + gained);
    expect(den).toBeGreaterThanOrEqual(seed[1] + 2);
    expect(den).toBeLessThanOrEqual(seed[1] + 2 + gained);
    // and the province saw the commune's very figures
    expect(provinceFrac).toEqual([num, den]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Phụ lục', 'Bản Huổi Lạ', 'Bản Nà Pồng', 'Thôn Khe Mát', 'Thôn Làng Chùa', 'Tổ dân phố Tân Tiến']); // the report's villages, by name

    await next();
    await look('reset');
    await page.locator('#demo-reset').click();
    const ask = page.getByRole('dialog', { name: 'Đặt lại dữ liệu mẫu?' });
    await expect(ask).toContainText('thành viên Lò Thị Hoa');
    if (!inside(await ask.boundingBox(), width, height)) problems.push('reset: the confirmation is outside the window');
    await page.screenshot({ path: `test-results/screens/demo-walk-${width}x${height}-${String(++n).padStart(2, '0')}-reset-asks.png` });
    await ask.getByRole('button', { name: 'Đặt lại', exact: true }).click();
    await expect(phone.getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible({ timeout: 20_000 });
    await expect(walk).toHaveAttribute('data-step', 'intro');
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
}
