import { sql, type Kysely, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { CatalogueItem } from '../../core/model/checklist.ts';
import type { Row, Stamped } from '../../core/sync/merge.ts';
import type { PullPort, SyncPort, SyncTx, WriteMeta } from '../../core/sync/port.ts';
import { INSERT_TABLES, LWW_TABLES, type Change, type InsertTable, type LwwTable, type Mutation, type PushResult, type Scope, type SyncTable } from '../../core/sync/protocol.ts';
import { ChangeReader } from './changes.ts';
import { CODECS, decodeClocks, decodeRow, encodeRow } from './codecs.ts';
import type { DbKind, Store } from './open.ts';
import { kyselyExec, prepare, type Exec, type Prepared } from './prepared.ts';
import type { Database } from './schema.ts';

// The core's storage port (src/core/sync/port.ts) over Kysely, on SQLite or PostgreSQL.
//
// Locking. A push is a read-modify-write (field merges, duplicate checks), so two pushes of one commune must not
// interleave: on PostgreSQL the push locks its commune's row first (SELECT … FOR UPDATE) and keeps it to commit;
// on SQLite every write transaction takes the database's one write lock when it begins (BEGIN IMMEDIATE, open.ts),
// so transactions of any connection run one after another (pushes all come from the writer thread's connection,
// push/writer.ts; admin writes and joins from the server thread's). The version bump
// (UPDATE communes SET version = version + 1 … RETURNING version) happens under that lock, so version order is
// commit order and a pull cursor can never pass a version that commits later. Pulls take no lock and read only
// committed data (Store.read).
//
// Group commit (SQLite). Pushes that arrive while one is being written wait, then go together in one transaction,
// each inside its own savepoint (one that fails is rolled back alone), with one commit — and one fsync — for the
// group. Nobody gets an answer before the commit, so an acknowledged mutation is always on disk.
const MAX_GROUP = 64;

type Job = { run: (exec: Exec) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

// SQLite: the merged rows the writing connection has read or written, kept from one group commit to the next.
// Pushes from a phone come back to the same household and the same residents' cells, and reading them again
// (and the commune's catalogue) was a third of a push's database work. What is kept is only used while no other
// connection has committed since (PRAGMA data_version, read when each group begins): a join, an officer's change
// or anything else written elsewhere drops it all. A push's rows join the group's on success (a push rolled back
// to its savepoint leaves nothing), and the group's join what is kept once it has committed.
class KnownRows {
  private kept = new Map<string, Stamped | null>();
  private readonly group = new Map<string, Stamped | null>();
  readonly catalogues = new Map<string, Map<string, CatalogueItem>>();
  private dataVersion: unknown;

  constructor(private readonly max = 50_000) {}

  get(key: string): Stamped | null | undefined {
    return this.group.has(key) ? this.group.get(key) : this.kept.get(key);
  }

  begin(dataVersion: unknown): void {
    this.group.clear();
    if (dataVersion !== this.dataVersion) this.forget();
    this.dataVersion = dataVersion;
  }

  add(key: string, value: Stamped | null): void {
    this.group.set(key, value);
  }

  committed(): void {
    if (this.kept.size + this.group.size > this.max) this.kept.clear();
    for (const [k, v] of this.group) this.kept.set(k, v);
    this.group.clear();
  }

  forget(): void {
    this.kept = new Map();
    this.group.clear();
    this.catalogues.clear();
    this.dataVersion = undefined;
  }
}

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

  constructor(
    private readonly store: Store,
    opts: { keepRows?: boolean } = {},
  ) {
    if (opts.keepRows && store.kind === 'sqlite') this.known = new KnownRows();
    this.db = store.db;
    this.kind = store.kind;
    this.statements = new Statements(store.db as unknown as Kysely<any>, store.kind);
    this.reader = new ChangeReader(store.read, store.exec?.read ?? kyselyExec(store.read));
  }

  inPushTransaction<T>(communeId: string, fn: (tx: SyncTx) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres')
      return this.db.transaction().execute(async (trx) => {
        await lockCommune(trx, communeId);
        return fn(new SqlTx(kyselyExec(trx), communeId, this.statements));
      });
    return this.inWriteGroup(async (exec) => {
      const tx = new SqlTx(exec, communeId, this.statements, this.known);
      const out = await fn(tx);
      tx.keepRows();
      return out;
    });
  }

  // SQLite: other small writes that ride along with the next group commit (each in its savepoint), such as the
  // devices' sync timestamps (accounts/touches.ts), so they share its fsync instead of taking a commit of their own.
  inWriteGroup<T>(fn: (exec: Exec) => Promise<T>): Promise<T> {
    if (this.kind !== 'sqlite') throw new Error('inWriteGroup is for SQLite');
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
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
            await exec('rollback to push', []);
            await exec('release push', []);
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

  changesSince(scope: Scope, after: number, limit: number, exec?: Exec): Promise<Change[]> {
    return this.reader.read(scope, { after, limit }, exec);
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
          changesSince: (scope, after, limit) => this.changesSince(scope, after, limit, exec),
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

type Cached = { lww?: Stamped | null; inserted?: Row | null };

const LWW_BOOKKEEPING = ['commune_id', 'version', 'updated_at', 'clocks'];
const INSERT_BOOKKEEPING = ['commune_id', 'version', 'updated_at', 'device_id', 'received_at'];
const columnsOf = (table: SyncTable) => Object.values(CODECS[table].fields).map(([column]) => column);

// The push path's statements, prepared once per store (see prepared.ts).
class Statements {
  readonly byId: Record<string, Prepared<Record<string, unknown>>> = {};
  readonly upsert: Record<string, Prepared<never>> = {};
  readonly insert: Record<string, Prepared<never>> = {};
  readonly lastSeq: Prepared<{ last_seq: number }>;
  readonly setLastSeq: Prepared<never>;
  readonly rejection: Prepared<{ reason: string; issues: string | null }>;
  readonly reject: Prepared<never>;
  readonly flag: Prepared<never>;
  readonly catalogue: Prepared<Record<string, unknown>>;
  readonly catalogueStamp: Prepared<{ v: number | null; n: number }>;
  // Decoded catalogues by commune, reused while the commune's catalogue rows are unchanged (every write to a row
  // gives it a newer version, so the newest version and the count identify the whole set).
  readonly catalogues = new Map<string, { stamp: string; items: Map<string, CatalogueItem> }>();
  readonly bump: Prepared<{ version: number }>;

  constructor(db: Kysely<any>, kind: DbKind) {
    for (const table of [...LWW_TABLES, ...INSERT_TABLES]) {
      this.byId[table] = prepare((p) => db.selectFrom(table).selectAll().where('commune_id', '=', p('commune_id')).where('id', '=', p('id')));
    }
    for (const table of LWW_TABLES) {
      const cols = [...columnsOf(table), ...LWW_BOOKKEEPING];
      this.upsert[table] = prepare((p) =>
        db
          .insertInto(table)
          .values(Object.fromEntries(cols.map((c) => [c, p(c)])))
          .onConflict((oc) =>
            oc.columns(['commune_id', 'id']).doUpdateSet(Object.fromEntries(cols.filter((c) => c !== 'commune_id' && c !== 'id').map((c) => [c, sql.ref(`excluded.${c}`)]))),
          ),
      );
    }
    for (const table of INSERT_TABLES) {
      const cols = [...columnsOf(table), ...INSERT_BOOKKEEPING];
      this.insert[table] = prepare((p) => db.insertInto(table).values(Object.fromEntries(cols.map((c) => [c, p(c)]))));
    }
    this.lastSeq = prepare((p) => {
      const q = db.selectFrom('devices').select('last_seq').where('id', '=', p('id'));
      return kind === 'postgres' ? q.forUpdate() : q;
    });
    this.setLastSeq = prepare((p) => db.updateTable('devices').set({ last_seq: p('seq'), last_sync_at: p('now') }).where('id', '=', p('id')));
    this.rejection = prepare((p) => db.selectFrom('rejections').select(['reason', 'issues']).where('device_id', '=', p('device_id')).where('seq', '=', p('seq')));
    const rejectCols = ['device_id', 'seq', 'commune_id', 'name', 'record_id', 'mutation', 'reason', 'issues', 'at'];
    this.reject = prepare((p) =>
      db
        .insertInto('rejections')
        .values(Object.fromEntries(rejectCols.map((c) => [c, p(c)])))
        .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing()),
    );
    const flagCols = ['id', 'commune_id', 'tbl', 'record_id', 'village_id', 'incoming', 'device_id', 'member_id', 'seq', 'at', 'resolved_at'];
    this.flag = prepare((p) => db.insertInto('flags').values(Object.fromEntries(flagCols.map((c) => [c, p(c)]))));
    this.catalogue = prepare((p) => db.selectFrom('catalogue').selectAll().where('commune_id', '=', p('commune_id')));
    this.catalogueStamp = prepare((p) =>
      db
        .selectFrom('catalogue')
        .select((eb) => [eb.fn.max('version').as('v'), eb.fn.countAll().as('n')])
        .where('commune_id', '=', p('commune_id')),
    );
    this.bump = prepare((p) =>
      db
        .updateTable('communes')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', p('id'))
        .returning('version'),
    );
  }
}

class SqlTx implements SyncTx {
  // Rows read or written in this push: later mutations of the same push (a visit and its checklist cells) read
  // the household once. Safe because nobody else writes this commune until commit.
  private readonly cache = new Map<string, Cached>();
  private catalogue?: Map<string, CatalogueItem>;

  // `exec` runs inside the push's transaction: Kysely's on PostgreSQL, the writing connection on SQLite.
  constructor(
    private readonly trx: Exec,
    private readonly communeId: string,
    private readonly q: Statements,
    // SQLite's writer: rows kept from earlier pushes (KnownRows above).
    private readonly known?: KnownRows,
  ) {}

  // The push succeeded: the merged rows it read or wrote are known to the next pushes.
  keepRows(): void {
    if (!this.known) return;
    for (const [key, c] of this.cache) if (c.lww !== undefined) this.known.add(`${this.communeId}|${key}`, c.lww);
  }

  async lastSeq(deviceId: string): Promise<number> {
    // The device row is locked to commit (FOR UPDATE on PostgreSQL), so a retried push racing its original waits
    // and then sees its seq.
    const { rows } = await this.q.lastSeq.run(this.trx, { id: deviceId });
    return Number(rows[0]?.last_seq ?? 0);
  }

  async setLastSeq(deviceId: string, seq: number, now: number): Promise<void> {
    await this.q.setLastSeq.run(this.trx, { id: deviceId, seq, now });
  }

  async rejection(deviceId: string, seq: number): Promise<PushResult | undefined> {
    const row = (await this.q.rejection.run(this.trx, { device_id: deviceId, seq })).rows[0];
    if (!row) return undefined;
    const issues = row.issues ? JSON.parse(row.issues) : undefined;
    return { seq, status: 'rejected', reason: row.reason as PushResult['reason'], ...(issues ? { issues } : {}) };
  }

  async reject(deviceId: string, m: Mutation, result: PushResult, now: number): Promise<void> {
    await this.q.reject.run(this.trx, {
      device_id: deviceId,
      seq: m.seq,
      commune_id: this.communeId,
      name: String(m.name).slice(0, 60),
      record_id: String(m.id).slice(0, 200),
      mutation: JSON.stringify(m),
      reason: result.reason ?? 'invalid',
      issues: result.issues ? JSON.stringify(result.issues) : null,
      at: now,
    });
  }

  async nextVersion(): Promise<number> {
    const { rows } = await this.q.bump.run(this.trx, { id: this.communeId });
    return Number(rows[0].version);
  }

  async getLww(table: LwwTable, id: string): Promise<Stamped | undefined> {
    const key = `${table}|${id}`;
    const hit = this.cache.get(key);
    if (hit?.lww !== undefined) return hit.lww ?? undefined;
    const known = this.known?.get(`${this.communeId}|${key}`);
    if (known !== undefined) {
      this.cache.set(key, { lww: known });
      return known ?? undefined;
    }
    const row = (await this.q.byId[table].run(this.trx, { commune_id: this.communeId, id })).rows[0];
    const value = row ? { row: decodeRow(table, row), clocks: decodeClocks(row.clocks) } : null;
    this.cache.set(key, { lww: value });
    return value ?? undefined;
  }

  async putLww(table: LwwTable, stamped: Stamped, version: number, meta: WriteMeta): Promise<void> {
    const values = { ...encodeRow(table, stamped.row), commune_id: this.communeId, version, updated_at: meta.now, clocks: JSON.stringify(stamped.clocks) };
    await this.q.upsert[table].run(this.trx, values);
    this.cache.set(`${table}|${stamped.row.id}`, { lww: stamped });
  }

  async getInserted(table: InsertTable, id: string): Promise<Row | undefined> {
    const key = `${table}|${id}`;
    const hit = this.cache.get(key);
    if (hit?.inserted !== undefined) return hit.inserted ?? undefined;
    const row = (await this.q.byId[table].run(this.trx, { commune_id: this.communeId, id })).rows[0];
    const value = row ? decodeRow(table, row) : null;
    this.cache.set(key, { inserted: value });
    return value ?? undefined;
  }

  async insert(table: InsertTable, row: Row, version: number, meta: WriteMeta): Promise<void> {
    const values = { ...encodeRow(table, row), commune_id: this.communeId, version, updated_at: meta.now, device_id: meta.deviceId, received_at: meta.now };
    await this.q.insert[table].run(this.trx, values);
    this.cache.set(`${table}|${row.id}`, { inserted: row });
  }

  async flag(table: InsertTable, incoming: Row, m: Mutation, meta: WriteMeta): Promise<void> {
    await this.q.flag.run(this.trx, {
      id: uuidv7(),
      commune_id: this.communeId,
      tbl: table,
      record_id: String(incoming.id),
      village_id: typeof incoming.villageId === 'string' ? incoming.villageId : null,
      incoming: JSON.stringify(incoming),
      device_id: meta.deviceId,
      member_id: meta.memberId,
      seq: m.seq,
      at: meta.now,
      resolved_at: null,
    });
  }

  async catalogueItem(id: string): Promise<CatalogueItem | undefined> {
    this.catalogue ??= this.known?.catalogues.get(this.communeId);
    if (!this.catalogue) {
      const stampRow = (await this.q.catalogueStamp.run(this.trx, { commune_id: this.communeId })).rows[0];
      const stamp = `${stampRow?.v ?? 0}/${stampRow?.n ?? 0}`;
      const cached = this.q.catalogues.get(this.communeId);
      if (cached && cached.stamp === stamp) this.catalogue = cached.items;
      else {
        const { rows } = await this.q.catalogue.run(this.trx, { commune_id: this.communeId });
        this.catalogue = new Map(rows.map((r) => [String(r.id), decodeRow('catalogue', r) as CatalogueItem]));
        this.q.catalogues.set(this.communeId, { stamp, items: this.catalogue });
      }
      this.known?.catalogues.set(this.communeId, this.catalogue);
    }
    return this.catalogue.get(id);
  }
}
