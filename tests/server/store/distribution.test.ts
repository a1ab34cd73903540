import crypto from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, BY_COMMUNE, MIGRATOR, REFERENCE } from '../../../src/server/store/distribution.ts';
import { checklistCell, household, resident, visit, wirePhone } from '../helpers/phone.ts';
import { createTestServer, PG_URL, type TestServer } from '../helpers/test-server.ts';

// Ready for a distributed PostgreSQL (docs/scaling.md): the commune is the distribution key. This suite lists what
// breaks the rule, on a server whose by-commune tables are hash-partitioned by commune (declarative partitioning
// imposes Citus's key rules): every table classified, every by-commune key holding the commune, and a commune's
// sync and dashboard touching no partition but its own (a query without the commune would scan them all).
// `TEST_PG_PARTITIONS=4 npm test` runs every PostgreSQL suite on partitioned tables.
const d = PG_URL ? describe : describe.skip;
if (!PG_URL) console.warn('[tests/server/store] TEST_DATABASE_URL is not set: the distribution suite is SKIPPED.');

const PARTITIONS = 4;

d('tables partitioned by commune (PostgreSQL)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer({ db: 'postgres', partitions: PARTITIONS });
  }, 60_000);
  afterAll(() => s?.close());

  const rows = async <T,>(q: ReturnType<typeof sql<T>>) => (await q.execute(s.ctx.store.db)).rows;

  it('classifies every table once: by commune, reference or accounts', async () => {
    const tables = (await rows(sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition`)).map((r) => r.name);
    const known: string[] = [...BY_COMMUNE, ...REFERENCE, ...ACCOUNTS, ...MIGRATOR];
    expect(new Set(known).size, 'a table in two lists').toBe(known.length);
    expect(tables.filter((t) => !known.includes(t)), 'tables in no list (store/distribution.ts)').toEqual([]);
    expect(known.filter((t) => !tables.includes(t)), 'listed tables that do not exist').toEqual([]);
  });

  it('keys every by-commune table by commune: partitioned, commune_id not null, in the primary key and every unique index', async () => {
    const breakers: string[] = [];
    for (const table of BY_COMMUNE) {
      const [kind] = await rows(sql<{ relkind: string }>`select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relname = ${table}`);
      if (kind?.relkind !== 'p') breakers.push(`${table}: not partitioned`);
      const [col] = await rows(sql<{ nullable: string }>`select is_nullable as nullable from information_schema.columns where table_schema = current_schema() and table_name = ${table} and column_name = 'commune_id'`);
      if (!col) breakers.push(`${table}: no commune_id`);
      else if (col.nullable !== 'NO') breakers.push(`${table}: commune_id may be null`);
      const keys = await rows(sql<{ name: string; def: string }>`
        select i.indexname as name, i.indexdef as def from pg_indexes i where i.schemaname = current_schema() and i.tablename = ${table} and i.indexdef like 'CREATE UNIQUE%'`);
      if (!keys.length) breakers.push(`${table}: no primary key`);
      for (const k of keys) if (!/\(.*\bcommune_id\b.*\)/.test(k.def)) breakers.push(`${table}: ${k.name} lacks commune_id`);
    }
    expect(breakers).toEqual([]);
  });

  it("keeps a commune's sync and dashboard inside its own partition: every query names its commune", async () => {
    const phone = await s.join(s.villageIds[0]);
    const w = wirePhone(s, phone);
    const V = s.villageIds[0];
    // Something of the other commune lives in the tables too.
    const other = wirePhone(s, await s.join(s.otherVillageIds[0]));
    expect((await other.push([other.m('household.put', household(`h-${crypto.randomUUID()}`, s.otherVillageIds[0]))])).status).toBe(200);

    // Every statement the server sends while one commune works, with its parameters (the server runs in this
    // process, on node-postgres).
    const seen: { text: string; values: unknown[] }[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [q, v] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      if (typeof q === 'string') seen.push({ text: q, values: v ?? [] });
      else if (q && typeof q === 'object' && typeof q.text === 'string') seen.push({ text: q.text, values: q.values ?? v ?? [] });
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      // A commune's day: a push of a household, its resident and a visit; a pull; the officer's dashboard and lists.
      const h = `h-${crypto.randomUUID()}`;
      const r = `r-${crypto.randomUUID()}`;
      const pushed = await w.push([
        w.m('household.put', household(h, V)),
        w.m('resident.put', resident(r, h, V)),
        w.m('checklist.set', checklistCell(r, h, V, 'vneid', 'done', phone.member.id, s.clock.now())),
        w.m('visit.add', visit(`v-${crypto.randomUUID()}`, h, V, phone.member.id, s.clock.now())),
        w.m('household.put', household(h, V, { phone: '0912345678' })),
      ]);
      expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
      await w.pullAll(0);
      const officer = await s.login();
      for (const path of ['/api/reports/tallies', '/api/reports/activity', `/api/reports/villages/${V}/households`, `/api/reports/households/${h}`, '/api/admin/devices']) {
        const res = await s.request(path, { headers: s.auth(officer) });
        expect(res.status, path).toBe(200);
      }
    } finally {
      pg.Client.prototype.query = query;
    }

    // Which partitions each statement would read, from its plan with these parameters.
    const partitioned = new Set<string>(BY_COMMUNE);
    const breakers = new Set<string>();
    let checked = 0;
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${s.storeEnv.DATABASE_SCHEMA}` });
    await client.connect();
    try {
      for (const q of seen) {
        if (!/^\s*(select|update|delete|insert|with)\b/i.test(q.text) || !/\b(from|into|update|join)\b/i.test(q.text)) continue;
        if (![...partitioned].some((t) => new RegExp(`"${t}"|\\b${t}\\b`).test(q.text))) continue;
        const plan = (await client.query(`explain (format json) ${q.text}`, q.values)).rows[0]['QUERY PLAN'];
        checked++;
        const parts = new Map<string, Set<string>>();
        const walk = (n: Record<string, unknown>) => {
          const rel = n['Relation Name'];
          if (typeof rel === 'string' && /__p\d+$/.test(rel)) {
            const table = rel.replace(/__p\d+$/, '');
            parts.set(table, (parts.get(table) ?? new Set()).add(rel));
          }
          for (const c of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(c);
        };
        walk(plan[0].Plan);
        for (const [table, ps] of parts) if (ps.size > 1) breakers.add(`${table} (${ps.size} partitions): ${q.text.replace(/\s+/g, ' ').slice(0, 200)}`);
      }
    } finally {
      await client.end();
    }
    expect(checked).toBeGreaterThan(20);
    expect([...breakers], 'statements that read more than one commune’s partition').toEqual([]);
  }, 60_000);
});
