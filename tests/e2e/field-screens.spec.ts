import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addHousehold, firstRun, logVisit, nav } from './field-helpers.ts';

// Every field screen at a phone's and an office PC's size: no serious or critical axe violation, a screenshot in
// test-results/screens/, and no sideways scrolling of the page with text at 200%.
const YEAR = new Date().getFullYear();
const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1366, height: 768 } } as const;

const check = async (page: Page, vp: string, name: string, problems: string[]) => {
  await page.waitForTimeout(150);
  await page.screenshot({ path: `test-results/screens/field-${vp}-${name}.png`, fullPage: true });
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of axe.violations)
    if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${vp} ${name}: ${v.id} (${v.impact}) — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  if (vp === 'phone') {
    const overflow = await page.evaluate(async () => {
      document.documentElement.style.fontSize = '200%';
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const wide = document.documentElement.scrollWidth - window.innerWidth;
      document.documentElement.style.fontSize = '';
      return wide;
    });
    if (overflow > 1) problems.push(`${vp} ${name}: at 200% text the page scrolls sideways by ${overflow}px`);
  }
};

for (const [vp, viewport] of Object.entries(VIEWPORTS)) {
  test(`every screen at ${viewport.width}×${viewport.height}: accessible, screenshotted, scales`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const problems: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/');
    await check(page, vp, '01-first-run', problems);
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    await expect(page.locator('.summary')).toBeVisible();
    await check(page, vp, '02-first-run-errors', problems);
    await firstRun(page);
    await check(page, vp, '03-home-empty', problems);
    await page.goto('/households');
    await expect(page.getByText('Chưa có hộ nào trong danh sách')).toBeVisible();
    await check(page, vp, '04-roster-empty', problems);
    await page.goto('/households/new');
    await page.getByRole('button', { name: 'Lưu hộ' }).click();
    await expect(page.locator('.summary')).toBeVisible();
    await check(page, vp, '05-household-new-errors', problems);

    await addHousehold(page, 'Lò Văn Páo', [
      { label: 'Lò Văn Páo', year: YEAR - 46 },
      { label: 'Lường Thị Ón', year: YEAR - 42 },
      { label: 'Lò Thị Xuân', year: YEAR - 16 },
      { label: 'Lò Văn Tủa', year: YEAR - 6 },
    ]);
    await addHousehold(page, 'Nguyễn Thị Điện', [{ label: 'Nguyễn Thị Điện', year: YEAR - 70 }]);
    await page.getByRole('link', { name: 'Ghi lượt hỗ trợ' }).click();
    await page.locator('label.chip', { hasText: 'Thanh toán số' }).click();
    await page.getByRole('checkbox', { name: /^Nguyễn Thị Điện/ }).check();
    await page.getByRole('radio', { name: 'Cần hỗ trợ lại' }).check();
    // "Cần hỗ trợ lại" fills in the follow-up date, 7 days ahead (issue 13).
    await expect(page.getByRole('button', { name: 'Sau 7 ngày' })).toHaveAttribute('aria-pressed', 'true');
    await check(page, vp, '06-visit-form', problems);
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nguyễn Thị Điện' })).toBeVisible();

    await page.goto('/households');
    await page.getByRole('link', { name: /Lò Văn Páo/ }).click();
    await logVisit(page, 'VNeID mức 2', ['Lò Văn Páo', 'Lường Thị Ón']);
    await expect(page.getByRole('heading', { level: 1, name: 'Lò Văn Páo' })).toBeVisible();
    await check(page, vp, '07-household', problems);
    await page.getByRole('button', { name: 'Cài VNeID — Lò Thị Xuân: Chưa làm' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await check(page, vp, '08-cell-picker', problems);
    await page.getByRole('dialog').getByRole('button', { name: 'Đang làm' }).click();
    await expect(page.getByRole('button', { name: 'Cài VNeID — Lò Thị Xuân: Đang làm' })).toBeVisible();
    await page.getByRole('link', { name: 'Sửa thông tin hộ' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sửa thông tin hộ' })).toBeVisible();
    await check(page, vp, '09-household-edit', problems);
    await page.getByRole('button', { name: 'Huỷ' }).click();
    await page.getByRole('link', { name: 'Ghi lượt hỗ trợ' }).click();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect(page.locator('.summary')).toBeVisible();
    await check(page, vp, '10-visit-errors', problems);

    await page.goto('/households');
    await expect(page.getByRole('link', { name: /Lò Văn Páo/ })).toBeVisible();
    await check(page, vp, '11-roster', problems);
    await nav(page, 'Hỗ trợ lại').click();
    await expect(page.getByRole('link', { name: /Nguyễn Thị Điện/ })).toBeVisible();
    await check(page, vp, '12-followups', problems);
    await nav(page, 'Kết quả').click();
    await expect(page.locator('table.tally')).toBeVisible();
    await check(page, vp, '13-tallies', problems);
    await nav(page, 'Thêm').click();
    await check(page, vp, '14-more', problems);
    await page.getByRole('link', { name: /Buổi sinh hoạt/ }).click();
    await expect(page.getByText('Chưa có buổi sinh hoạt nào')).toBeVisible();
    await check(page, vp, '15-sessions-empty', problems);
    await page.getByRole('link', { name: 'Ghi buổi sinh hoạt' }).click();
    await page.getByRole('radio', { name: 'Lớp tập huấn' }).check();
    await page.getByRole('checkbox', { name: 'An toàn mạng' }).check();
    await page.getByLabel('Tìm người (gõ ít nhất 2 chữ)').fill('dien');
    await page.getByRole('button', { name: /\+ Nguyễn Thị Điện/ }).click();
    await page.getByRole('button', { name: /Thêm một — Số người tham dự/ }).click();
    await check(page, vp, '16-session-form', problems);
    await page.getByRole('button', { name: 'Lưu buổi sinh hoạt' }).click();
    await expect(page.getByText('2 người tham dự')).toBeVisible();
    await check(page, vp, '17-sessions', problems);
    await page.goto('/settings');
    await expect(page.getByTestId('usage')).not.toHaveText('');
    await check(page, vp, '18-settings', problems);
    await nav(page, 'Trang chủ').click();
    await expect(page.getByTestId('unsent')).toContainText('thay đổi đã lưu trên máy, chưa gửi');
    await check(page, vp, '19-home', problems);
    await page.goto('/no-such-page');
    await check(page, vp, '20-not-found', problems);

    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
}
