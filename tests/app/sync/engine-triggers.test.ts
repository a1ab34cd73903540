import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../src/app/store/db.ts';
import { createHousehold } from '../../../src/app/store/households-repo.ts';
import { backoffDelay } from '../../../src/app/sync/backoff.ts';
import { SyncEngine } from '../../../src/app/sync/engine.ts';
import { leaseLock, webLock } from '../../../src/app/sync/sync-lock.ts';
import { createMemoryServer, V1 } from './memory-server.ts';
import { closePhones, joinedPhone } from './phone.ts';

afterEach(closePhones);

const addHousehold = (db: AppDb, headName = 'Lò Văn Páo') =>
  createHousehold(db, V1, { headName, houseLabel: 'Số 1', phone: '', flags: [], notes: '' }, []);

const until = async (what: () => Promise<boolean> | boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

class Doc extends EventTarget {
  visibilityState = 'visible';
}

describe('sync engine: when it runs', () => {
  it('syncs on start, after a write once writing pauses, on online and on becoming visible', async () => {
    const server = createMemoryServer();
    const win = new EventTarget();
    const doc = new Doc();
    let online = true;
    const a = await joinedPhone(server, {}, { window: win, document: doc, debounceMs: 30, pollMs: 60_000, isOnline: () => online });
    const pulls = () => server.log.filter((x) => x.path === '/api/sync/pull').length;
    a.sync.start();
    await until(() => pulls() === 1);
    // Three writes in a row: one sync after the last.
    await addHousehold(a.db, 'Một');
    await addHousehold(a.db, 'Hai');
    await addHousehold(a.db, 'Ba');
    expect(await a.db.outbox.count()).toBe(3);
    await until(async () => (await a.db.outbox.count()) === 0);
    await until(() => !a.sync.getState().running);
    expect(server.log.filter((x) => x.path === '/api/sync/push')).toHaveLength(1);
    // Offline: nothing is tried; back online: it syncs.
    online = false;
    win.dispatchEvent(new Event('offline'));
    expect(a.sync.getState().online).toBe(false);
    const before = pulls();
    expect(await a.sync.syncNow()).toEqual({ kind: 'offline' });
    expect(pulls()).toBe(before);
    online = true;
    win.dispatchEvent(new Event('online'));
    await until(() => pulls() === before + 1);
    doc.dispatchEvent(new Event('visibilitychange'));
    await until(() => pulls() === before + 2);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 40));
    expect(pulls()).toBe(before + 2);
    a.sync.stop();
  });

  it('retries on a jittered backoff timer after failures, by itself', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server, {}, { window: new EventTarget(), document: new Doc(), backoff: { baseMs: 10, maxMs: 40 }, pollMs: 60_000 });
    await addHousehold(a.db);
    server.faults.push({ path: '/api/sync/push', status: 503, times: 3 });
    const states: number[] = [];
    a.sync.subscribe((s) => states.push(s.failures));
    a.sync.start();
    await until(async () => (await a.db.outbox.count()) === 0);
    expect(Math.max(...states)).toBe(3);
    await until(() => a.sync.getState().failures === 0);
    expect(a.sync.getState().nextAttemptAt).toBeGreaterThan(Date.now() + 30_000); // back to the slow poll
    a.sync.stop();
  });

  it('grows the backoff exponentially with jitter, capped', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, () => 0, policy)).toBe(500);
    expect(backoffDelay(1, () => 0.999999, policy)).toBeCloseTo(1000, -1);
    expect(backoffDelay(4, () => 0, policy)).toBe(4000);
    expect(backoffDelay(50, () => 0.5, policy)).toBe(45_000);
  });

  it('shares one run between calls made while it runs', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    await addHousehold(a.db);
    const [r1, r2, r3] = await Promise.all([a.sync.syncNow(), a.sync.syncNow(), a.sync.syncNow()]);
    expect(r1).toMatchObject({ kind: 'synced', pushed: 1 });
    expect(r2).toBe(r3); // the two later calls share the one run queued after the first
    // The first run's pull came with its push; the second had nothing to push and pulled on its own.
    expect(server.log.map((x) => x.path)).toEqual(['/api/sync/push', '/api/sync/pull']);
  });
});

describe('sync engine: one tab at a time', () => {
  it('lets only one of two tabs sync, with the database lease when Web Locks are missing', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    await addHousehold(a.db);
    const tab1 = new SyncEngine({ db: a.db, fetch: server.fetch, lock: leaseLock(a.db, 'tab1'), isOnline: () => true });
    const tab2 = new SyncEngine({ db: a.db, fetch: server.fetch, lock: leaseLock(a.db, 'tab2'), isOnline: () => true });
    const results = await Promise.all([tab1.syncNow(), tab2.syncNow()]);
    expect(results.map((r) => r.kind).sort()).toEqual(['busy', 'synced']);
    expect(server.log.filter((x) => x.path === '/api/sync/push')).toHaveLength(1);
    // Released afterwards: the other tab can sync now.
    expect((await tab2.syncNow()).kind).toBe('synced');
  });

  it('takes over a lease its holder never released', async () => {
    const server = createMemoryServer();
    const a = await joinedPhone(server);
    let t = 1_000;
    await a.db.meta.put({ key: 'sync.lease', value: { owner: 'dead-tab', until: 5_000 } });
    const lock = leaseLock(a.db, 'me', 60_000, () => t);
    expect(await lock.run(async () => 1)).toEqual({ ran: false });
    t = 6_000;
    expect(await lock.run(async () => 2)).toEqual({ ran: true, value: 2 });
  });

  it('uses Web Locks when present (ifAvailable: a held lock means another tab is syncing)', async () => {
    const held = new Set<string>();
    const locks = {
      request: async <T,>(name: string, _o: { ifAvailable: boolean }, cb: (l: unknown) => Promise<T>) => {
        if (held.has(name)) return cb(null);
        held.add(name);
        try {
          return await cb({ name });
        } finally {
          held.delete(name);
        }
      },
    };
    const lock = webLock(locks);
    let inner: unknown;
    const outer = await lock.run(async () => {
      inner = await lock.run(async () => 'second');
      return 'first';
    });
    expect(outer).toEqual({ ran: true, value: 'first' });
    expect(inner).toEqual({ ran: false });
  });
});
