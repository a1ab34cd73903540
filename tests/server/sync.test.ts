import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHlc } from '../../src/core/sync/hlc.ts';
import { inCommuneWrite } from '../../src/server/store/commune-write.ts';
import { purgeTombstones } from '../../src/server/store/tombstones.ts';
import { checklistCell, household, resident, visit, wirePhone, type WirePhone } from './helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// The sync protocol (DESIGN §4) end to end over HTTP, on SQLite and on PostgreSQL.
describe.each(DATABASES)('sync protocol on %s', (db) => {
  let s: TestServer;
  let V1: string;
  let V2: string;
  let n = 0;
  const uid = (p: string) => `${p}-${++n}`;
  const phoneIn = async (villageId: string) => wirePhone(s, await s.join(villageId));

  beforeAll(async () => {
    s = await createTestServer({ db });
    [V1, V2] = s.villageIds;
  });
  afterAll(() => s?.close());

  const count = async (table: 'households' | 'visits' | 'flags' | 'rejections', where: { id?: string; device?: string } = {}) => {
    let q = s.ctx.store.db.selectFrom(table as 'visits').select((eb) => eb.fn.countAll<number>().as('n'));
    if (where.id) q = q.where(table === 'flags' ? ('record_id' as 'id') : 'id', '=', where.id);
    if (where.device) q = q.where('device_id', '=', where.device);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('applies a push once and acknowledges a replay as duplicates', async () => {
    const p = await phoneIn(V1);
    const h = uid('h');
    const v = uid('visit');
    const batch = [p.m('household.put', household(h, V1)), p.m('visit.add', visit(v, h, V1, p.member.id, s.clock.now()))];
    const first = await p.push(batch);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ lastSeq: 2, results: [{ seq: 1, status: 'applied' }, { seq: 2, status: 'applied' }] });
    expect(typeof first.body.serverTime).toBe('number');
    const again = await p.push(batch);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ lastSeq: 2, results: [{ seq: 1, status: 'duplicate' }, { seq: 2, status: 'duplicate' }] });
    // Two copies of the same push racing each other (a retry while the first is still in flight).
    const m3 = p.m('visit.add', visit(uid('visit'), h, V1, p.member.id, s.clock.now()));
    const [a, b] = await Promise.all([p.push([m3]), p.push([m3])]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.results[0].status, b.body.results[0].status].sort()).toEqual(['applied', 'duplicate']);
    expect(await count('visits', { id: v })).toBe(1);
    expect(await count('visits', { device: p.deviceId })).toBe(2);
  });

  it('refuses a sequence gap with 409 and the seq it expects, applying nothing after it', async () => {
    const p = await phoneIn(V1);
    const ok = [p.m('household.put', household(uid('h'), V1)), p.m('household.put', household(uid('h'), V1))];
    expect((await p.push(ok)).body.lastSeq).toBe(2);
    p.nextSeq = 5;
    const skipped = uid('h');
    const gap = await p.push([p.m('household.put', household(skipped, V1))]);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ error: 'seq-gap', lastSeq: 2, expectedSeq: 3 });
    expect(await count('households', { id: skipped })).toBe(0);
    // Duplicates before the gap are still acknowledged in the same answer.
    const mixed = await p.push([...ok, { ...ok[1], seq: 4 }]);
    expect(mixed.status).toBe(409);
    expect(mixed.body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('records a bad mutation as rejected and applies the ones after it (no wedge)', async () => {
    const p = await phoneIn(V1);
    const h = uid('h');
    const batch = [
      p.m('household.put', household(uid('h'), V1, { notes: 'CCCD 001203004005' })),
      p.m('household.put', household(uid('h'), V2)),
      p.m('resident.put', resident(uid('r'), 'no-such-household', V1)),
      p.m('household.put', household(uid('h'), V1, { notes: 'a\u0000b' })),
      p.m('household.put', { id: uid('h'), villageId: V1 }),
      p.m('household.put', household(h, V1)),
    ];
    const res = await p.push(batch);
    expect(res.status).toBe(200);
    expect(res.body.lastSeq).toBe(6);
    expect(res.body.results).toEqual([
      { seq: 1, status: 'rejected', reason: 'invalid', issues: [{ field: 'notes', rule: 'looks-like-id-number' }] },
      { seq: 2, status: 'rejected', reason: 'scope-forbidden' },
      { seq: 3, status: 'rejected', reason: 'unknown-parent', issues: [{ field: 'householdId', rule: 'required' }] },
      { seq: 4, status: 'rejected', reason: 'invalid', issues: [{ field: 'notes', rule: 'bad-format' }] },
      { seq: 5, status: 'rejected', reason: 'invalid', issues: [{ field: 'headName', rule: 'required' }] },
      { seq: 6, status: 'applied' },
    ]);
    // A resend gets the same answers; the officer can see the refusals.
    const replay = await p.push(batch.slice(0, 2));
    expect(replay.body.results).toEqual(res.body.results.slice(0, 2));
    expect(await count('rejections', { device: p.deviceId })).toBe(5);
    const next = await p.push([p.m('resident.put', resident(uid('r'), h, V1))]);
    expect(next.body.results).toEqual([{ seq: 7, status: 'applied' }]);
  });

  it('flags an insert-only record sent again with a different body and keeps the first', async () => {
    const a = await phoneIn(V1);
    const b = await phoneIn(V1);
    const h = uid('h');
    const id = uid('visit');
    const body = visit(id, h, V1, a.member.id, s.clock.now());
    await a.push([a.m('household.put', household(h, V1)), a.m('visit.add', body)]);
    const same = await b.push([b.m('visit.add', { ...body })]);
    expect(same.body.results).toEqual([{ seq: 1, status: 'applied' }]);
    const changed = await b.push([b.m('visit.add', { ...body, minutes: 99 })]);
    expect(changed.body.results).toEqual([{ seq: 2, status: 'flagged', reason: 'conflict-flagged' }]);
    expect(await count('flags', { id })).toBe(1);
    const stored = await s.ctx.store.db.selectFrom('visits').select('minutes').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.minutes).toBe(15);
  });

  it('merges households field by field, last writer by HLC wins, ties broken by device id', async () => {
    const a = await phoneIn(V1);
    const b = await phoneIn(V1);
    const h = uid('h');
    const t = s.clock.now();
    await a.push([a.m('household.put', household(h, V1, { phone: '0912345678' }), t)]);
    // b edits the phone later, a edits the head's name and the phone earlier but arrives last.
    await b.push([b.m('household.put', { id: h, villageId: V1, phone: '0987654321' }, t + 2000)]);
    await a.push([a.m('household.put', { id: h, villageId: V1, headName: 'Lò Văn Pọm B', phone: '0900000000' }, t + 1000)]);
    // Same instant and counter on two phones: the larger device id wins, whatever the arrival order.
    const [lo, hi] = [a, b].sort((x, y) => (x.deviceId < y.deviceId ? -1 : 1));
    const stamp = (p: WirePhone) => formatHlc({ ms: t + 5000, counter: 7, node: p.deviceId });
    await hi.push([{ seq: hi.nextSeq++, id: h, name: 'household.put', args: { id: h, villageId: V1, notes: 'from hi' }, hlc: stamp(hi) }]);
    await lo.push([{ seq: lo.nextSeq++, id: h, name: 'household.put', args: { id: h, villageId: V1, notes: 'from lo' }, hlc: stamp(lo) }]);
    const { changes } = await a.pullAll();
    const row = changes.filter((c) => c.table === 'households' && c.id === h).at(-1);
    expect(row?.row).toMatchObject({ headName: 'Lò Văn Pọm B', phone: '0987654321', notes: 'from hi', houseLabel: 'Số 1' });
    expect(row?.hlc).toBe(stamp(hi));
    // Moving a household to another village is not a field edit.
    const move = await a.push([a.m('household.put', { id: h, villageId: V2, headName: 'x' })]);
    expect(move.body.results[0]).toMatchObject({ status: 'rejected', reason: 'scope-forbidden' });
  });

  it('clamps a clock far ahead so it cannot win every later edit', async () => {
    const fast = await phoneIn(V1);
    const honest = await phoneIn(V1);
    const h = uid('h');
    const now = s.clock.now();
    await fast.push([fast.m('household.put', household(h, V1, { headName: 'Từ tương lai' }), now + 365 * 86_400_000)]);
    s.clock.advance(10 * 60_000);
    await honest.push([honest.m('household.put', { id: h, villageId: V1, headName: 'Hiện tại' })]);
    const row = await s.ctx.store.db.selectFrom('households').select(['head_name', 'clocks']).where('id', '=', h).executeTakeFirstOrThrow();
    expect(row.head_name).toBe('Hiện tại');
    const stampMs = Number(JSON.parse(row.clocks).headName.slice(0, 15));
    expect(stampMs).toBeLessThanOrEqual(s.clock.now() + 5 * 60_000);
  });

  it('pulls only the device scope, in pages that never split a push, with a cursor that only moves forward', async () => {
    const p1 = await phoneIn(V1);
    const p2 = await phoneIn(V2);
    const start = (await p1.pullAll()).cursor;
    const mine = Array.from({ length: 7 }, () => uid('h'));
    await p1.push(mine.map((id) => p1.m('household.put', household(id, V1))));
    const theirs = uid('h');
    await p2.push([p2.m('household.put', household(theirs, V2))]);
    const page = await p1.pull(start, { limit: 3 });
    expect(page.status).toBe(200);
    // One push is one version: the page holds all 7 even though the limit is 3.
    expect(page.body.changes.filter((c: { table: string }) => c.table === 'households').map((c: { id: string }) => c.id).sort()).toEqual([...mine].sort());
    expect(page.body.hasMore).toBe(true);
    const rest = await p1.pullAll(page.body.cursor, 3);
    expect(rest.changes.some((c) => c.id === theirs)).toBe(false);
    // From zero: the device's villages only, the catalogue, the team; never another village's records.
    const all = await p1.pullAll(0, 5);
    const tables = new Set(all.changes.map((c) => c.table));
    expect(tables.has('members') && tables.has('households')).toBe(true);
    expect(all.changes.filter((c) => c.table === 'villages').map((c) => c.id)).toEqual([V1]);
    expect(all.changes.filter((c) => c.table === 'catalogue')).toHaveLength(11);
    for (const c of all.changes) if (c.row && 'villageId' in c.row) expect(c.row.villageId).toBe(V1);
    const versions = all.changes.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(all.pages).toBeGreaterThan(2);
    // The officer's scope is the whole commune.
    const browser = uid('officer-browser');
    const officer = wirePhone(s, { token: await s.login(s.officer, browser), deviceId: browser, member: p1.member, scope: p1.scope });
    const seen = await officer.pullAll();
    expect(seen.changes.some((c) => c.id === theirs)).toBe(true);
    expect(seen.changes.some((c) => c.id === mine[0])).toBe(true);
    expect(seen.last).toMatchObject({ scope: { communeId: s.communeId, wholeCommune: true } });
  });

  it('answers a push that carries its pull with the page a pull sent right after it would get', async () => {
    const p1 = await phoneIn(V1);
    const mate = await phoneIn(V1);
    const start = (await p1.pullAll()).cursor;
    const theirs = uid('h');
    await mate.push([mate.m('household.put', household(theirs, V1))]);
    const mine = uid('h');
    const both = await p1.push([p1.m('household.put', household(mine, V1))], { build: 'b-42', pull: { cursor: start, limit: 1000, scopeKey: V1 } });
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ lastSeq: 1, results: [{ seq: 1, status: 'applied' }], pull: { hasMore: false, scopeKey: V1 } });
    // Read after the push committed: the teammate's household and this phone's own.
    expect(both.body.pull.changes.map((c: { id: string }) => c.id)).toEqual([theirs, mine]);
    const { serverTime: _a, ...page } = both.body.pull;
    const { serverTime: _b, ...alone } = (await p1.pull(start, { limit: 1000, scopeKey: V1 })).body;
    expect(page).toEqual(alone);
    await s.ctx.touches.flush();
    const device = await s.ctx.store.db.selectFrom('devices').select(['app_build', 'last_sync_at']).where('id', '=', p1.deviceId).executeTakeFirstOrThrow();
    expect(device.app_build).toBe('b-42');
    // A write the sync threads never saw (the officer's, on the server thread) is in the next page all the same.
    await inCommuneWrite(s.ctx.store.db, s.ctx.store.kind, p1.scope.communeId, s.clock.now(), (w) => w.tombstone('members', 'm-gone-pp', null));
    const later = await p1.push([p1.m('household.put', household(uid('h'), V1))], { pull: { cursor: start, limit: 1000, scopeKey: V1 } });
    expect(later.body.pull.changes.some((c: { id: string; deleted?: true }) => c.id === 'm-gone-pp' && c.deleted)).toBe(true);
    const { serverTime: _c, ...page2 } = later.body.pull;
    const { serverTime: _d, ...alone2 } = (await p1.pull(start, { limit: 1000, scopeKey: V1 })).body;
    expect(page2).toEqual(alone2);
    // A cursor from another scope gets the reset answer inside the push answer, and the push still counts.
    const moved = await p1.push([p1.m('household.put', household(uid('h'), V1))], { pull: { cursor: start, scopeKey: V2 } });
    expect(moved.body).toMatchObject({ results: [{ status: 'applied' }], pull: { reset: true, scopeKey: V1 } });
  });

  it('refuses a malformed pull in a push before applying anything, and answers no page after a gap or an upgrade', async () => {
    const p = await phoneIn(V1);
    const h = uid('h');
    const bad = await p.push([p.m('household.put', household(h, V1))], { pull: { cursor: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad-request');
    expect(await count('households', { id: h })).toBe(0);
    expect((await p.push([], { pull: 'everything' })).status).toBe(400);
    // The refused mutation keeps its seq 1: the next push without it leaves a gap, answered with no page.
    const gap = await p.push([p.m('household.put', household(uid('h'), V1))], { pull: { cursor: 0 } });
    expect(gap.status).toBe(409);
    expect(gap.body.error).toBe('seq-gap');
    expect(gap.body.pull).toBeUndefined();
    const old = await p.push([], { protocol: 0, pull: { cursor: 0 } });
    expect(old.body).toEqual({ upgrade: true, serverTime: expect.any(Number) });
  });

  it('answers reset when the member moves, and still accepts edits made before the move', async () => {
    const p = await phoneIn(V1);
    const h = uid('h');
    await p.push([p.m('household.put', household(h, V1))]);
    const first = await p.pullAll();
    const scopeKey = (first.last as { scopeKey: string }).scopeKey;
    expect(scopeKey).toBe(V1);
    const editedBefore = p.m('household.put', { id: h, villageId: V1, notes: 'ghi trước khi chuyển' }, s.clock.now() - 1000);
    s.clock.advance(1000);
    const officer = await s.login();
    const moved = await s.request(`/api/admin/members/${p.member.id}/villages`, { method: 'PUT', headers: s.auth(officer), body: JSON.stringify({ villageIds: [V2] }) });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ id: p.member.id, villageIds: [V2] });
    s.clock.advance(1000);
    // The outbox drains: the edit stamped before the move is applied, one stamped after is refused.
    const drained = await p.push([editedBefore, p.m('household.put', { id: h, villageId: V1, notes: 'ghi sau khi chuyển' })]);
    expect(drained.body.results).toEqual([{ seq: 2, status: 'applied' }, { seq: 3, status: 'rejected', reason: 'scope-forbidden' }]);
    const again = await p.pull(first.cursor, { scopeKey });
    expect(again.body).toMatchObject({ reset: true, scopeKey: V2, scope: { villageIds: [V2], wholeCommune: false } });
    const fresh = await p.pullAll(0);
    expect(fresh.changes.filter((c) => c.table === 'villages').map((c) => c.id)).toEqual([V2]);
    expect(fresh.changes.some((c) => c.id === h)).toBe(false);
  });

  it('never lets a moved member write to the old village with a backdated stamp once the phone has drained', async () => {
    const V3 = s.villageIds[2];
    const p = await phoneIn(V3);
    const idle = await phoneIn(V3); // a phone that stays offline through the move
    const h = uid('h');
    await p.push([p.m('household.put', household(h, V3))]);
    const late = wirePhone(s, { ...idle, member: idle.member });
    const offlineEdit = late.m('household.put', household(uid('h'), V3), s.clock.now() - 1000);
    const officer = await s.login();
    const moveTo = async (member: string) =>
      (await s.request(`/api/admin/members/${member}/villages`, { method: 'PUT', headers: s.auth(officer), body: JSON.stringify({ villageIds: [V2] }) })).status;
    expect(await moveTo(p.member.id)).toBe(200);
    expect(await moveTo(idle.member.id)).toBe(200);
    const movedAt = s.clock.now();
    // The first push after the move opens this phone's drain window; the server's clock closes it.
    const first = await p.push([p.m('household.put', { id: h, villageId: V3, notes: 'trước khi chuyển' }, movedAt - 500)]);
    expect(first.body.results).toEqual([{ seq: 2, status: 'applied' }]);
    s.clock.advance(s.ctx.policy.moveDrainMs + 1);
    const node = p.deviceId;
    const backdated = [movedAt - 3_600_000, Date.UTC(2025, 0, 1), 0].map((ms, i) => ({
      ...p.m('household.put', household(uid('h'), V3, { notes: `giả ngày ${i}` })),
      hlc: formatHlc({ ms, counter: i, node }),
    }));
    const after = await p.push(backdated);
    expect(after.body.results.map((r: { status: string; reason?: string }) => `${r.status}:${r.reason}`)).toEqual(Array(3).fill('rejected:scope-forbidden'));
    for (const m of backdated) expect(await count('households', { id: m.id })).toBe(0);
    // A phone that was offline through the move gets its own window when it comes back, days later.
    s.clock.advance(3 * 86_400_000);
    const back = await late.push([offlineEdit]);
    expect(back.body.results).toEqual([{ seq: 1, status: 'applied' }]);
  });

  it('sends tombstones, and a reset to a cursor older than the purge horizon', async () => {
    const watcher = await phoneIn(V1);
    const leaving = await s.join(V1, { displayName: 'Người rời tổ' });
    const before = await watcher.pullAll();
    expect(before.changes.some((c) => c.table === 'members' && c.id === leaving.member.id)).toBe(true);
    const officer = await s.login();
    const removed = await s.request(`/api/admin/members/${leaving.member.id}`, { method: 'DELETE', headers: s.auth(officer) });
    expect(removed.status).toBe(200);
    const after = await watcher.pull(before.cursor);
    expect(after.body.changes).toContainEqual({ table: 'members', id: leaving.member.id, version: expect.any(Number), deleted: true });
    // From zero the removed member comes only as its tombstone, never as a row.
    const fromZero = await watcher.pullAll(0);
    expect(fromZero.changes.filter((c) => c.id === leaving.member.id)).toEqual([{ table: 'members', id: leaving.member.id, version: expect.any(Number), deleted: true }]);
    // The removed member's phone is refused.
    const gone = await wirePhone(s, leaving).pull(0);
    expect(gone).toMatchObject({ status: 401, body: { error: { code: 'token-revoked' } } });
    // Past the retention window the tombstone is purged and a cursor from before it must start over.
    const purged = await purgeTombstones(s.ctx.store.db, s.ctx.store.kind, s.clock.now() + 1000, 0);
    expect(purged).toBeGreaterThanOrEqual(1);
    const { horizon, current } = await s.ctx.port.versions(s.communeId);
    expect(horizon).toBe(after.body.cursor);
    expect(horizon).toBeLessThanOrEqual(current);
    expect((await watcher.pull(before.cursor)).body).toMatchObject({ reset: true });
    expect((await watcher.pull(after.body.cursor)).body).toHaveProperty('changes');
  });

  it('tells a too-old client to upgrade, and keeps its data', async () => {
    const p = await phoneIn(V1);
    const old = await p.push([p.m('household.put', household(uid('h'), V1))], { protocol: 0 });
    expect(old).toMatchObject({ status: 200, body: { upgrade: true, serverTime: expect.any(Number) } });
    expect((await p.pull(0, { schema: 0 })).body).toMatchObject({ upgrade: true });
    const missing = await s.request('/api/sync/push', { method: 'POST', headers: s.auth(p.token), body: JSON.stringify({ deviceId: p.deviceId, mutations: [] }) });
    expect(await missing.json()).toMatchObject({ upgrade: true });
    // Nothing was applied, so the same seq goes through once the app is updated.
    p.nextSeq = 1;
    expect((await p.push([p.m('household.put', household(uid('h'), V1))])).body.results).toEqual([{ seq: 1, status: 'applied' }]);
  });

  it('sees a checklist item the commune adds as soon as it is committed', async () => {
    const p = await phoneIn(V1);
    const h = uid('h');
    const itemId = uid('item-local');
    const cell = () => p.m('checklist.set', { id: `${itemId}@${h}`, villageId: V1, householdId: h, residentId: null, itemId, state: 'done', by: p.member.id, at: s.clock.now() });
    const before = await p.push([p.m('household.put', household(h, V1)), cell()]);
    expect(before.body.results[1]).toMatchObject({ status: 'rejected', reason: 'invalid', issues: [{ field: 'itemId', rule: 'bad-choice' }] });
    await inCommuneWrite(s.ctx.store.db, s.ctx.store.kind, s.communeId, s.clock.now(), (w) =>
      w.putReference('catalogue', {
        id: itemId, communeId: s.communeId, level: 'household', rule: { kind: 'households' }, order: 500,
        label: { vi: 'Mục của xã', en: 'Commune item' }, short: { vi: 'Mục xã', en: 'Item' }, retired: false,
      }),
    );
    expect((await p.push([cell()])).body.results).toEqual([{ seq: 3, status: 'applied' }]);
  });

  it('commits pushes that arrive together as one group, rolling back only the one that fails', async () => {
    const { port } = s.ctx;
    const meta = { deviceId: 'd-group', memberId: 'm-group', now: s.clock.now() };
    const ids = [uid('g-visit'), uid('g-visit'), uid('g-visit')];
    const write = (id: string, fail: boolean) =>
      port.inPushTransaction(s.communeId, async (tx) => {
        const v = await tx.nextVersion();
        await tx.insert('visits', visit(id, 'h-group', V1, 'm-group', 0), v, meta);
        if (fail) throw new Error('this push fails after writing');
        return v;
      });
    const [a, b, c] = await Promise.allSettled([write(ids[0], false), write(ids[1], true), write(ids[2], false)]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: { message: 'this push fails after writing' } });
    expect(c.status).toBe('fulfilled');
    const va = (a as PromiseFulfilledResult<number>).value;
    const vc = (c as PromiseFulfilledResult<number>).value;
    // The failed push's version was rolled back with it: the next one took the following number.
    expect(vc).toBe(va + 1);
    const stored = await s.ctx.store.db.selectFrom('visits').select(['id', 'version']).where('id', 'in', ids).orderBy('version').execute();
    expect(stored).toEqual([
      { id: ids[0], version: va },
      { id: ids[2], version: vc },
    ]);
  });

  it('applies a visit with its checklist cells in one push, and a void of it later', async () => {
    const p = await phoneIn(V1);
    const h = uid('h');
    const r = uid('r');
    const v = uid('visit');
    const at = s.clock.now();
    const res = await p.push([
      p.m('household.put', household(h, V1)),
      p.m('resident.put', resident(r, h, V1)),
      p.m('visit.add', visit(v, h, V1, p.member.id, at, { items: [{ itemId: 'vneid', residentIds: [r], outcome: 'done' }], dossiers: [{ field: 'residence', count: 2 }] })),
      p.m('checklist.set', checklistCell(r, h, V1, 'vneid', 'done', p.member.id, at)),
      p.m('checklist.set', { ...checklistCell(r, h, V1, 'fibre', 'done', p.member.id, at), id: `fibre@${h}`, residentId: null }),
      p.m('checklist.set', checklistCell(r, h, V1, 'no-such-item', 'done', p.member.id, at)),
      p.m('visit.void', { id: uid('void'), target: 'visit', targetId: v, villageId: V1, memberId: p.member.id, at, reason: 'nhập nhầm' }),
    ]);
    expect(res.body.results.map((x: { status: string }) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'rejected', 'applied']);
    const pulled = await p.pullAll();
    const got = pulled.changes.find((c) => c.id === v);
    expect(got?.row).toMatchObject({ items: [{ itemId: 'vneid', residentIds: [r], outcome: 'done' }], dossiers: [{ field: 'residence', count: 2 }], followUpOn: null });
    expect(pulled.changes.find((c) => c.id === `vneid@${r}`)?.row).toMatchObject({ state: 'done', residentId: r, by: p.member.id });
    expect(pulled.changes.find((c) => c.table === 'voids')?.row).toMatchObject({ target: 'visit', targetId: v });
  });
  it('erases a visit’s and a session’s note in the database and on another phone, keeping the records', async () => {
    const a = await phoneIn(V2);
    const b = await phoneIn(V2);
    const h = uid('h');
    const v = uid('visit');
    const sid = uid('session');
    const at = s.clock.now();
    const note = 'Chị Ón nhờ ghi số 0912 345 678';
    const session = { id: sid, villageId: V2, memberId: a.member.id, memberName: 'A', kind: 'training', topics: ['vneid'], attendees: 4, residentIds: [], date: '2026-11-20', place: 'Nhà văn hoá', note, replaces: null };
    await a.push([a.m('household.put', household(h, V2)), a.m('visit.add', visit(v, h, V2, a.member.id, at, { note })), a.m('session.add', session)]);
    const before = await b.pullAll();
    expect(before.changes.find((c) => c.id === v)?.row?.note).toBe(note);
    const res = await a.push([
      a.m('visit.redact', { id: v, villageId: V2, memberId: a.member.id, at: at + 1000 }),
      a.m('session.redact', { id: sid, villageId: V2, memberId: a.member.id, at: at + 2000 }),
      a.m('visit.redact', { id: uid('visit'), villageId: V2, memberId: a.member.id, at }),
    ]);
    expect(res.body.results.map((x: { status: string; reason?: string }) => [x.status, x.reason ?? null])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'unknown-parent'],
    ]);
    const row = await s.ctx.store.db.selectFrom('visits').select(['note', 'redacted_at', 'minutes']).where('id', '=', v).executeTakeFirstOrThrow();
    expect({ ...row, redacted_at: Number(row.redacted_at) }).toEqual({ note: '', redacted_at: at + 1000, minutes: 15 });
    const srow = await s.ctx.store.db.selectFrom('sessions').select(['note', 'redacted_at', 'attendees']).where('id', '=', sid).executeTakeFirstOrThrow();
    expect({ ...srow, redacted_at: Number(srow.redacted_at) }).toEqual({ note: '', redacted_at: at + 2000, attendees: 4 });
    // The other phone, pulling on from its cursor, receives both records again, without the notes.
    const after = await b.pullAll(before.cursor);
    expect(after.changes.find((c) => c.id === v)?.row).toMatchObject({ note: '', redactedAt: at + 1000, householdId: h });
    expect(after.changes.find((c) => c.id === sid)?.row).toMatchObject({ note: '', redactedAt: at + 2000, attendees: 4 });
    // A record never erased carries no redactedAt at all.
    expect(before.changes.find((c) => c.id === v)?.row).not.toHaveProperty('redactedAt');
    // The visit re-sent with its old note by a phone that had not heard is not a conflict, and is not kept aside.
    expect((await b.push([b.m('visit.add', visit(v, h, V2, a.member.id, at, { note }))])).body.results).toEqual([{ seq: 1, status: 'applied' }]);
    expect(await count('flags', { id: v })).toBe(0);
  });
});
