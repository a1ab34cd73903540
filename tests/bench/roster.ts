import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, expect } from '@playwright/test';
import Papa from 'papaparse';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import type { Household } from '../../src/core/model/household.ts';
import { duplicatePairs } from '../../src/core/roster/similar.ts';
import { idbCount, officer, PIN, startServer } from '../e2e/sync-helpers.ts';
import { createTestServer, PG_URL, type DbChoice } from '../server/helpers/test-server.ts';
import { median, type Bench, type Figure } from './harness.ts';

// Rosters: a village list of 2,000 households / 8,000 residents imported through POST /api/admin/households/import
// on SQLite (and PostgreSQL when TEST_DATABASE_URL is set), the same file again (nothing to write), the duplicate
// scan over those 2,000 households (the core rule, and the officer's HTTP call), and a fresh phone in Chromium
// joining that village and pulling all of it until its IndexedDB holds every household and resident.
const HOUSEHOLDS = 2000;
const PER = 4;
const VILLAGE = 'v-na-pong';
const PORT = Number(process.env.ROSTER_BENCH_PORT ?? 4615);
const PASSWORD = 'bench-admin-pass';

const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const FAMILY = ['Lò', 'Lường', 'Quàng', 'Cầm', 'Tòng', 'Giàng', 'Vàng', 'Sùng', 'Thào', 'Mùa', 'Nguyễn', 'Hoàng'];
const MIDDLE = ['Văn', 'Thị', 'A', 'Seo', 'Mí'];
const GIVEN = ['Páo', 'Ón', 'Xuân', 'Tủa', 'Hoa', 'Sơn', 'Mai', 'Lan', 'Dũng', 'Chứ', 'Dế', 'Pá', 'Sử', 'Mỷ', 'Cở', 'Phừ'];

export const rosterCsv = (): string => {
  const rnd = prng(20261203);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const rows: string[][] = [['Mã hộ', 'Chủ hộ', 'Địa chỉ', 'Điện thoại', 'Họ tên', 'Năm sinh', 'Giới tính', 'Quan hệ với chủ hộ']];
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const family = pick(FAMILY);
    const head = `${family} ${pick(MIDDLE)} ${pick(GIVEN)}`;
    const code = `NP-${String(i + 1).padStart(4, '0')}`;
    const address = `Xóm ${1 + (i % 12)}, số ${i + 1}`;
    const phone = rnd() < 0.4 ? `09${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` : '';
    for (let k = 0; k < PER; k++) {
      const name = k === 0 ? head : `${family} ${pick(MIDDLE)} ${pick(GIVEN)} ${k}`;
      rows.push([code, head, address, phone, name, String(k === 0 ? 1950 + Math.floor(rnd() * 40) : 1990 + Math.floor(rnd() * 35)), rnd() < 0.5 ? 'Nam' : 'Nữ', k === 0 ? 'Chủ hộ' : 'Con']);
    }
  }
  return `\uFEFF${Papa.unparse(rows)}`;
};

export const importOn = async (db: DbChoice, csv: string): Promise<{ first: number; again: number; scanHttp: number }> => {
  const s = await createTestServer({ db });
  try {
    const token = await s.login();
    const post = async () => {
      const t0 = performance.now();
      const res = await s.request(`/api/admin/households/import?villageId=${VILLAGE}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' }, body: csv });
      const body = (await res.json()) as { created: number; residentsCreated: number; unchanged: number };
      return { ms: performance.now() - t0, body };
    };
    const first = await post();
    if (first.body.created !== HOUSEHOLDS || first.body.residentsCreated !== HOUSEHOLDS * PER) throw new Error(`import: ${JSON.stringify(first.body)}`);
    const again = await post();
    if (again.body.unchanged !== HOUSEHOLDS) throw new Error(`re-import: ${JSON.stringify(again.body)}`);
    const scans: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await (await s.request(`/api/admin/households/duplicates?villageId=${VILLAGE}`, { headers: { Authorization: `Bearer ${token}` } })).json();
      scans.push(performance.now() - t0);
    }
    return { first: first.ms, again: again.ms, scanHttp: median(scans) };
  } finally {
    await s.close();
  }
};

// The core rule alone over 2,000 households as the file makes them.
const scanCore = (csv: string): number => {
  const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, '')).data.slice(1);
  const households: Household[] = [];
  for (let i = 0; i < rows.length; i += PER) {
    const r = rows[i];
    households.push({ id: r[0], villageId: VILLAGE, code: r[0], headName: r[1], houseLabel: r[2], phone: r[3], flags: [], notes: '', removed: false });
  }
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    duplicatePairs(households);
    times.push(performance.now() - t0);
  }
  return median(times);
};

export const freshPhonePull = async (csv: string): Promise<number> => {
  const distDir = path.join(os.tmpdir(), 'tungnha-roster-bench-dist');
  if (!process.env.ROSTER_BENCH_NO_BUILD || !fs.existsSync(distDir)) execFileSync('npx', ['vite', 'build', '--outDir', distDir, '--emptyOutDir'], { stdio: 'ignore' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-roster-bench-'));
  const server = await startServer(PORT, dataDir, PASSWORD, distDir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS }).catch(async (e) => {
    await server.stop();
    throw e;
  });
  try {
    const admin = await officer(server.base, PASSWORD);
    const { token } = (await (await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) })).json()) as { token: string };
    const res = await fetch(`${server.base}/api/admin/households/import?villageId=${VILLAGE}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' }, body: csv });
    if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);
    const code = await admin.invite(VILLAGE);
    const page = await browser.newPage({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await page.goto(`${server.base}/join?code=${encodeURIComponent(code)}`);
    await page.getByLabel('Tên của bạn').fill('Người đo');
    // Joining asks for the member's PIN since phones can be shared.
    await page.getByLabel('Mã PIN của bạn').fill(PIN);
    await page.getByLabel('Nhập lại mã PIN').fill(PIN);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Tham gia tổ' }).click();
    await expect.poll(async () => (await idbCount(page, 'households').catch(() => 0)) === HOUSEHOLDS && (await idbCount(page, 'residents').catch(() => 0)) === HOUSEHOLDS * PER, { timeout: 120_000, intervals: [100] }).toBe(true);
    return Date.now() - t0;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
};

export const bench: Bench = {
  name: `roster: import ${HOUSEHOLDS.toLocaleString('en-US')} households / ${(HOUSEHOLDS * PER).toLocaleString('en-US')} residents, duplicate scan, a fresh phone pulling the village`,
  run: async () => {
    const csv = rosterCsv();
    const figures: Figure[] = [];
    const sqlite = await importOn('sqlite', csv);
    figures.push(
      { what: 'import on SQLite (POST, CSV, one transaction)', value: sqlite.first / 1000, unit: 's', budget: { must: 10, better: 'lower' } },
      { what: 'the same file again on SQLite (nothing written)', value: sqlite.again / 1000, unit: 's' },
      { what: 'duplicate scan, GET /api/admin/households/duplicates (SQLite)', value: sqlite.scanHttp, unit: 'ms', budget: { must: 500, better: 'lower' } },
    );
    if (PG_URL) {
      const pg = await importOn('postgres', csv);
      figures.push(
        { what: 'import on PostgreSQL', value: pg.first / 1000, unit: 's', note: 'reported, no budget' },
        { what: 'the same file again on PostgreSQL', value: pg.again / 1000, unit: 's' },
      );
    } else figures.push({ what: 'import on PostgreSQL', value: NaN, unit: 's', note: 'SKIPPED: set TEST_DATABASE_URL' });
    figures.push({ what: 'duplicate scan, core rule over 2,000 households (median of 7)', value: scanCore(csv), unit: 'ms', budget: { must: 500, better: 'lower' } });
    figures.push({ what: 'fresh phone in Chromium: join → every household and resident in IndexedDB', value: (await freshPhonePull(csv)) / 1000, unit: 's', budget: { must: 15, better: 'lower' } });
    return figures;
  },
};
