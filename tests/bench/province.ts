import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { DEFAULT_CATALOGUE } from '../../src/core/model/catalogue-defaults.ts';
import { currentPeriod, shiftPeriod } from '../../src/core/report/period.ts';
import type { ProvinceReport } from '../../src/core/report/province.ts';
import { HlcClock } from '../../src/core/sync/hlc.ts';
import { PROTOCOL, SCHEMA } from '../../src/core/sync/protocol.ts';
import { createMember } from '../../src/server/accounts/members.ts';
import { hashPassword } from '../../src/server/accounts/password.ts';
import { boot, type Booted } from '../../src/server/boot.ts';
import { refreshCommune } from '../../src/server/reports/rollups.ts';
import { inCommuneWrite } from '../../src/server/store/commune-write.ts';
import { addCommune } from '../../src/server/store/seed.ts';
import { median, percentile, type Bench, type Figure } from './harness.ts';
import { peopleRows, pgWriter, sqliteWriter, villageIds, villageRows, type BulkWriter, type Shape } from './officer-data.ts';

// The province workspace (issue 14): a province of COMMUNES communes (100 by the issue: 300,000 households, ~1.2M
// residents, 3M visits), on SQLite and PostgreSQL, through the real HTTP app:
//   - the province dashboard for a quarter (GET /api/reports/province; must ≤ 300 ms, aim ≤ 100 ms), warm;
//   - the province XLSX export (must ≤ 10 s);
//   - a commune's dashboard right after a catalogue rule change (the PUT and the next dashboard request, including
//     the rebuild it causes; must ≤ 2 s);
//   - the previous quarter asked twice, then again after an edit arrives through sync: identical figures.
// Scaled down with PROVINCE_BENCH_COMMUNES, PROVINCE_BENCH_HOUSEHOLDS (per commune, 3,000), PROVINCE_BENCH_VISITS
// (per commune, 30,000); the figures name the scale they were measured at. Data: tests/bench/officer-data.ts (every
// commune holds the same seeded data under its own ids).
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const COMMUNES = Number(process.env.PROVINCE_BENCH_COMMUNES ?? 100);
const HOUSEHOLDS = Number(process.env.PROVINCE_BENCH_HOUSEHOLDS ?? 3000);
const VISITS = Number(process.env.PROVINCE_BENCH_VISITS ?? 30_000);
const VILLAGES = 10;
const PASSWORD = 'bench-province-password';

const pgAvailable = async (): Promise<boolean> => {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
};

const time = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
};

type Env = { booted: Booted; writer: () => BulkWriter; cleanup: () => Promise<void> };

const open = async (kind: 'sqlite' | 'postgres', now: () => number): Promise<Env> => {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-bench-province-'));
    const file = path.join(dir, 'bench.sqlite');
    const booted = await boot({ store: { kind: 'sqlite', file }, seed: false, now });
    return { booted, writer: () => sqliteWriter(file), cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `tn_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const booted = await boot({ store: { kind: 'postgres', url: PG_URL, searchPath: schema, poolSize: 8 }, seed: false, now });
  return {
    booted,
    writer: () => pgWriter(PG_URL, schema),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
};

const runOne = async (kind: 'sqlite' | 'postgres'): Promise<Figure[]> => {
  // The bench's clock: fixed, and moved on a minute for the edit, so "now" stays inside this quarter.
  let now = Date.now();
  const env = await open(kind, () => now);
  const { ctx, app } = env.booted;
  const scale = `${COMMUNES} communes, ${(COMMUNES * HOUSEHOLDS).toLocaleString('en-US')} households, ${(COMMUNES * VISITS).toLocaleString('en-US')} visits`;
  const label = `province (${scale}), ${kind}`;
  const figures: Figure[] = [];
  try {
    const province = { id: 'p-bench', name: 'Tỉnh (đo hiệu năng)' };
    const hash = await hashPassword(PASSWORD);
    const ids: string[] = [];
    const [seedMs, rowsWritten] = await time(async () => {
      let n = 0;
      for (let k = 0; k < COMMUNES; k++) {
        const communeId = `c-bench-${k}`;
        ids.push(communeId);
        const shape: Shape = { communeId, villages: VILLAGES, households: HOUSEHOLDS, visits: VISITS, now, version: 0 };
        const villages = villageIds(shape).map((id, i) => ({ id, name: `Thôn ${i + 1}`, kind: 'thon' }));
        await addCommune(ctx, province, { id: communeId, name: `Xã ${String(k + 1).padStart(3, '0')}`, kind: 'xa' }, villages);
        await inCommuneWrite(ctx.store.db, ctx.store.kind, communeId, now, async (w) => {
          if (k === 0) await createMember(w, { provinceId: province.id, role: 'officer', displayName: 'Cán bộ', teamId: null, villageIds: [], username: 'bench', passwordHash: hash });
          for (const item of DEFAULT_CATALOGUE.slice(0, 6))
            await w.putReference('targets', { id: `t-${communeId}-${item.id}`, communeId, itemId: item.id, unit: 'commune', value: 80, dueOn: '2030-12-31', source: 'KH' });
        });
        const version = Number((await ctx.store.db.selectFrom('communes').select('version').where('id', '=', communeId).executeTakeFirstOrThrow()).version) + 1;
        shape.version = version;
        const writer = env.writer();
        n += await writer.write(peopleRows(shape, province.id));
        for (let v = 0; v < VILLAGES; v++) n += await writer.write(villageRows(shape, v));
        await writer.close();
        await ctx.store.db.updateTable('communes').set({ version }).where('id', '=', communeId).execute();
      }
      await ctx.store.db
        .insertInto('members')
        .values({
          id: 'm-bench-admin', commune_id: null, province_id: province.id, team_id: null, display_name: 'Quản trị tỉnh', role: 'admin', village_ids: '[]',
          username: 'province', password_hash: hash, version: 0, created_at: now, updated_at: now, disabled_at: null,
        })
        .execute();
      return n;
    });
    figures.push({ what: `${label}: seeding`, value: seedMs / 1000, unit: 's', note: `${rowsWritten.toLocaleString('en-US')} rows in bulk` });
    const analyze = () => (kind === 'postgres' ? sql`analyze`.execute(ctx.store.db).then(() => undefined) : Promise.resolve());
    await analyze();

    const [coldMs] = await time(async () => {
      for (const id of ids) await refreshCommune(ctx.store.db, ctx.store.kind, id, now);
    });
    figures.push({ what: `${label}: cold rollup build, every commune`, value: coldMs / 1000, unit: 's', note: 'once, after a bulk load' });
    await analyze();

    const signIn = async (username: string) => {
      const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
      return ((await res.json()) as { token: string }).token;
    };
    const admin = await signIn('province');
    const officer = await signIn('bench');
    // Timed reads ask for gzip as a browser does; calls whose answer the bench reads take it plain.
    const call = async (token: string, method: string, p: string, body?: unknown, gzip = method === 'GET') => {
      const res = await app.request(p, { method, headers: { Authorization: `Bearer ${token}`, ...(gzip ? { 'Accept-Encoding': 'gzip' } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res;
    };
    const quarter = currentPeriod('quarter', now);
    const last = shiftPeriod(quarter, -1);

    // The first province request builds every commune's as-of figures for the previous quarter too (reported).
    const [firstMs] = await time(() => call(admin, 'GET', `/api/reports/province?period=${quarter.key}`));
    figures.push({ what: `${label}: first province dashboard after the build (quarter)`, value: firstMs, unit: 'ms', note: 'includes the previous quarter’s as-of figures for the change column' });
    const warm: number[] = [];
    for (let i = 0; i < 7; i++) warm.push((await time(() => call(admin, 'GET', `/api/reports/province?period=${quarter.key}`).then((r) => r.arrayBuffer())))[0]);
    figures.push({ what: `${label}: province dashboard (quarter), warm`, value: median(warm), unit: 'ms', budget: { must: 300, aim: 100, better: 'lower' }, note: `p90 ${percentile(warm, 90).toFixed(0)} ms` });
    const xlsx: number[] = [];
    for (let i = 0; i < 2; i++) xlsx.push((await time(() => call(admin, 'GET', `/api/reports/province/export?period=${quarter.key}&format=xlsx`).then((r) => r.arrayBuffer())))[0]);
    figures.push({ what: `${label}: province XLSX export`, value: median(xlsx) / 1000, unit: 's', budget: { must: 10, better: 'lower' } });

    // A catalogue rule change in commune 0: a commune item with an age rule, its rule changed; the PUT and the next
    // dashboard request (which rebuilds what the rule touches).
    const made = (await (await call(officer, 'POST', '/api/admin/catalogue', { level: 'resident', rule: { kind: 'age', min: 15 }, label: { vi: 'Dùng Zalo an toàn' }, short: { vi: 'Zalo' } })).json()) as { id: string };
    await call(officer, 'GET', `/api/reports/tallies?period=${quarter.key}`);
    const rule: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [ms] = await time(async () => {
        await call(officer, 'PUT', `/api/admin/catalogue/${made.id}`, { rule: { kind: 'age', min: 16 + i } });
        await (await call(officer, 'GET', `/api/reports/tallies?period=${quarter.key}`)).arrayBuffer();
      });
      rule.push(ms);
    }
    figures.push({ what: `${label}: a commune's dashboard right after a rule change (PUT + next dashboard)`, value: median(rule) / 1000, unit: 's', budget: { must: 2, better: 'lower' }, note: `${(HOUSEHOLDS).toLocaleString('en-US')} households in that commune` });

    // The previous quarter: asked twice, then after an edit arrives through sync (a phone of commune 1), again.
    const figuresOf = async () => {
      const r = (await (await call(admin, 'GET', `/api/reports/province?period=${last.key}`, undefined, false)).json()) as ProvinceReport;
      return JSON.stringify({ total: r.total.cells, communes: r.communes.map((c) => [c.id, c.cells, c.households, c.residents, c.visits]) });
    };
    const a = await figuresOf();
    const b = await figuresOf();
    const c1 = ids[1 % ids.length];
    const v = `${c1}-v0`;
    const invite = (await (await call(admin, 'POST', `/api/admin/invites?commune=${c1}`, { villageId: v, uses: 2, expiresInDays: 7 })).json()) as { code: string };
    const deviceId = 'bench-late-phone';
    const joined = (await (await app.request('/api/auth/join', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: invite.code, deviceId, displayName: 'Lò Văn Đo' }) })).json()) as { token: string; member: { id: string } };
    now += 60_000;
    const clock = new HlcClock(deviceId);
    const rid = `${v}-h0-r0`;
    const push = await app.request('/api/sync/push', {
      method: 'POST',
      headers: { Authorization: `Bearer ${joined.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        protocol: PROTOCOL, schema: SCHEMA, deviceId,
        mutations: [{ seq: 1, id: `vneid@${rid}`, name: 'checklist.set', args: { id: `vneid@${rid}`, villageId: v, householdId: `${v}-h0`, residentId: rid, itemId: 'vneid', state: 'declined', by: joined.member.id, at: now }, hlc: clock.send(now) }],
      }),
    });
    const pushed = (await push.json()) as { results: { status: string }[] };
    const after = await figuresOf();
    const same = a === b && b === after;
    figures.push({
      what: `${label}: previous quarter asked twice, then after an edit arrives: identical`,
      value: same ? 1 : 0,
      unit: same ? 'yes' : 'NO',
      budget: { must: 1, better: 'higher' },
      note: `edit ${pushed.results?.[0]?.status ?? push.status}`,
    });
  } finally {
    await env.booted.close();
    await env.cleanup();
  }
  return figures;
};

export const bench: Bench = {
  name: 'province: workspace, XLSX export, rebuild after a rule change, past quarter stable (SQLite and PostgreSQL)',
  run: async () => {
    const figures: Figure[] = [];
    const kinds: ('sqlite' | 'postgres')[] = process.env.PROVINCE_BENCH_DB ? [process.env.PROVINCE_BENCH_DB as 'sqlite' | 'postgres'] : (await pgAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
    if (!kinds.includes('postgres') && !process.env.PROVINCE_BENCH_DB) console.warn(`  PostgreSQL not reachable at ${PG_URL}: its figures are SKIPPED`);
    for (const kind of kinds) {
      console.log(`  … ${COMMUNES} communes on ${kind}`);
      figures.push(...(await runOne(kind)));
    }
    return figures;
  },
};
