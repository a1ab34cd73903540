import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.ts';
import type { Exec } from './prepared.ts';
import type { Database } from './schema.ts';
import { listenForWrites, type WriteNotices } from './write-notices.ts';

export type DbKind = 'sqlite' | 'postgres';

export type Store = {
  // Every write and every read that must see its own transaction's writes.
  db: Kysely<Database>;
  // Reads of committed data only (pulls, sign-in lookups, lists): on SQLite a second connection, so a pull never
  // waits behind a push and can never see a push that has not committed; on PostgreSQL the same pool.
  read: Kysely<Database>;
  kind: DbKind;
  // Runs prepared SQL text (prepared.ts): `read` on committed data, `write` only inside a transaction of `db`
  // (on SQLite it runs straight on the writing connection, which that transaction holds). Undefined on
  // PostgreSQL, where statements go through Kysely.
  exec?: { read: Exec; write: Exec };
  // Where it lives, for the start-up message (a file path, or the URL without its password).
  where: string;
  // SQLite: how to open another connection to the same file (the push writer's thread does), and a hook for when
  // the checkpoint worker stops (every writing connection must then checkpoint by itself again).
  sqlite?: SqliteFile & { onCheckpointerFailure: (fn: () => void) => void };
  // PostgreSQL: hear other server processes' commune writes (store/write-notices.ts).
  listenForWrites?: () => WriteNotices;
  close: () => Promise<void>;
};

export type SqliteFile = { file: string; busyTimeoutMs?: number; synchronous?: 'FULL' | 'NORMAL' };

export type OpenOptions =
  | ({ kind: 'sqlite' } & SqliteFile)
  | { kind: 'postgres'; url: string; searchPath?: string; poolSize?: number };

// SQLite by default: one file under DATA_DIR, created on first start. PostgreSQL when DATABASE_URL is set, in
// the schema DATABASE_SCHEMA when that is set (one database shared by several deployments, or by tests).
export const storeOptionsFromEnv = (env: NodeJS.ProcessEnv): OpenOptions => {
  if (!env.DATABASE_URL) return { kind: 'sqlite', file: path.join(path.resolve(env.DATA_DIR ?? 'data'), 'tungnha.sqlite') };
  const schema = env.DATABASE_SCHEMA;
  // It goes into the connection's options, so only a plain identifier is taken.
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('DATABASE_SCHEMA: a lower-case identifier (letters, digits, _)');
  return { kind: 'postgres', url: env.DATABASE_URL, searchPath: schema, poolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined };
};

export const openStore = (opts: OpenOptions): Store => (opts.kind === 'sqlite' ? openSqlite(opts) : openPostgres(opts));

// better-sqlite3 compiles a statement on every prepare(); Kysely prepares per query. Caching statements by SQL text
// halves the cost of the hot sync queries, whose text repeats.
const withStatementCache = (raw: BetterSqlite3.Database): SqliteDatabase => {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= 1000) cache.clear();
        stmt = raw.prepare(sql) as unknown as SqliteStatement;
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
};

const sqliteExec =
  (conn: SqliteDatabase): Exec =>
  (sql, params) => {
    const stmt = conn.prepare(sql);
    if (stmt.reader) return { rows: stmt.all(params) };
    stmt.run(params);
    return { rows: [] };
  };

// More than one connection writes the file (this process's, and the push writer's thread), so a transaction that
// will write takes the write lock when it begins: a deferred one that read first could not upgrade once another
// connection had committed in between (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out).
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  // After SQLITE_FULL or an I/O error SQLite may already have rolled the transaction back; the ROLLBACK that
  // follows would then fail ("cannot rollback - no transaction is active") and hide the real cause from the log
  // and from the 503 mapping. The cause is what propagates.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (e) {
      if (!/no transaction is active/i.test(e instanceof Error ? e.message : '')) throw e;
    }
  }
}

const writerDialect = (database: SqliteDatabase): Dialect => ({
  createAdapter: () => new SqliteAdapter(),
  createDriver: () => new ImmediateSqliteDriver({ database }),
  createQueryCompiler: () => new SqliteQueryCompiler(),
  createIntrospector: (db) => new SqliteIntrospector(db),
});

export type SqliteConnection = { raw: BetterSqlite3.Database; kysely: Kysely<Database>; exec: Exec };

// One connection to the SQLite file with the settings every connection of ours uses.
export const connectSqlite = (opts: SqliteFile, role: 'writer' | 'reader'): SqliteConnection => {
  const raw = new BetterSqlite3(opts.file);
  // WAL: readers never block the writer. synchronous=FULL: a push acknowledged to a phone (which then deletes
  // its outbox entries) is on disk, even after a power cut.
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('cache_size = -32000');
  // Savepoints (one per push in a group commit) keep their undo pages in a statement journal: in memory, not a
  // temporary file written and read back with system calls.
  raw.pragma('temp_store = MEMORY');
  // Checkpoints run on a worker (checkpointer.ts); the log file is cut back to 64 MB after each.
  raw.pragma('wal_autocheckpoint = 0');
  raw.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  raw.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
  const conn = withStatementCache(raw);
  const dialect = role === 'writer' ? writerDialect(conn) : new SqliteDialect({ database: conn });
  return { raw, kysely: new Kysely<Database>({ dialect }), exec: sqliteExec(conn) };
};

const openSqlite = (opts: Extract<OpenOptions, { kind: 'sqlite' }>): Store => {
  fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  const writer = connectSqlite(opts, 'writer');
  const reader = connectSqlite(opts, 'reader');
  const onFailure: (() => void)[] = [() => writer.raw.pragma('wal_autocheckpoint = 1000')];
  let checkpointerFailed = false;
  const checkpointer = startCheckpointer(opts.file, (e) => {
    console.warn('SQLite checkpoint worker stopped; checkpoints go back to the writing connections:', e instanceof Error ? e.message : e);
    checkpointerFailed = true;
    for (const fn of onFailure) fn();
  });
  const db = writer.kysely;
  const read = reader.kysely;
  return {
    db,
    read,
    exec: { read: reader.exec, write: writer.exec },
    kind: 'sqlite',
    where: opts.file,
    sqlite: { file: opts.file, busyTimeoutMs: opts.busyTimeoutMs, synchronous: opts.synchronous, onCheckpointerFailure: (fn) => (checkpointerFailed ? fn() : void onFailure.push(fn)) },
    close: async () => {
      await checkpointer.stop();
      await read.destroy();
      await db.destroy();
    },
  };
};

// int8 (counts, versions, epoch ms) as JavaScript numbers: every such value here is far below 2^53.
const INT8 = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const openPostgres = (opts: Extract<OpenOptions, { kind: 'postgres' }>): Store => {
  const connection = { connectionString: opts.url, connectionTimeoutMillis: 5000, ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}) };
  const pool = new pg.Pool({ ...connection, max: opts.poolSize ?? 10, types: pgTypes });
  // A connection dropped by the server (a restart, pg_terminate_backend, a failover) must not crash the process:
  // the pool hears it for idle connections, but a connection checked out between two queries of a transaction
  // emits it on its own client, where no one listens unless we do. The query in flight fails (503, retried).
  const dropped = (e: Error) => console.error('PostgreSQL connection error:', e.message);
  pool.on('error', dropped);
  pool.on('connect', (client) => client.on('error', dropped));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, read: db, kind: 'postgres', where: redact(opts.url), listenForWrites: () => listenForWrites(connection), close: () => db.destroy() };
};

const redact = (url: string): string => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
};
