import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN, DemoServer } from '../../../src/core/demo/server.ts';
import { DEMO_SEED, formatDemoInvite } from '../../../src/core/demo/world.ts';
import { HlcClock } from '../../../src/core/sync/hlc.ts';
import { PROTOCOL, SCHEMA, type Mutation } from '../../../src/core/sync/protocol.ts';

const EPOCH = Date.UTC(2026, 10, 23, 3, 15);
const NOW = EPOCH + 3_600_000;
const DEVICE = '019a0000-0000-7000-8000-000000000001';

const joined = async (s: DemoServer, deviceId = DEVICE, village = 1) => {
  const invite = s.world.invites[village];
  const res = await s.answer('join', { code: formatDemoInvite(invite.code), deviceId, displayName: 'Lò Thị Hoa' }, NOW);
  expect(res.status).toBe(200);
  return res.body as { token: string; member: { id: string; villageIds: string[] }; scope: { villageIds: string[] }; device: { lastSeq: number } };
};

const visitOf = (s: DemoServer, memberId: string, village = 1) => {
  const v = s.world.commune.villages[village];
  const h = s.world.commune.households.find((x) => x.villageId === v.id)!;
  const r = s.world.commune.residents.find((x) => x.householdId === h.id && NOW / 31_557_600_000 + 1970 - x.birthYear >= 14)!;
  return {
    id: '019a0000-0000-7000-8000-00000000aaaa',
    villageId: v.id,
    householdId: h.id,
    memberId,
    memberName: 'Lò Thị Hoa',
    at: NOW,
    items: [{ itemId: 'vneid-l2', residentIds: [r.id], outcome: 'done' }],
    dossiers: [],
    language: 'thai',
    minutes: 20,
    note: '',
    followUpOn: null,
    replaces: null,
  };
};

const push = (s: DemoServer, mutations: Mutation[], deviceId = DEVICE) =>
  s.answer('push', { protocol: PROTOCOL, schema: SCHEMA, deviceId, mutations }, NOW);

describe('the demo server', () => {
  it('joins a phone with a village’s invite code, in any case or spacing, and refuses any other code', async () => {
    const s = new DemoServer(DEMO_SEED, EPOCH);
    const bad = await s.answer('join', { code: 'ABCD-EFGH', deviceId: DEVICE, displayName: 'Lò Thị Hoa' }, NOW);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invite-invalid' } } });
    const invalid = await s.answer('join', { code: 'x', deviceId: DEVICE, displayName: '' }, NOW);
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    const before = s.version();
    const ok = await joined(s);
    expect(ok.token).toBe(DEMO_TOKEN);
    expect(ok.scope.villageIds).toEqual([s.world.commune.villages[1].id]);
    expect(ok.device.lastSeq).toBe(0);
    // the new member is reference data the commune's phones will pull
    expect(s.version()).toBe(before + 1);
    expect(s.records().members.map((m) => m.id)).toContain(ok.member.id);
  });

  it('answers an unknown phone with 401, as the real server does', async () => {
    const s = new DemoServer(DEMO_SEED, EPOCH);
    const res = await s.answer('pull', { protocol: PROTOCOL, schema: SCHEMA, deviceId: DEVICE, cursor: 0 }, NOW);
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('applies a push exactly once through the real sync logic and hands it to other phones', async () => {
    const s = new DemoServer(DEMO_SEED, EPOCH);
    const { member } = await joined(s);
    const clock = new HlcClock(DEVICE);
    const m: Mutation = { seq: 1, id: '019a0000-0000-7000-8000-00000000aaaa', name: 'visit.add', args: visitOf(s, member.id), hlc: clock.send(NOW) };
    const first = await push(s, [m]);
    expect(first).toMatchObject({ status: 200, body: { lastSeq: 1, results: [{ seq: 1, status: 'applied' }] }, event: { kind: 'push', applied: 1 } });
    const again = await push(s, [m]);
    expect(again).toMatchObject({ status: 200, body: { results: [{ seq: 1, status: 'duplicate' }] }, event: { applied: 0 } });
    expect(s.records().visits.filter((v) => v.id === m.id)).toHaveLength(1);
    const gap = await push(s, [{ ...m, seq: 5 }]);
    expect(gap).toMatchObject({ status: 409, body: { error: 'seq-gap', expectedSeq: 2 } });
    // a teammate's phone in the same village receives it
    const other = '019a0000-0000-7000-8000-000000000002';
    await joined(s, other);
    let cursor = 0;
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = (await s.answer('pull', { protocol: PROTOCOL, schema: SCHEMA, deviceId: other, cursor, limit: 1000 }, NOW)).body as { changes: { id: string }[]; cursor: number; hasMore: boolean };
      seen.push(...res.changes.map((c) => c.id));
      cursor = res.cursor;
      if (!res.hasMore) break;
    }
    expect(seen).toContain(m.id);
    expect(s.deviceList().find((d) => d.id === other)?.lastSyncAt).toBe(NOW);
  });

  it('is rebuilt exactly from its seed and what changed since (a reload), and back to the seed without it (a reset)', async () => {
    const s = new DemoServer(DEMO_SEED, EPOCH);
    const { member } = await joined(s);
    const clock = new HlcClock(DEVICE);
    const v = visitOf(s, member.id);
    const h = s.world.commune.households.find((x) => x.id === v.householdId)!;
    await push(s, [
      { seq: 1, id: v.id, name: 'visit.add', args: v, hlc: clock.send(NOW) },
      { seq: 2, id: h.id, name: 'household.put', args: { id: h.id, villageId: h.villageId, notes: 'Nhà có người già' }, hlc: clock.send(NOW) },
    ]);
    const delta = structuredClone(s.delta());
    const again = new DemoServer(DEMO_SEED, EPOCH, delta);
    expect(again.records()).toEqual(s.records());
    expect(again.port.state.versions).toEqual(s.port.state.versions);
    expect(again.port.state.devices).toEqual(s.port.state.devices);
    expect(again.deviceList()).toEqual(s.deviceList());
    expect(again.records().households.find((x) => x.id === h.id)?.notes).toBe('Nhà có người già');
    // the seed's copy of the household was replaced, not duplicated
    expect(again.port.state.entries.filter((e) => e.id === h.id)).toHaveLength(1);
    const fresh = new DemoServer(DEMO_SEED, EPOCH);
    expect(fresh.records()).toEqual(new DemoServer(DEMO_SEED, EPOCH).records());
    expect(fresh.records().visits.some((x) => x.id === v.id)).toBe(false);
    expect(fresh.version()).toBe(fresh.world.seedVersion);
  });
});
