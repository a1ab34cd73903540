import type { RequestListener } from 'node:http';
import type { Hono } from 'hono';
import { createServerApp, type AppOptions } from './app.ts';
import { createContext, type Policy, type ServerContext } from './context.ts';
import { SqliteThreads } from './threads/sqlite-threads.ts';
import { partitionByCommune } from './store/distribution.ts';
import { migrate } from './store/migrate.ts';
import { openStore, type OpenOptions } from './store/open.ts';
import { isEmpty, seedSample, type SeedResult } from './store/seed.ts';
import { purgeTombstones } from './store/tombstones.ts';

export type BootOptions = AppOptions & {
  store: OpenOptions;
  version?: string;
  now?: () => number;
  policy?: Partial<Policy>;
  adminPassword?: string;
  // PUBLIC_URL: the address phones use (invite sheets, QR codes).
  publicUrl?: string | null;
  // Seed the sample commune when the database is empty (default true).
  seed?: boolean;
  // PostgreSQL: hash-partition the by-commune tables in this many parts (store/distribution.ts).
  partitions?: number;
};

// `app` for app.request() (tests); `listener` for a socket (node:http), which fast-paths the sync calls.
export type Booted = {
  ctx: ServerContext;
  app: Hono;
  listener: RequestListener;
  seeded: SeedResult | undefined;
  // Brings stale report rollups up to date in the background (main.ts calls it once listening, so the first
  // dashboard after a restart or an upgrade does not pay for a full rebuild of a big commune).
  warmReports: () => void;
  close: () => Promise<void>;
};

// Opens the database, brings its schema up to date, seeds an empty one and builds the app: what `npm start`,
// the tests and the benchmarks all run.
export const boot = async (opts: BootOptions): Promise<Booted> => {
  const store = openStore(opts.store);
  let ctx: ServerContext | undefined;
  // PostgreSQL: other server processes on the same database tell this one about their commune writes.
  const notices = store.listenForWrites?.();
  try {
    await migrate(store.db, store.kind);
    if (opts.partitions) {
      if (store.kind !== 'postgres') throw new Error('partitioning by commune is for PostgreSQL (DATABASE_URL)');
      await partitionByCommune(store.db, opts.partitions);
    }
    ctx = createContext(store, { now: opts.now, policy: opts.policy, version: opts.version, publicUrl: opts.publicUrl });
    // SQLite's sync threads load while the rest of the start-up runs.
    if (ctx.sync instanceof SqliteThreads) ctx.sync.start();
    const seeded = opts.seed !== false && (await isEmpty(store.db)) ? await seedSample(ctx, { adminPassword: opts.adminPassword }) : undefined;
    await purgeTombstones(store.db, store.kind, ctx.now(), ctx.policy.tombstoneRetentionMs);
    const { app, listener, warmer } = createServerApp(ctx, opts);
    const started = ctx;
    const close = async () => {
      warmer.stop();
      // The sync times go out through the writer thread on SQLite: flushed first.
      await started.touches.close();
      await started.sync.close();
      await notices?.close();
      await store.close();
    };
    return { ctx, app, listener, seeded, warmReports: warmer.poke, close };
  } catch (e) {
    await ctx?.sync.close().catch(() => undefined);
    await notices?.close();
    await store.close().catch(() => undefined);
    throw e;
  }
};
