import fs from 'node:fs';
import { PROTOCOL, SCHEMA } from '../../src/core/sync/protocol.ts';
import zlib from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { createContext } from '../../src/server/context.ts';
import { openStore } from '../../src/server/store/open.ts';
import { household, wirePhone, type WirePhone } from './helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// What bad requests get (DESIGN §7): a 4xx with a reason, never a 5xx; a database that does not answer is a 503.
describe.each(DATABASES)('HTTP edges on %s', (db) => {
  let s: TestServer;
  let p: WirePhone;
  beforeAll(async () => {
    s = await createTestServer({ db });
    p = wirePhone(s, await s.join(s.villageIds[0]));
  });
  afterAll(() => s?.close());

  const send = async (path: string, body: BodyInit | null, headers: Record<string, string> = {}) => {
    const res = await s.request(path, { method: 'POST', headers: { ...s.auth(p.token), ...headers }, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const envelope = (mutations: unknown) => JSON.stringify({ protocol: 1, schema: 1, deviceId: p.deviceId, mutations });

  it('answers health with the database kind', async () => {
    const res = await s.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, db, protocol: PROTOCOL, schema: SCHEMA, version: 'test', migration: expect.stringMatching(/^\d{8}T\d{6}-/) });
  });

  it('answers malformed bodies with 400 bad-request', async () => {
    expect(await send('/api/sync/push', '{"protocol":1,')).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await send('/api/sync/push', '')).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await send('/api/sync/push', 'null')).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await send('/api/sync/pull', 'null')).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await send('/api/sync/push', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toMatchObject({ status: 400 });
    expect(await send('/api/sync/push', envelope('nope'))).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await send('/api/sync/push', envelope([{ seq: 0, id: 'x' }]))).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    // A mutation with a usable seq but a bad name or stamp is refused alone, so the phone's queue still moves.
    const badName = { ...p.m('household.put', household('h-bad-name', s.villageIds[0])), name: 'household.delete' };
    const badHlc = { ...p.m('household.put', household('h-bad-hlc', s.villageIds[0])), hlc: 'yesterday' };
    expect(await send('/api/sync/push', envelope([badName, badHlc]))).toMatchObject({
      status: 200,
      body: { results: [{ seq: badName.seq, status: 'rejected', reason: 'bad-request' }, { seq: badHlc.seq, status: 'rejected', reason: 'bad-request' }] },
    });
    expect(await send('/api/sync/pull', JSON.stringify({ protocol: 1, schema: 1, deviceId: p.deviceId, cursor: -1 }))).toMatchObject({ status: 400 });
    expect(await send('/api/auth/login', '{"username":')).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await send('/api/auth/login', '{}')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid', issues: [{ field: 'username', rule: 'required' }, { field: 'password', rule: 'required' }] } },
    });
    expect(await send('/api/auth/join', JSON.stringify({ code: 'ABCD-2345', deviceId: 'bad id with spaces', displayName: '' }))).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid', issues: [{ field: 'deviceId', rule: 'bad-format' }, { field: 'displayName', rule: 'required' }] } },
    });
    // The sequence moved past the two refusals and nothing else: the next mutation applies.
    const next = p.m('household.put', household('h-after-junk', s.villageIds[0]));
    expect(next.seq).toBe(badHlc.seq + 1);
    expect((await p.push([next])).body.results).toEqual([{ seq: next.seq, status: 'applied' }]);
  });

  it('answers oversized requests with 413, before or after decompression', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ seq: 1000 + i, id: `x${i}`, name: 'household.put', args: { id: `x${i}` }, hlc: p.hlc.send(s.clock.now()) }));
    expect(await send('/api/sync/push', envelope(many))).toMatchObject({ status: 413, body: { error: { code: 'payload-too-large' } } });
    const huge = envelope([{ seq: 2000, id: 'x', name: 'household.put', args: { id: 'x', notes: 'a'.repeat(1_100_000) }, hlc: p.hlc.send(s.clock.now()) }]);
    expect(await send('/api/sync/push', huge)).toMatchObject({ status: 413, body: { error: { code: 'payload-too-large' } } });
    // Without a Content-Length (streamed): still cut off at the limit.
    const stream = new ReadableStream({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024)));
      },
    });
    const streamed = await s.request('/api/sync/push', { method: 'POST', headers: s.auth(p.token), body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    // A zip bomb: 64 MB of zeros in ~64 KB of gzip.
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(100_000);
    expect(await send('/api/sync/push', new Uint8Array(bomb), { 'Content-Encoding': 'gzip' })).toMatchObject({ status: 413, body: { error: { code: 'payload-too-large' } } });
    // Small endpoints have small limits.
    expect(await send('/api/auth/login', JSON.stringify({ username: 'admin', password: 'x'.repeat(40_000) }))).toMatchObject({ status: 413 });
    // The mutation cap is counted before anything is applied: the sequence did not move.
    const next = p.m('household.put', household('h-after-big', s.villageIds[0]));
    expect((await p.push([next])).body.results).toEqual([{ seq: next.seq, status: 'applied' }]);
  });

  it('reads gzip request bodies and compresses large responses', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `h-gz-${i}`);
    const body = envelope(ids.map((id) => p.m('household.put', household(id, s.villageIds[0], { notes: 'Hộ có người cao tuổi, cần hỗ trợ cài VNeID' }))));
    const packed = zlib.gzipSync(body);
    expect(packed.byteLength).toBeLessThan(body.length / 4);
    const res = await send('/api/sync/push', new Uint8Array(packed), { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(50);
    expect(await send('/api/sync/push', new Uint8Array([1, 2, 3, 4]), { 'Content-Encoding': 'gzip' })).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await send('/api/sync/push', body, { 'Content-Encoding': 'br' })).toMatchObject({ status: 415, body: { error: { code: 'bad-request' } } });
    const pull = await s.request('/api/sync/pull', {
      method: 'POST',
      headers: { ...s.auth(p.token), 'Accept-Encoding': 'gzip' },
      body: JSON.stringify({ protocol: 1, schema: 1, deviceId: p.deviceId, cursor: 0 }),
    });
    expect(pull.headers.get('content-encoding')).toBe('gzip');
    const raw = Buffer.from(await pull.arrayBuffer());
    const decoded = JSON.parse(zlib.gunzipSync(raw).toString('utf8'));
    expect(decoded.changes.filter((c: { table: string }) => c.table === 'households').length).toBeGreaterThanOrEqual(50);
    expect(raw.byteLength).toBeLessThan(JSON.stringify(decoded).length / 4);
  });

  it('reads bodies the same way over a real socket', async () => {
    const url = await s.listen();
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/sync/push`, { method: 'POST', headers: { ...s.auth(p.token), ...headers }, body });
    const m = p.m('household.put', household('h-socket', s.villageIds[0]));
    const ok = await post(new Uint8Array(zlib.gzipSync(envelope([m]))), { 'Content-Encoding': 'gzip' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ results: [{ seq: m.seq, status: 'applied' }] });
    expect((await post('{"protocol":')).status).toBe(400);
    const big = await post('x'.repeat(1_100_000));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'payload-too-large' } });
    const bomb = await post(new Uint8Array(zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024))), { 'Content-Encoding': 'gzip' });
    expect(bomb.status).toBe(413);
  });

  it('answers unknown API paths and methods with a JSON 404', async () => {
    for (const [method, path] of [['GET', '/api/nothing'], ['GET', '/api/sync/push'], ['DELETE', '/api/auth/login']]) {
      const res = await s.request(path, { method });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not-found' } });
    }
  });
});

describe('SQLite checkpoints', () => {
  it('are done by the worker thread, not by the connection that commits pushes', async () => {
    const s = await createTestServer({ db: 'sqlite' });
    try {
      const file = s.ctx.store.where;
      const p = wirePhone(s, await s.join(s.villageIds[0]));
      await new Promise((r) => setTimeout(r, 1200)); // the first checkpoint after the seed
      const before = fs.statSync(file).size;
      for (let k = 0; k < 5; k++)
        await p.push(Array.from({ length: 100 }, (_, i) => p.m('household.put', household(`h-ckpt-${k}-${i}`, s.villageIds[0], { notes: 'x'.repeat(500) }))));
      // ~300 KB of log is far below the 1,000 pages at which a committing connection would checkpoint by itself:
      // the database file grows only because the worker copies the log into it.
      const deadline = Date.now() + 5000;
      while (fs.statSync(file).size === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(fs.statSync(file).size).toBeGreaterThan(before);
    } finally {
      await s.close();
    }
  });
});

describe('a database that does not answer', () => {
  it('is a 503 unavailable on SQLite when another process holds the write lock', async () => {
    const s = await createTestServer({ db: 'sqlite', log: () => undefined });
    try {
      const p = wirePhone(s, await s.join(s.villageIds[0]));
      const intruder = new BetterSqlite3(s.ctx.store.where);
      intruder.exec('begin exclusive');
      try {
        const res = await p.push([p.m('household.put', household('h-locked', s.villageIds[0]))]);
        expect(res).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
      } finally {
        intruder.exec('rollback');
        intruder.close();
      }
      // Nothing was applied, so the same push goes through afterwards.
      p.nextSeq = 1;
      expect((await p.push([p.m('household.put', household('h-locked', s.villageIds[0]))])).body.results).toEqual([{ seq: 1, status: 'applied' }]);
    } finally {
      await s.close();
    }
  });

  it('is a 503 unavailable when PostgreSQL cannot be reached, and health says so', async () => {
    const store = openStore({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:9/none' });
    const app = createApp(createContext(store), { log: () => undefined });
    try {
      const health = await app.request('/api/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, db: 'postgres' });
      const pull = await app.request('/api/sync/pull', { method: 'POST', headers: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123456789' }, body: '{}' });
      expect(pull.status).toBe(503);
      expect(pull.headers.get('retry-after')).toBe('5');
      expect(await pull.json()).toMatchObject({ error: { code: 'unavailable' } });
    } finally {
      await store.close();
    }
  });
});
