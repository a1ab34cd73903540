import { createHash } from 'node:crypto';
import { sql, type Compilable, type Kysely, type Transaction } from 'kysely';
import type { CatalogueItem } from '../../core/model/checklist.ts';
import { localYear } from '../../core/report/period.ts';
import { INSERT_TABLES, LWW_TABLES } from '../../core/sync/protocol.ts';
import {
  partsOfTable,
  RECORDS_OF,
  ROLLUP_PARTS,
  villageRollupParts,
  type PartialRollup,
  type RollupPart,
  type VillageRecords,
} from '../../core/report/rollup.ts';
import { byName } from '../store/by-name.ts';
import type { DbKind } from '../store/open.ts';
import type { Database } from '../store/schema.ts';
import { VILLAGE_ROLLUPS as SPECS, type ReportDb, type RollupTableSpec as TableSpec } from './schema.ts';

// Keeps the report rollups of a commune up to date. Every synced row carries the commune version it was last
// written with, so the villages that changed since the rollups were last brought up to date are found by index
// range scans on (commune_id, version), with which tables changed; each changed part of those villages (people,
// follow-ups, activity: see src/core/report/rollup.ts) is rebuilt from the village's own records with the core's
// rules (the same functions the phone tallies with) and written as a difference from what is stored. A change to
// the catalogue's rules, to the rollups' format, or a new year (ages move) rebuilds every village. Rebuilding a
// part from scratch, rather than applying deltas, keeps the rollups exactly what the records say even when a
// village was read while a push committed: that push's version is newer, so the village is rebuilt again next time.

// Bump when what the rollups hold changes (a new table, a new rule): every commune is rebuilt once.
const ROLLUP_FORMAT = 3;

export type RefreshResult = { rebuilt: number; full: boolean; version: number; ms: number };

// The synced tables whose records feed a village's rollup (the reference tables do not).
const CHANGE_TABLES = [...LWW_TABLES, ...INSERT_TABLES];

export const loadCatalogue = async (db: Kysely<Database>, communeId: string): Promise<CatalogueItem[]> => {
  const rows = await db.selectFrom('catalogue').selectAll().where('commune_id', '=', communeId).execute();
  return rows.map((r) => ({
    id: r.id,
    communeId: r.owner,
    level: r.level,
    rule: JSON.parse(r.rule),
    order: Number(r.ord),
    label: JSON.parse(r.label),
    short: JSON.parse(r.short),
    retired: Number(r.retired) === 1,
  }));
};

// What the tallies depend on besides the records: the items' levels, rules and retirement, and the year.
export const rulesKey = (catalogue: readonly CatalogueItem[], asOfYear: number): string => {
  const parts = [...catalogue]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((i) => [i.id, i.level, JSON.stringify(i.rule), i.retired ? 1 : 0].join('|'));
  return `${ROLLUP_FORMAT}:${asOfYear}:${createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 22)}`;
};

const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : ((v as T) ?? fallback));

// A village's records needed by `parts`, only the columns the rollups use.
export const readVillage = async (
  db: Kysely<Database>,
  communeId: string,
  villageId: string,
  parts: ReadonlySet<RollupPart> = new Set(ROLLUP_PARTS),
): Promise<Partial<VillageRecords>> => {
  const need = new Set([...parts].flatMap((p) => RECORDS_OF[p]));
  const c = communeId;
  const v = villageId;
  const none = Promise.resolve(undefined);
  const [households, residents, cells, visits, sessions, voids, followUps] = await Promise.all([
    need.has('households') ? db.selectFrom('households').select(['id', 'flags', 'removed']).where('commune_id', '=', c).where('village_id', '=', v).execute() : none,
    need.has('residents')
      ? db.selectFrom('residents').select(['id', 'household_id', 'birth_year', 'removed']).where('commune_id', '=', c).where('village_id', '=', v).execute()
      : none,
    need.has('cells')
      ? db.selectFrom('checklist').select(['id', 'household_id', 'resident_id', 'item_id', 'state', 'set_at']).where('commune_id', '=', c).where('village_id', '=', v).execute()
      : none,
    need.has('visits') ? db.selectFrom('visits').select(['id', 'member_id', 'at', 'minutes', 'dossiers']).where('commune_id', '=', c).where('village_id', '=', v).execute() : none,
    need.has('sessions')
      ? db.selectFrom('sessions').select(['id', 'member_id', 'date', 'kind', 'attendees', 'resident_ids']).where('commune_id', '=', c).where('village_id', '=', v).execute()
      : none,
    need.has('voids') ? db.selectFrom('voids').select(['id', 'target', 'target_id']).where('commune_id', '=', c).where('village_id', '=', v).execute() : none,
    need.has('followUps') ? db.selectFrom('followups').select(['id', 'household_id', 'due_on', 'status']).where('commune_id', '=', c).where('village_id', '=', v).execute() : none,
  ]);
  // Partial records: the rollup reads only these fields (see src/core/report/rollup.ts).
  return {
    ...(households && { households: households.map((h) => ({ id: h.id, villageId, flags: json(h.flags, []), removed: Number(h.removed) === 1 })) }),
    ...(residents && {
      residents: residents.map((r) => ({ id: r.id, householdId: r.household_id, villageId, birthYear: Number(r.birth_year), removed: Number(r.removed) === 1 })),
    }),
    ...(cells && {
      cells: cells.map(
        (x) => ({ id: x.id, villageId, householdId: x.household_id, residentId: x.resident_id, itemId: x.item_id, state: x.state, at: Number(x.set_at) }),
      ),
    }),
    ...(visits && {
      visits: visits.map((x) => ({ id: x.id, villageId, memberId: x.member_id, at: Number(x.at), minutes: Number(x.minutes), dossiers: json(x.dossiers, []) })),
    }),
    ...(sessions && {
      sessions: sessions.map(
        (x) => ({ id: x.id, villageId, memberId: x.member_id, date: x.date, kind: x.kind, attendees: Number(x.attendees), residentIds: json(x.resident_ids, []) }),
      ),
    }),
    ...(voids && { voids: voids.map((x) => ({ id: x.id, target: x.target, targetId: x.target_id, villageId })) }),
    ...(followUps && { followUps: followUps.map((f) => ({ id: f.id, householdId: f.household_id, villageId, dueOn: f.due_on, status: f.status })) }),
  };
};


type Figures = Record<string, unknown>;

// Sums rows by a key (day → month), keeping the key columns of the first row seen.
const sumBy = (rows: readonly Figures[], key: (r: Figures) => string, keep: (r: Figures) => Figures, values: readonly string[]): Figures[] => {
  const out = new Map<string, Figures>();
  for (const r of rows) {
    const k = key(r);
    let acc = out.get(k);
    if (!acc) out.set(k, (acc = { ...keep(r), ...Object.fromEntries(values.map((v) => [v, 0])) }));
    for (const v of values) acc[v] = Number(acc[v]) + Number(r[v]);
  }
  return [...out.values()];
};
const monthOf = (day: unknown) => String(day).slice(0, 7);

// A village's (partial) rollup as rows per table (without commune_id and village_id).
const rowsOf = (r: PartialRollup, now: number): Partial<Record<TableSpec['table'], Figures[]>> => {
  const out: Partial<Record<TableSpec['table'], Figures[]>> = {};
  if (r.tallies && r.weekDone) {
    out.report_village = [{ households: r.households ?? 0, residents: r.residents ?? 0, rolled_at: now }];
    out.report_tally = r.tallies.map((x) => ({ item_id: x.itemId, numerator: x.numerator, denominator: x.denominator }));
    out.report_week_done = r.weekDone.map((x) => ({ item_id: x.itemId, week: x.week, count: x.count }));
  }
  if (r.followUps) out.report_followups = r.followUps.map((x) => ({ due_on: x.dueOn, open: x.open }));
  if (r.activity && r.dossiers && r.sessionKinds && r.attendance && r.reach && r.lastActivity) {
    const activity = r.activity.map((x) => ({ member_id: x.memberId, day: x.day, visits: x.visits, minutes: x.minutes, sessions: x.sessions, attendees: x.attendees }));
    const dossiers = r.dossiers.map((x) => ({ day: x.day, field: x.field, count: x.count }));
    const kinds = r.sessionKinds.map((x) => ({ day: x.day, kind: x.kind, sessions: x.sessions, attendees: x.attendees }));
    const days = sumBy(
      [...activity, ...dossiers.map((d) => ({ day: d.day, dossiers: d.count }))].map((x) => ({ visits: 0, dossiers: 0, sessions: 0, attendees: 0, ...x })),
      (x) => String(x.day),
      (x) => ({ day: x.day }),
      ['visits', 'dossiers', 'sessions', 'attendees'],
    );
    out.report_activity = activity;
    out.report_activity_month = sumBy(activity, (x) => `${x.member_id}|${monthOf(x.day)}`, (x) => ({ member_id: x.member_id, month: monthOf(x.day) }), ['visits', 'minutes', 'sessions', 'attendees']);
    out.report_village_day = days;
    out.report_village_month = sumBy(days, (x) => monthOf(x.day), (x) => ({ month: monthOf(x.day) }), ['visits', 'dossiers', 'sessions', 'attendees']);
    out.report_dossiers = dossiers;
    out.report_dossiers_month = sumBy(dossiers, (x) => `${monthOf(x.day)}|${x.field}`, (x) => ({ month: monthOf(x.day), field: x.field }), ['count']);
    out.report_session_kinds = kinds;
    out.report_session_kinds_month = sumBy(kinds, (x) => `${monthOf(x.day)}|${x.kind}`, (x) => ({ month: monthOf(x.day), kind: x.kind }), ['sessions', 'attendees']);
    out.report_attendance = r.attendance.map((x) => ({ resident_id: x.residentId, day: x.day }));
    out.report_reach = r.reach.map((x) => ({ period_key: x.periodKey, reached: x.reached }));
    out.report_last_activity = r.lastActivity.map((x) => ({ member_id: x.memberId, at: x.at }));
  }
  return out;
};

// Multi-row statements in chunks that stay well under both engines' bound-parameter limits.
const PARAMS_PER_STATEMENT = 3000;
const chunks = <T>(rows: readonly T[], perRow: number): T[][] => {
  const size = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / perRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
};

const keyOf = (spec: TableSpec, row: Figures) => spec.key.map((k) => String(row[k])).join('\u0000');
const sameFigures = (spec: TableSpec, a: Figures, b: Figures) => spec.values.every((k) => Number(a[k]) === Number(b[k]));

// Writes a village's new rollup as the difference from what is stored: a change in one village usually touches a
// handful of rows (one tally, one week), so an incremental refresh writes almost nothing. A table that changed
// wholesale is replaced instead.
// The tables and their key and figure columns come from SPECS, so the statements are built by name (by-name.ts)
// and run in the caller's transaction.
const writeVillage = async (trx: Transaction<Database>, kind: DbKind, communeId: string, r: PartialRollup, now: number, deltas?: Map<string, number>) => {
  const d = byName(kind);
  const run = async (q: Compilable<unknown>) => (await trx.executeQuery(q.compile())).rows as Figures[];
  const c = communeId;
  const v = r.villageId;
  const next = rowsOf(r, now);
  for (const spec of SPECS) {
    const wanted = next[spec.table];
    if (!wanted) continue;
    const stored = await run(
      d
        .selectFrom(spec.table)
        .select([...spec.key, ...spec.values])
        .where('commune_id', '=', c)
        .where('village_id', '=', v),
    );
    const old = new Map(stored.map((x) => [keyOf(spec, x), x]));
    const keep = new Set<string>();
    const upserts: Figures[] = [];
    for (const row of wanted) {
      const k = keyOf(spec, row);
      keep.add(k);
      const was = old.get(k);
      if (!was || !sameFigures(spec, was, row)) upserts.push(row);
    }
    const gone = stored.filter((x) => !keep.has(keyOf(spec, x)));
    if (spec.table === 'report_week_done' && deltas) {
      // The commune's weekly totals move by exactly what this village's weeks moved.
      for (const row of wanted) {
        const was = old.get(keyOf(spec, row));
        const d = Number(row.count) - Number(was?.count ?? 0);
        if (d) deltas.set(keyOf(spec, row), (deltas.get(keyOf(spec, row)) ?? 0) + d);
      }
      for (const x of gone) deltas.set(keyOf(spec, x), (deltas.get(keyOf(spec, x)) ?? 0) - Number(x.count));
    }
    const cols = [...spec.key, ...spec.values, ...(spec.table === 'report_village' ? ['rolled_at'] : [])];
    const full = (row: Figures) => ({ commune_id: c, village_id: v, ...Object.fromEntries(cols.map((k) => [k, row[k]])) });
    if (gone.length + upserts.length > Math.max(50, stored.length / 2)) {
      await run(d.deleteFrom(spec.table).where('commune_id', '=', c).where('village_id', '=', v));
      for (const part of chunks(wanted, cols.length + 2)) await run(d.insertInto(spec.table).values(part.map(full)));
      continue;
    }
    for (const x of gone) {
      let q = d.deleteFrom(spec.table).where('commune_id', '=', c).where('village_id', '=', v);
      for (const k of spec.key) q = q.where(k, '=', x[k]);
      await run(q);
    }
    for (const part of chunks(upserts, cols.length + 2)) {
      const conflict = ['commune_id', 'village_id', ...spec.key];
      const set = Object.fromEntries(cols.filter((k) => !spec.key.includes(k)).map((k) => [k, sql.ref(`excluded.${k}`)]));
      await run(
        d
          .insertInto(spec.table)
          .values(part.map(full))
          .onConflict((oc) => (Object.keys(set).length ? oc.columns(conflict).doUpdateSet(set) : oc.columns(conflict).doNothing())),
      );
    }
  }
};

// Several villages per transaction (fewer commits in a full rebuild); two processes rebuilding the same commune
// (PostgreSQL, several servers) take turns.
// Inside the whole refresh's transaction (PostgreSQL, lockedRefresh) a batch is part of it; on its own, its own.
const inTransaction = <T,>(db: ReportDb, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);

const writeVillages = async (db: ReportDb, kind: DbKind, communeId: string, rollups: readonly PartialRollup[], now: number, totals: 'delta' | 'later') => {
  if (!rollups.length) return;
  await inTransaction(db, async (trx) => {
    if (kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`report:${communeId}`}))`.execute(trx);
    const deltas = totals === 'delta' ? new Map<string, number>() : undefined;
    for (const r of rollups) await writeVillage(trx, kind, communeId, r, now, deltas);
    if (deltas?.size) await applyWeekDeltas(trx, communeId, deltas);
  });
};

// Adds each (item, week) difference to the commune's totals, dropping weeks that fall to zero.
const applyWeekDeltas = async (trx: Transaction<Database>, communeId: string, deltas: Map<string, number>) => {
  const rows = [...deltas]
    .filter(([, d]) => d !== 0)
    .map(([k, d]) => {
      const [item_id, week] = k.split('\u0000');
      return { commune_id: communeId, item_id, week, count: d };
    });
  for (const part of chunks(rows, 4))
    await trx
      .insertInto('report_week_total')
      .values(part)
      .onConflict((oc) => oc.columns(['commune_id', 'week', 'item_id']).doUpdateSet({ count: sql`report_week_total.count + excluded.count` }))
      .execute();
  await trx.deleteFrom('report_week_total').where('commune_id', '=', communeId).where('count', '<=', 0).execute();
};

// After a full rebuild the totals are summed afresh from every village's weeks.
const recomputeWeekTotals = async (db: ReportDb, kind: DbKind, communeId: string) => {
  await inTransaction(db, async (trx) => {
    if (kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`report:${communeId}`}))`.execute(trx);
    await trx.deleteFrom('report_week_total').where('commune_id', '=', communeId).execute();
    await trx
      .insertInto('report_week_total')
      .columns(['commune_id', 'item_id', 'week', 'count'])
      .expression(
        trx
          .selectFrom('report_week_done')
          .select((eb) => ['commune_id', 'item_id', 'week', eb.fn.sum('count').as('count')])
          .where('commune_id', '=', communeId)
          .groupBy(['commune_id', 'item_id', 'week']),
      )
      .execute();
  });
};

// Villages with a record written after `after` (up to and including `upTo`), tombstones included, each with the
// parts of its rollup those records feed. Plain index range scans on (commune_id, version) and de-duplication here
// (a DISTINCT would tempt SQLite into scanning the village index instead).
const changedVillages = async (db: Kysely<Database>, communeId: string, after: number, upTo: number): Promise<Map<string, Set<RollupPart>>> => {
  const out = new Map<string, Set<RollupPart>>();
  const mark = (villageId: string, parts: readonly RollupPart[]) => {
    const set = out.get(villageId) ?? new Set<RollupPart>();
    for (const p of parts) set.add(p);
    out.set(villageId, set);
  };
  const inRange = (table: (typeof CHANGE_TABLES)[number] | 'tombstones') =>
    db.selectFrom(table).select('village_id').where('commune_id', '=', communeId).where('version', '>', after).where('version', '<=', upTo).execute();
  const [changes, tombstones, villages] = await Promise.all([
    Promise.all(CHANGE_TABLES.map(async (table) => ({ table, rows: await inRange(table) }))),
    inRange('tombstones'),
    // A new or renamed village needs its (possibly empty) rollup row.
    db.selectFrom('villages').select('id as village_id').where('commune_id', '=', communeId).where('version', '>', after).where('version', '<=', upTo).execute(),
  ]);
  for (const { table, rows } of changes) for (const r of rows) if (r.village_id) mark(r.village_id, partsOfTable(table));
  for (const r of [...tombstones, ...villages]) if (r.village_id) mark(r.village_id, ROLLUP_PARTS);
  return out;
};

const allVillages = async (db: Kysely<Database>, communeId: string): Promise<Map<string, Set<RollupPart>>> => {
  const out = new Set<string>((await db.selectFrom('villages').select('id').where('commune_id', '=', communeId).execute()).map((r) => r.id));
  // Records can name a village the commune no longer lists (deleted): their rollups must be rebuilt (emptied) too.
  const stale = await db.selectFrom('report_village').select('village_id').where('commune_id', '=', communeId).execute();
  for (const r of stale) out.add(r.village_id);
  return new Map([...out].map((v) => [v, new Set(ROLLUP_PARTS)]));
};

// One refresh per database and commune at a time in this process.
const running = new WeakMap<Kysely<Database>, Map<string, Promise<RefreshResult>>>();

export const refreshCommune = (db: Kysely<Database>, kind: DbKind, communeId: string, now: number): Promise<RefreshResult> => {
  let mine = running.get(db);
  if (!mine) running.set(db, (mine = new Map()));
  const inFlight = mine.get(communeId);
  // A refresh already running may have read the commune's version before this caller's data committed: wait for
  // it, then check again (usually nothing is left to do).
  if (inFlight) return inFlight.catch(() => undefined).then(() => refreshCommune(db, kind, communeId, now));
  const p = (kind === 'postgres' ? lockedRefresh(db, communeId, now) : doRefresh(db, kind, communeId, now)).finally(() => mine.delete(communeId));
  mine.set(communeId, p);
  return p;
};

// PostgreSQL, where several server processes may refresh one commune at once: one at a time per commune, in one
// transaction, so a refresh that read older records can never write its villages over a newer one's (the mark in
// report_state never moves back, but village rows would), and readers see the rollups before or after, whole.
const lockedRefresh = (db: Kysely<Database>, communeId: string, now: number): Promise<RefreshResult> =>
  db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`rollups:${communeId}`}))`.execute(trx);
    return doRefresh(trx, 'postgres', communeId, now);
  });

const doRefresh = async (db: Kysely<Database>, kind: DbKind, communeId: string, now: number): Promise<RefreshResult> => {
  const started = performance.now();
  const rdb = db;
  const [commune, state, catalogue] = await Promise.all([
    db.selectFrom('communes').select(['version']).where('id', '=', communeId).executeTakeFirst(),
    rdb.selectFrom('report_state').selectAll().where('commune_id', '=', communeId).executeTakeFirst(),
    loadCatalogue(db, communeId),
  ]);
  const version = Number(commune?.version ?? 0);
  const asOfYear = localYear(now);
  const key = rulesKey(catalogue, asOfYear);
  const full = !state || state.rules_key !== key;
  const rolled = Number(state?.rolled_version ?? 0);
  if (!full && rolled >= version) return { rebuilt: 0, full: false, version: rolled, ms: performance.now() - started };
  const villages = full ? await allVillages(db, communeId) : await changedVillages(db, communeId, rolled, version);
  let batch: PartialRollup[] = [];
  for (const [villageId, parts] of villages) {
    batch.push(villageRollupParts(villageId, catalogue, await readVillage(db, communeId, villageId, parts), asOfYear, parts));
    if (batch.length >= 10) {
      await writeVillages(rdb, kind, communeId, batch, now, full ? 'later' : 'delta');
      batch = [];
    }
  }
  await writeVillages(rdb, kind, communeId, batch, now, full ? 'later' : 'delta');
  if (full) await recomputeWeekTotals(rdb, kind, communeId);
  await rdb
    .insertInto('report_state')
    .values({ commune_id: communeId, rolled_version: version, rules_key: key, rolled_at: now })
    .onConflict((oc) =>
      oc
        .column('commune_id')
        .doUpdateSet({ rolled_version: version, rules_key: key, rolled_at: now })
        // Another server process may have got further meanwhile: never move the mark back.
        .where('report_state.rolled_version', '<=', version),
    )
    .execute();
  return { rebuilt: villages.size, full, version, ms: performance.now() - started };
};
