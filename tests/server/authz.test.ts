import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { household, resident, wirePhone, type WirePhone } from './helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from './helpers/test-server.ts';

// Who may do what (DESIGN §4 "Auth"): every refusal has a clear code, and none of them is a 5xx.
describe.each(DATABASES)('authorisation on %s', (db) => {
  let s: TestServer;
  let V1: string;
  let V2: string;
  let member: WirePhone;
  let otherCommuneMember: WirePhone;
  let officer: string;
  let otherOfficer: string;
  let n = 0;
  const uid = (p: string) => `${p}-az-${++n}`;

  beforeAll(async () => {
    s = await createTestServer({ db, policy: { deviceTokenTtlMs: 30 * 86_400_000 } });
    [V1, V2] = s.villageIds;
    member = wirePhone(s, await s.join(V1));
    otherCommuneMember = wirePhone(s, await s.join(s.otherVillageIds[0]));
    officer = await s.login();
    otherOfficer = await s.login(s.otherOfficer);
  });
  afterAll(() => s?.close());

  const call = async (path: string, init: RequestInit = {}) => {
    const res = await s.request(path, init);
    const body = await res.json();
    expect(res.status).toBeLessThan(500);
    return { status: res.status, code: body?.error?.code as string | undefined, body };
  };

  it('a member writes only to their own villages', async () => {
    const own = uid('h');
    const res = await member.push([
      member.m('household.put', household(own, V1)),
      member.m('household.put', household(uid('h'), V2)),
      member.m('household.put', household(uid('h'), s.otherVillageIds[0])),
      member.m('resident.put', resident(uid('r'), own, V2)),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string; reason?: string }) => `${r.status}:${r.reason ?? ''}`)).toEqual([
      'applied:',
      'rejected:scope-forbidden',
      'rejected:scope-forbidden',
      'rejected:scope-forbidden',
    ]);
  });

  it('a record id from another commune is invisible: no read, no overwrite', async () => {
    const shared = uid('h-shared');
    await otherCommuneMember.push([otherCommuneMember.m('household.put', household(shared, s.otherVillageIds[0], { headName: 'Bên kia' }))]);
    // The same id written in this commune is a different record; the other commune's stays as it was.
    await member.push([member.m('household.put', household(shared, V1, { headName: 'Bên này' }))]);
    const rows = await s.ctx.store.db.selectFrom('households').select(['commune_id', 'head_name']).where('id', '=', shared).orderBy('commune_id').execute();
    expect(rows).toEqual([
      { commune_id: s.otherCommuneId, head_name: 'Bên kia' },
      { commune_id: s.communeId, head_name: 'Bên này' },
    ]);
    // A resident hung on a household that only exists in the other commune has no parent here.
    const other = uid('h-other');
    await otherCommuneMember.push([otherCommuneMember.m('household.put', household(other, s.otherVillageIds[0]))]);
    const res = await member.push([member.m('resident.put', resident(uid('r'), other, V1))]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'unknown-parent' });
    const pulled = await member.pullAll();
    expect(pulled.changes.some((c) => c.id === other)).toBe(false);
    for (const c of pulled.changes) if (c.row && 'communeId' in c.row && c.row.communeId) expect(c.row.communeId).toBe(s.communeId);
  });

  it('refuses a missing, unknown or mismatched token with clear codes', async () => {
    const pull = { method: 'POST', body: JSON.stringify({ protocol: 1, schema: 1, deviceId: member.deviceId, cursor: 0 }) };
    expect(await call('/api/sync/pull', pull)).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await call('/api/sync/pull', { ...pull, headers: { Authorization: 'Bearer not-a-real-token-at-all-000000' } })).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await call('/api/sync/pull', { ...pull, headers: { Authorization: 'Basic abc' } })).toMatchObject({ status: 401, code: 'unauthorized' });
    // Another phone's device id with this phone's token.
    const mismatch = await call('/api/sync/pull', { ...pull, headers: s.auth(otherCommuneMember.token) });
    expect(mismatch).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('refuses a revoked phone, which keeps its outbox and can join again with its sequence intact', async () => {
    const p = wirePhone(s, await s.join(V1));
    await p.push([p.m('household.put', household(uid('h'), V1))]);
    const devices = await call('/api/admin/devices', { headers: s.auth(officer) });
    expect(devices.body.devices.find((d: { id: string }) => d.id === p.deviceId)).toMatchObject({ status: 'active', lastSeq: 1 });
    const revoked = await call(`/api/admin/devices/${p.deviceId}/revoke`, { method: 'POST', headers: s.auth(officer) });
    expect(revoked).toMatchObject({ status: 200, body: { id: p.deviceId, status: 'revoked' } });
    const pending = p.m('household.put', household(uid('h'), V1));
    expect(await p.push([pending])).toMatchObject({ status: 401, body: { error: { code: 'token-revoked' } } });
    expect(await p.pull(0)).toMatchObject({ status: 401, body: { error: { code: 'token-revoked' } } });
    // Joining again with a new code, proving it is this phone's member by its old (revoked) token, keeps the
    // member and the device's sequence: the queued mutation goes through as seq 2.
    const again = await s.request('/api/auth/join', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: s.invites[V1], deviceId: p.deviceId, displayName: p.member.displayName, memberId: p.member.id, previousToken: p.token }),
    });
    const joined = await again.json();
    expect(again.status).toBe(200);
    expect(joined).toMatchObject({ member: { id: p.member.id }, device: { id: p.deviceId, lastSeq: 1 } });
    const back = wirePhone(s, { ...p, token: joined.token });
    expect((await back.push([pending])).body.results).toEqual([{ seq: 2, status: 'applied' }]);
  });

  it('refuses an expired token with token-expired, and slides the expiry for a phone that syncs', async () => {
    const sleepy = wirePhone(s, await s.join(V1));
    const busy = wirePhone(s, await s.join(V1));
    for (let day = 0; day < 40; day += 10) {
      s.clock.advance(10 * 86_400_000);
      for (const p of [busy, member, otherCommuneMember]) expect((await p.pull(0)).status).toBe(200);
      await s.ctx.touches.flush(); // the sliding expiry is written in batches, within a second
    }
    expect(await sleepy.pull(0)).toMatchObject({ status: 401, body: { error: { code: 'token-expired' } } });
    expect(await sleepy.push([])).toMatchObject({ status: 401, body: { error: { code: 'token-expired' } } });
    officer = await s.login();
    otherOfficer = await s.login(s.otherOfficer);
  });

  it('keeps officers to their own commune and members out of admin calls', async () => {
    expect(await call('/api/admin/villages', { headers: s.auth(member.token) })).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await call('/api/admin/villages', { headers: s.auth(otherOfficer) })).toMatchObject({ status: 200, body: { communeId: s.otherCommuneId } });
    expect(await call(`/api/admin/villages?commune=${s.communeId}`, { headers: s.auth(otherOfficer) })).toMatchObject({ status: 403, code: 'scope-forbidden' });
    const invite = await call(`/api/admin/invites`, { method: 'POST', headers: s.auth(otherOfficer), body: JSON.stringify({ villageId: V1, uses: 1, expiresInDays: 1 }) });
    expect(invite).toMatchObject({ status: 400, code: 'invalid', body: { error: { issues: [{ field: 'villageId', rule: 'bad-choice' }] } } });
    expect(await call(`/api/admin/devices/${member.deviceId}/revoke`, { method: 'POST', headers: s.auth(otherOfficer) })).toMatchObject({ status: 404, code: 'not-found' });
    expect(
      await call(`/api/admin/members/${member.member.id}/villages`, { method: 'PUT', headers: s.auth(otherOfficer), body: JSON.stringify({ villageIds: [s.otherVillageIds[0]] }) }),
    ).toMatchObject({ status: 404, code: 'not-found' });
    expect(await call(`/api/admin/members/${member.member.id}`, { method: 'DELETE', headers: s.auth(otherOfficer) })).toMatchObject({ status: 404 });
    // The member is untouched.
    expect((await member.pull(0)).status).toBe(200);
  });

  it('lets a province admin manage any commune of the province, named explicitly', async () => {
    const admin = await s.login(s.provinceAdmin);
    expect(await call('/api/admin/villages', { headers: s.auth(admin) })).toMatchObject({ status: 400, code: 'bad-request' });
    const villages = await call(`/api/admin/villages?commune=${s.communeId}`, { headers: s.auth(admin) });
    expect(villages.body.villages.map((v: { id: string }) => v.id).sort()).toEqual([...s.villageIds].sort());
    expect(await call('/api/admin/villages?commune=c-nowhere', { headers: s.auth(admin) })).toMatchObject({ status: 404, code: 'not-found' });
    // A province account has no commune to sync.
    const pull = await call('/api/sync/pull', { method: 'POST', headers: s.auth(admin), body: JSON.stringify({ protocol: 1, schema: 1, deviceId: 'x', cursor: 0 }) });
    expect(pull).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
