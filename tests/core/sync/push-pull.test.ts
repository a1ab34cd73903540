import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../../src/core/model/catalogue-defaults.ts';
import { SAMPLE_COMMUNE, SAMPLE_VILLAGES } from '../../../src/core/sample/sample-commune.ts';
import { HlcClock } from '../../../src/core/sync/hlc.ts';
import { MemorySyncPort } from '../../../src/core/sync/memory-port.ts';
import type { DeviceAuth } from '../../../src/core/sync/port.ts';
import { handlePull } from '../../../src/core/sync/pull.ts';
import { handlePush } from '../../../src/core/sync/push.ts';
import { handlePushPull } from '../../../src/core/sync/push-pull.ts';
import { PROTOCOL, SCHEMA, type Mutation, type MutationName } from '../../../src/core/sync/protocol.ts';

const C = SAMPLE_COMMUNE.id;
const [V1, V2] = SAMPLE_VILLAGES.map((v) => v.id);
const T0 = Date.UTC(2026, 10, 23);

const setup = () => {
  const port = new MemorySyncPort();
  for (const v of SAMPLE_VILLAGES) port.putReference(C, 'villages', v, v.id);
  for (const item of DEFAULT_CATALOGUE) port.putReference(C, 'catalogue', item);
  return port;
};
const member = (deviceId: string, villageIds = [V1]): DeviceAuth => ({
  deviceId,
  memberId: `m-${deviceId}`,
  scope: { communeId: C, villageIds, wholeCommune: false },
});
const device = (auth: DeviceAuth) => {
  const clock = new HlcClock(auth.deviceId);
  let seq = 0;
  return {
    m: (name: MutationName, args: Record<string, unknown>, now = T0): Mutation => ({ seq: ++seq, id: String(args.id), name, args, hlc: clock.send(now) }),
    push: (port: MemorySyncPort, mutations: Mutation[], now = T0) =>
      handlePush(port, auth, { protocol: PROTOCOL, schema: SCHEMA, deviceId: auth.deviceId, mutations }, now),
  };
};
const household = (id: string, villageId = V1, extra = {}) => ({ id, villageId, headName: 'Lò Văn Pọm', houseLabel: 'Số 1', ...extra });

describe('push', () => {
  it('applies in order, acknowledges duplicates again and refuses gaps', async () => {
    const port = setup();
    const a = member('d1');
    const d = device(a);
    const m1 = d.m('household.put', household('h1'));
    const m2 = d.m('resident.put', { id: 'r1', householdId: 'h1', villageId: V1, label: 'Lò Thị Ón', birthYear: 1990 });
    const first = await d.push(port, [m1, m2]);
    expect(first).toMatchObject({ lastSeq: 2, results: [{ seq: 1, status: 'applied' }, { seq: 2, status: 'applied' }] });
    const again = await d.push(port, [m1, m2]);
    expect(again).toMatchObject({ lastSeq: 2, results: [{ status: 'duplicate' }, { status: 'duplicate' }] });
    d.m('household.put', household('h2'));
    const m4 = d.m('household.put', household('h3'));
    const gap = await d.push(port, [m4]);
    expect(gap).toMatchObject({ error: 'seq-gap', expectedSeq: 3, lastSeq: 2 });
    expect(port.rows('households')).toHaveLength(1);
  });

  it('records a permanent failure as rejected and moves on', async () => {
    const port = setup();
    const d = device(member('d1'));
    const bad = d.m('household.put', household('h1', V1, { notes: 'CCCD 001203004005' }));
    const other = d.m('household.put', household('h2', V2));
    const ok = d.m('household.put', household('h3'));
    const res = await d.push(port, [bad, other, ok]);
    expect(res).toMatchObject({
      lastSeq: 3,
      results: [
        { seq: 1, status: 'rejected', reason: 'invalid', issues: [{ field: 'notes', rule: 'looks-like-id-number' }] },
        { seq: 2, status: 'rejected', reason: 'scope-forbidden' },
        { seq: 3, status: 'applied' },
      ],
    });
    const replay = await d.push(port, [bad]);
    expect(replay).toMatchObject({ results: [{ seq: 1, status: 'rejected', reason: 'invalid' }] });
  });

  it('merges field by field, last writer wins, and flags a changed insert-only body', async () => {
    const port = setup();
    const a = device(member('d1'));
    const b = device(member('d2'));
    await a.push(port, [a.m('household.put', household('h1'))]);
    await b.push(port, [b.m('household.put', { id: 'h1', villageId: V1, phone: '0912345678' }, T0 + 2000)]);
    await a.push(port, [a.m('household.put', { id: 'h1', villageId: V1, headName: 'Lò Văn Pọm B', phone: '0987654321' }, T0 + 1000)]);
    expect(port.rows('households')[0]).toMatchObject({ headName: 'Lò Văn Pọm B', phone: '0912345678' });
    const visit = { id: 'vis1', villageId: V1, householdId: 'h1', memberId: 'm-d1', memberName: 'A', at: T0, items: [], dossiers: [{ field: 'residence', count: 1 }], language: 'vi', minutes: 10, note: '', followUpOn: null, replaces: null };
    expect(await a.push(port, [a.m('visit.add', visit)])).toMatchObject({ results: [{ status: 'applied' }] });
    expect(await b.push(port, [b.m('visit.add', { ...visit, minutes: 20 })])).toMatchObject({ results: [{ status: 'flagged' }] });
    expect(port.state.flags).toHaveLength(1);
  });

  it('clamps a clock far in the future', async () => {
    const port = setup();
    const a = device(member('d1'));
    const b = device(member('d2'));
    await a.push(port, [a.m('household.put', household('h1'), T0 + 365 * 86_400_000)], T0);
    await b.push(port, [b.m('household.put', { id: 'h1', villageId: V1, headName: 'Later' }, T0 + 10 * 60_000)], T0 + 10 * 60_000);
    expect(port.rows('households')[0]).toMatchObject({ headName: 'Later' });
  });
});

describe('pull', () => {
  it('returns only the scope, pages on whole versions and resets on a scope change', async () => {
    const port = setup();
    const a = member('d1');
    const d = device(a);
    await d.push(port, Array.from({ length: 5 }, (_, i) => d.m('household.put', household(`h${i}`))));
    const officer: DeviceAuth = { deviceId: 'o1', memberId: 'o', scope: { communeId: C, villageIds: [], wholeCommune: true } };
    await device(officer).push(port, [device(officer).m('household.put', household('hx', V2))]);
    const req = { protocol: PROTOCOL, schema: SCHEMA, deviceId: 'd1' };
    const all = await handlePull(port, a, { ...req, cursor: 0, limit: 1000 }, T0);
    if (!('changes' in all)) throw new Error('expected changes');
    expect(all.changes.filter((c) => c.table === 'households').map((c) => c.id).sort()).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    const page = await handlePull(port, a, { ...req, cursor: all.cursor - 1, limit: 2 }, T0);
    if (!('changes' in page)) throw new Error('expected changes');
    expect(page.changes).toHaveLength(5); // one push = one version, never split
    const moved = { ...a, scope: { ...a.scope, villageIds: [V2] } };
    expect(await handlePull(port, moved, { ...req, cursor: all.cursor, scopeKey: all.scopeKey }, T0)).toMatchObject({ reset: true });
  });
});

const body = (deviceId: string, mutations: unknown) => ({ protocol: PROTOCOL, schema: SCHEMA, deviceId, mutations });

describe('push: requests the server refuses whole', () => {
  it('answers upgrade to an old or unversioned client', async () => {
    const port = setup();
    expect(await handlePush(port, member('d1'), { protocol: 0, schema: SCHEMA, deviceId: 'd1', mutations: [] }, T0)).toEqual({ upgrade: true, serverTime: T0 });
    expect(await handlePush(port, member('d1'), { deviceId: 'd1', mutations: [] }, T0)).toEqual({ upgrade: true, serverTime: T0 });
    expect(await handlePush(port, member('d1'), null, T0)).toEqual({ upgrade: true, serverTime: T0 });
  });

  it.each([
    ['no mutations', { protocol: PROTOCOL, schema: SCHEMA, deviceId: 'd1' }, 'bad-request'],
    ['seq 0', body('d1', [{ seq: 0, id: 'h1', name: 'household.put', args: {}, hlc: 'x' }]), 'bad-request'],
    ['seq not a number', body('d1', [{ seq: '1', id: 'h1', name: 'household.put', args: {}, hlc: 'x' }]), 'bad-request'],
    ['a mutation that is not an object', body('d1', [null]), 'bad-request'],
    ['too many', body('d1', Array.from({ length: 101 }, (_, i) => ({ seq: i + 1 }))), 'payload-too-large'],
    ['another device’s id', body('d2', []), 'forbidden'],
  ])('%s', async (_name, req, code) => {
    await expect(handlePush(setup(), member('d1'), req, T0)).rejects.toMatchObject({ code });
  });
});

describe('push: one bad mutation never wedges the queue', () => {
  it('a malformed mutation with a usable seq is rejected on its own and the queue moves on', async () => {
    const port = setup();
    const d = device(member('d1'));
    const ok = d.m('household.put', household('h1'));
    const res = await d.push(port, [
      ok,
      { seq: 2, id: 'h2', name: 'household.rename', args: { id: 'h2' }, hlc: ok.hlc } as unknown as Mutation,
      { seq: 3, id: 'h3', name: 'household.put', args: ['h3'], hlc: ok.hlc } as unknown as Mutation,
      { seq: 4, id: 'h4', name: 'household.put', args: household('h4'), hlc: 'yesterday' },
      { seq: 5, id: 'h5', name: 'household.put', args: household('h5'), hlc: ok.hlc.replace('-d1', '-d1x') },
    ]);
    expect(res).toMatchObject({
      lastSeq: 5,
      results: [
        { seq: 1, status: 'applied' },
        { seq: 2, status: 'rejected', reason: 'bad-request' },
        { seq: 3, status: 'rejected', reason: 'bad-request' },
        { seq: 4, status: 'rejected', reason: 'bad-request' },
        { seq: 5, status: 'applied' },
      ],
    });
    expect(port.state.rejections['d1|3']).toMatchObject({ reason: 'bad-request' });
  });

  it('a transient failure keeps nothing of the push, and the retry applies it once', async () => {
    const port = setup();
    const d = device(member('d1'));
    const ms = [d.m('household.put', household('h1')), d.m('household.put', household('h2'))];
    const reference = await port.versions(C);
    const flaky: typeof port = Object.create(port);
    flaky.inPushTransaction = (c, fn) =>
      port.inPushTransaction(c, (tx) => fn({ ...tx, insert: tx.insert, putLww: async (t, s, v, meta) => { if (s.row.id === 'h2') throw new Error('disk'); return tx.putLww(t, s, v, meta); } }));
    await expect(d.push(flaky, ms)).rejects.toThrow('disk');
    expect(port.rows('households')).toHaveLength(0);
    expect(port.state.devices.d1).toBeUndefined();
    expect(await port.versions(C)).toEqual(reference); // no version was spent
    expect(await d.push(port, ms)).toMatchObject({ lastSeq: 2, results: [{ status: 'applied' }, { status: 'applied' }] });
    expect(port.rows('households')).toHaveLength(2);
  });

  it('rejects what breaks the records’ links, each with its reason', async () => {
    const port = setup();
    const a = device(member('d1', [V1, V2]));
    const visit = (id: string, extra = {}) => ({ id, villageId: V1, householdId: 'h1', memberId: 'm-d1', memberName: 'A', at: T0, items: [], dossiers: [{ field: 'residence', count: 1 }], language: 'vi', minutes: 10, note: '', followUpOn: null, replaces: null, ...extra });
    const cell = (extra: Record<string, unknown>) => ({ id: 'c1', villageId: V1, householdId: 'h1', residentId: 'r1', itemId: 'vneid', state: 'done', by: 'm-d1', at: T0, ...extra });
    const res = await a.push(port, [
      a.m('household.put', household('h1')), // 1
      a.m('household.put', household('h2', V2)), // 2
      a.m('resident.put', { id: 'r1', householdId: 'h1', villageId: V1, label: 'Lò Thị Ón', birthYear: 1990 }), // 3
      a.m('resident.put', { id: 'r2', householdId: 'h2', villageId: V2, label: 'Lò Văn Ún', birthYear: 1988 }), // 4
      a.m('household.put', { id: 'h1', villageId: V2, headName: 'moved' }), // 5 a household never changes village
      a.m('resident.put', { id: 'r3', householdId: 'h1', villageId: V1, label: 'Không năm sinh' }), // 6 new without birthYear
      a.m('resident.put', { id: 'r4', householdId: 'h1', villageId: V2, label: 'A', birthYear: 1990 }), // 7 wrong village for h1
      a.m('visit.add', visit('v1', { items: [{ itemId: 'vneid', residentIds: ['r2'], outcome: 'done' }] })), // 8 resident of h2
      a.m('visit.add', visit('v2', { items: [{ itemId: 'nope', residentIds: [], outcome: 'done' }] })), // 9 unknown item
      a.m('checklist.set', cell({ id: 'c1', itemId: 'fibre' })), // 10 household item with a resident
      a.m('checklist.set', cell({ id: 'c2', residentId: null })), // 11 resident item without one
      a.m('visit.void', { id: 'x1', target: 'visit', targetId: 'v404', villageId: V1, memberId: 'm-d1', at: T0, reason: '' }), // 12
      a.m('visit.add', visit('v3')), // 13
      a.m('session.void', { id: 'x2', target: 'visit', targetId: 'v3', villageId: V1, memberId: 'm-d1', at: T0, reason: '' }), // 14 wrong kind
      a.m('visit.void', { id: 'x3', target: 'visit', targetId: 'v3', villageId: V2, memberId: 'm-d1', at: T0, reason: '' }), // 15 other village
      a.m('session.add', { id: 's1', villageId: V1, memberId: 'm-d1', memberName: 'A', kind: 'training', topics: ['nope'], attendees: 3, residentIds: [], date: '2026-11-20', place: '', note: '', replaces: null }), // 16
      a.m('visit.void', { id: 'x4', target: 'visit', targetId: 'v3', villageId: V1, memberId: 'm-d1', at: T0, reason: 'Ghi nhầm' }), // 17
    ]);
    if (!('results' in res)) throw new Error('expected results');
    expect(res.results.map((r) => [r.seq, r.status, r.reason ?? null])).toEqual([
      [1, 'applied', null],
      [2, 'applied', null],
      [3, 'applied', null],
      [4, 'applied', null],
      [5, 'rejected', 'immutable-field'],
      [6, 'rejected', 'invalid'],
      [7, 'rejected', 'scope-forbidden'],
      [8, 'rejected', 'invalid'],
      [9, 'rejected', 'invalid'],
      [10, 'rejected', 'invalid'],
      [11, 'rejected', 'invalid'],
      [12, 'rejected', 'unknown-parent'],
      [13, 'applied', null],
      [14, 'rejected', 'invalid'],
      [15, 'rejected', 'scope-forbidden'],
      [16, 'rejected', 'invalid'],
      [17, 'applied', null],
    ]);
    expect(res.results[5].issues).toEqual([{ field: 'birthYear', rule: 'required' }]);
    expect(res.results[7].issues).toEqual([{ field: 'items.0.residentIds', rule: 'bad-choice' }]);
    expect(res.results[8].issues).toEqual([{ field: 'items.0.itemId', rule: 'bad-choice' }]);
    expect(res.results[9].issues).toEqual([{ field: 'residentId', rule: 'bad-format' }]);
    expect(res.results[10].issues).toEqual([{ field: 'residentId', rule: 'required' }]);
    expect(res.results[13].issues).toEqual([{ field: 'target', rule: 'bad-choice' }]);
  });

  it('the same insert-only record from two devices is applied once and not flagged', async () => {
    const port = setup();
    const a = device(member('d1'));
    const b = device(member('d2'));
    await a.push(port, [a.m('household.put', household('h1'))]);
    const visit = { id: 'vis1', villageId: V1, householdId: 'h1', memberId: 'm-d1', memberName: 'A', at: T0, items: [], dossiers: [{ field: 'residence', count: 1 }], language: 'vi', minutes: 10, note: 'x', followUpOn: null, replaces: null };
    await a.push(port, [a.m('visit.add', visit)]);
    const before = (await port.versions(C)).current;
    // key order and surrounding spaces do not make it a different body
    const reordered = Object.fromEntries(Object.entries({ ...visit, note: ' x ' }).reverse());
    expect(await b.push(port, [b.m('visit.add', reordered)])).toMatchObject({ results: [{ status: 'applied' }] });
    expect(port.state.flags).toHaveLength(0);
    expect((await port.versions(C)).current).toBe(before); // nothing changed, so no new version
  });
});

describe('push: a fast clock is clamped without losing its own order', () => {
  it('two edits of one field queued on a phone a year ahead: the later one wins', async () => {
    const port = setup();
    const d = device(member('d1'));
    const later = T0 + 365 * 86_400_000;
    const res = await d.push(port, [
      d.m('household.put', household('h1', V1, { headName: 'Lò Văn A' }), later),
      d.m('household.put', { id: 'h1', villageId: V1, headName: 'Lò Văn B' }, later + 60_000),
      d.m('household.put', { id: 'h1', villageId: V1, notes: 'ghi chú' }, later + 120_000),
    ]);
    expect(res).toMatchObject({ lastSeq: 3 });
    expect(port.rows('households')[0]).toMatchObject({ headName: 'Lò Văn B', notes: 'ghi chú' });
    // and an honest phone editing after the push still wins over the clamped stamps
    const b = device(member('d2'));
    await b.push(port, [b.m('household.put', { id: 'h1', villageId: V1, headName: 'Lò Văn C' }, T0 + 6 * 60_000)], T0 + 6 * 60_000);
    expect(port.rows('households')[0]).toMatchObject({ headName: 'Lò Văn C' });
  });
});

describe('pull: requests it answers with reset, upgrade or an error', () => {
  const req = { protocol: PROTOCOL, schema: SCHEMA, deviceId: 'd1' };
  it('upgrade, bad cursor, bad limit, another device', async () => {
    const port = setup();
    expect(await handlePull(port, member('d1'), { deviceId: 'd1', cursor: 0 }, T0)).toEqual({ upgrade: true, serverTime: T0 });
    for (const bad of [{ ...req }, { ...req, cursor: -1 }, { ...req, cursor: 1.5 }, { ...req, cursor: '3' }, { ...req, cursor: 0, limit: 'all' }])
      await expect(handlePull(port, member('d1'), bad, T0)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(handlePull(port, member('d1'), { ...req, deviceId: 'd2', cursor: 0 }, T0)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a cursor ahead of the server (a restored database) starts over', async () => {
    const port = setup();
    const { current } = await port.versions(C);
    expect(await handlePull(port, member('d1'), { ...req, cursor: current + 1 }, T0)).toMatchObject({ reset: true, scopeKey: V1 });
    expect(await handlePull(port, member('d1'), { ...req, cursor: current }, T0)).toMatchObject({ changes: [], cursor: current, hasMore: false });
  });

  it('an odd limit is brought into range', async () => {
    const port = setup();
    const one = await handlePull(port, member('d1'), { ...req, cursor: 0, limit: 0 }, T0);
    expect('changes' in one && one.changes).toHaveLength(1);
    const many = await handlePull(port, member('d1'), { ...req, cursor: 0, limit: 1e9 }, T0);
    expect('changes' in many && many.hasMore).toBe(false);
  });

  it('an officer sees every village of the commune; a member only theirs and the commune-wide rows', async () => {
    const port = setup();
    const officer: DeviceAuth = { deviceId: 'o1', memberId: 'o', scope: { communeId: C, villageIds: [], wholeCommune: true } };
    const o = device(officer);
    await o.push(port, SAMPLE_VILLAGES.map((v, i) => o.m('household.put', household(`h${i}`, v.id))));
    const seen = async (auth: DeviceAuth) => {
      const r = await handlePull(port, auth, { ...req, deviceId: auth.deviceId, cursor: 0, limit: 1000 }, T0);
      if (!('changes' in r)) throw new Error('expected changes');
      return r.changes.filter((c) => c.table === 'households' || c.table === 'villages').map((c) => c.id).sort();
    };
    expect(await seen(officer)).toEqual([...SAMPLE_VILLAGES.map((_, i) => `h${i}`), ...SAMPLE_VILLAGES.map((v) => v.id)].sort());
    expect(await seen(member('d1', [V2]))).toEqual(['h1', V2].sort());
    const catalogue = await handlePull(port, member('d1', [V2]), { ...req, cursor: 0, limit: 1000 }, T0);
    expect('changes' in catalogue && catalogue.changes.filter((c) => c.table === 'catalogue')).toHaveLength(DEFAULT_CATALOGUE.length);
  });
});

describe('push: sessions', () => {
  it('name only residents of their own village', async () => {
    const port = setup();
    const a = device(member('d1', [V1, V2]));
    const session = (id: string, residentIds: string[]) => ({ id, villageId: V1, memberId: 'm-d1', memberName: 'A', kind: 'training', topics: ['vneid'], attendees: 5, residentIds, date: '2026-11-20', place: 'Nhà văn hóa', note: '', replaces: null });
    const res = await a.push(port, [
      a.m('household.put', household('h1')),
      a.m('household.put', household('h2', V2)),
      a.m('resident.put', { id: 'r1', householdId: 'h1', villageId: V1, label: 'Lò Thị Ón', birthYear: 1990 }),
      a.m('resident.put', { id: 'r2', householdId: 'h2', villageId: V2, label: 'Lò Văn Ún', birthYear: 1988 }),
      a.m('session.add', session('s1', ['r1'])),
      a.m('session.add', session('s2', ['r1', 'r2'])), // r2 lives in another village
      a.m('session.add', session('s3', ['nobody'])),
    ]);
    expect('results' in res && res.results.slice(4).map((r) => [r.status, r.reason ?? null])).toEqual([
      ['applied', null],
      ['rejected', 'invalid'],
      ['rejected', 'invalid'],
    ]);
    expect('results' in res && res.results.slice(5).map((r) => r.issues)).toEqual([
      [{ field: 'residentIds', rule: 'bad-choice' }],
      [{ field: 'residentIds', rule: 'bad-choice' }],
    ]);
  });
});

describe('push carrying its pull (PROTOCOL 2)', () => {
  it('answers the page a pull sent right after the push gets, and only after a push that went through', async () => {
    const port = setup();
    const a = member('d1');
    const mate = member('d2');
    const d = device(a);
    const dm = device(mate);
    await dm.push(port, [dm.m('household.put', household('h-mate'))]);
    const body = { protocol: PROTOCOL, schema: SCHEMA, deviceId: a.deviceId, mutations: [d.m('household.put', household('h-mine'))], pull: { cursor: 0, limit: 3 } };
    const both = await handlePushPull(port, a, body, T0);
    expect(both).toMatchObject({ lastSeq: 1, results: [{ status: 'applied' }] });
    const alone = await handlePull(port, a, { protocol: PROTOCOL, schema: SCHEMA, deviceId: a.deviceId, cursor: 0, limit: 3 }, T0);
    expect('pull' in both && both.pull).toEqual(alone);
    // Without `pull`, the answer is the push's alone; after a gap, there is no page.
    expect(await handlePushPull(port, a, { ...body, pull: undefined }, T0)).not.toHaveProperty('pull');
    d.m('household.put', household('h-skipped'));
    const gap = await handlePushPull(port, a, { ...body, mutations: [d.m('household.put', household('h-late'))] }, T0);
    expect(gap).toMatchObject({ error: 'seq-gap' });
    expect(gap).not.toHaveProperty('pull');
  });

  it('refuses a malformed pull before applying anything', async () => {
    const port = setup();
    const a = member('d1');
    const d = device(a);
    const mutations = [d.m('household.put', household('h1'))];
    for (const pull of [null, 'all', [], { cursor: -1 }, { cursor: 1.5 }, { cursor: 0, limit: 'many' }])
      await expect(handlePushPull(port, a, { protocol: PROTOCOL, schema: SCHEMA, deviceId: a.deviceId, mutations, pull }, T0)).rejects.toMatchObject({ code: 'bad-request' });
    expect(port.rows('households')).toHaveLength(0);
  });
});

describe('push: erasing a note (visit.redact, session.redact)', () => {
  const req = { protocol: PROTOCOL, schema: SCHEMA };
  const visit = (id: string, extra = {}) => ({ id, villageId: V1, householdId: 'h1', memberId: 'm-d1', memberName: 'A', at: T0, items: [], dossiers: [{ field: 'residence', count: 1 }], language: 'vi', minutes: 10, note: 'Chị Ón nhờ ghi số 0912 345 678', followUpOn: null, replaces: null, ...extra });
  const session = { id: 's1', villageId: V1, memberId: 'm-d1', memberName: 'A', kind: 'training', topics: ['vneid'], attendees: 3, residentIds: [], date: '2026-11-20', place: 'Nhà văn hoá', note: 'Anh Pọm kể chuyện nhà', replaces: null };

  it('clears the note in place with a new version that another phone pulls; the record stays and the rest is unchanged', async () => {
    const port = setup();
    const a = device(member('d1'));
    const b = member('d2');
    await a.push(port, [a.m('household.put', household('h1')), a.m('visit.add', visit('v1')), a.m('session.add', session)]);
    const seen = await handlePull(port, b, { ...req, deviceId: 'd2', cursor: 0, limit: 1000 }, T0);
    if (!('changes' in seen)) throw new Error('expected a page');
    const res = await a.push(port, [
      a.m('visit.redact', { id: 'v1', villageId: V1, memberId: 'm-d1', at: T0 + 60_000 }),
      a.m('session.redact', { id: 's1', villageId: V1, memberId: 'm-d1', at: T0 + 61_000 }),
    ]);
    expect(res).toMatchObject({ results: [{ status: 'applied' }, { status: 'applied' }] });
    const stored = port.rows('visits')[0];
    expect(stored).toEqual({ ...visit('v1'), note: '', redactedAt: T0 + 60_000 });
    expect(port.rows('sessions')[0]).toEqual({ ...session, note: '', redactedAt: T0 + 61_000 });
    // The second phone, pulling from where it was, gets both records again without their notes.
    const next = await handlePull(port, b, { ...req, deviceId: 'd2', cursor: seen.cursor, scopeKey: seen.scopeKey }, T0);
    if (!('changes' in next)) throw new Error('expected a page');
    expect(next.changes.map((c) => [c.table, c.id, c.row?.note, c.row?.redactedAt]).sort()).toEqual([
      ['sessions', 's1', '', T0 + 61_000],
      ['visits', 'v1', '', T0 + 60_000],
    ]);
  });

  it('erasing again, or the visit re-sent with its old note by another phone, changes nothing and keeps no copy of the note', async () => {
    const port = setup();
    const a = device(member('d1'));
    const b = device(member('d2'));
    await a.push(port, [a.m('household.put', household('h1')), a.m('visit.add', visit('v1'))]);
    await a.push(port, [a.m('visit.redact', { id: 'v1', villageId: V1, memberId: 'm-d1', at: T0 + 1 })]);
    const before = (await port.versions(C)).current;
    expect(await b.push(port, [b.m('visit.redact', { id: 'v1', villageId: V1, memberId: 'm-d2', at: T0 + 2 })])).toMatchObject({ results: [{ status: 'applied' }] });
    expect(await b.push(port, [b.m('visit.add', visit('v1'))])).toMatchObject({ results: [{ status: 'applied' }] });
    expect(port.state.flags).toHaveLength(0);
    expect((await port.versions(C)).current).toBe(before);
    expect(port.rows('visits')[0]).toMatchObject({ note: '', redactedAt: T0 + 1 });
    // A different body is still a conflict for a person to look at.
    expect(await b.push(port, [b.m('visit.add', visit('v1', { minutes: 99 }))])).toMatchObject({ results: [{ status: 'flagged' }] });
  });

  it('refuses an unknown record, another village, and a malformed redaction', async () => {
    const port = setup();
    const a = device(member('d1', [V1, V2]));
    await a.push(port, [a.m('household.put', household('h1')), a.m('visit.add', visit('v1'))]);
    const res = await a.push(port, [
      a.m('visit.redact', { id: 'v404', villageId: V1, memberId: 'm-d1', at: T0 }),
      a.m('visit.redact', { id: 'v1', villageId: V2, memberId: 'm-d1', at: T0 }),
      a.m('session.redact', { id: 'v1', villageId: V1, memberId: 'm-d1', at: T0 }), // a visit is not a session
      a.m('visit.redact', { id: 'v1', villageId: V1, memberId: 'm-d1' }),
    ]);
    if (!('results' in res)) throw new Error('expected results');
    expect(res.results.map((r) => [r.status, r.reason])).toEqual([
      ['rejected', 'unknown-parent'],
      ['rejected', 'scope-forbidden'],
      ['rejected', 'unknown-parent'],
      ['rejected', 'invalid'],
    ]);
    expect(port.rows('visits')[0]).toMatchObject({ note: visit('v1').note });
    expect(port.rows('visits')[0].redactedAt).toBeUndefined();
  });

  it('a member outside the village cannot erase it', async () => {
    const port = setup();
    const a = device(member('d1'));
    const other = device(member('d9', [V2]));
    await a.push(port, [a.m('household.put', household('h1')), a.m('visit.add', visit('v1'))]);
    expect(await other.push(port, [other.m('visit.redact', { id: 'v1', villageId: V1, memberId: 'm-d9', at: T0 })])).toMatchObject({ results: [{ status: 'rejected', reason: 'scope-forbidden' }] });
  });
});
