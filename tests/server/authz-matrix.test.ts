import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL, SCHEMA } from '../../src/core/sync/protocol.ts';
import { addCommune } from '../../src/server/store/seed.ts';
import { household, wirePhone } from './helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// The authorisation matrix, table-driven: every endpoint × every kind of caller × every scope. A cell is either
// allowed (2xx, and for a push the record applied) or refused (401/403, or the push's mutation rejected
// scope-forbidden); every refused cell must be refused, every allowed one allowed, and no cell is a 5xx.
type Role = 'member' | 'leader' | 'officer' | 'province-admin' | 'trainer' | 'revoked-device' | 'moved-member' | 'removed-member' | 'no-token';
type Scope = 'own-village' | 'other-village' | 'other-commune' | 'other-province';
const ROLES: Role[] = ['member', 'leader', 'officer', 'province-admin', 'trainer', 'revoked-device', 'moved-member', 'removed-member', 'no-token'];
const SCOPES: Scope[] = ['own-village', 'other-village', 'other-commune', 'other-province'];

describe.each(DATABASES)('authorisation matrix on %s', (db) => {
  let s: TestServer;
  const tokens = {} as Record<Role, string | undefined>;
  const phones = {} as Record<Role, ReturnType<typeof wirePhone> | undefined>;
  let target: Record<Scope, { communeId: string; villageId: string }>;

  beforeAll(async () => {
    s = await createTestServer({ db });
    const [V1, V2] = s.villageIds;
    await addCommune(s.ctx, { id: 'p-far', name: 'Tỉnh Xa (mẫu)' }, { id: 'c-far', name: 'Xã Xa (mẫu)', kind: 'xa' }, [{ id: 'v-far-1', name: 'Bản Xa', kind: 'ban' }]);
    target = {
      'own-village': { communeId: s.communeId, villageId: V1 },
      'other-village': { communeId: s.communeId, villageId: V2 },
      'other-commune': { communeId: s.otherCommuneId, villageId: s.otherVillageIds[0] },
      'other-province': { communeId: 'c-far', villageId: 'v-far-1' },
    };
    const officer = await s.login(s.officer, 'officer-browser');
    const as = (t: string) => ({ headers: s.auth(t) });
    const invite = await s.request('/api/admin/invites', { method: 'POST', ...as(officer), body: JSON.stringify({ villageId: V1, role: 'leader' }) });
    const leaderCode = ((await invite.json()) as { code: string }).code;
    const joinWith = async (code: string, deviceId: string) => {
      const r = await s.request('/api/auth/join', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId, displayName: 'Tổ trưởng' }) });
      const b = (await r.json()) as { token: string; member: never; scope: never };
      return { token: b.token, deviceId, member: b.member, scope: b.scope };
    };
    for (const role of ['member', 'revoked-device', 'moved-member', 'removed-member'] as const) {
      const p = wirePhone(s, await s.join(V1));
      phones[role] = p;
      tokens[role] = p.token;
    }
    phones.leader = wirePhone(s, await joinWith(leaderCode, 'leader-phone'));
    tokens.leader = phones.leader.token;
    const devices = (await (await s.request('/api/admin/devices', as(officer))).json()) as { devices: { id: string }[] };
    expect(devices.devices.some((d) => d.id === phones['revoked-device']?.deviceId)).toBe(true);
    await s.request(`/api/admin/devices/${phones['revoked-device']?.deviceId}/revoke`, { method: 'POST', ...as(officer) });
    await s.request(`/api/admin/members/${phones['removed-member']?.member.id}`, { method: 'DELETE', ...as(officer) });
    await s.request(`/api/admin/members/${phones['moved-member']?.member.id}/villages`, { method: 'PUT', ...as(officer), body: JSON.stringify({ villageIds: [V2] }) });
    // The moved phone drains once, then its window closes.
    await phones['moved-member']?.push([]);
    s.clock.advance(s.ctx.policy.moveDrainMs + 60_000);
    await s.request('/api/admin/teams/accounts', { method: 'POST', ...as(officer), body: JSON.stringify({ displayName: 'Tập huấn viên', username: 'thv', password: 'tap huan vien xa', role: 'trainer' }) });
    tokens.officer = await s.login(s.officer, 'officer-browser');
    tokens['province-admin'] = await s.login(s.provinceAdmin);
    tokens.trainer = await s.login({ username: 'thv@c-sample', password: 'tap huan vien xa' });
    tokens['no-token'] = undefined;
  });
  afterAll(() => s?.close());

  // Who may, by endpoint kind. Commune-wide reads and writes: the commune's officer, a province admin of its province.
  const officeMay = (role: Role, scope: Scope) =>
    (role === 'officer' && (scope === 'own-village' || scope === 'other-village')) || (role === 'province-admin' && scope !== 'other-province');
  // Sync: a phone in its own villages; the officer's browser device in the commune.
  const pushMay = (role: Role, scope: Scope) =>
    ((role === 'member' || role === 'leader') && scope === 'own-village') ||
    (role === 'moved-member' && scope === 'other-village') ||
    (role === 'officer' && (scope === 'own-village' || scope === 'other-village'));
  const deviceMay = (role: Role) => role === 'member' || role === 'leader' || role === 'moved-member' || role === 'officer';
  const signedIn = (role: Role) => !['revoked-device', 'removed-member', 'no-token'].includes(role);

  type Endpoint = { name: string; may: (role: Role, scope: Scope) => boolean; call: (role: Role, t: { communeId: string; villageId: string }) => Promise<boolean> };
  let seq = 0;
  const headers = (role: Role) => ({ 'Content-Type': 'application/json', ...(tokens[role] ? { Authorization: `Bearer ${tokens[role]}` } : {}) });
  // true = allowed, false = refused; anything else fails the test.
  const outcome = async (res: Response): Promise<boolean> => {
    expect(res.status).toBeLessThan(500);
    const json = (res.headers.get('content-type') ?? '').includes('json');
    const body = (json ? await res.json() : (await res.arrayBuffer(), {})) as { error?: { code: string; message: string } };
    if (res.status === 401 || res.status === 403) {
      expect(body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      return false;
    }
    expect([res.status, body.error]).toEqual([expect.any(Number), undefined]);
    expect(res.status).toBeLessThan(300);
    return true;
  };
  const get = (path: string) => async (role: Role, t: { communeId: string; villageId: string }) =>
    outcome(await s.request(path.replace(':commune', t.communeId).replace(':village', t.villageId), { headers: headers(role) }));
  const post = (path: string, body: (t: { communeId: string; villageId: string }) => unknown) => async (role: Role, t: { communeId: string; villageId: string }) =>
    outcome(await s.request(path.replace(':commune', t.communeId).replace(':village', t.villageId), { method: 'POST', headers: headers(role), body: JSON.stringify(body(t)) }));

  const ENDPOINTS: Endpoint[] = [
    ...['villages', 'members', 'devices', 'invites', 'audit', 'catalogue', 'targets', 'teams'].map((a) => ({ name: `GET /api/admin/${a}`, may: officeMay, call: get(`/api/admin/${a}?commune=:commune`) })),
    { name: 'POST /api/admin/invites', may: officeMay, call: post('/api/admin/invites?commune=:commune', (t) => ({ villageId: t.villageId })) },
    ...['tallies', 'activity'].map((a) => ({ name: `GET /api/reports/${a}`, may: officeMay, call: get(`/api/reports/${a}?commune=:commune`) })),
    { name: 'GET /api/reports/villages/:id/households', may: officeMay, call: get('/api/reports/villages/:village/households?commune=:commune') },
    { name: 'POST /api/reports/villages/:id/households', may: officeMay, call: post('/api/reports/villages/:village/households?commune=:commune', () => ({ q: 'a' })) },
    { name: 'GET /api/reports/export', may: officeMay, call: get('/api/reports/export?commune=:commune&format=csv') },
    {
      name: 'POST /api/sync/push',
      may: pushMay,
      call: async (role, t) => {
        const deviceId = role === 'officer' ? 'officer-browser' : (phones[role]?.deviceId ?? 'no-such-device');
        const p = phones[role];
        const id = `h-matrix-${++seq}`;
        const m = p ? p.m('household.put', household(id, t.villageId)) : { seq: 1, id, name: 'household.put', args: household(id, t.villageId), hlc: `${String(s.clock.now()).padStart(15, '0')}-0000-${deviceId}` };
        if (role === 'officer') {
          const last = ((await (await s.request('/api/auth/me', { headers: headers(role) })).json()) as { device: { lastSeq: number } }).device.lastSeq;
          m.seq = last + 1;
        }
        const res = await s.request('/api/sync/push', { method: 'POST', headers: headers(role), body: JSON.stringify({ protocol: PROTOCOL, schema: SCHEMA, deviceId, mutations: [m] }) });
        if (res.status !== 200) return outcome(res);
        const body = (await res.json()) as { results: { status: string; reason?: string }[] };
        if (body.results[0].status === 'rejected') {
          expect(body.results[0].reason).toBe('scope-forbidden');
          return false;
        }
        expect(body.results[0].status).toBe('applied');
        const stored = await s.ctx.store.db.selectFrom('households').select('commune_id').where('id', '=', id).execute();
        expect(stored.map((r) => r.commune_id)).toEqual([t.communeId]);
        return true;
      },
    },
    {
      name: 'POST /api/sync/pull',
      may: (role) => deviceMay(role),
      call: async (role) => {
        const deviceId = role === 'officer' ? 'officer-browser' : (phones[role]?.deviceId ?? 'no-such-device');
        return outcome(await s.request('/api/sync/pull', { method: 'POST', headers: headers(role), body: JSON.stringify({ protocol: PROTOCOL, schema: SCHEMA, deviceId, cursor: 0, limit: 1 }) }));
      },
    },
    { name: 'GET /api/auth/me', may: (role) => signedIn(role), call: get('/api/auth/me') },
  ];

  it('refuses every forbidden cell and allows every permitted one', async () => {
    const wrong: string[] = [];
    let cells = 0;
    let forbidden = 0;
    for (const e of ENDPOINTS)
      for (const role of ROLES)
        for (const scope of SCOPES) {
          cells++;
          const may = e.may(role, scope);
          if (!may) forbidden++;
          const got = await e.call(role, target[scope]);
          if (got !== may) wrong.push(`${e.name} × ${role} × ${scope}: ${got ? 'allowed' : 'refused'}, should be ${may ? 'allowed' : 'refused'}`);
        }
    console.log(`[authz matrix, ${db}] ${cells} cells (${ENDPOINTS.length} endpoints × ${ROLES.length} roles × ${SCOPES.length} scopes), ${forbidden} forbidden, ${forbidden - wrong.filter((w) => w.endsWith('should be refused')).length} of them refused`);
    expect(wrong).toEqual([]);
  });
});
