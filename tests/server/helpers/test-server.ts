import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { Hono } from 'hono';
import pg from 'pg';
import type { Member } from '../../../src/core/model/people.ts';
import { SAMPLE_COMMUNE, SAMPLE_VILLAGES } from '../../../src/core/sample/sample-commune.ts';
import type { Scope } from '../../../src/core/sync/protocol.ts';
import { boot } from '../../../src/server/boot.ts';
import type { Policy, ServerContext } from '../../../src/server/context.ts';
import { addCommune, type SeedResult } from '../../../src/server/store/seed.ts';
import { hashPassword } from '../../../src/server/accounts/password.ts';
import { createMember } from '../../../src/server/accounts/members.ts';
import { insertInvite } from '../../../src/server/accounts/invites.ts';
import { inCommuneWrite } from '../../../src/server/store/commune-write.ts';
import { capConnections, serverOptions, type ConnectionLimits } from '../../../src/server/http/limits.ts';

// The real server (same boot as `npm start`) on a fresh database, for integration and property tests:
//
//   const s = await createTestServer({ db: 'sqlite' });          // or 'postgres' (needs TEST_DATABASE_URL)
//   const phone = await s.join('v-na-pong');                      // {token, deviceId, member, scope}
//   const res = await s.request('/api/sync/pull', { method: 'POST', headers: s.auth(phone.token), body: … });
//   await s.close();
//
// `fetch` is a fetch-compatible function into the app with no socket (for fake-indexeddb phones); `listen()`
// puts it on a real port when a test needs one. The clock is the server's: `s.clock.advance(ms)` moves it.
// Besides the sample commune it holds a second commune with its own officer, for authorisation tests.
export type DbChoice = 'sqlite' | 'postgres';

// Test servers hash passwords at scrypt's old cost, so hundreds of sign-ins stay quick; tests/server/accounts.test.ts
// holds the real cost (and the rehash from an old one) on its own server.
export const TEST_PASSWORD_COST = { N: 2 ** 14, r: 8, p: 1 };

export const PG_URL = process.env.TEST_DATABASE_URL;
const PG_PARTITIONS = process.env.TEST_PG_PARTITIONS;
export const OFFICER = { username: 'admin', password: 'test-admin-password' };
export const OTHER_OFFICER = { username: 'officer2', password: 'other-officer-password' };
export const PROVINCE_ADMIN = { username: 'province', password: 'province-admin-password' };
export const OTHER_COMMUNE = { id: 'c-other', name: 'Xã Bên Cạnh (mẫu)', kind: 'xa' };
export const OTHER_VILLAGES = [
  { id: 'v-other-1', name: 'Thôn Một', kind: 'thon' },
  { id: 'v-other-2', name: 'Thôn Hai', kind: 'thon' },
];

export type TestClock = { now: () => number; advance: (ms: number) => void; set: (ms: number) => void };

export type JoinedPhone = { token: string; deviceId: string; member: Member; scope: Scope };

export type TestServer = {
  kind: DbChoice;
  app: Hono;
  ctx: ServerContext;
  clock: TestClock;
  seed: SeedResult;
  communeId: string;
  villageIds: string[];
  otherCommuneId: string;
  otherVillageIds: string[];
  // One invite code per village of both communes (20 uses each), by village id.
  invites: Record<string, string>;
  officer: typeof OFFICER;
  otherOfficer: typeof OTHER_OFFICER;
  provinceAdmin: typeof PROVINCE_ADMIN;
  request: (path: string, init?: RequestInit) => Promise<Response>;
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  auth: (token: string) => Record<string, string>;
  // Joins a new phone to a village's team through the API.
  join: (villageId: string, opts?: { deviceId?: string; displayName?: string }) => Promise<JoinedPhone>;
  // Signs in through the API; returns the token.
  login: (who?: { username: string; password: string }, deviceId?: string) => Promise<string>;
  listen: () => Promise<string>;
  // What a server process (`npm run serve`) needs in its environment to open this same database.
  storeEnv: Record<string, string>;
  close: () => Promise<void>;
};

export type TestServerOptions = { db?: DbChoice; partitions?: number; busyTimeoutMs?: number; now?: number; policy?: Partial<Policy>; log?: (e: unknown) => void; trustProxy?: number; connections?: Partial<ConnectionLimits>; distDir?: string; tls?: boolean };

const manualClock = (start: number): TestClock => {
  const t0 = Date.now();
  let offset = start - t0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms), set: (ms) => void (offset = ms - Date.now()) };
};

export const createTestServer = async (opts: TestServerOptions = {}): Promise<TestServer> => {
  const kind = opts.db ?? 'sqlite';
  const clock = manualClock(opts.now ?? Date.now());
  let cleanup: () => Promise<void>;
  let storeOpts: Parameters<typeof boot>[0]['store'];
  let storeEnv: Record<string, string>;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-test-'));
    storeOpts = { kind: 'sqlite', file: path.join(dir, 'tungnha.sqlite'), busyTimeoutMs: opts.busyTimeoutMs ?? 200 };
    storeEnv = { DATA_DIR: dir };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    if (!PG_URL) throw new Error('createTestServer({db: "postgres"}) needs TEST_DATABASE_URL');
    const schema = `tn_test_${crypto.randomBytes(6).toString('hex')}`;
    await withPg((c) => c.query(`create schema ${schema}`));
    storeOpts = { kind: 'postgres', url: PG_URL, searchPath: schema, poolSize: 12 };
    storeEnv = { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema };
    cleanup = () => withPg((c) => c.query(`drop schema if exists ${schema} cascade`)).then(() => undefined);
  }
  const booted = await boot({
    store: storeOpts,
    now: clock.now,
    policy: { passwordCost: TEST_PASSWORD_COST, ...opts.policy },
    adminPassword: OFFICER.password,
    // TEST_PG_PARTITIONS=N runs the PostgreSQL suites on tables hash-partitioned by commune (docs/scaling.md).
    partitions: kind === 'postgres' ? (opts.partitions ?? (PG_PARTITIONS ? Number(PG_PARTITIONS) : undefined)) : undefined,
    trustProxy: opts.trustProxy,
    distDir: opts.distDir,
    tls: opts.tls,
    version: 'test',
    log: opts.log ? (e) => opts.log?.(e) : (e) => console.error('test server failure:', e),
  });
  const { app, ctx } = booted;
  const seed = booted.seeded as SeedResult;
  // A first start makes `admin` the province admin; these tests' OFFICER persona is the sample commune's officer
  // (the province admin is PROVINCE_ADMIN below).
  await ctx.store.db.updateTable('members').set({ role: 'officer', display_name: 'Cán bộ xã (quản trị)' }).where('username', '=', OFFICER.username).execute();
  await addCommune(ctx, { id: SAMPLE_COMMUNE.provinceId, name: '' }, OTHER_COMMUNE, OTHER_VILLAGES);
  const invites: Record<string, string> = Object.fromEntries(seed.invites.map((i) => [i.villageId, i.code]));
  const hashes = { other: await hashPassword(OTHER_OFFICER.password, TEST_PASSWORD_COST), province: await hashPassword(PROVINCE_ADMIN.password, TEST_PASSWORD_COST) };
  await inCommuneWrite(ctx.store.db, ctx.store.kind, OTHER_COMMUNE.id, ctx.now(), async (w) => {
    await createMember(w, { provinceId: SAMPLE_COMMUNE.provinceId, role: 'officer', displayName: 'Cán bộ xã bên cạnh', teamId: null, villageIds: [], username: OTHER_OFFICER.username, passwordHash: hashes.other });
    for (const v of OTHER_VILLAGES) {
      const invite = await insertInvite(w, { villageId: v.id, uses: 20, expiresInDays: 30, role: 'member', teamId: null, createdBy: null });
      invites[v.id] = invite.code;
    }
  });
  const now = ctx.now();
  await ctx.store.db
    .insertInto('members')
    .values({
      id: 'm-province-admin', commune_id: null, province_id: SAMPLE_COMMUNE.provinceId, team_id: null, display_name: 'Sở (quản trị tỉnh)', role: 'admin',
      village_ids: '[]', username: PROVINCE_ADMIN.username, password_hash: hashes.province, version: 0, created_at: now, updated_at: now, disabled_at: null,
    })
    .execute();

  const request = (p: string, init?: RequestInit) => Promise.resolve(app.request(p, init));
  const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
  let phones = 0;
  let server: http.Server | undefined;
  const s: TestServer = {
    kind,
    app,
    ctx,
    clock,
    seed,
    communeId: seed.communeId,
    villageIds: SAMPLE_VILLAGES.map((v) => v.id),
    otherCommuneId: OTHER_COMMUNE.id,
    otherVillageIds: OTHER_VILLAGES.map((v) => v.id),
    invites,
    officer: OFFICER,
    otherOfficer: OTHER_OFFICER,
    provinceAdmin: PROVINCE_ADMIN,
    request,
    fetch: (input, init) => Promise.resolve(app.request(input instanceof Request ? input : String(input), init)),
    auth,
    join: async (villageId, o = {}) => {
      const deviceId = o.deviceId ?? `phone-${++phones}-${crypto.randomBytes(4).toString('hex')}`;
      const res = await request('/api/auth/join', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: invites[villageId], deviceId, displayName: o.displayName ?? `Thành viên ${phones}` }),
      });
      if (res.status !== 200) throw new Error(`join ${villageId} failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { token: string; member: Member; scope: Scope };
      return { token: body.token, deviceId, member: body.member, scope: body.scope };
    },
    login: async (who = OFFICER, deviceId) => {
      const res = await request('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...who, ...(deviceId ? { deviceId } : {}) }),
      });
      if (res.status !== 200) throw new Error(`login ${who.username} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    listen: () =>
      new Promise((resolve) => {
        // The same listener as `npm start`: the sync calls take its fast path.
        const srv = http.createServer(serverOptions(opts.connections), booted.listener);
        capConnections(srv, opts.connections);
        server = srv;
        srv.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`));
      }),
    storeEnv,
    close: async () => {
      if (server) await new Promise<void>((r) => (server?.close(() => r()), server?.closeAllConnections()));
      await booted.close();
      await cleanup();
    },
  };
  return s;
};

const withPg = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

// The databases a parametrised suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set (and it says
// clearly when it is not).
export const DATABASES: DbChoice[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
// Only under Vitest: the long property script imports this module too, and there the database is its own choice.
if (!PG_URL && process.env.VITEST) console.warn('[tests/server] TEST_DATABASE_URL is not set: the PostgreSQL runs of the server suites are SKIPPED.');
