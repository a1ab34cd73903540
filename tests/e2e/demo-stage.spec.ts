import { expect, test } from '@playwright/test';
import { firstRun } from './field-helpers.ts';
import { axeProblems, phoneOf, ready, signal } from './demo-helpers.ts';

// The stage itself: a phone-sized screen, the walkthrough driven by a clicker's keys with its spotlight on the
// right control, the presenter's shortcuts, English, the field app opened on its own in demo mode, and leaving the
// demo with the real phone's data untouched.
test('at 360×740: the stage stacks, is accessible, does not scroll sideways, and the walkthrough works', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const problems: string[] = [];
  const shot = async (name: string) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/screens/demo-phone-${name}.png`, fullPage: true });
    problems.push(...(await axeProblems(page, name)));
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 1) problems.push(`${name}: scrolls sideways by ${wide}px`);
  };
  await page.goto('/demo');
  await ready(page);
  await shot('01-start');
  await page.getByRole('button', { name: 'Tham gia nhanh' }).click();
  await expect(phoneOf(page).getByRole('heading', { level: 1, name: /^Chào / })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.ds-outbox')).toBeVisible();
  await shot('02-joined');
  await page.getByRole('button', { name: 'Hướng dẫn từng bước' }).click();
  await expect(page.getByRole('heading', { name: 'Một xã mẫu, chạy ngay trên máy này' })).toBeVisible();
  await page.getByRole('button', { name: 'Bước tiếp' }).click();
  await page.getByRole('button', { name: 'Bước tiếp' }).click();
  await expect(page.getByRole('heading', { name: 'Thêm một hộ mới' })).toBeVisible();
  await expect(phoneOf(page).getByRole('heading', { level: 1, name: 'Danh sách hộ' })).toBeVisible();
  await shot('03-walkthrough');
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('a clicker and the presenter’s keys drive the stage; the spotlight follows the step into the phone', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/demo?projector');
  await ready(page);
  await expect(page.getByRole('button', { name: 'Chế độ máy chiếu' })).toHaveAttribute('aria-pressed', 'true');
  const ring = page.locator('.ds-spot');

  await page.keyboard.press('PageDown'); // a clicker's "next" opens the walkthrough
  await expect(page.locator('.ds-walk')).toHaveAttribute('data-step', 'intro');
  await page.keyboard.press('PageDown');
  await expect(page.locator('.ds-walk')).toHaveAttribute('data-step', 'join');
  // the ring sits on the phone's join form
  await expect(ring).toBeVisible();
  const box = await ring.boundingBox();
  const frame = await page.locator('iframe[name="tungnha-demo-phone"]').boundingBox();
  // (the ring stands a few pixels off the control it circles, which may reach the phone screen's edge)
  expect(box!.x).toBeGreaterThanOrEqual(frame!.x - 16);
  expect(box!.x + box!.width).toBeLessThanOrEqual(frame!.x + frame!.width + 16);
  await page.screenshot({ path: 'test-results/screens/demo-projector-05-walkthrough-join.png' });

  // Typing in the phone is not a shortcut; Page Down still is.
  const phone = phoneOf(page);
  await phone.getByLabel('Tên của bạn').fill('Sùng Thị Dế');
  await phone.getByLabel('Tên của bạn').press('s');
  await expect(signal(page)).toHaveAttribute('aria-checked', 'true');
  await expect(phone.getByLabel('Tên của bạn')).toHaveValue('Sùng Thị Dếs');
  await phone.getByLabel('Tên của bạn').press('PageUp');
  await expect(page.locator('.ds-walk')).toHaveAttribute('data-step', 'intro');
  await phone.getByLabel('Tên của bạn').press('PageDown');
  await expect(page.locator('.ds-walk')).toHaveAttribute('data-step', 'join');
  await phone.getByLabel('Tên của bạn').fill('Sùng Thị Dế');
  await phone.getByRole('button', { name: 'Tham gia tổ' }).click();
  await expect(page.locator('.ds-walk .ds-walk-state')).toContainText('Đã tham gia tổ', { timeout: 20_000 });

  // Letters on the stage: S (signal), ? (help), B (blank), L (language), W (walkthrough), P (projector).
  await page.locator('body').click({ position: { x: 5, y: 1070 } });
  await page.keyboard.press('s');
  await expect(signal(page)).toHaveAttribute('aria-checked', 'false');
  await expect(phone.locator('.demo-strip')).toContainText('Mất sóng');
  await page.keyboard.press('s');
  await expect(signal(page)).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Phím tắt cho người trình bày' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/demo-projector-06-shortcuts.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('b');
  await expect(page.locator('.ds-blank')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.ds-blank')).toHaveCount(0);
  await page.keyboard.press('l');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Demo mode');
  await expect(phone.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/demo-projector-07-english.png' });
  await page.keyboard.press('l');
  await page.keyboard.press('w');
  await expect(page.locator('.ds-walk')).toHaveCount(0);
  await page.keyboard.press('p');
  await expect(page).not.toHaveURL(/projector/);
  expect(errors).toEqual([]);
  await context.close();
});

test('the field app opened on its own in demo mode wears the DEMO strip; leaving the demo finds the real phone as it was', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  await page.goto('/');
  await firstRun(page, 'Lò Thị Hoa', 'Bản Nà Pồng'); // the real phone, with the bundled sample commune
  await page.goto('/more');
  await page.getByRole('link', { name: /Chế độ trình diễn/ }).click();
  await ready(page);
  // the real member is not in the demo: its phone starts at the join screen
  await expect(phoneOf(page).getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible();

  await page.goto('/');
  const strip = page.locator('.demo-strip');
  await expect(strip).toContainText('DEMO');
  // the demo phone has not joined yet: it opens on joining, the code filled in as from an invite's QR
  await expect(page.getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible();
  await expect(page.getByLabel('Mã mời')).toHaveValue(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await page.goto('/start');
  await expect(page.getByRole('heading', { level: 1, name: 'Tham gia tổ' })).toBeVisible();
  await strip.getByRole('button', { name: 'Có sóng' }).click();
  await expect(strip.getByRole('button', { name: 'Mất sóng' })).toHaveAttribute('aria-pressed', 'false');
  await strip.getByRole('button', { name: 'Mất sóng' }).click();
  await page.screenshot({ path: 'test-results/screens/demo-phone-04-field-app-in-demo.png' });
  await strip.getByRole('link', { name: 'Màn trình diễn' }).click();
  await ready(page);

  // Leaving is in the bar itself, not under "Thêm".
  await page.locator('.ds-bar').getByRole('button', { name: 'Thoát chế độ trình diễn' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chào Lò Thị Hoa' })).toBeVisible();
  await expect(page.locator('.demo-strip')).toHaveCount(0);
  await context.close();
});
