import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL, SCHEMA } from '../../src/core/sync/protocol.ts';
import { ThreadClient } from '../../src/server/threads/client.ts';
import { SqliteThreads } from '../../src/server/threads/sqlite-threads.ts';
import type { ToEcho } from './helpers/echo-thread.ts';
import { household, resident, visit, wirePhone, type WirePhone } from './helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// The socket listener's sync fast path and, on SQLite, the writer and reader threads behind it: what `npm start`
// serves phones with. The protocol itself is tested in sync.test.ts through app.request(); here the same calls go
// over a real socket, many at once.
describe.each(DATABASES)('sync over the socket, many phones at once, on %s', (db) => {
  let s: TestServer;
  let url: string;
  beforeAll(async () => {
    s = await createTestServer({ db });
    url = await s.listen();
  });
  afterAll(() => s?.close());

  const call = async (path: string, token: string | undefined, body: Uint8Array | string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Encoding': 'gzip', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
      body: body as BodyInit,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const gz = (value: unknown) => new Uint8Array(zlib.gzipSync(JSON.stringify(value)));
  const envelope = (p: WirePhone, mutations: unknown[]) => ({ protocol: PROTOCOL, schema: SCHEMA, deviceId: p.deviceId, mutations });

  it('applies every push exactly once when each is sent twice at the same time, and every phone pulls it all', async () => {
    const [v1, v2] = s.villageIds;
    const phones = await Promise.all(Array.from({ length: 24 }, (_, i) => s.join(i % 2 ? v2 : v1).then((j) => wirePhone(s, j))));
    // Each phone's household with a resident, then a visit: the second push depends on the first one's rows.
    const first = phones.map((p, i) => {
      const v = p.scope.villageIds[0];
      return gz(envelope(p, [p.m('household.put', household(`h-burst-${i}`, v)), p.m('resident.put', resident(`r-burst-${i}`, `h-burst-${i}`, v))]));
    });
    const second = phones.map((p, i) => gz(envelope(p, [p.m('visit.add', visit(`v-burst-${i}`, `h-burst-${i}`, p.scope.villageIds[0], p.member.id, s.clock.now()))])));
    // A retry racing its original: both copies in flight together.
    const round = async (bodies: Uint8Array[]) =>
      Promise.all(phones.flatMap((p, i) => [0, 1].map(() => call('/api/sync/push', p.token, bodies[i], { 'Content-Encoding': 'gzip' }))));
    for (const bodies of [first, second]) {
      const answers = await round(bodies);
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      // Of the two copies, one applied each mutation and the other acknowledged it as a duplicate.
      for (let i = 0; i < phones.length; i++) {
        const statuses = [...answers[2 * i].body.results, ...answers[2 * i + 1].body.results].map((r: { status: string }) => r.status).sort();
        const n = answers[2 * i].body.results.length;
        expect(statuses).toEqual([...Array(n).fill('applied'), ...Array(n).fill('duplicate')].sort());
      }
    }
    const count = async (table: 'households' | 'residents' | 'visits', prefix: string) =>
      Number((await s.ctx.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('id', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n);
    expect([await count('households', 'h-burst-'), await count('residents', 'r-burst-'), await count('visits', 'v-burst-')]).toEqual([24, 24, 24]);
    // Every phone of a village pulls all 12 phones' records of its village, and nothing of the other.
    const pulls = await Promise.all(
      phones.map((p) => call('/api/sync/pull', p.token, gz({ protocol: PROTOCOL, schema: SCHEMA, deviceId: p.deviceId, cursor: 0, limit: 1000 }), { 'Content-Encoding': 'gzip' })),
    );
    for (const [i, pulled] of pulls.entries()) {
      expect(pulled.status).toBe(200);
      const visits = pulled.body.changes.filter((c: { table: string; id: string }) => c.table === 'visits' && c.id.startsWith('v-burst-'));
      expect(visits).toHaveLength(12);
      expect(visits.every((c: { row: { villageId: string } }) => c.row.villageId === phones[i].scope.villageIds[0])).toBe(true);
    }
  });

  it('answers errors on the socket exactly as through the app', async () => {
    const p = wirePhone(s, await s.join(s.villageIds[0]));
    const cases: [string, string | undefined, Uint8Array | string, Record<string, string>][] = [
      ['/api/sync/push', undefined, '{}', {}],
      ['/api/sync/pull', 'not-a-token-but-long-enough-to-look-like-one', '{}', {}],
      ['/api/sync/push', p.token, '{"protocol":', {}],
      ['/api/sync/pull', p.token, 'null', {}],
      ['/api/sync/push', p.token, new Uint8Array([1, 2, 3]), { 'Content-Encoding': 'gzip' }],
      ['/api/sync/push', p.token, '{}', { 'Content-Encoding': 'br' }],
      ['/api/sync/pull', p.token, JSON.stringify({ protocol: PROTOCOL, schema: SCHEMA, deviceId: 'someone-else', cursor: 0 }), {}],
      ['/api/sync/pull', p.token, 'x'.repeat(20_000), {}],
      ['/api/sync/push', p.token, JSON.stringify(envelope(p, [{ seq: 5, id: 'x' }])), {}],
    ];
    for (const [path, token, body, headers] of cases) {
      const socket = await call(path, token, body, headers);
      const app = await s.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
        body: body as BodyInit,
      });
      const { serverTime: _a, ...fromSocket } = socket.body;
      const { serverTime: _b, ...fromApp } = await app.json();
      expect({ path, status: socket.status, body: fromSocket }).toEqual({ path, status: app.status, body: fromApp });
      expect(socket.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('records the app build and last sync of a phone that pulls', async () => {
    const p = wirePhone(s, await s.join(s.villageIds[1]));
    const pulled = await call('/api/sync/pull', p.token, gz({ protocol: PROTOCOL, schema: SCHEMA, build: 'build-42', deviceId: p.deviceId, cursor: 0 }), {
      'Content-Encoding': 'gzip',
    });
    expect(pulled.status).toBe(200);
    expect(pulled.headers.get('content-encoding')).toBe('gzip');
    await s.ctx.touches.flush();
    const device = await s.ctx.store.db.selectFrom('devices').select(['app_build', 'last_sync_at']).where('id', '=', p.deviceId).executeTakeFirstOrThrow();
    expect(device.app_build).toBe('build-42');
    expect(device.last_sync_at).toBeGreaterThan(0);
  });
});

describe('SQLite writer thread', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer({ db: 'sqlite', log: () => undefined });
  });
  afterAll(() => s?.close());

  it('answers 503 for what it held when it dies, starts again on the next push, and nothing is lost or applied twice', async () => {
    const threads = s.ctx.sync as SqliteThreads;
    expect(threads).toBeInstanceOf(SqliteThreads);
    const p = wirePhone(s, await s.join(s.villageIds[0]));
    const batch = Array.from({ length: 100 }, (_, i) => p.m('household.put', household(`h-crash-${i}`, s.villageIds[0])));
    const pending = p.push(batch);
    await threads.writerThread.kill();
    const first = await pending;
    // Either the push committed before the thread died (answered, or answered 503 after its commit), or not at all.
    expect([200, 503]).toContain(first.status);
    if (first.status === 503) expect(first.body).toMatchObject({ error: { code: 'unavailable' } });
    // The phone sends the same push again: applied now, or acknowledged as duplicates; never twice.
    const again = await p.push(batch);
    expect(again.status).toBe(200);
    expect(new Set(again.body.results.map((r: { status: string }) => r.status)).size).toBe(1);
    const stored = await s.ctx.store.db.selectFrom('households').select((eb) => eb.fn.countAll().as('n')).where('id', 'like', 'h-crash-%').executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(100);
    const next = p.m('household.put', household('h-after-crash', s.villageIds[0]));
    expect((await p.push([next])).body.results).toEqual([{ seq: next.seq, status: 'applied' }]);
  });

  it('lets joins and the officer write on the server thread while pushes commit on the writer thread', async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => s.join(s.villageIds[1]).then((j) => wirePhone(s, j))));
    const pushes = writers.flatMap((p, k) =>
      Array.from({ length: 4 }, (_, i) => p.m('household.put', household(`h-mixed-${k}-${i}`, s.villageIds[1]))).map((m) => p.push([m])),
    );
    // Joins write on the server thread (commune version, member, device) in IMMEDIATE transactions meanwhile.
    const joins = Array.from({ length: 8 }, () => s.join(s.villageIds[2]));
    const [pushed, joined] = await Promise.all([Promise.all(pushes), Promise.allSettled(joins)]);
    expect(pushed.map((r) => r.status)).toEqual(pushed.map(() => 200));
    expect(joined.map((r) => r.status)).toEqual(joined.map(() => 'fulfilled'));
  });
});

describe('ThreadClient', () => {
  it('calls a thread like a function, rebuilds its errors, and starts it again after it dies', async () => {
    const client = new ThreadClient<ToEcho>('echo', pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers/echo-thread.ts')).href, {});
    try {
      expect(await client.call((id) => ({ type: 'echo', id, value: { a: [1, 'b'] } }))).toEqual({ a: [1, 'b'] });
      await expect(client.call((id) => ({ type: 'fail', id }))).rejects.toMatchObject({ code: 'invalid', message: 'no', issues: [{ field: 'x', rule: 'required' }] });
      const held = client.call((id) => ({ type: 'hang', id }));
      expect(client.load).toBe(1);
      await client.kill();
      await expect(held).rejects.toMatchObject({ code: 'unavailable' });
      expect(client.load).toBe(0);
      expect(await client.call((id) => ({ type: 'echo', id, value: 'again' }))).toBe('again');
    } finally {
      await client.close();
    }
    await expect(client.call((id) => ({ type: 'echo', id, value: 1 }))).rejects.toMatchObject({ code: 'unavailable' });
  });
});
