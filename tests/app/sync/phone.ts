import 'fake-indexeddb/auto';
import type { Scope } from '../../../src/core/sync/protocol.ts';
import { AppDb } from '../../../src/app/store/db.ts';
import { MEMBER_SOURCE_KEY } from '../../../src/app/store/first-run.ts';
import { MEMBER_KEY } from '../../../src/app/store/member.ts';
import { deviceId } from '../../../src/app/store/outbox.ts';
import { SyncEngine, type EngineOptions } from '../../../src/app/sync/engine.ts';
import { SYNC_KEYS, type SyncAuth } from '../../../src/app/sync/local-state.ts';
import type { SyncLock } from '../../../src/app/sync/sync-lock.ts';
import type { FetchLike } from '../../../src/app/sync/transport.ts';
import type { MemoryServer } from './memory-server.ts';

// A phone that has joined a team: its own fake-indexeddb database, a device token from the test server, and a
// sync engine whose fetch goes to that server (or through a simulated network in front of it).
let n = 0;
const opened: AppDb[] = [];
export const closePhones = async () => {
  for (const db of opened.splice(0)) await db.delete();
};

export const noLock: SyncLock = { run: async (fn) => ({ ran: true, value: await fn() }) };

export const joinedPhone = async (
  server: { addDevice: (deviceId: string, scope?: Partial<Scope>) => ReturnType<MemoryServer['addDevice']> | Promise<ReturnType<MemoryServer['addDevice']>>; fetch: FetchLike },
  scope: Partial<Scope> = {},
  engine: Partial<EngineOptions> = {},
) => {
  const db = new AppDb(`sync-test-${process.pid}-${++n}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  const id = await deviceId(db);
  const joined = await server.addDevice(id, scope);
  const auth: SyncAuth = { token: joined.token, memberId: joined.member.id, communeId: joined.scope.communeId, joinedAt: Date.now() };
  await db.meta.bulkPut([
    { key: SYNC_KEYS.auth, value: auth },
    { key: MEMBER_KEY, value: joined.member },
    { key: MEMBER_SOURCE_KEY, value: 'joined' },
  ]);
  const sync = new SyncEngine({ db, fetch: server.fetch, lock: noLock, isOnline: () => true, random: () => 0.5, ...engine });
  return { db, id, member: joined.member, sync, token: joined.token };
};
export type Phone = Awaited<ReturnType<typeof joinedPhone>>;
