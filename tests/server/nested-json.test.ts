import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL, SCHEMA } from '../../src/core/sync/protocol.ts';
import { household, wirePhone } from './helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// A mutation nested hundreds of thousands of levels deep is no record: it is rejected on its own (the sequence
// moves on), its rejection is recorded with a bounded summary, and a retry is answered from that record, never a 500.
describe.each(DATABASES)('deeply nested JSON on %s', (db) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer({ db });
  });
  afterAll(() => s?.close());

  // The body is written as text: JSON.stringify itself could not make it.
  const DEEP = '__deep__';
  const deepText = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const pushText = (p: ReturnType<typeof wirePhone>, mutations: unknown[], depth: number) =>
    s
      .request('/api/sync/push', {
        method: 'POST',
        headers: s.auth(p.token),
        body: JSON.stringify({ protocol: PROTOCOL, schema: SCHEMA, deviceId: p.deviceId, mutations }).replaceAll(JSON.stringify(DEEP), deepText(depth)),
      })
      .then(async (r) => ({ status: r.status, body: await r.json() }));

  it('rejects the deep mutation alone, records a summary and acknowledges the retry', async () => {
    const p = wirePhone(s, await s.join(s.villageIds[0]));
    const depth = 200_000;
    const inArgs = p.m('household.put', household('h-deep-1', s.villageIds[0], { notes: DEEP }));
    const onMutation = { ...p.m('household.put', household('h-deep-2', s.villageIds[0])), extra: DEEP };
    const fine = p.m('household.put', household('h-fine', s.villageIds[0]));
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await pushText(p, [inArgs, onMutation, fine], depth);
      expect(res.status).toBe(200);
      expect(res.body.lastSeq).toBe(3);
      expect(res.body.results.map((r: { status: string; reason?: string }) => `${r.status}:${r.reason ?? ''}`)).toEqual([
        'rejected:bad-request',
        'rejected:bad-request',
        attempt === 0 ? 'applied:' : 'duplicate:',
      ]);
    }
    const kept = await s.ctx.store.db.selectFrom('rejections').select(['seq', 'mutation']).where('device_id', '=', p.deviceId).orderBy('seq').execute();
    expect(kept.map((r) => r.seq)).toEqual([1, 2]);
    for (const r of kept) {
      expect(r.mutation.length).toBeLessThan(2_000);
      expect(JSON.parse(r.mutation)).toMatchObject({ name: 'household.put', args: { omitted: expect.any(String) } });
    }
    // A merely nested (but sane) rejected mutation keeps its whole body for the officer.
    const bad = p.m('household.put', { id: 'h-bad', villageId: s.villageIds[0], headName: { a: { b: 1 } } });
    expect((await p.push([bad])).body.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
    const stored = await s.ctx.store.db.selectFrom('rejections').select('mutation').where('device_id', '=', p.deviceId).where('seq', '=', 4).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.mutation).args.headName).toEqual({ a: { b: 1 } });
  });

  it('refuses a stamp whose node is 100,000 characters long, and never sends it to a phone', async () => {
    const p = wirePhone(s, await s.join(s.villageIds[0]));
    const m = { ...p.m('household.put', household('h-long-node', s.villageIds[0])), hlc: `${String(s.clock.now()).padStart(15, '0')}-0000-${'n'.repeat(100_000)}` };
    const res = await p.push([m]);
    expect(res.body.results).toEqual([expect.objectContaining({ seq: 1, status: 'rejected', reason: 'bad-request' })]);
    const pulled = await p.pullAll();
    expect(pulled.changes.some((c) => c.id === 'h-long-node')).toBe(false);
    const kept = await s.ctx.store.db.selectFrom('rejections').select('mutation').where('device_id', '=', p.deviceId).executeTakeFirstOrThrow();
    expect(kept.mutation.length).toBeLessThan(2_000);
  });
});
