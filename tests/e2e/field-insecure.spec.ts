import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';

// A phone that opens the server's plain http LAN address gets no service worker and so no offline use: the app
// says so. Chromium treats localhost and 127.0.0.0/8 as secure, so the test maps a LAN-like name onto the server.
test('plain http on a LAN address shows the insecure-context banner; localhost does not', async ({ page, baseURL }) => {
  const port = new URL(baseURL!).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP tungnha.lan 127.0.0.1'],
  });
  try {
    const lan = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    await lan.goto(`http://tungnha.lan:${port}/`);
    expect(await lan.evaluate(() => window.isSecureContext)).toBe(false);
    const banner = lan.getByRole('alert').filter({ hasText: 'Ứng dụng chưa dùng được khi mất sóng vì địa chỉ không có https' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('https://');
    await lan.screenshot({ path: 'test-results/screens/insecure-banner-360.png' });
  } finally {
    await browser.close();
  }
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Ứng dụng chưa dùng được khi mất sóng')).toHaveCount(0);
});
