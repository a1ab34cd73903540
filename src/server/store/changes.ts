import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { newestClock } from '../../core/sync/merge.ts';
import { LWW_TABLES, SYNC_TABLES, type Change, type Scope, type SyncTable } from '../../core/sync/protocol.ts';
import { ChangeCache } from './change-cache.ts';
import { byVersionTableId, type ChangeLog } from './change-log.ts';
import { CODECS, decodeClocks, decodeRow } from './codecs.ts';
import { prepare, type Exec, type Prepared } from './prepared.ts';
import { byName } from './by-name.ts';
import type { DbKind } from './open.ts';
import type { ByName, Database } from './schema.ts';

// What a pull reads: the rows and tombstones of the scope with a version in range, in version order. One prepared
// statement first asks which sources (the synced tables and the tombstones) have anything after the cursor — a
// dozen index probes on (commune_id, version) in a single round — then each source that does lists its ids and
// versions in range with its own prepared query, limited to the page size; the lists are merged by version in
// memory, and only the rows of the page that the change cache (change-cache.ts) does not hold at that version are
// read whole, decoded and encoded. An incremental pull usually touches two or three tables, and most of its rows
// were already sent to a teammate.
type Raw = Record<string, unknown>;
type Hit = { table: SyncTable; version: number; id: string; deleted?: true; cached?: Change };
type Range = { after: number; limit: number } | { at: number };

const LWW = new Set<string>(LWW_TABLES);
// Above this many rows of one table missing from the cache, a page reads its range whole instead of by id.
const BY_ID_MAX = 64;
const SOURCES = [...SYNC_TABLES, 'tombstones'] as const;

// Which column limits a source to the scope's villages (null: the whole commune sees it), and whether rows with
// no village are visible to everyone (tombstones of commune-wide rows).
const villageColumn = (source: (typeof SOURCES)[number]): string | null =>
  source === 'tombstones' ? 'village_id' : CODECS[source].villageColumn;

export class ChangeReader {
  private readonly prepared = new Map<string, Prepared<Raw>>();
  // How many listings the log answered and how many SQL did (tests/server/store/change-log.test.ts holds both used).
  readonly stats = { log: 0, sql: 0 };
  private readonly current: Prepared<{ version: number }>;

  // Built by name (by-name.ts): the sources and their village columns are chosen at run time.
  private readonly named: Kysely<ByName>;

  constructor(
    db: Kysely<Database>,
    kind: DbKind,
    private readonly exec: Exec,
    private readonly cache = new ChangeCache(),
    // SQLite's reader threads: the writer's recent changes (change-log.ts).
    private readonly log?: ChangeLog,
  ) {
    this.named = byName(kind);
    this.current = prepare((p) => db.selectFrom('communes').select('version').where('id', '=', p('id')));
  }

  // The rows of one source visible to the scope (before the version condition).
  private scoped(p: (name: string) => string, source: (typeof SOURCES)[number], villages: number | 'all') {
    let b = this.named.selectFrom(source).where('commune_id', '=', p('commune_id'));
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

  // One prepared query per (source, range kind, number of villages in the scope, what it selects): whole rows, or
  // the ids and versions only (which the version indexes nearly answer alone).
  private query(source: (typeof SOURCES)[number], range: Range, villages: number | 'all', what: 'rows' | 'ids' = 'rows'): Prepared<Raw> {
    const key = `${source}|${'at' in range ? 'at' : 'after'}|${villages}|${what}`;
    let q = this.prepared.get(key);
    if (!q) {
      q = prepare((p) => {
        const scoped = this.scoped(p, source, villages);
        const b: SelectQueryBuilder<ByName, string, Raw> = what === 'ids' ? scoped.select(['id', 'version']) : scoped.selectAll();
        return 'at' in range
          ? b.where('version', '=', p('at'))
          : b.where('version', '>', p('after')).orderBy('version').limit(sql<number>`${p('limit')}`);
      });
      this.prepared.set(key, q);
    }
    return q;
  }

  // Whole rows by id, for the changes of a page the cache does not hold; one prepared query per table and list
  // length, the list padded up to a power of two (a repeated id changes nothing).
  private byIds(source: SyncTable, ids: string[]): { q: Prepared<Raw>; values: Record<string, unknown> } {
    const size = 2 ** Math.ceil(Math.log2(Math.max(1, ids.length)));
    const key = `${source}|ids|${size}`;
    let q = this.prepared.get(key);
    if (!q) {
      q = prepare((p) =>
        this.named
          .selectFrom(source)
          .selectAll()
          .where('commune_id', '=', p('commune_id'))
          .where('id', 'in', Array.from({ length: size }, (_, i) => p(`i${i}`))),
      );
      this.prepared.set(key, q);
    }
    const values: Record<string, unknown> = {};
    for (let i = 0; i < size; i++) values[`i${i}`] = ids[Math.min(i, ids.length - 1)];
    return { q, values };
  }

  // Which sources have anything after the cursor: one statement, one index probe per source.
  private probe(villages: number | 'all'): Prepared<{ tbl: string }> {
    const key = `probe|${villages}`;
    let q = this.prepared.get(key) as Prepared<{ tbl: string }> | undefined;
    if (!q) {
      q = prepare((p) => {
        const parts = SOURCES.map((source) =>
          this.named.selectNoFrom(sql.lit(source).as('tbl')).where((eb) => eb.exists(this.scoped(p, source, villages).select(sql.lit(1).as('x')).where('version', '>', p('after')))),
        );
        let all = parts[0];
        for (const part of parts.slice(1)) all = all.unionAll(part);
        return all;
      });
      this.prepared.set(key, q as unknown as Prepared<Raw>);
    }
    return q;
  }

  // `exec` may be another connection's (a pull inside its own read transaction); the statements are the same.
  // `current`: the commune's version in this snapshot, if the caller has read it already.
  async read(scope: Scope, range: Range, exec: Exec = this.exec, current?: number): Promise<Change[]> {
    const villages = scope.wholeCommune ? 'all' : scope.villageIds.length;
    const { communeId } = scope;
    if (this.log && !('at' in range)) {
      // The log answers only at the very version this snapshot sees: then it holds exactly what SQL would list.
      const top = this.log.covers(communeId, range.after);
      if (top !== undefined && top === (current ?? Number((await this.current.run(exec, { id: communeId })).rows[0]?.version))) {
        this.stats.log++;
        return this.log.read(scope, range.after, range.limit);
      }
    }
    this.stats.sql++;
    const values: Record<string, unknown> = { commune_id: communeId, ...('at' in range ? { at: range.at } : { after: range.after, limit: range.limit }) };
    if (!scope.wholeCommune) scope.villageIds.forEach((v, i) => (values[`v${i}`] = v));
    const sources = 'at' in range ? SOURCES : (await this.probe(villages).run(exec, values)).rows.map((r) => r.tbl as (typeof SOURCES)[number]);
    // First what is there (ids and versions; tombstones whole, they are tiny), then the page, then whole rows only
    // for the page's changes the cache does not hold at that version.
    const hits: Hit[] = [];
    for (const source of sources) {
      if (source === 'tombstones') {
        const { rows } = await this.query(source, range, villages).run(exec, values);
        for (const raw of rows) hits.push({ table: raw.tbl as SyncTable, version: Number(raw.version), id: String(raw.id), deleted: true });
        continue;
      }
      const { rows } = await this.query(source, range, villages, 'ids').run(exec, values);
      for (const raw of rows) {
        const version = Number(raw.version);
        const id = String(raw.id);
        hits.push({ table: source, version, id, cached: this.cache.get(communeId, source, id, version) });
      }
    }
    hits.sort(byVersionTableId);
    const page = 'at' in range ? hits : hits.slice(0, range.limit);
    const missing = new Map<SyncTable, Hit[]>();
    for (const h of page) {
      if (h.deleted || h.cached) continue;
      const list = missing.get(h.table);
      if (list) list.push(h);
      else missing.set(h.table, [h]);
    }
    for (const [table, wanted] of missing) {
      // Many missing (a first sync, a cold cache): the source's own range query reads them in one pass.
      const byIds = wanted.length > BY_ID_MAX ? undefined : this.byIds(table, wanted.map((h) => h.id));
      const { rows } = byIds ? await byIds.q.run(exec, { commune_id: communeId, ...byIds.values }) : await this.query(table, range, villages).run(exec, values);
      const byId = new Map(rows.map((r) => [String(r.id), r]));
      for (const h of wanted) {
        const raw = byId.get(h.id);
        // One snapshot lists and reads, so the row is there at the version listed.
        if (!raw || Number(raw.version) !== h.version) throw new Error(`pull: ${table} ${h.id} changed between listing and reading`);
        const hlc = LWW.has(table) ? newestClock(decodeClocks(raw.clocks)) : undefined;
        h.cached = this.cache.put(communeId, { table, id: h.id, version: h.version, row: decodeRow(table, raw), ...(hlc ? { hlc } : {}) });
      }
    }
    return page.map((h): Change => (h.deleted ? { table: h.table, id: h.id, version: h.version, deleted: true } : (h.cached as Change)));
  }
}
