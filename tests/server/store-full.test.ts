import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { household, wirePhone } from './helpers/phone.ts';
import { createTestServer, type TestServer } from './helpers/test-server.ts';

// A full disk or a read-only database file (DESIGN §7): the answer is 503 `unavailable` with Retry-After, never a
// 500; the log holds the real cause (SQLITE_FULL, not "cannot rollback"); health says not ok while the store cannot
// write, and all of it comes back without a restart once the store can write again. SQLite's own limits stand in
// for the disk: max_page_count makes the file full, query_only makes it read-only, on the server thread's
// connection (joins, the officer's writes and health run there; pushes map their errors the same way).
describe('a store that cannot write (SQLite)', () => {
  let s: TestServer;
  const logged: unknown[] = [];
  beforeAll(async () => {
    s = await createTestServer({ db: 'sqlite', log: (e) => logged.push(e) });
  });
  afterAll(() => s?.close());

  const health = async () => {
    const r = await s.request('/api/health');
    return { status: r.status, retry: r.headers.get('retry-after'), body: await r.json() };
  };
  const join = (deviceId: string) =>
    s.request('/api/auth/join', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: s.invites[s.villageIds[1]], deviceId, displayName: 'Anh Páo' }) });
  const codes = (es: unknown[]) => es.map((e) => String((e as { code?: string }).code ?? (e as Error).message));

  it('answers 503 with Retry-After on a full disk, logs SQLITE_FULL and recovers', async () => {
    expect((await health()).status).toBe(200);
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(s.ctx.store.db)).rows[0].page_count);
    await sql.raw(`pragma max_page_count = ${pages}`).execute(s.ctx.store.db);
    try {
      logged.length = 0;
      // Enough joins to need new pages.
      let full: Response | undefined;
      for (let i = 0; i < 40 && !full; i++) {
        const r = await join(`full-${i}-${'x'.repeat(60)}`.slice(0, 64));
        expect(r.status).not.toBe(500);
        if (r.status !== 200) full = r;
      }
      expect(full?.status).toBe(503);
      expect(full?.headers.get('retry-after')).toBe('5');
      expect(await full?.json()).toMatchObject({ error: { code: 'unavailable', message: expect.any(String) } });
      expect(codes(logged).some((c) => c.startsWith('SQLITE_FULL'))).toBe(true);
      expect(codes(logged).some((c) => /cannot rollback/i.test(c))).toBe(false);
    } finally {
      await sql.raw('pragma max_page_count = 1073741823').execute(s.ctx.store.db);
    }
    expect((await join('after-full')).status).toBe(200);
  });

  it('answers 503 while the file is read-only, health is not ok, and both recover without a restart', async () => {
    const p = wirePhone(s, await s.join(s.villageIds[0]));
    await sql.raw('pragma query_only = 1').execute(s.ctx.store.db);
    try {
      logged.length = 0;
      const h = await health();
      expect(h).toMatchObject({ status: 503, retry: '5', body: { ok: false, db: 'sqlite', error: { code: 'unavailable' } } });
      const r = await join('while-readonly');
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(codes(logged).some((c) => c.startsWith('SQLITE_READONLY'))).toBe(true);
    } finally {
      await sql.raw('pragma query_only = 0').execute(s.ctx.store.db);
    }
    expect((await health()).body.ok).toBe(true);
    expect((await join('while-readonly')).status).toBe(200);
    expect((await p.push([p.m('household.put', household('h-after-ro', s.villageIds[0]))])).body.results).toEqual([{ seq: 1, status: 'applied' }]);
  });
});
