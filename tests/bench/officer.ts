import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { DEFAULT_CATALOGUE } from '../../src/core/model/catalogue-defaults.ts';
import { currentPeriod } from '../../src/core/report/period.ts';
import { createMember } from '../../src/server/accounts/members.ts';
import { hashPassword } from '../../src/server/accounts/password.ts';
import { boot, type Booted } from '../../src/server/boot.ts';
import { refreshCommune } from '../../src/server/reports/rollups.ts';
import { inCommuneWrite } from '../../src/server/store/commune-write.ts';
import { addCommune } from '../../src/server/store/seed.ts';
import { median, percentile, type Bench, type Figure } from './harness.ts';
import { peopleRows, pgWriter, sqliteWriter, villageIds, villageRows, type BulkWriter, type Shape } from './officer-data.ts';

// The commune officer's dashboard and export (DESIGN §5: ≤ 200 ms per dashboard request over 100k households and
// 1M visits, aim 50 ms), on SQLite and PostgreSQL, through the real HTTP app (auth, JSON, gzip included):
//   - a commune of 10,000 households (50 villages, 100,000 visits);
//   - a province's worth, 100,000 households and 1,000,000 visits, in ONE commune of 500 villages: the worst case
//     for a single dashboard request (a province admin's view of one commune, or a very large ward).
// Seeding writes straight into the tables in bulk and says how long it took; the first request builds the rollups
// (reported as "cold rollup build"); then warm requests, a request right after a change in one village (which
// rebuilds that village), team activity, drill-down and the XLSX/CSV export.
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'bench-officer-password';

const SHAPES: { name: string; villages: number; households: number; visits: number }[] = [
  { name: 'commune 10k households', villages: 50, households: 10_000, visits: 100_000 },
  { name: 'province 100k households / 1M visits', villages: 500, households: 100_000, visits: 1_000_000 },
];

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

type Env = { booted: Booted; writer: BulkWriter; cleanup: () => Promise<void> };

const open = async (kind: 'sqlite' | 'postgres', now: number): Promise<Env> => {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-bench-officer-'));
    const file = path.join(dir, 'bench.sqlite');
    const booted = await boot({ store: { kind: 'sqlite', file }, seed: false, now: () => now });
    return { booted, writer: sqliteWriter(file), cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `tn_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const booted = await boot({ store: { kind: 'postgres', url: PG_URL, searchPath: schema, poolSize: 8 }, seed: false, now: () => now });
  return {
    booted,
    writer: pgWriter(PG_URL, schema),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
};

const runOne = async (kind: 'sqlite' | 'postgres', shapeSpec: (typeof SHAPES)[number]): Promise<Figure[]> => {
  const now = Date.now();
  const label = `${shapeSpec.name}, ${kind}`;
  const env = await open(kind, now);
  const { ctx, app } = env.booted;
  const figures: Figure[] = [];
  try {
    const communeId = `c-bench-${shapeSpec.villages}`;
    const province = { id: 'p-bench', name: 'Tỉnh (đo hiệu năng)' };
    const shape: Shape = { communeId, villages: shapeSpec.villages, households: shapeSpec.households, visits: shapeSpec.visits, now, version: 0 };
    const villages = villageIds(shape).map((id, i) => ({ id, name: `Thôn ${i + 1}`, kind: 'thon' }));
    await addCommune(ctx, province, { id: communeId, name: 'Xã đo hiệu năng', kind: 'xa' }, villages);
    const hash = await hashPassword(PASSWORD);
    await inCommuneWrite(ctx.store.db, ctx.store.kind, communeId, now, async (w) => {
      await createMember(w, { provinceId: province.id, role: 'officer', displayName: 'Cán bộ', teamId: null, villageIds: [], username: 'bench', passwordHash: hash });
      for (const item of DEFAULT_CATALOGUE.slice(0, 6))
        await w.putReference('targets', { id: `t-${item.id}`, communeId, itemId: item.id, unit: 'commune', value: 80, dueOn: '2030-12-31', source: 'KH' });
    });
    const version = Number((await ctx.store.db.selectFrom('communes').select('version').where('id', '=', communeId).executeTakeFirstOrThrow()).version) + 1;
    shape.version = version;

    // Seed in bulk, a few villages per transaction.
    const [seedMs, rowsWritten] = await time(async () => {
      let n = await env.writer.write(peopleRows(shape, province.id));
      for (let i = 0; i < shape.villages; i += 10) {
        const merged: Record<string, Record<string, unknown>[]> = {};
        for (let k = i; k < Math.min(shape.villages, i + 10); k++)
          for (const [t, list] of Object.entries(villageRows(shape, k))) (merged[t] ??= []).push(...list);
        n += await env.writer.write(merged);
      }
      await env.writer.close();
      await ctx.store.db.updateTable('communes').set({ version }).where('id', '=', communeId).execute();
      return n;
    });
    figures.push({ what: `${label}: seeding`, value: seedMs / 1000, unit: 's', note: `${rowsWritten.toLocaleString('en-US')} rows in bulk` });
    // A running PostgreSQL analyzes new tables by itself (autovacuum) soon after a bulk load; the bench does it at once.
    const analyze = () => (kind === 'postgres' ? sql`analyze`.execute(ctx.store.db).then(() => undefined) : Promise.resolve());
    await analyze();

    const [coldMs, cold] = await time(() => refreshCommune(ctx.store.db, ctx.store.kind, communeId, now));
    figures.push({ what: `${label}: cold rollup build (all ${cold.rebuilt} villages)`, value: coldMs / 1000, unit: 's', note: 'once, after a bulk load, a new year or a catalogue rule change' });
    await analyze();

    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' };
    const period = currentPeriod('quarter', now).key;
    const get = async (p: string) => {
      const res = await app.request(p, { headers });
      if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.arrayBuffer();
    };
    const sample = async (p: string, n: number) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) xs.push((await time(() => get(p)))[0]);
      return xs;
    };

    await get(`/api/reports/tallies?period=${period}`);
    const warm = await sample(`/api/reports/tallies?period=${period}`, 15);
    figures.push({
      what: `${label}: dashboard request (tallies, quarter)`,
      value: median(warm),
      unit: 'ms',
      budget: { must: 200, aim: 50, better: 'lower' },
      note: `p90 ${percentile(warm, 90).toFixed(1)} ms, ${((await get(`/api/reports/tallies?period=${period}`)).byteLength / 1024).toFixed(1)} KB gzip`,
    });
    const year = await sample(`/api/reports/tallies?period=${new Date(now).getFullYear()}`, 7);
    figures.push({ what: `${label}: dashboard request (tallies, whole year)`, value: median(year), unit: 'ms', budget: { must: 200, aim: 50, better: 'lower' } });

    // A change in one village (as a push writes it: the row and the commune's version), then the next request.
    const afterChange: number[] = [];
    for (let i = 0; i < 5; i++) {
      const v = villageIds(shape)[i * 7];
      const next = Number((await ctx.store.db.selectFrom('communes').select('version').where('id', '=', communeId).executeTakeFirstOrThrow()).version) + 1;
      await ctx.store.db.updateTable('communes').set({ version: next }).where('id', '=', communeId).execute();
      await ctx.store.db
        .updateTable('checklist')
        .set({ state: i % 2 ? 'done' : 'declined', version: next, set_at: now })
        .where('commune_id', '=', communeId)
        .where('id', '=', `vneid@${v}-h0-r0`)
        .execute();
      afterChange.push((await time(() => get(`/api/reports/tallies?period=${period}`)))[0]);
    }
    figures.push({ what: `${label}: dashboard request right after a change in one village`, value: median(afterChange), unit: 'ms', budget: { must: 200, aim: 50, better: 'lower' }, note: 'includes rebuilding that village' });

    const activity = await sample(`/api/reports/activity?period=${period}`, 7);
    figures.push({ what: `${label}: team activity request`, value: median(activity), unit: 'ms', budget: { must: 200, aim: 50, better: 'lower' } });
    const drill = await sample(`/api/reports/villages/${villageIds(shape)[3]}/households?limit=50`, 7);
    figures.push({ what: `${label}: drill-down (village households)`, value: median(drill), unit: 'ms' });
    const xlsx = await sample(`/api/reports/export?period=${period}&format=xlsx`, 3);
    figures.push({ what: `${label}: export XLSX`, value: median(xlsx), unit: 'ms' });
    const csv = await sample(`/api/reports/export?period=${period}&format=csv`, 3);
    figures.push({ what: `${label}: export CSV`, value: median(csv), unit: 'ms' });
  } finally {
    await env.booted.close();
    await env.cleanup();
  }
  return figures;
};

export const bench: Bench = {
  name: 'officer: dashboard, activity and export (SQLite and PostgreSQL)',
  run: async () => {
    const figures: Figure[] = [];
    const only = process.env.OFFICER_BENCH_SHAPES?.split(',');
    const kinds: ('sqlite' | 'postgres')[] = (await pgAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
    if (!kinds.includes('postgres')) console.warn(`  PostgreSQL not reachable at ${PG_URL}: its figures are SKIPPED`);
    for (const shape of SHAPES.filter((s, i) => !only || only.includes(String(i))))
      for (const kind of kinds) {
        console.log(`  … ${shape.name} on ${kind}`);
        figures.push(...(await runOne(kind, shape)));
      }
    return figures;
  },
};
