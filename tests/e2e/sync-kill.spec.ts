import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { badge, idbCount, joinInUi, officer, queueInPage, startServer } from './sync-helpers.ts';

// The server dies in the middle of a big push (SIGKILL after a few batches were answered, more in flight) and
// comes back: the phone keeps everything, says so, sends the rest when the server is back, and the server ends
// with every visit exactly once. A server of our own (port 4620, its own data folder), serving the built app.
const PORT = 4620;
const PASSWORD = 'kill-test-pass';
const VISITS = 1500;

test('killing the server mid-push and restarting it loses nothing and applies nothing twice', async ({ browser }) => {
  test.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-kill-'));
  let server = await startServer(PORT, dataDir, PASSWORD);
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  try {
    const admin = await officer(server.base, PASSWORD);
    await joinInUi(page, server.base, await admin.invite('v-tan-tien'), 'Lường Thị Ón');
    await page.goto('/sync');
    await expect(page.getByRole('heading', { level: 1, name: 'Đồng bộ với xã' })).toBeVisible();
    await queueInPage(page, { households: 10 });
    await page.reload();
    await page.getByRole('button', { name: /Gửi ngay|Kiểm tra dữ liệu mới/ }).click();
    await expect.poll(() => idbCount(page, 'outbox'), { timeout: 30_000 }).toBe(0);

    // The app syncs as it starts: its pushes wait here until the phone has been seen with everything waiting (a
    // fast server would otherwise take all 1,500 before the first look).
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    await page.route('**/api/sync/push', async (route) => {
      await gate;
      await route.continue();
    });
    const { visitIds } = await queueInPage(page, { visits: VISITS });
    await page.reload();
    // The header says so while the start-up sync holds them.
    await expect(badge(page)).toHaveText(new RegExp(`${VISITS} chờ gửi`));
    let answered = 0;
    const killed = new Promise<void>((resolve) => {
      page.on('response', (res) => {
        if (res.url().endsWith('/api/sync/push') && ++answered === 4) void server.stop('SIGKILL').then(resolve);
      });
    });
    open();
    // (Should the start-up sync have ended already, the member sends by hand.)
    const send = page.getByRole('button', { name: /Gửi ngay/ });
    if ((await send.count()) > 0 && (await send.isEnabled())) await send.click();
    await killed;
    await page.unroute('**/api/sync/push');
    // The phone keeps what the server did not acknowledge, and says the last try failed.
    await expect(page.getByText(/chưa kết nối được với máy chủ của xã/)).toBeVisible({ timeout: 30_000 });
    const left = await idbCount(page, 'outbox');
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(VISITS);
    await expect(badge(page)).toHaveText(new RegExp(`^${left} đang chờ$`));
    await page.screenshot({ path: 'test-results/screens/sync-server-down.png', fullPage: true });

    server = await startServer(PORT, dataDir, PASSWORD);
    // The member sends by hand; the phone's own retry timer may have started first, and may even have sent
    // everything already, in which case the button offers to check for news instead (either click is harmless).
    await page.getByRole('button', { name: /Gửi ngay|Kiểm tra dữ liệu mới/ }).click();
    await expect.poll(() => idbCount(page, 'outbox'), { timeout: 60_000 }).toBe(0);
    await expect(badge(page)).toHaveText(/^Đã gửi hết lúc \d\d:\d\d$/, { timeout: 60_000 });
    await expect(page.getByText('Mọi thay đổi đã được gửi lên xã.')).toBeVisible();
    expect(await idbCount(page, 'attention')).toBe(0);

    // On the server: every visit once, and the device's sequence is the phone's whole outbox, applied once each.
    const { devices } = (await admin.call('/api/admin/devices')) as { devices: { lastSeq: number }[] };
    expect(Math.max(...devices.map((d) => d.lastSeq))).toBe(10 * 5 + VISITS);
    const db = new Database(path.join(dataDir, 'tungnha.sqlite'), { readonly: true });
    try {
      const rows = db.prepare(`select id from visits where id in (${visitIds.map(() => '?').join(',')})`).all(...visitIds) as { id: string }[];
      expect(rows).toHaveLength(VISITS);
      expect(new Set(rows.map((r) => r.id)).size).toBe(VISITS);
    } finally {
      db.close();
    }
  } finally {
    await context.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
