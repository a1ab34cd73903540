import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { CatalogueItem } from '../../core/model/checklist.ts';
import type { Row, Stamped } from '../../core/sync/merge.ts';
import type { SyncTx, WriteMeta } from '../../core/sync/port.ts';
import { newestClock } from '../../core/sync/merge.ts';
import { parseHlc } from '../../core/sync/hlc.ts';
import { HISTORY_FIELDS } from '../../core/report/as-of.ts';
import { INSERT_TABLES, LWW_TABLES, type Change, type InsertTable, type LwwTable, type Mutation, type PushResult, type SyncTable } from '../../core/sync/protocol.ts';
import type { Notice } from './change-log.ts';
import { CODECS, decodeClocks, decodeRow, encodeRow } from './codecs.ts';
import type { KnownRows } from './known-rows.ts';
import type { DbKind } from './open.ts';
import { byName } from './by-name.ts';
import type { Database } from './schema.ts';
import { prepare, type Exec, type Prepared } from './prepared.ts';

// One push's reads and writes inside its transaction (the core's SyncTx, store/sync-port.ts opens it), over
// statements prepared once per store.
type Cached = { lww?: Stamped | null; inserted?: Row | null };

const LWW_BOOKKEEPING = ['commune_id', 'version', 'updated_at', 'clocks'];
const INSERT_BOOKKEEPING = ['commune_id', 'version', 'updated_at', 'device_id', 'received_at'];
const columnsOf = (table: SyncTable) => Object.values(CODECS[table].fields).map(([column]) => column);

// The push path's statements, prepared once per store (see prepared.ts).
export class Statements {
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
  readonly history: Prepared<never>;
  // A household merge's reads and rewrites (core/sync/merge-households.ts).
  readonly byHousehold: Record<string, Prepared<Record<string, unknown>>> = {};
  readonly sessionsOfVillage: Prepared<Record<string, unknown>>;
  readonly replace: Record<string, Prepared<never>> = {};

  // `typed`: the statements over tables and string columns named here; the rest (tables and columns from the
  // codecs, placeholders for numbers) are built by name (by-name.ts).
  constructor(typed: Kysely<Database>, kind: DbKind) {
    const db = byName(kind);
    for (const table of ['residents', 'checklist', 'followups', 'visits'] as const)
      this.byHousehold[table] = prepare((p) => typed.selectFrom(table).selectAll().where('commune_id', '=', p('commune_id')).where('household_id', '=', p('household_id')).orderBy('id'));
    this.sessionsOfVillage = prepare((p) => typed.selectFrom('sessions').selectAll().where('commune_id', '=', p('commune_id')).where('village_id', '=', p('village_id')).orderBy('id'));
    for (const table of ['visits', 'sessions']) {
      const cols = [...columnsOf(table as SyncTable).filter((c) => c !== 'id'), 'version', 'updated_at'];
      this.replace[table] = prepare((p) =>
        db
          .updateTable(table)
          .set(Object.fromEntries(cols.map((c) => [c, p(c)])))
          .where('commune_id', '=', p('commune_id'))
          .where('id', '=', p('id')),
      );
    }
    for (const table of [...LWW_TABLES, ...INSERT_TABLES]) {
      this.byId[table] = prepare((p) => typed.selectFrom(table).selectAll().where('commune_id', '=', p('commune_id')).where('id', '=', p('id')));
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
      const q = typed.selectFrom('devices').select('last_seq').where('id', '=', p('id'));
      return kind === 'postgres' ? q.forUpdate() : q;
    });
    this.setLastSeq = prepare((p) => db.updateTable('devices').set({ last_seq: p('seq'), last_sync_at: p('now') }).where('id', '=', p('id')));
    this.rejection = prepare((p) =>
      db.selectFrom('rejections').select(['reason', 'issues']).where('commune_id', '=', p('commune_id')).where('device_id', '=', p('device_id')).where('seq', '=', p('seq')),
    );
    const rejectCols = ['device_id', 'seq', 'commune_id', 'name', 'record_id', 'mutation', 'reason', 'issues', 'at'];
    this.reject = prepare((p) =>
      db
        .insertInto('rejections')
        .values(Object.fromEntries(rejectCols.map((c) => [c, p(c)])))
        .onConflict((oc) => oc.columns(['commune_id', 'device_id', 'seq']).doNothing()),
    );
    const flagCols = ['id', 'commune_id', 'tbl', 'record_id', 'village_id', 'incoming', 'device_id', 'member_id', 'seq', 'at', 'resolved_at'];
    this.flag = prepare((p) => db.insertInto('flags').values(Object.fromEntries(flagCols.map((c) => [c, p(c)]))));
    this.catalogue = prepare((p) => typed.selectFrom('catalogue').selectAll().where('commune_id', '=', p('commune_id')));
    this.catalogueStamp = prepare((p) =>
      typed
        .selectFrom('catalogue')
        .select((eb) => [eb.fn.max('version').as('v'), eb.fn.countAll().as('n')])
        .where('commune_id', '=', p('commune_id')),
    );
    const historyCols = ['commune_id', 'village_id', 'tbl', 'record_id', 'hlc', 'stamp', 'received_at', 'version', 'data'];
    this.history = prepare((p) =>
      db
        .insertInto('report_history')
        .values(Object.fromEntries(historyCols.map((c) => [c, p(c)])))
        .onConflict((oc) => oc.columns(['commune_id', 'tbl', 'record_id', 'hlc']).doNothing()),
    );
    this.bump = prepare((p) =>
      typed
        .updateTable('communes')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', p('id'))
        .returning('version'),
    );
  }
}

export class SqlTx implements SyncTx {
  // Rows read or written in this push: later mutations of the same push (a visit and its checklist cells) read
  // the household once. Safe because nobody else writes this commune until commit.
  private readonly cache = new Map<string, Cached>();
  private catalogue?: Map<string, CatalogueItem>;
  private version?: number;
  // What this push wrote, as a pull will send it (for the reader threads' logs, change-log.ts), when asked to keep it.
  private readonly written?: Change[];

  // `exec` runs inside the push's transaction: Kysely's on PostgreSQL, the writing connection on SQLite.
  constructor(
    private readonly trx: Exec,
    private readonly communeId: string,
    private readonly q: Statements,
    // SQLite's writer: rows kept from earlier pushes (KnownRows above).
    private readonly known?: KnownRows,
    opts: { notice?: boolean } = {},
  ) {
    if (opts.notice) this.written = [];
  }

  // The changes this push wrote at its version, for the readers' logs; undefined when it took no version.
  notice(): Notice | undefined {
    return this.written && this.version !== undefined ? { communeId: this.communeId, version: this.version, changes: this.written } : undefined;
  }

  // Decoded from the very values written: what a reader gets from the row (codecs round-trip; a test holds them equal).
  private wrote(table: SyncTable, values: Record<string, unknown>, version: number, clocks?: Record<string, string>): void {
    if (!this.written) return;
    const hlc = clocks ? newestClock(clocks) : undefined;
    const row = decodeRow(table, values);
    this.written.push({ table, id: String(row.id), version, row, ...(hlc ? { hlc } : {}) });
  }

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
    const row = (await this.q.rejection.run(this.trx, { commune_id: this.communeId, device_id: deviceId, seq })).rows[0];
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
    this.version = Number(rows[0].version);
    return this.version;
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
    this.wrote(table, values, version, stamped.clocks);
  }

  async keepWrite(table: LwwTable, args: Row, hlc: string, version: () => Promise<number>, meta: WriteMeta): Promise<void> {
    const entry = await this.historyEntry(table, args, hlc, version, meta);
    if (entry) await this.q.history.run(this.trx, entry);
  }

  // The report_history row keepWrite writes, or undefined when the table keeps none (batch-tx.ts writes many at once).
  async historyEntry(table: LwwTable, args: Row, hlc: string, version: () => Promise<number>, meta: WriteMeta): Promise<Record<string, unknown> | undefined> {
    const fields = HISTORY_FIELDS[table];
    const stamp = parseHlc(hlc)?.ms;
    if (!fields || stamp === undefined) return undefined;
    const data = Object.fromEntries(fields.filter((f) => args[f] !== undefined).map((f) => [f, args[f]]));
    return {
      commune_id: this.communeId,
      village_id: String(args.villageId),
      tbl: table,
      record_id: String(args.id),
      hlc,
      stamp,
      received_at: meta.now,
      version: await version(),
      data: JSON.stringify(data),
    };
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
    this.wrote(table, values, version);
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

  async lwwOfHousehold(table: Exclude<LwwTable, 'households'>, householdId: string): Promise<Stamped[]> {
    const { rows } = await this.q.byHousehold[table].run(this.trx, { commune_id: this.communeId, household_id: householdId });
    return rows.map((row) => {
      const s = { row: decodeRow(table, row), clocks: decodeClocks(row.clocks) };
      this.cache.set(`${table}|${s.row.id}`, { lww: s });
      return s;
    });
  }

  async insertedBy(table: 'visits' | 'sessions', field: 'householdId' | 'villageId', value: string): Promise<Row[]> {
    const { rows } =
      table === 'sessions' && field === 'villageId'
        ? await this.q.sessionsOfVillage.run(this.trx, { commune_id: this.communeId, village_id: value })
        : table === 'visits' && field === 'householdId'
          ? await this.q.byHousehold.visits.run(this.trx, { commune_id: this.communeId, household_id: value })
          : (() => {
              throw new Error(`insertedBy(${table}, ${field}) is not supported`);
            })();
    return rows.map((row) => decodeRow(table, row));
  }

  async replaceInserted(table: 'visits' | 'sessions', row: Row, version: number, meta: WriteMeta): Promise<void> {
    const values = { ...encodeRow(table, row), commune_id: this.communeId, version, updated_at: meta.now };
    await this.q.replace[table].run(this.trx, values);
    this.cache.set(`${table}|${row.id}`, { inserted: row });
    this.wrote(table, values, version);
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
