import { sql, type Kysely, type Transaction } from 'kysely';
import type { PullPort, SyncPort, SyncTx } from '../../core/sync/port.ts';
import type { Change, Scope } from '../../core/sync/protocol.ts';
import type { ChangeLog, Notice } from './change-log.ts';
import { ChangeReader } from './changes.ts';
import { KnownRows } from './known-rows.ts';
import type { DbKind, Store } from './open.ts';
import { kyselyExec, prepare, type Exec } from './prepared.ts';
import { SqlTx, Statements } from './push-tx.ts';
import type { Database } from './schema.ts';

// The core's storage port (src/core/sync/port.ts) over Kysely, on SQLite or PostgreSQL.
//
// Locking. A push is a read-modify-write (field merges, duplicate checks), so two pushes of one commune must not
// interleave: on PostgreSQL the push locks its commune's row first (SELECT … FOR UPDATE) and keeps it to commit;
// on SQLite every write transaction takes the database's one write lock when it begins (BEGIN IMMEDIATE, open.ts),
// so transactions of any connection run one after another (pushes all come from the writer thread's connection,
// threads/writer-thread.ts; admin writes and joins from the server thread's). The version bump
// (UPDATE communes SET version = version + 1 … RETURNING version) happens under that lock, so version order is
// commit order and a pull cursor can never pass a version that commits later. Pulls take no lock and read only
// committed data (Store.read).
//
// Group commit (SQLite). Pushes that arrive while one is being written wait, then go together in one transaction,
// each inside its own savepoint (one that fails is rolled back alone), with one commit — and one fsync — for the
// group. Nobody gets an answer before the commit, so an acknowledged mutation is always on disk.
const MAX_GROUP = 64;

// notice: what the job wrote, asked for once the group has committed.
type Job = { run: (exec: Exec) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void; notice?: () => Notice | undefined };

export type SqlSyncPortOptions = {
  // SQLite's writer: keep merged rows between groups (see `known` below).
  keepRows?: boolean;
  // SQLite's writer: told what each group committed, before anyone in it is answered (threads/writer-thread.ts).
  onCommitted?: (notices: Notice[]) => void;
  // SQLite's readers: recent changes from the writer's notices, read instead of SQL where they cover a pull.
  log?: ChangeLog;
};

export class SqlSyncPort implements SyncPort {
  private readonly statements: Statements;
  private readonly reader: ChangeReader;
  private readonly db: Kysely<Database>;
  private readonly kind: DbKind;
  private readonly queue: Job[] = [];
  private writing = false;
  // Only on a connection nobody else writes through (the writer thread's): a commit of its own would not change
  // its data_version.
  private readonly known?: KnownRows;

  private readonly onCommitted?: (notices: Notice[]) => void;

  constructor(
    private readonly store: Store,
    opts: SqlSyncPortOptions = {},
  ) {
    if (opts.keepRows && store.kind === 'sqlite') this.known = new KnownRows();
    if (store.kind === 'sqlite') this.onCommitted = opts.onCommitted;
    this.db = store.db;
    this.kind = store.kind;
    this.statements = new Statements(store.db, store.kind);
    this.reader = new ChangeReader(store.read, store.kind, store.exec?.read ?? kyselyExec(store.read), undefined, opts.log);
  }

  inPushTransaction<T>(communeId: string, fn: (tx: SyncTx) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres')
      return this.db.transaction().execute(async (trx) => {
        await lockCommune(trx, communeId);
        return fn(new SqlTx(kyselyExec(trx), communeId, this.statements));
      });
    let tx: SqlTx | undefined;
    return this.inWriteGroup(
      async (exec) => {
        tx = new SqlTx(exec, communeId, this.statements, this.known, { notice: this.onCommitted !== undefined });
        const out = await fn(tx);
        tx.keepRows();
        return out;
      },
      () => tx?.notice(),
    );
  }

  // SQLite: other small writes that ride along with the next group commit (each in its savepoint), such as the
  // devices' sync timestamps (accounts/touches.ts), so they share its fsync instead of taking a commit of their own.
  inWriteGroup<T>(fn: (exec: Exec) => Promise<T>, notice?: () => Notice | undefined): Promise<T> {
    if (this.kind !== 'sqlite') throw new Error('inWriteGroup is for SQLite');
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject, notice });
      this.schedule();
    });
  }

  // A transaction on better-sqlite3 runs start to commit without giving the event loop a turn, so a group is
  // started on the next turn (setImmediate): pushes whose requests finished reading in the meantime join it.
  private schedule(): void {
    if (this.writing) return;
    this.writing = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      await this.writeGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.writing = false;
      if (this.queue.length) this.schedule();
    }
  }

  private async writeGroup(group: Job[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      // Kysely's transaction holds the connection (BEGIN IMMEDIATE, open.ts); the savepoints and statements inside
      // run straight on it.
      await this.db.transaction().execute(async (trx) => {
        const exec = this.txExec(trx);
        if (this.known) this.known.begin(((await exec('pragma data_version', [])).rows[0] as { data_version?: unknown } | undefined)?.data_version);
        if (group.length === 1) {
          // Alone: no savepoint needed, a failure rolls the whole transaction back.
          outcomes.push({ ok: true, value: await group[0].run(exec) });
          return;
        }
        for (const job of group) {
          await exec('savepoint push', []);
          try {
            const value = await job.run(exec);
            await exec('release push', []);
            outcomes.push({ ok: true, value });
          } catch (error) {
            try {
              await exec('rollback to push', []);
              await exec('release push', []);
            } catch {
              // SQLite rolled the whole transaction back itself (a full disk, an I/O error): the group fails with
              // the cause, not with "no such savepoint".
              throw error;
            }
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      this.known?.forget();
      for (const job of group) job.reject(error);
      return;
    }
    this.known?.committed();
    if (this.onCommitted) {
      const notices: Notice[] = [];
      group.forEach((job, i) => {
        const n = outcomes[i].ok ? job.notice?.() : undefined;
        if (n) notices.push(n);
      });
      if (notices.length) this.onCommitted(notices);
    }
    group.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  // Inside a group's transaction the writing connection is ours, so statements run on it directly.
  private txExec(trx: Transaction<Database>): Exec {
    return this.store.exec?.write ?? kyselyExec(trx);
  }

  changesSince(scope: Scope, after: number, limit: number, current?: number, exec?: Exec): Promise<Change[]> {
    return this.reader.read(scope, { after, limit }, exec, current);
  }

  changesAt(scope: Scope, version: number, exec?: Exec): Promise<Change[]> {
    return this.reader.read(scope, { at: version }, exec);
  }

  async versions(communeId: string, exec: Exec = this.store.exec?.read ?? kyselyExec(this.store.read)): Promise<{ current: number; horizon: number }> {
    const row = (await this.versionsQuery.run(exec, { id: communeId })).rows[0];
    return { current: Number(row?.version ?? 0), horizon: Number(row?.horizon ?? 0) };
  }

  // A pull's reads from one snapshot: the version check, the listing of what changed and the rows it then reads
  // must agree, or a row committed between two of them could be listed at one version and read at another, or a
  // cursor could pass a version one statement had not seen yet. On PostgreSQL that is a REPEATABLE READ, read-only
  // transaction; on SQLite the reader thread already runs each pull in a read transaction of its connection.
  inReadSnapshot<T>(fn: (port: PullPort) => Promise<T>): Promise<T> {
    if (this.kind !== 'postgres') return fn(this);
    return this.store.read
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => {
        const exec = kyselyExec(trx);
        return fn({
          versions: (communeId) => this.versions(communeId, exec),
          changesSince: (scope, after, limit, current) => this.changesSince(scope, after, limit, current, exec),
          changesAt: (scope, version) => this.changesAt(scope, version, exec),
        });
      });
  }

  private readonly versionsQuery = prepare<{ version: number; horizon: number }>((p) =>
    this.store.read.selectFrom('communes').select(['version', 'horizon']).where('id', '=', p('id')),
  );
}

// Serialises writers of one commune on PostgreSQL (admin writes take the same lock, see commune-write.ts).
export const lockCommune = async (trx: Transaction<Database>, communeId: string): Promise<void> => {
  await sql`select version from communes where id = ${communeId} for update`.execute(trx);
};

export const bumpVersion = async (trx: Transaction<Database>, communeId: string): Promise<number> => {
  const row = await trx
    .updateTable('communes')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', communeId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
};
