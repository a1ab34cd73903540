import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_COST } from '../../../src/server/accounts/password.ts';
import { LIMITS } from '../../../src/server/routes/auth.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';

// Guessing a password or an invite code: attempts are counted before they are checked, behind a proxy the
// address is the one the proxy saw, login and join count apart, and old password hashes are made again at the
// current scrypt cost.
describe.each(DATABASES)('sign-in and join limits on %s', (db) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await createTestServer({ db, trustProxy: 1 });
  });
  afterAll(() => s?.close());

  let address = 0;
  const newAddress = () => `198.51.100.${++address}`;
  const post = (path: string, body: unknown, from: string) =>
    s.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify(body) });
  const statuses = async (answers: Promise<Response>[]) => {
    const all = await Promise.all(answers);
    for (const r of all) expect((await r.json()).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    return all.map((r) => r.status);
  };
  const tally = (xs: number[]) => xs.reduce<Record<number, number>>((t, x) => ((t[x] = (t[x] ?? 0) + 1), t), {});

  it('counts concurrent wrong passwords before checking them: only the limit is ever checked', async () => {
    const from = newAddress();
    const got = tally(await statuses(Array.from({ length: 50 }, (_, i) => post('/api/auth/login', { username: 'admin', password: `guess-${i}` }, from))));
    expect(got).toEqual({ 401: LIMITS.loginPerUserAndAddress, 429: 50 - LIMITS.loginPerUserAndAddress });
  });

  it('believes only the right-most X-Forwarded-For entry (what the proxy saw), not what the caller wrote', async () => {
    const proxySaw = newAddress();
    const got = await statuses(
      Array.from({ length: LIMITS.loginPerAddress + 5 }, (_, i) => post('/api/auth/login', { username: `nobody-${i}`, password: 'x' }, `10.9.${i}.1, ${proxySaw}`)),
    );
    expect(tally(got)).toEqual({ 401: LIMITS.loginPerAddress, 429: 5 });
    // Invite codes too.
    const joiner = newAddress();
    const joins = await statuses(
      Array.from({ length: LIMITS.joinPerAddress + 3 }, (_, i) => post('/api/auth/join', { code: 'ABCD-2345', deviceId: `guesser-${i}`, displayName: 'X' }, `203.0.113.${i}, ${joiner}`)),
    );
    expect(tally(joins)).toEqual({ 400: LIMITS.joinPerAddress, 429: 3 });
  });

  it('keeps login and join failures apart: a NAT full of failed sign-ins still joins phones', async () => {
    const nat = newAddress();
    for (let i = 0; i < LIMITS.loginPerAddress; i++) await post('/api/auth/login', { username: `u${i}`, password: 'wrong' }, nat);
    expect((await post('/api/auth/login', { username: 'someone', password: 'wrong' }, nat)).status).toBe(429);
    const joined = await post('/api/auth/join', { code: s.invites[s.villageIds[0]], deviceId: 'nat-phone-1', displayName: 'Chị Mai' }, nat);
    expect(joined.status).toBe(200);
  });

  it('limits one username across many addresses too', async () => {
    s.clock.advance(16 * 60_000);
    const got = tally(
      await statuses(Array.from({ length: LIMITS.loginPerUser + 10 }, (_, i) => post('/api/auth/login', { username: 'admin', password: `spread-${i}` }, `192.0.2.${i % 250}, ${newAddress()}`))),
    );
    expect(got).toEqual({ 401: LIMITS.loginPerUser, 429: 10 });
    s.clock.advance(16 * 60_000);
    expect((await post('/api/auth/login', s.officer, newAddress())).status).toBe(200);
  });

  it('hashes at N=2^17 and makes an old, cheaper hash again at sign-in', async () => {
    const hashOf = async () =>
      (await s.ctx.store.db.selectFrom('members').select('password_hash').where('username', '=', s.otherOfficer.username).executeTakeFirstOrThrow()).password_hash;
    expect(await hashOf()).toMatch(/^scrypt\$16384\$8\$1\$/);
    s.ctx.policy.passwordCost = PASSWORD_COST;
    expect(PASSWORD_COST).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect((await post('/api/auth/login', s.otherOfficer, newAddress())).status).toBe(200);
    expect(await hashOf()).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await post('/api/auth/login', s.otherOfficer, newAddress())).status).toBe(200);
    expect((await post('/api/auth/login', { ...s.otherOfficer, password: 'not-it-at-all' }, newAddress())).status).toBe(401);
  });
});
