import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { median, type Bench, type Figure } from './harness.ts';

// The trainer demo in Chromium, against the built app (built here into a folder of its own):
// - time from tapping "Mở chế độ trình diễn" on the first screen to the stage ready (the commune generated, the
//   demo server seeded, the dashboard computed and the phone's first screen loaded), cold and on a reload;
// - the dashboard's recompute from the server's records; signal back → the commune's tallies updated;
// - the demo's lazy chunks (gzip), and that none of its code is in the field app's first load.
const PORT = Number(process.env.DEMO_BENCH_PORT ?? 4820);
const DIST = path.join(os.tmpdir(), `tungnha-demo-bench-${process.pid}`);
const RUNS = 7;

type ManifestChunk = { file: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] };

const serve = () =>
  new Promise<http.Server>((resolve) => {
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      let file = path.join(DIST, decodeURIComponent(url.pathname));
      if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(DIST, 'index.html');
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      fs.createReadStream(file).pipe(res);
    });
    server.listen(PORT, '127.0.0.1', () => resolve(server));
  });

const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 6 }).length / 1024;

// The files a module pulls in statically, from the build manifest.
const closure = (m: Record<string, ManifestChunk>, keys: string[]): Set<string> => {
  const out = new Set<string>();
  const visit = (k: string) => {
    const c = m[k];
    if (!c || out.has(c.file)) return;
    out.add(c.file);
    for (const css of c.css ?? []) out.add(css);
    for (const i of c.imports ?? []) visit(i);
  };
  keys.forEach(visit);
  return out;
};

const sizes = (): Figure[] => {
  const m = JSON.parse(fs.readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = closure(m, Object.keys(m).filter((k) => m[k].isEntry));
  const text = (f: string) => (f.endsWith('.js') ? fs.readFileSync(path.join(DIST, f), 'utf8') : '');
  // Strings only the demo's code holds: its server's database, its stage's spotlight.
  const marker = /tungnha-demo-server|ds-spot/;
  const demoKeys = Object.keys(m).filter((k) => k.startsWith('src/app/demo/') || /^locales\/(vi|en)\/demo\.json$/.test(k) || marker.test(text(m[k].file)));
  const lazy = [...closure(m, demoKeys)].filter((f) => !entry.has(f));
  const leaked = [...entry].filter((f) => marker.test(text(f)));
  const sum = (files: Iterable<string>) => [...files].reduce((a, f) => a + gz(f), 0);
  const own = lazy.filter((f) => marker.test(text(f)) || /\/(DemoStage|mount|bridge|boot|host|demo)-/.test(f));
  return [
    {
      what: 'demo code in the field app’s first load',
      value: leaked.length,
      unit: 'files',
      budget: { must: 0, better: 'lower' },
      note: `${entry.size} first-load files, none with the demo's code (only the few lines of demo/mode.ts are in the entry)`,
    },
    {
      what: 'chunks a demo page loads beyond the first load (gzip)',
      value: sum(lazy),
      unit: 'KB',
      note: `${lazy.length} files, lazy and precached for offline; the demo's own ${own.length} of them ${sum(own).toFixed(1)} KB (largest ${own
        .sort((a, b) => gz(b) - gz(a))
        .slice(0, 3)
        .map((f) => `${path.basename(f)} ${gz(f).toFixed(1)}`)
        .join(', ')}), the rest shared with the field app's screens and the officer dashboard`,
    },
  ];
};

const toReady = async (page: Page) => {
  await page.waitForSelector('html[data-demo-ready]', { timeout: 60_000 });
  return page.evaluate(() => ({
    sinceNavigation: performance.getEntriesByName('demo-ready')[0]?.startTime ?? NaN,
    computed: Number(document.querySelector<HTMLElement>('[data-computed-ms]')?.dataset.computedMs),
  }));
};

const readiness = async (browser: Browser, base: string): Promise<Figure[]> => {
  const cold: number[] = [];
  const coldNav: number[] = [];
  const warm: number[] = [];
  const computed: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.getByRole('link', { name: 'Mở chế độ trình diễn' }).waitFor();
    const t0 = Date.now();
    await page.getByRole('link', { name: 'Mở chế độ trình diễn' }).click();
    const first = await toReady(page);
    cold.push(Date.now() - t0);
    coldNav.push(first.sinceNavigation);
    computed.push(first.computed);
    const t1 = Date.now();
    await page.reload();
    const again = await toReady(page);
    warm.push(Date.now() - t1);
    computed.push(again.computed);
    await context.close();
  }
  return [
    {
      what: `tap "demo" → demo ready, first time (median of ${RUNS})`,
      value: median(cold),
      unit: 'ms',
      note: `commune generated and the server seeded, dashboard computed, phone frame loaded; ${median(coldNav).toFixed(0)} ms of it after the /demo page started; range ${Math.min(...cold)}–${Math.max(...cold)}`,
    },
    { what: `reload the stage → demo ready (median of ${RUNS})`, value: median(warm), unit: 'ms', note: 'server rebuilt from its seed and the changes kept in IndexedDB' },
    { what: `commune dashboard computed from the server's records (median of ${computed.length})`, value: median(computed), unit: 'ms', note: '~300 households, ~1,200 residents, ~4,400 checklist cells, ~600 visits: rollups per village + report' },
  ];
};

// Signal back on: from the tap to the commune's tile showing the change (the phone pushes through the real protocol
// with the demo's simulated trip time, the server applies, the dashboard recomputes).
const signalBack = async (browser: Browser, base: string): Promise<Figure> => {
  const times: number[] = [];
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  await page.goto(base + '/demo');
  await page.waitForSelector('html[data-demo-ready]');
  await page.getByRole('button', { name: 'Tham gia nhanh' }).click();
  const phone = page.frameLocator('iframe[name="tungnha-demo-phone"]');
  await phone.getByRole('heading', { level: 1, name: /^Chào/ }).waitFor({ timeout: 30_000 });
  for (let i = 0; i < 5; i++) {
    await page.getByRole('switch').click();
    await phone.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hộ gia đình', exact: true }).click();
    await phone.getByRole('link', { name: 'Thêm hộ' }).first().click();
    await phone.getByLabel('Tên chủ hộ').fill(`Hộ đo ${i}`);
    await phone.locator('#f-residents-0-label').fill(`Hộ đo ${i}`);
    await phone.locator('#f-residents-0-birthYear').fill(String(new Date().getFullYear() - 40));
    await phone.getByRole('button', { name: 'Lưu hộ' }).click();
    await phone.getByRole('heading', { level: 1, name: `Hộ đo ${i}` }).waitFor();
    await page.locator('.ds-outbox-n strong', { hasText: /^2$/ }).waitFor();
    const households = await page.locator('.o-stats li').first().locator('.stat-n').innerText();
    const t0 = Date.now();
    await page.getByRole('switch').click();
    await page.waitForFunction((h) => document.querySelector('.o-stats li .stat-n')?.textContent !== h, households, { timeout: 30_000 });
    times.push(Date.now() - t0);
    // The dashboard changes when the server has applied the push; the phone hears so one held trip later. Signal
    // off before then would drop that answer and keep the two in its outbox (to be acknowledged as duplicates).
    await page.locator('.ds-outbox-n strong', { hasText: /^0$/ }).waitFor({ timeout: 30_000 });
  }
  await context.close();
  return {
    what: `signal back → commune dashboard updated (median of ${times.length})`,
    value: median(times),
    unit: 'ms',
    note: 'tap the switch → the phone pushes its outbox and pulls (each trip held ~350 ms on purpose, so the room sees it syncing) → the dashboard recomputes',
  };
};

export const bench: Bench = {
  name: 'trainer demo (Chromium, built app)',
  run: async () => {
    execFileSync('npx', ['vite', 'build', '--outDir', DIST, '--emptyOutDir'], { stdio: 'ignore' });
    const server = await serve();
    const base = `http://127.0.0.1:${PORT}`;
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      return [...(await readiness(browser, base)), await signalBack(browser, base), ...sizes()];
    } finally {
      await browser.close();
      server.close();
      fs.rmSync(DIST, { recursive: true, force: true });
    }
  },
};
