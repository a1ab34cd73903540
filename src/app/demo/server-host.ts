import { DemoServer } from '../../core/demo/server.ts';
import { DEMO_SEED } from '../../core/demo/world.ts';
import type { DemoHost, HostEvent } from './host-types.ts';
import { DemoServerDb, readDelta, readInfo, saveDelta, startOver, type DemoInfo } from './server-store.ts';

// The demo server in this page: kept in IndexedDB after every change so a reload keeps it, announced to whoever
// watches and to other tabs. One request at a time; before each, a server another tab has moved on is reloaded
// from storage, so two tabs never answer from different states.
export type HostOptions = { db?: DemoServerDb; seed?: string | number; now?: () => number; channelName?: string | null };

export const CHANNEL = 'tungnha-demo';

export const createHost = async (opts: HostOptions = {}): Promise<DemoHost> => {
  const db = opts.db ?? new DemoServerDb();
  const now = opts.now ?? Date.now;
  let info = await readInfo(db);
  if (!info) {
    info = { seed: opts.seed ?? DEMO_SEED, epoch: now(), generation: 0 };
    await startOver(db, info);
  }
  let server = new DemoServer(info.seed, info.epoch, await readDelta(db));
  let persisted = server.version();
  const listeners = new Set<(e: HostEvent) => void>();
  const emit = (e: HostEvent) => {
    for (const l of listeners) l(e);
  };
  const channel = opts.channelName === null || typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(opts.channelName ?? CHANNEL);

  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T,>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  };

  const reload = async (stored: DemoInfo) => {
    info = stored;
    server = new DemoServer(stored.seed, stored.epoch, await readDelta(db));
    persisted = server.version();
  };
  // Another tab saved since we last read: take its state.
  const fresh = async (): Promise<boolean> => {
    const stored = await readInfo(db);
    if (stored && info && stored.generation === info.generation && stored.epoch === info.epoch) return false;
    if (stored) await reload(stored);
    else {
      info = { seed: opts.seed ?? DEMO_SEED, epoch: now(), generation: 0 };
      await startOver(db, info);
      server = new DemoServer(info.seed, info.epoch);
      persisted = server.version();
    }
    return true;
  };
  const save = async () => {
    info = { ...info!, generation: info!.generation + 1 };
    await saveDelta(db, info, server.delta(), persisted);
    persisted = server.version();
    channel?.postMessage({ generation: info.generation });
  };

  channel?.addEventListener('message', () => {
    void serial(async () => {
      if (await fresh()) emit({ kind: 'reload', at: now(), version: server.version() });
    });
  });

  return {
    request: (kind, json) =>
      serial(async () => {
        await fresh();
        let body: unknown;
        try {
          body = JSON.parse(json);
        } catch {
          return JSON.stringify({ status: 400, body: { error: { code: 'bad-request', message: 'not JSON' } } });
        }
        const answer = await server.answer(kind, body, now());
        if (answer.event) {
          await save();
          emit(answer.event);
        }
        return JSON.stringify({ status: answer.status, body: answer.body });
      }),
    server: () =>
      serial(async () => {
        await fresh();
        return server;
      }),
    info: () => info!,
    subscribe: (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    // Back to the seed exactly: same seed, same epoch, nothing since.
    reset: () =>
      serial(async () => {
        info = { seed: info!.seed, epoch: info!.epoch, generation: info!.generation + 1 };
        await startOver(db, info);
        server = new DemoServer(info.seed, info.epoch);
        persisted = server.version();
        channel?.postMessage({ generation: info.generation });
        emit({ kind: 'reset', at: now(), version: server.version() });
      }),
    close: () => {
      channel?.close();
      db.close();
    },
  };
};

