import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { badge, defineNameHelper, idbCount, joinInUi, officer, queueInPage, startServer } from '../e2e/sync-helpers.ts';
import { median, type Bench, type Figure } from './harness.ts';

// The sync client in real Chromium against the real server (its own process, SQLite, on a port of its own):
// 10,000 queued visits pushed from the phone's outbox until it is empty, timed from "Gửi ngay", beside the time the
// same 10,000 records and outbox entries took to write to IndexedDB in one transaction in the same page (the aim is
// ≤ 2× that); and the bytes per visit on the wire (the gzip-compressed push bodies). Median of three rounds.
const PORT = Number(process.env.SYNC_BENCH_PORT ?? 4610);
const PASSWORD = 'bench-admin-pass';
const VISITS = 10_000;
const ROUNDS = 5;

export const bench: Bench = {
  name: 'sync: push 10,000 queued visits from Chromium to a local server',
  run: async () => {
    // A build of our own (other benches and the browser tests rebuild dist/ while we run).
    const distDir = path.join(os.tmpdir(), 'tungnha-sync-bench-dist');
    if (!process.env.SYNC_BENCH_NO_BUILD || !fs.existsSync(distDir)) execFileSync('npx', ['vite', 'build', '--outDir', distDir, '--emptyOutDir'], { stdio: 'ignore' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-sync-bench-'));
    const server = await startServer(PORT, dataDir, PASSWORD, distDir);
    // A browser that cannot start (none installed) must not leave the server running behind the failure.
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS }).catch(async (e) => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw e;
    });
    try {
      const admin = await officer(server.base, PASSWORD);
      const page = await browser.newPage({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      await joinInUi(page, server.base, await admin.invite('v-na-pong'), 'Người đo');
      // 100 households of 4 residents, sent first: the visits hang off them.
      await page.goto(`${server.base}/sync`);
      await idle(page);
      await queueInPage(page, { households: 100 });
      // Written behind the app's back (plain IndexedDB), so the screen still offers "check for new data": the same
      // button, the same sync.
      await page.locator('.sync-screen .actionbar button').click();
      await waitEmpty(page);
      await idle(page);

      const push: number[] = [];
      const write: number[] = [];
      const bytes: number[] = [];
      const requests: number[] = [];
      const gapAnswers: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        let sent = 0;
        let calls = 0;
        let gaps = 0;
        const onRequest = (req: import('@playwright/test').Request) => {
          if (!req.url().endsWith('/api/sync/push')) return;
          calls++;
          sent += req.postDataBuffer()?.length ?? 0;
        };
        const onResponse = (res: import('@playwright/test').Response) => {
          if (res.url().endsWith('/api/sync/push') && res.status() === 409) gaps++;
        };
        page.on('request', onRequest);
        page.on('response', onResponse);
        const queued = await queueInPage(page, { visits: VISITS });
        write.push(queued.took);
        await defineNameHelper(page);
        const took = await page.evaluate(async () => {
          const count = () =>
            new Promise<number>((resolve) => {
              const r = indexedDB.open('tungnha');
              r.onsuccess = () => {
                const c = r.result.transaction('outbox').objectStore('outbox').count();
                c.onsuccess = () => (r.result.close(), resolve(c.result));
              };
            });
          const t0 = performance.now();
          const button = document.querySelector('.sync-screen .actionbar button') as HTMLButtonElement | null;
          if (button) button.click();
          else void (window as unknown as { __sync: () => void }).__sync?.();
          while ((await count()) > 0) await new Promise((r) => setTimeout(r, 20));
          return performance.now() - t0;
        });
        push.push(took);
        if (process.env.SYNC_BENCH_DEBUG) {
          const t = await page.evaluate(() => {
            const e = performance.getEntriesByType('resource').filter((x) => x.name.endsWith('/api/sync/push')) as PerformanceResourceTiming[];
            const sum = e.reduce((a, x) => a + x.duration, 0);
            const wait = e.reduce((a, x) => a + (x.responseStart - x.requestStart), 0);
            performance.clearResourceTimings();
            return { n: e.length, sum, wait };
          });
          console.log('push requests', t);
        }
        await idle(page);
        page.off('request', onRequest);
        page.off('response', onResponse);
        gapAnswers.push(gaps);
        bytes.push(sent / VISITS);
        requests.push(calls);
      }
      // Every mutation arrived, exactly once: the server's sequence for this phone is the phone's last seq.
      await defineNameHelper(page);
      const nextSeq = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const r = indexedDB.open('tungnha');
            r.onsuccess = () => {
              const g = r.result.transaction('meta').objectStore('meta').get('nextSeq');
              g.onsuccess = () => (r.result.close(), resolve(g.result.value));
            };
          }),
      );
      const { devices } = (await admin.call('/api/admin/devices')) as { devices: { lastSeq: number }[] };
      const lastSeq = Math.max(...devices.map((d) => d.lastSeq));
      if (lastSeq !== nextSeq - 1) throw new Error(`server lastSeq ${lastSeq}, phone sent up to ${nextSeq - 1}`);
      const pushMs = median(push);
      const writeMs = median(write);
      const figures: Figure[] = [
        { what: 'push 10,000 queued visits until the outbox is empty', value: pushMs / 1000, unit: 's', budget: { must: 5, aim: (2 * writeMs) / 1000, better: 'lower' }, note: `median of ${ROUNDS}: ${push.map((x) => (x / 1000).toFixed(2)).join(', ')} s; ${median(requests)} pushes, ${median(gapAnswers)} of them overtaken and resent` },
        { what: 'writing the same 10,000 visits + outbox entries to IndexedDB in one transaction', value: writeMs / 1000, unit: 's', note: `baseline; push/write ratio ${(pushMs / writeMs).toFixed(2)}× (aim ≤ 2×)` },
        { what: 'bytes per visit on the wire (gzip push bodies)', value: median(bytes), unit: 'B', budget: { must: 150, aim: 100, better: 'lower' } },
      ];
      return figures;
    } finally {
      await browser.close();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

const waitEmpty = async (page: import('@playwright/test').Page) => {
  const until = Date.now() + 120_000;
  while ((await idbCount(page, 'outbox')) > 0) {
    if (Date.now() > until) throw new Error('outbox did not drain');
    await page.waitForTimeout(50);
  }
};

// Until the sync that follows (the pull of what was just pushed) has finished: the badge has not said "syncing"
// for half a second and the screen's button is enabled.
const idle = async (page: import('@playwright/test').Page) => {
  await badge(page).waitFor();
  for (let quiet = 0; quiet < 5; ) {
    const busy = await page.evaluate(() => !!document.querySelector('.sync-badge.is-syncing') || !!document.querySelector('.sync-screen .actionbar button[disabled]'));
    quiet = busy ? 0 : quiet + 1;
    await page.waitForTimeout(100);
  }
};
