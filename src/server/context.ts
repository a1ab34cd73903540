import { PASSWORD_COST, type ScryptCost } from './accounts/password.ts';
import { DeviceTouches, kyselyTouchWriter } from './accounts/touches.ts';
import { inlineCalls, type SyncCalls } from './threads/calls.ts';
import { SqliteThreads } from './threads/sqlite-threads.ts';
import type { Store } from './store/open.ts';
import { SqlSyncPort } from './store/sync-port.ts';

// What every route and account function needs: the database, the sync port over it, a clock (tests move it) and
// the policy figures. One per server process; stateless apart from the database.
export type Policy = {
  // A device token stays valid this long after the device last synced (sliding), so a phone offline for months
  // still syncs when it comes back; past it, the phone keeps its outbox and asks to re-join.
  deviceTokenTtlMs: number;
  // An officer's sign-in lasts this long after its last use.
  loginTokenTtlMs: number;
  // Tombstones older than this are purged; a phone whose cursor is older starts its pull again.
  tombstoneRetentionMs: number;
  // A member moved out of a village may still send edits made there before the move for this long after each
  // phone's first push since the move (server time): long enough to drain a big outbox over 2G, no longer.
  moveDrainMs: number;
  // scrypt cost of new password hashes (older hashes are made again at this cost on sign-in).
  passwordCost: ScryptCost;
};

export const DAY_MS = 86_400_000;

export const DEFAULT_POLICY: Policy = {
  deviceTokenTtlMs: 365 * DAY_MS,
  loginTokenTtlMs: 12 * 3_600_000,
  tombstoneRetentionMs: 180 * DAY_MS,
  moveDrainMs: 15 * 60_000,
  passwordCost: PASSWORD_COST,
};

export type ServerContext = {
  store: Store;
  // The SQL sync port on this thread's connections (PostgreSQL: where pushes and pulls run).
  port: SqlSyncPort;
  // Where pushes and pulls run: SQLite's writer and reader threads (threads/sqlite-threads.ts), or the port right
  // here on PostgreSQL.
  sync: SyncCalls;
  // Batched device timestamps (last sync, sliding expiry, app build).
  touches: DeviceTouches;
  now: () => number;
  policy: Policy;
  version: string;
  // PUBLIC_URL as configured (src/server/http/public-url.ts reads it): what invite sheets and QR codes carry.
  publicUrl: string | null;
};

export const createContext = (store: Store, opts: { now?: () => number; policy?: Partial<Policy>; version?: string; publicUrl?: string | null } = {}): ServerContext => {
  const port = new SqlSyncPort(store);
  const sync = store.sqlite ? new SqliteThreads(store.sqlite, { onCheckpointerFailure: store.sqlite.onCheckpointerFailure }) : inlineCalls(port, kyselyTouchWriter(store.db));
  return {
    store,
    port,
    sync,
    touches: new DeviceTouches(sync.touch),
    now: opts.now ?? Date.now,
    policy: { ...DEFAULT_POLICY, ...opts.policy },
    version: opts.version ?? '0.0.0',
    publicUrl: opts.publicUrl ?? null,
  };
};
