import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../src/core/errors.ts';
import { formatInviteCode, INVITE_ALPHABET, newInviteCode, normalizeInviteCode } from '../../src/server/accounts/invite-code.ts';
import { hashPassword, verifyPassword } from '../../src/server/accounts/password.ts';
import { TEST_PASSWORD_COST } from './helpers/test-server.ts';
import { bearer, hashToken, newToken } from '../../src/server/accounts/tokens.ts';
import { statusOf } from '../../src/core/errors.ts';
import { isTransientDbError, toCodedError } from '../../src/server/http/errors.ts';
import { decodeRow, encodeRow } from '../../src/server/store/codecs.ts';
import { migrate } from '../../src/server/store/migrate.ts';
import { MIGRATIONS } from '../../src/server/store/migrations/index.ts';
import { openStore } from '../../src/server/store/open.ts';

describe('passwords', () => {
  it('hash with a fresh salt each time and verify only the right password', async () => {
    const a = await hashPassword('mật khẩu dài 123', TEST_PASSWORD_COST);
    const b = await hashPassword('mật khẩu dài 123', TEST_PASSWORD_COST);
    expect(a).not.toBe(b);
    expect(await verifyPassword('mật khẩu dài 123', a)).toBe(true);
    expect(await verifyPassword('mật khẩu dài 123', b)).toBe(true);
    expect(await verifyPassword('mật khẩu dài 124', a)).toBe(false);
    // The same text typed with decomposed diacritics is the same password.
    expect(await verifyPassword('mật khẩu dài 123'.normalize('NFD'), a)).toBe(true);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('tokens and invite codes', () => {
  it('are random, hashed, and parsed strictly', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(bearer(`Bearer ${t}`)).toBe(t);
    expect(bearer(`bearer  ${t} `)).toBe(t);
    expect(bearer(t)).toBeUndefined();
    expect(bearer('Bearer short')).toBeUndefined();
    expect(bearer(undefined)).toBeUndefined();
  });

  it('uses an alphabet without look-alikes and reads what people type', () => {
    for (const ch of '01ILO') expect(INVITE_ALPHABET).not.toContain(ch);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = newInviteCode();
      expect(code).toMatch(new RegExp(`^[${INVITE_ALPHABET}]{8}$`));
      seen.add(code);
    }
    expect(seen.size).toBe(2000);
    expect(formatInviteCode('ABCD2345')).toBe('ABCD-2345');
    expect(normalizeInviteCode('abcd-2345')).toBe('ABCD2345');
    expect(normalizeInviteCode(' ab cd 23 45 ')).toBe('ABCD2345');
    expect(normalizeInviteCode('ABCD-234')).toBeUndefined();
    expect(normalizeInviteCode('ABCD-2340')).toBeUndefined();
  });
});

describe('errors', () => {
  it('maps codes to statuses and database outages to 503', () => {
    expect(statusOf('invalid')).toBe(400);
    expect(statusOf('token-expired')).toBe(401);
    expect(statusOf('scope-forbidden')).toBe(403);
    expect(statusOf('payload-too-large')).toBe(413);
    expect(statusOf('rate-limited')).toBe(429);
    expect(statusOf('unavailable')).toBe(503);
    for (const e of [
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }),
      Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      new Error('timeout exceeded when trying to connect'),
      new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
      Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
      Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }),
      Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' }),
      Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      // a query on a client whose connection a terminated backend left dead
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('Client was closed and is not queryable'),
    ])
      expect(toCodedError(e).code).toBe('unavailable');
    for (const e of [new TypeError('x is undefined'), Object.assign(new Error('syntax error'), { code: '42601' }), Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT' })])
      expect(isTransientDbError(e)).toBe(false);
  });
});

describe('row codecs', () => {
  it('round-trip every field of a record through its columns', () => {
    const v = {
      id: 'v1', villageId: 'vl', householdId: 'h', memberId: 'm', memberName: 'Mai', at: 1_700_000_000_000,
      items: [{ itemId: 'vneid', residentIds: ['r1'], outcome: 'done' }], dossiers: [{ field: 'land', count: 1 }],
      language: 'hmong', minutes: 20, note: 'ghi chú', followUpOn: '2026-12-01', replaces: null,
    };
    const columns = encodeRow('visits', v);
    expect(columns).toMatchObject({ village_id: 'vl', items: JSON.stringify(v.items), follow_up_on: '2026-12-01' });
    expect(decodeRow('visits', columns)).toEqual(v);
    const h = { id: 'h', villageId: 'vl', code: '', houseLabel: '', headName: 'A', phone: '', flags: ['poor'], notes: '', removed: true };
    expect(encodeRow('households', h)).toMatchObject({ removed: 1, flags: '["poor"]' });
    expect(decodeRow('households', encodeRow('households', h))).toEqual(h);
  });

  it('refuse a NUL character as an invalid field, not a database error', () => {
    expect(() => encodeRow('households', { id: 'h', villageId: 'v', headName: 'a\u0000' })).toThrow(CodedError);
  });
});

describe('migrations', () => {
  it('have timestamped names, run on an empty database, are idempotent and reversible', async () => {
    for (const name of Object.keys(MIGRATIONS)) expect(name).toMatch(/^\d{8}T\d{6}-[a-z0-9-]+$/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-mig-'));
    const store = openStore({ kind: 'sqlite', file: path.join(dir, 'm.sqlite') });
    try {
      expect(await migrate(store.db)).toEqual(Object.keys(MIGRATIONS).sort());
      expect(await migrate(store.db)).toEqual([]);
      const tables = (await store.db.introspection.getTables()).map((t) => t.name);
      for (const t of ['communes', 'households', 'visits', 'devices', 'tombstones', 'audit_log']) expect(tables).toContain(t);
      for (const name of Object.keys(MIGRATIONS).sort().reverse()) await MIGRATIONS[name].down?.(store.db as never);
      const left = (await store.db.introspection.getTables()).map((t) => t.name).filter((t) => !t.startsWith('kysely_'));
      expect(left).toEqual([]);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('digital skills: a commune on the old 15–60 default gets 15 and over with a new version; its own rule stays', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-mig-'));
    const store = openStore({ kind: 'sqlite', file: path.join(dir, 'm.sqlite') });
    const db = store.db as never as import('kysely').Kysely<any>;
    try {
      await migrate(store.db);
      await db.insertInto('provinces').values({ id: 'p', name: 'P', created_at: 0 }).execute();
      for (const id of ['c-old', 'c-own']) await db.insertInto('communes').values({ id, province_id: 'p', name: id, kind: 'xa', version: 7, horizon: 0, created_at: 0 }).execute();
      const row = (commune_id: string, rule: unknown) => ({ commune_id, id: 'digital-skills', version: 3, updated_at: 0, owner: null, level: 'resident', rule: JSON.stringify(rule), ord: 70, label: '{}', short: '{}', retired: 0 });
      await db.insertInto('catalogue').values([row('c-old', { kind: 'age', min: 15, max: 60 }), row('c-own', { kind: 'age', min: 16, max: 70 })]).execute();
      await MIGRATIONS['20261204T192000-digital-skills-15-plus'].up(db as never);
      const after = await db.selectFrom('catalogue').select(['commune_id', 'rule', 'version']).orderBy('commune_id').execute();
      expect(after.map((r) => [r.commune_id, JSON.parse(r.rule), Number(r.version)])).toEqual([
        ['c-old', { kind: 'age', min: 15 }, 8],
        ['c-own', { kind: 'age', min: 16, max: 70 }, 3],
      ]);
      const versions = await db.selectFrom('communes').select(['id', 'version']).orderBy('id').execute();
      expect(versions.map((r) => [r.id, Number(r.version)])).toEqual([['c-old', 8], ['c-own', 7]]);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
