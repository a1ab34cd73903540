import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/server/accounts/tokens.ts';
import { household, wirePhone } from './helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// Accounts and the officer's minimum admin: invites, joining, signing in, devices, moving and removing members,
// and the audit log each change leaves.
describe.each(DATABASES)('accounts and admin on %s', (db) => {
  let s: TestServer;
  let officer: string;
  let V1: string;
  let V2: string;
  let n = 0;
  const dev = () => `dev-acc-${++n}`;

  beforeAll(async () => {
    s = await createTestServer({ db });
    [V1, V2] = s.villageIds;
    officer = await s.login();
  });
  afterAll(() => s?.close());

  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await s.request(path, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBeLessThan(500);
    return { status: res.status, body: await res.json() };
  };
  const join = (code: string, deviceId = dev(), extra: Record<string, unknown> = {}) =>
    api('POST', '/api/auth/join', undefined, { code, deviceId, displayName: 'Hà Thị Lan', ...extra });

  it('seeds one invite per village, which a phone joins with, typed any way', async () => {
    expect(Object.keys(s.invites).sort()).toEqual([...s.villageIds, ...s.otherVillageIds].sort());
    for (const code of Object.values(s.invites)) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const typed = ` ${s.invites[V2].toLowerCase().replace('-', ' ')} `;
    const res = await join(typed);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      member: { displayName: 'Hà Thị Lan', role: 'member', villageIds: [V2], communeId: s.communeId, teamId: expect.any(String) },
      scope: { communeId: s.communeId, villageIds: [V2], wholeCommune: false },
      device: { lastSeq: 0 },
    });
    // Only the hash of the token is stored.
    const stored = await s.ctx.store.db.selectFrom('devices').select('token_hash').where('id', '=', res.body.device.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(res.body.token));
    expect(JSON.stringify(await s.ctx.store.db.selectFrom('devices').selectAll().execute())).not.toContain(res.body.token);
  });

  it('creates invites that expire and run out, and can be revoked', async () => {
    const created = await api('POST', '/api/admin/invites', officer, { villageId: V1, uses: 2, expiresInDays: 3, role: 'leader' });
    expect(created).toMatchObject({ status: 201, body: { code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/), villageId: V1, uses: 2, used: 0, role: 'leader', status: 'active' } });
    const { code } = created.body;
    expect((await join(code)).body.member.role).toBe('leader');
    expect((await join(code)).status).toBe(200);
    expect(await join(code)).toMatchObject({ status: 400, body: { error: { code: 'invite-used-up' } } });
    const short = (await api('POST', '/api/admin/invites', officer, { villageId: V1, uses: 5, expiresInDays: 1 })).body.code;
    s.clock.advance(86_400_000 + 1000);
    expect(await join(short)).toMatchObject({ status: 400, body: { error: { code: 'invite-expired' } } });
    officer = await s.login();
    const revocable = (await api('POST', '/api/admin/invites', officer, { villageId: V1 })).body.code;
    expect(await api('POST', `/api/admin/invites/${revocable}/revoke`, officer)).toMatchObject({ status: 200, body: { status: 'revoked' } });
    expect(await join(revocable)).toMatchObject({ status: 400, body: { error: { code: 'invite-invalid' } } });
    expect(await join('AAAA-AAAA')).toMatchObject({ status: 400, body: { error: { code: 'invite-invalid' } } });
    expect(await join('0O1I-LLLL')).toMatchObject({ status: 400, body: { error: { code: 'invite-invalid' } } });
    const listed = await api('GET', '/api/admin/invites', officer);
    const statuses = Object.fromEntries(listed.body.invites.map((i: { code: string; status: string }) => [i.code, i.status]));
    expect(statuses).toMatchObject({ [code]: 'used-up', [short]: 'expired', [revocable]: 'revoked' });
    const bad = await api('POST', '/api/admin/invites', officer, { villageId: V1, uses: 0, expiresInDays: 1000 });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid', issues: [{ field: 'uses', rule: 'too-small' }, { field: 'expiresInDays', rule: 'too-large' }] } } });
  });

  it('lets exactly the remaining uses through when phones race for an invite', async () => {
    const { code } = (await api('POST', '/api/admin/invites', officer, { villageId: V1, uses: 3 })).body;
    const results = await Promise.all(Array.from({ length: 8 }, () => join(code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.body.error?.code === 'invite-used-up')).toHaveLength(5);
  });

  it('refuses to join a device id that is in use, unless the phone proves it holds its token', async () => {
    const deviceId = dev();
    const first = await join(s.invites[V1], deviceId);
    expect(first.status).toBe(200);
    expect(await join(s.invites[V1], deviceId)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const proven = await join(s.invites[V2], deviceId, { previousToken: first.body.token });
    expect(proven).toMatchObject({ status: 200, body: { member: { id: first.body.member.id, villageIds: [V1, V2].sort() } } });
    // The old token no longer works; the new one does.
    const stale = await api('GET', '/api/auth/me', first.body.token);
    expect(stale).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await api('GET', '/api/auth/me', proven.body.token)).toMatchObject({ status: 200, body: { device: { id: deviceId } } });
  });

  it('a different person joining on a known phone gets a member of their own, never renaming the first', async () => {
    const deviceId = dev();
    const lan = await join(s.invites[V1], deviceId);
    // Another person on the same (old-style) phone, with the first one's token and another village's code.
    const tua = await join(s.invites[V2], deviceId, { previousToken: lan.body.token, displayName: 'Lò Văn Tủa' });
    expect(tua.status).toBe(200);
    expect(tua.body.member.id).not.toBe(lan.body.member.id);
    expect(tua.body.member).toMatchObject({ displayName: 'Lò Văn Tủa', villageIds: [V2] });
    const first = await s.ctx.store.db.selectFrom('members').selectAll().where('id', '=', lan.body.member.id).executeTakeFirstOrThrow();
    expect(first).toMatchObject({ display_name: 'Hà Thị Lan', village_ids: JSON.stringify([V1]) });
    // The same person re-joining (token renewal, a corrected name) stays themselves.
    const again = await join(s.invites[V1], deviceId, { previousToken: tua.body.token, displayName: 'Lò Văn Tua', memberId: tua.body.member.id });
    expect(again.body.member).toMatchObject({ id: tua.body.member.id, displayName: 'Lò Văn Tua', villageIds: [V1, V2].sort() });
    // Without the token a revoked or expired phone's id is not the member's either.
    const other = dev();
    const mai = await join(s.invites[V1], other, { displayName: 'Lò Thị Mai' });
    await s.ctx.store.db.updateTable('devices').set({ revoked_at: s.clock.now() }).where('id', '=', other).execute();
    const stranger = await join(s.invites[V1], other, { displayName: 'Lò Thị Mai' });
    expect(stranger.status).toBe(200);
    expect(stranger.body.member.id).not.toBe(mai.body.member.id);
  });

  it('signs officers in with scrypt-hashed passwords, limits guessing and signs out', async () => {
    const stored = await s.ctx.store.db.selectFrom('members').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored.password_hash).not.toContain(s.officer.password);
    const ok = await api('POST', '/api/auth/login', undefined, { username: ' ADMIN ', password: s.officer.password });
    expect(ok).toMatchObject({ status: 200, body: { token: expect.any(String), member: { role: 'officer', communeId: s.communeId }, scope: { wholeCommune: true } } });
    expect(await api('POST', '/api/auth/login', undefined, { username: 'admin', password: 'wrong' })).toMatchObject({ status: 401, body: { error: { code: 'login-failed' } } });
    expect(await api('POST', '/api/auth/login', undefined, { username: 'nobody', password: 'wrong' })).toMatchObject({ status: 401, body: { error: { code: 'login-failed' } } });
    // Ten failures for one username from one address: even the right password waits.
    for (let i = 0; i < 9; i++) await api('POST', '/api/auth/login', undefined, { username: 'admin', password: `guess-${i}` });
    const limited = await s.request('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: s.officer.password }) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate-limited' } });
    s.clock.advance(16 * 60_000);
    const token = await s.login();
    expect(await api('POST', '/api/auth/logout', token)).toMatchObject({ status: 200 });
    expect(await api('GET', '/api/admin/villages', token)).toMatchObject({ status: 401, body: { error: { code: 'token-revoked' } } });
    // Sign-ins expire after the policy's idle time.
    const idle = await s.login();
    s.clock.advance(13 * 3_600_000);
    expect(await api('GET', '/api/admin/villages', idle)).toMatchObject({ status: 401, body: { error: { code: 'token-expired' } } });
    officer = await s.login();
  });

  it('lists villages, members and devices for the officer, with what the freshness view needs', async () => {
    const phone = wirePhone(s, await s.join(V1, { displayName: 'Lò Văn Tủa' }));
    await phone.push([phone.m('household.put', household(`h-acc-${++n}`, V1)), phone.m('household.put', household(`h-acc-${++n}`, V2))]);
    await phone.pull(0);
    const villages = await api('GET', '/api/admin/villages', officer);
    expect(villages.status).toBe(200);
    const v1 = villages.body.villages.find((v: { id: string }) => v.id === V1);
    expect(v1).toMatchObject({ name: 'Bản Nà Pồng', kind: 'ban', retired: false, members: expect.any(Number), devices: expect.any(Number), openInvites: expect.any(Number) });
    expect(Math.abs(v1.lastSyncAt - s.clock.now())).toBeLessThan(5000);
    expect(v1.members).toBeGreaterThanOrEqual(1);
    const members = await api('GET', '/api/admin/members', officer);
    expect(members.body.members.find((m: { id: string }) => m.id === phone.member.id)).toMatchObject({ displayName: 'Lò Văn Tủa', role: 'member', villageIds: [V1], active: true, devices: 1, username: null });
    expect(members.body.members.find((m: { username: string | null }) => m.username === 'admin')).toMatchObject({ role: 'officer' });
    const devices = await api('GET', '/api/admin/devices', officer);
    expect(devices.body.devices.find((d: { id: string }) => d.id === phone.deviceId)).toMatchObject({ memberName: 'Lò Văn Tủa', lastSeq: 2, status: 'active', rejected: 1 });
  });

  it('moves a member between villages, validates the villages, and audits every change', async () => {
    const phone = await s.join(V1, { displayName: 'Người được chuyển' });
    const bad = await api('PUT', `/api/admin/members/${phone.member.id}/villages`, officer, { villageIds: [V2, s.otherVillageIds[0]] });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid', issues: [{ field: 'villageIds.1', rule: 'bad-choice' }] } } });
    expect(await api('PUT', `/api/admin/members/${phone.member.id}/villages`, officer, { villageIds: [] })).toMatchObject({ status: 400 });
    expect(await api('PUT', `/api/admin/members/nobody/villages`, officer, { villageIds: [V2] })).toMatchObject({ status: 404 });
    const moved = await api('PUT', `/api/admin/members/${phone.member.id}/villages`, officer, { villageIds: [V2, V1] });
    expect(moved).toMatchObject({ status: 200, body: { villageIds: [V1, V2].sort() } });
    expect(await api('GET', '/api/auth/me', phone.token)).toMatchObject({ body: { scope: { villageIds: [V1, V2].sort() } } });
    const removed = await api('DELETE', `/api/admin/members/${phone.member.id}`, officer);
    expect(removed.status).toBe(200);
    const audit = await api('GET', '/api/admin/audit?limit=50', officer);
    const actions = audit.body.entries.map((e: { action: string; subject: string }) => `${e.action} ${e.subject}`);
    expect(actions).toEqual(expect.arrayContaining([`member.move member:${phone.member.id}`, `member.remove member:${phone.member.id}`, `device.join device:${phone.deviceId}`]));
    expect(actions.some((a: string) => a.startsWith('invite.create'))).toBe(true);
    expect(actions.some((a: string) => a.startsWith('invite.revoke'))).toBe(true);
    const move = audit.body.entries.find((e: { action: string }) => e.action === 'member.move');
    expect(move.details).toEqual({ from: [V1], to: [V1, V2].sort() });
    expect(audit.body.entries.every((e: { at: number }, i: number, all: { at: number }[]) => i === 0 || all[i - 1].at >= e.at)).toBe(true);
    // An officer cannot remove themselves.
    const me = (await api('GET', '/api/auth/me', officer)).body.member.id;
    expect(await api('DELETE', `/api/admin/members/${me}`, officer)).toMatchObject({ status: 403 });
  });
});
