import { sql, type Kysely } from 'kysely';
import { byName } from './by-name.ts';
import type { CatalogueItem } from '../../core/model/checklist.ts';
import type { Row, Stamped } from '../../core/sync/merge.ts';
import type { SyncTx, WriteMeta } from '../../core/sync/port.ts';
import type { InsertTable, LwwTable, Mutation, PushResult } from '../../core/sync/protocol.ts';
import { decodeClocks, decodeRow, encodeRow } from './codecs.ts';
import type { DbKind } from './open.ts';
import type { SqlTx } from './push-tx.ts';
import type { Database } from './schema.ts';

// A commune write of thousands of records at once (a roster import): the same SyncTx the core's applyMutation
// runs on, but the records it may touch are read up front in one query per table (`preload`), ids the caller just
// made (`fresh`) are known to be absent without asking, and the LWW rows and report-history entries it writes are
// kept in memory and written at the end (`flush`) as multi-row statements — a few dozen statements in the
// transaction instead of three round trips per record. Anything else goes to the ordinary SqlTx.
//
// Only a writer that holds the commune's write lock for the whole batch may use it (inCommuneWrite does): the
// rows read up front cannot change underneath.
const ROWS_PER_STATEMENT = 400;

export type Preload = { table: LwwTable; rows: readonly Record<string, unknown>[] };

export class BatchTx implements SyncTx {
  private readonly rows = new Map<string, Stamped | null>();
  private readonly pending = new Map<string, { table: LwwTable; values: Record<string, unknown> }>();
  private readonly history: Record<string, unknown>[] = [];

  constructor(
    // The commune write's transaction; the statements' columns are the codecs', so they are built by name.
    private readonly db: Kysely<Database>,
    private readonly kind: DbKind,
    private readonly inner: SqlTx,
    private readonly communeId: string,
    preload: readonly Preload[],
    private readonly fresh: ReadonlySet<string>,
  ) {
    for (const { table, rows } of preload)
      for (const r of rows) this.rows.set(`${table}|${String(r.id)}`, { row: decodeRow(table, r), clocks: decodeClocks(r.clocks) });
  }

  async getLww(table: LwwTable, id: string): Promise<Stamped | undefined> {
    const key = `${table}|${id}`;
    const hit = this.rows.get(key);
    if (hit !== undefined) return hit ?? undefined;
    if (this.fresh.has(id)) return undefined;
    const read = await this.inner.getLww(table, id);
    this.rows.set(key, read ?? null);
    return read;
  }

  async putLww(table: LwwTable, stamped: Stamped, version: number, meta: WriteMeta): Promise<void> {
    const key = `${table}|${String(stamped.row.id)}`;
    const values = { ...encodeRow(table, stamped.row), commune_id: this.communeId, version, updated_at: meta.now, clocks: JSON.stringify(stamped.clocks) };
    this.rows.set(key, stamped);
    this.pending.set(key, { table, values });
  }

  async keepWrite(table: LwwTable, args: Row, hlc: string, version: () => Promise<number>, meta: WriteMeta): Promise<void> {
    const entry = await this.inner.historyEntry(table, args, hlc, version, meta);
    if (entry) this.history.push(entry);
  }

  // Writes what was kept: per table, multi-row upserts (the same statement a single putLww runs, with many rows).
  async flush(): Promise<void> {
    const byTable = new Map<LwwTable, Record<string, unknown>[]>();
    for (const { table, values } of this.pending.values()) (byTable.get(table) ?? byTable.set(table, []).get(table)!).push(values);
    for (const [table, all] of byTable) {
      const columns = Object.keys(all[0]);
      const update = Object.fromEntries(columns.filter((c) => c !== 'commune_id' && c !== 'id').map((c) => [c, sql.ref(`excluded.${c}`)]));
      for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT)
        await this.db.executeQuery(
          byName(this.kind)
            .insertInto(table)
            .values(all.slice(i, i + ROWS_PER_STATEMENT))
            .onConflict((oc) => oc.columns(['commune_id', 'id']).doUpdateSet(update))
            .compile(),
        );
    }
    for (let i = 0; i < this.history.length; i += ROWS_PER_STATEMENT)
      await this.db.executeQuery(
        byName(this.kind)
          .insertInto('report_history')
          .values(this.history.slice(i, i + ROWS_PER_STATEMENT))
          .onConflict((oc) => oc.columns(['commune_id', 'tbl', 'record_id', 'hlc']).doNothing())
          .compile(),
      );
    this.pending.clear();
    this.history.length = 0;
  }

  // The rest is the ordinary transaction's (an import never reaches most of it).
  lastSeq(deviceId: string): Promise<number> {
    return this.inner.lastSeq(deviceId);
  }
  setLastSeq(deviceId: string, seq: number, now: number): Promise<void> {
    return this.inner.setLastSeq(deviceId, seq, now);
  }
  rejection(deviceId: string, seq: number): Promise<PushResult | undefined> {
    return this.inner.rejection(deviceId, seq);
  }
  reject(deviceId: string, m: Mutation, result: PushResult, now: number): Promise<void> {
    return this.inner.reject(deviceId, m, result, now);
  }
  nextVersion(): Promise<number> {
    return this.inner.nextVersion();
  }
  getInserted(table: InsertTable, id: string): Promise<Row | undefined> {
    return this.inner.getInserted(table, id);
  }
  insert(table: InsertTable, row: Row, version: number, meta: WriteMeta): Promise<void> {
    return this.inner.insert(table, row, version, meta);
  }
  flag(table: InsertTable, incoming: Row, m: Mutation, meta: WriteMeta): Promise<void> {
    return this.inner.flag(table, incoming, m, meta);
  }
  catalogueItem(id: string): Promise<CatalogueItem | undefined> {
    return this.inner.catalogueItem(id);
  }
  // A merge reads what hangs off a household: only correct once the kept writes are in the tables.
  async lwwOfHousehold(table: Exclude<LwwTable, 'households'>, householdId: string): Promise<Stamped[]> {
    await this.flush();
    return this.inner.lwwOfHousehold(table, householdId);
  }
  async insertedBy(table: 'visits' | 'sessions', field: 'householdId' | 'villageId', value: string): Promise<Row[]> {
    await this.flush();
    return this.inner.insertedBy(table, field, value);
  }
  replaceInserted(table: 'visits' | 'sessions', row: Row, version: number, meta: WriteMeta): Promise<void> {
    return this.inner.replaceInserted(table, row, version, meta);
  }
}
