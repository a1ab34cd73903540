import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, PullResponse, Scope } from '../../../src/core/sync/protocol.ts';
import { ChangeCache, changeJson, pullResponseJson } from '../../../src/server/store/change-cache.ts';
import { ChangeReader } from '../../../src/server/store/changes.ts';
import { inCommuneWrite } from '../../../src/server/store/commune-write.ts';
import { kyselyExec } from '../../../src/server/store/prepared.ts';
import { checklistCell, household, resident, visit, wirePhone, type WirePhone } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';

// The pull's reader (store/changes.ts) lists ids and versions and takes whole rows from the change cache when it
// holds them at that version (store/change-cache.ts). Whatever it holds, a page must be exactly what a reader with
// nothing cached answers, byte for byte, while the rows under it keep changing.
describe.each(DATABASES)('pull pages from the change cache on %s', (db) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer({ db });
  });
  afterAll(() => s?.close());

  const reader = (cache = new ChangeCache()) => new ChangeReader(s.ctx.store.read, s.ctx.store.kind, s.ctx.store.exec?.read ?? kyselyExec(s.ctx.store.read), cache);
  const current = async (communeId: string) => (await s.ctx.port.versions(communeId)).current;
  const text = (changes: Change[]) => changes.map(changeJson);
  const fresh = (changes: Change[]) => changes.map((c) => JSON.stringify(c));

  it('answers every cursor and page size exactly as a reader with nothing cached, through edits, removals and evictions', async () => {
    const [v1, v2] = s.villageIds;
    const a = wirePhone(s, await s.join(v1));
    const b = wirePhone(s, await s.join(v1));
    const c = wirePhone(s, await s.join(v2));
    const scopes: Scope[] = [a.scope, c.scope, { communeId: a.scope.communeId, villageIds: [], wholeCommune: true }];
    // A small cache, so that entries are also dropped and read again.
    const cached = reader(new ChangeCache(40));
    const steps: ((n: number) => Promise<unknown>)[] = [
      // New households with residents and their cells: more than a by-id read takes at once (64) in one push.
      (n) =>
        a.push(
          Array.from({ length: 12 }, (_, i) => [
            a.m('household.put', household(`h-${n}-${i}`, v1)),
            a.m('resident.put', resident(`r-${n}-${i}`, `h-${n}-${i}`, v1)),
            ...['vneid', 'cashless', 'smartphone', 'health-book'].map((item) => a.m('checklist.set', checklistCell(`r-${n}-${i}`, `h-${n}-${i}`, v1, item, 'done', a.member.id, s.clock.now()))),
          ]).flat(),
        ),
      // Another phone edits some of those rows again (new versions, new content) and logs visits.
      (n) =>
        b.push([
          b.m('household.put', household(`h-${n - 1}-0`, v1, { headName: `Chủ hộ sửa ${n}` })),
          b.m('checklist.set', checklistCell(`r-${n - 1}-1`, `h-${n - 1}-1`, v1, 'vneid', 'refused', b.member.id, s.clock.now())),
          b.m('visit.add', visit(`visit-${n}`, `h-${n - 1}-2`, v1, b.member.id, s.clock.now())),
        ]),
      // The other village, and a member removed (a tombstone every scope of the commune sees).
      async (n) => {
        await c.push([c.m('household.put', household(`h-other-${n}`, v2))]);
        await inCommuneWrite(s.ctx.store.db, s.ctx.store.kind, a.scope.communeId, s.clock.now(), (w) => w.tombstone('members', `m-gone-${n}`, null));
      },
    ];
    for (let n = 1; n <= 6; n++) {
      s.clock.advance(60_000);
      for (const step of steps) await step(n);
      const version = await current(a.scope.communeId);
      for (const scope of scopes)
        for (let after = Math.max(0, version - 12); after <= version; after++)
          for (const limit of [1, 5, 1000]) {
            const want = await reader().read(scope, { after, limit });
            const got = await cached.read(scope, { after, limit });
            expect(text(got)).toEqual(fresh(want));
            expect(got).toEqual(want);
          }
      for (const scope of scopes) expect(text(await cached.read(scope, { at: version }))).toEqual(fresh(await reader().read(scope, { at: version })));
    }
  });

  it('never hands one commune a row cached for another, even with the same table, id and version', async () => {
    const cache = new ChangeCache();
    const row = { id: 'same-id', villageId: 'v', headName: 'Hộ xã A' };
    cache.put('c-a', { table: 'households', id: 'same-id', version: 7, row });
    expect(cache.get('c-a', 'households', 'same-id', 7)?.row).toEqual(row);
    expect(cache.get('c-b', 'households', 'same-id', 7)).toBeUndefined();
    expect(cache.get('c-a', 'households', 'same-id', 8)).toBeUndefined();
  });

  it('keeps what it holds frozen, so a caller cannot change a later pull', () => {
    const cache = new ChangeCache();
    const kept = cache.put('c-a', { table: 'visits', id: 'v1', version: 3, row: { id: 'v1', items: [{ itemId: 'vneid', residentIds: ['r1'] }] } });
    expect(() => {
      ((kept.row?.items as { residentIds: string[] }[])[0].residentIds as string[]).push('r2');
    }).toThrow(TypeError);
  });
});

describe('a pull answer built from cached changes', () => {
  const change = fc.record({
    table: fc.constantFrom('households' as const, 'visits' as const, 'checklist' as const),
    id: fc.string(),
    version: fc.nat(),
    row: fc.dictionary(fc.string(), fc.jsonValue()),
  });
  it('is byte for byte JSON.stringify of the answer, whether its changes came from the cache or not', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(change, fc.boolean())), fc.nat(), fc.boolean(), fc.string(), (list, cursor, hasMore, key) => {
        const cache = new ChangeCache();
        const changes = list.map(([c, kept]) => (kept ? cache.put('c', c) : c));
        const res: PullResponse = { changes, cursor, hasMore, scope: { communeId: 'c', villageIds: ['v'], wholeCommune: false }, scopeKey: key, serverTime: 1 };
        expect(pullResponseJson(res)).toBe(JSON.stringify(res));
      }),
      { seed: 20261123, numRuns: 200 },
    );
    expect(pullResponseJson({ upgrade: true, serverTime: 5 })).toBe(JSON.stringify({ upgrade: true, serverTime: 5 }));
  });
});
