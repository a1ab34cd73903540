import { sql, type Kysely } from 'kysely';
import { newestClock } from '../../core/sync/merge.ts';
import { LWW_TABLES, SYNC_TABLES, type Change, type Scope, type SyncTable } from '../../core/sync/protocol.ts';
import { CODECS, decodeClocks, decodeRow } from './codecs.ts';
import { prepare, type Exec, type Prepared } from './prepared.ts';
import type { Database } from './schema.ts';

// What a pull reads: the rows and tombstones of the scope with a version in range, in version order. One prepared
// statement first asks which sources (the synced tables and the tombstones) have anything after the cursor — a
// dozen index probes on (commune_id, version) in a single round — then each source that does is read with its own
// prepared range query, limited to the page size; the results are merged by version in memory and only the rows
// of the page are decoded. An incremental pull usually touches two or three tables.
type Raw = Record<string, unknown>;
type Hit = { table: SyncTable | 'tombstones'; version: number; id: string; raw: Raw };
type Range = { after: number; limit: number } | { at: number };

const LWW = new Set<string>(LWW_TABLES);
const SOURCES = [...SYNC_TABLES, 'tombstones'] as const;

// Which column limits a source to the scope's villages (null: the whole commune sees it), and whether rows with
// no village are visible to everyone (tombstones of commune-wide rows).
const villageColumn = (source: (typeof SOURCES)[number]): string | null =>
  source === 'tombstones' ? 'village_id' : CODECS[source].villageColumn;

export class ChangeReader {
  private readonly prepared = new Map<string, Prepared<Raw>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly exec: Exec,
  ) {}

  // The rows of one source visible to the scope (before the version condition).
  private scoped(p: (name: string) => string, source: (typeof SOURCES)[number], villages: number | 'all') {
    const d = this.db as unknown as Kysely<any>;
    let b = d.selectFrom(source).where('commune_id', '=', p('commune_id'));
    if (source === 'members') b = b.where('disabled_at', 'is', null);
    const column = villageColumn(source);
    if (column && villages !== 'all') {
      const list = Array.from({ length: villages }, (_, i) => p(`v${i}`));
      b =
        source === 'tombstones'
          ? b.where((eb) => (list.length ? eb.or([eb(column, 'is', null), eb(column, 'in', list)]) : eb(column, 'is', null)))
          : list.length
            ? b.where(column, 'in', list)
            : b.where(sql.lit(1), '=', sql.lit(0));
    }
    return b;
  }

  // One prepared query per (source, range kind, number of villages in the scope).
  private query(source: (typeof SOURCES)[number], range: Range, villages: number | 'all'): Prepared<Raw> {
    const key = `${source}|${'at' in range ? 'at' : 'after'}|${villages}`;
    let q = this.prepared.get(key);
    if (!q) {
      q = prepare((p) => {
        const b = this.scoped(p, source, villages).selectAll();
        return 'at' in range
          ? b.where('version', '=', p('at'))
          : b.where('version', '>', p('after')).orderBy('version').limit(p('limit') as unknown as number);
      });
      this.prepared.set(key, q);
    }
    return q;
  }

  // Which sources have anything after the cursor: one statement, one index probe per source.
  private probe(villages: number | 'all'): Prepared<{ tbl: string }> {
    const key = `probe|${villages}`;
    let q = this.prepared.get(key) as Prepared<{ tbl: string }> | undefined;
    if (!q) {
      const d = this.db as unknown as Kysely<any>;
      q = prepare((p) => {
        const parts = SOURCES.map((source) =>
          d.selectNoFrom(sql.lit(source).as('tbl')).where((eb) => eb.exists(this.scoped(p, source, villages).select(sql.lit(1).as('x')).where('version', '>', p('after')))),
        );
        let all = parts[0];
        for (const part of parts.slice(1)) all = all.unionAll(part);
        return all;
      });
      this.prepared.set(key, q as unknown as Prepared<Raw>);
    }
    return q;
  }

  async read(scope: Scope, range: Range): Promise<Change[]> {
    const villages = scope.wholeCommune ? 'all' : scope.villageIds.length;
    const values: Record<string, unknown> = { commune_id: scope.communeId, ...('at' in range ? { at: range.at } : { after: range.after, limit: range.limit }) };
    if (!scope.wholeCommune) scope.villageIds.forEach((v, i) => (values[`v${i}`] = v));
    const sources = 'at' in range ? SOURCES : (await this.probe(villages).run(this.exec, values)).rows.map((r) => r.tbl as (typeof SOURCES)[number]);
    const hits: Hit[] = [];
    for (const source of sources) {
      const { rows } = await this.query(source, range, villages).run(this.exec, values);
      for (const raw of rows) hits.push({ table: source === 'tombstones' ? (raw.tbl as SyncTable) : source, version: Number(raw.version), id: String(raw.id), raw: source === 'tombstones' ? { ...raw, deleted: 1 } : raw });
    }
    hits.sort((a, b) => a.version - b.version || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const page = 'at' in range ? hits : hits.slice(0, range.limit);
    return page.map((h): Change => {
      if (h.raw.deleted === 1) return { table: h.table as SyncTable, id: h.id, version: h.version, deleted: true };
      const table = h.table as SyncTable;
      const hlc = LWW.has(table) ? newestClock(decodeClocks(h.raw.clocks)) : undefined;
      return { table, id: h.id, version: h.version, row: decodeRow(table, h.raw), ...(hlc ? { hlc } : {}) };
    });
  }
}
