import type { AppDb } from '../store/db.ts';
import { SYNC_KEYS } from './local-state.ts';

// One tab syncs at a time (docs/design.md §4). With Web Locks a second tab simply finds the lock taken and leaves the work to
// the first; without them (old WebViews) a lease in the shared database does the same job, renewed while the holder
// works and taken over when its holder died without releasing it.
export type SyncLock = { run<T>(fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> };

type LockManagerLike = {
  request<T>(name: string, options: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<T>): Promise<T>;
};

export const webLock = (locks: LockManagerLike, name = 'tungnha-sync'): SyncLock => ({
  run: <T>(fn: () => Promise<T>) =>
    locks.request(name, { ifAvailable: true }, async (lock) => (lock ? { ran: true as const, value: await fn() } : { ran: false as const })),
});

type Lease = { owner: string; until: number };

export const leaseLock = (db: AppDb, owner: string, ttlMs = 60_000, now: () => number = Date.now): SyncLock => {
  const acquire = () =>
    db.transaction('rw', db.meta, async () => {
      const lease = (await db.meta.get(SYNC_KEYS.lease))?.value as Lease | undefined;
      if (lease && lease.owner !== owner && lease.until > now()) return false;
      await db.meta.put({ key: SYNC_KEYS.lease, value: { owner, until: now() + ttlMs } satisfies Lease });
      return true;
    });
  const release = () =>
    db.transaction('rw', db.meta, async () => {
      const lease = (await db.meta.get(SYNC_KEYS.lease))?.value as Lease | undefined;
      if (lease?.owner === owner) await db.meta.delete(SYNC_KEYS.lease);
    });
  return {
    run: async <T>(fn: () => Promise<T>) => {
      if (!(await acquire())) return { ran: false as const };
      const renew = setInterval(() => void acquire().catch(() => undefined), ttlMs / 3);
      try {
        return { ran: true as const, value: await fn() };
      } finally {
        clearInterval(renew);
        await release().catch(() => undefined);
      }
    },
  };
};

export const defaultLock = (db: AppDb, owner: string): SyncLock => {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  // One lock per member database: each member's outbox is their own (src/app/phone), and the original database
  // keeps the lock name it always had.
  const name = db.name === 'tungnha' ? 'tungnha-sync' : `tungnha-sync:${db.name}`;
  return locks && typeof locks.request === 'function' ? webLock(locks, name) : leaseLock(db, owner);
};
