import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TalliesReport } from '../../../src/core/report/shapes.ts';
import { household, visit, wirePhone } from '../helpers/phone.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { createTestServer, PG_URL, type TestServer } from '../helpers/test-server.ts';

// The server keeps nothing of its own that another process on the same PostgreSQL would contradict (DESIGN §3):
// sign-in limits are counted in the database, a revoked device is refused by every process at once, and what one
// process applies shows in the reports another one serves. Three real processes; the in-process server sets up.
const d = PG_URL ? describe : describe.skip;
if (!PG_URL) console.warn('[tests/server/faults] TEST_DATABASE_URL is not set: the several-servers suite is SKIPPED.');

d('three server processes on one PostgreSQL', () => {
  let s: TestServer;
  const procs: ServerProcess[] = [];
  beforeAll(async () => {
    s = await createTestServer({ db: 'postgres' });
    for (let i = 0; i < 3; i++) procs.push(await startServerProcess(s.storeEnv));
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) await p.stop();
    await s?.close();
  });

  const on = (p: ServerProcess): TestServer => ({ ...s, request: (path, init) => fetch(`${p.base}${path}`, init) });
  const post = (p: ServerProcess, path: string, body: unknown, token?: string) =>
    fetch(`${p.base}${path}`, { method: 'POST', headers: token ? s.auth(token) : { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('counts sign-in attempts across processes: the limit holds however the guesses are spread', async () => {
    const wrong = { username: s.otherOfficer.username, password: 'not-the-password' };
    const statuses: number[] = [];
    // 10 per username and address (routes/auth.ts LIMITS): all sent at once, spread over the three.
    const answers = await Promise.all(Array.from({ length: 13 }, (_, i) => post(procs[i % 3], '/api/auth/login', wrong)));
    for (const r of answers) statuses.push(r.status);
    expect(statuses.filter((x) => x === 401).length).toBe(10);
    expect(statuses.filter((x) => x === 429).length).toBe(3);
    // And the right password is refused too now, on any process: the window is shared.
    for (const p of procs) expect((await post(p, '/api/auth/login', s.otherOfficer)).status).toBe(429);
  }, 60_000);

  it('refuses a revoked device on every process at once', async () => {
    const phone = await s.join(s.villageIds[0]);
    for (const p of procs) expect((await wirePhone(on(p), phone).pull(0)).status).toBe(200);
    const officer = await s.login();
    const revoked = await post(procs[0], `/api/admin/devices/${phone.deviceId}/revoke`, {}, officer);
    expect(revoked.status).toBe(200);
    for (const p of procs) {
      const r = await wirePhone(on(p), phone).pull(0);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('token-revoked');
    }
  }, 60_000);

  it('shows in one process the visits another applied', async () => {
    const phone = await s.join(s.villageIds[1]);
    const officer = await s.login();
    const tallies = async (p: ServerProcess) => {
      const r = await fetch(`${p.base}/api/reports/tallies`, { headers: s.auth(officer) });
      expect(r.status).toBe(200);
      return (await r.json()) as TalliesReport;
    };
    const before = await Promise.all(procs.map(tallies));
    for (const t of before) expect(t.total.visits).toBe(before[0].total.visits);
    // Each process applies one push: a household and a visit.
    for (const p of procs) {
      const w = wirePhone(on(p), phone);
      w.nextSeq = 1 + procs.indexOf(p) * 2;
      const h = `h-${crypto.randomUUID()}`;
      const r = await w.push([w.m('household.put', household(h, s.villageIds[1])), w.m('visit.add', visit(`v-${crypto.randomUUID()}`, h, s.villageIds[1], phone.member.id, Date.now()))]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // Every process's dashboard counts all three (the reports bring their rollups up to date when asked).
    for (const p of procs) expect((await tallies(p)).total.visits).toBe(before[0].total.visits + 3);

    // Pushes land on all three while all three rebuild the same commune's rollups: a rebuild that read older
    // records must never write its villages over a newer one's.
    const w = wirePhone(on(procs[0]), phone);
    w.nextSeq = 7;
    const storm: Promise<unknown>[] = [];
    for (let i = 0; i < 24; i++) {
      const p = procs[i % 3];
      const h = `h-${crypto.randomUUID()}`;
      const batch = [w.m('household.put', household(h, s.villageIds[1])), w.m('visit.add', visit(`v-${crypto.randomUUID()}`, h, s.villageIds[1], phone.member.id, Date.now()))];
      // In order per device (seq), so each push waits for the one before; the dashboards do not wait.
      const r = await wirePhone(on(p), phone).push(batch);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      storm.push(...procs.map(tallies));
    }
    await Promise.all(storm);
    for (const p of procs) expect((await tallies(p)).total.visits).toBe(before[0].total.visits + 3 + 24);
  }, 120_000);
});
