import type { Insertable, Kysely } from 'kysely';
import { HOUSEHOLD_DEFAULTS, RESIDENT_DEFAULTS } from '../../core/model/household.ts';
import { villageAsOf, type RecordHistory, type Write } from '../../core/report/as-of.ts';
import { localYear } from '../../core/report/period.ts';
import type { DbKind } from '../store/open.ts';
import type { Database } from '../store/schema.ts';
import { loadCatalogue, rulesKey } from './rollups.ts';

// A past period's indicator figures: the records as they stood at the period's end (src/core/report/as-of.ts),
// made per village from the rows, their field clocks and every write kept in report_history, and kept per
// commune and period end (report_asof_*) until a record of that commune changes; then only the villages whose
// records changed are made again (found by their sync version, like the live rollups). A change of the
// catalogue's rules makes them all again.

export type AsOfFigures = {
  villages: { village_id: string; households: number; residents: number }[];
  tallies: { village_id: string; item_id: string; numerator: number; denominator: number }[];
  weeks: { village_id: string; item_id: string; week: string; count: number }[];
  // Records stamped before the end that the server received after it (they may have moved the figures).
  late: { count: number; lastAt: number | null };
};

const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : ((v as T) ?? fallback));
const num = (x: unknown) => Number(x ?? 0);

const PEOPLE_TABLES = ['households', 'residents', 'checklist', 'report_history', 'tombstones'] as const;

const changedVillages = async (db: Kysely<Database>, communeId: string, after: number, upTo: number): Promise<Set<string>> => {
  const out = new Set<string>();
  const lists = await Promise.all([
    ...PEOPLE_TABLES.map((t) => db.selectFrom(t).select('village_id').where('commune_id', '=', communeId).where('version', '>', after).where('version', '<=', upTo).execute()),
    db.selectFrom('villages').select('id as village_id').where('commune_id', '=', communeId).where('version', '>', after).where('version', '<=', upTo).execute(),
  ]);
  for (const rows of lists) for (const r of rows) if (r.village_id) out.add(r.village_id);
  return out;
};

const histories = (rows: readonly { id: string; clocks: string; row: Record<string, unknown> }[], writes: Map<string, Write[]>): RecordHistory[] => {
  const out: RecordHistory[] = rows.map((r) => ({ id: r.id, current: { row: r.row, clocks: json<Record<string, string>>(r.clocks, {}) }, writes: writes.get(r.id) ?? [] }));
  const stored = new Set(rows.map((r) => r.id));
  for (const [id, w] of writes) if (!stored.has(id)) out.push({ id, writes: w });
  return out;
};

// One village's records (only the columns the tallies read) with their clocks, and its kept writes.
const readVillageHistory = async (db: Kysely<Database>, communeId: string, villageId: string) => {
  const c = communeId;
  const v = villageId;
  const [households, residents, cells, kept] = await Promise.all([
    db.selectFrom('households').select(['id', 'flags', 'removed', 'clocks']).where('commune_id', '=', c).where('village_id', '=', v).execute(),
    db.selectFrom('residents').select(['id', 'household_id', 'birth_year', 'removed', 'clocks']).where('commune_id', '=', c).where('village_id', '=', v).execute(),
    db.selectFrom('checklist').select(['id', 'household_id', 'resident_id', 'item_id', 'state', 'clocks']).where('commune_id', '=', c).where('village_id', '=', v).execute(),
    db.selectFrom('report_history').select(['tbl', 'record_id', 'hlc', 'data']).where('commune_id', '=', c).where('village_id', '=', v).execute(),
  ]);
  const writes: Record<string, Map<string, Write[]>> = { households: new Map(), residents: new Map(), checklist: new Map() };
  for (const k of kept) {
    const m = writes[k.tbl];
    if (!m) continue;
    const list = m.get(k.record_id) ?? [];
    list.push({ hlc: k.hlc, data: json(k.data, {}) });
    m.set(k.record_id, list);
  }
  return {
    households: histories(
      households.map((h) => ({ id: h.id, clocks: h.clocks, row: { id: h.id, villageId: v, flags: json(h.flags, []), removed: Number(h.removed) === 1 } })),
      writes.households,
    ),
    residents: histories(
      residents.map((r) => ({ id: r.id, clocks: r.clocks, row: { id: r.id, villageId: v, householdId: r.household_id, birthYear: Number(r.birth_year), removed: Number(r.removed) === 1 } })),
      writes.residents,
    ),
    cells: histories(
      cells.map((x) => ({ id: x.id, clocks: x.clocks, row: { id: x.id, villageId: v, householdId: x.household_id, residentId: x.resident_id, itemId: x.item_id, state: x.state } })),
      writes.checklist,
    ),
  };
};

const TABLES = ['report_asof_village', 'report_asof_tally', 'report_asof_week'] as const;
const PARAMS = 3000;

const insertRows = async <T extends (typeof TABLES)[number]>(trx: Kysely<Database>, table: T, rows: Insertable<Database[T]>[]) => {
  if (!rows.length) return;
  const size = Math.max(1, Math.floor(PARAMS / Object.keys(rows[0]).length));
  for (let i = 0; i < rows.length; i += size) await trx.insertInto(table).values(rows.slice(i, i + size)).execute();
};

// One refresh per database, commune and end at a time in this process.
const running = new WeakMap<Kysely<Database>, Map<string, Promise<void>>>();

const refreshAsOf = (db: Kysely<Database>, kind: DbKind, communeId: string, endMs: number, now: number): Promise<void> => {
  let mine = running.get(db);
  if (!mine) running.set(db, (mine = new Map()));
  const key = `${communeId}|${endMs}`;
  const inFlight = mine.get(key);
  if (inFlight) return inFlight.catch(() => undefined).then(() => refreshAsOf(db, kind, communeId, endMs, now));
  const p = doRefresh(db, communeId, endMs, now).finally(() => mine.delete(key));
  mine.set(key, p);
  return p;
};

const doRefresh = async (db: Kysely<Database>, communeId: string, endMs: number, now: number): Promise<void> => {
  const [commune, state, catalogue, villageRows] = await Promise.all([
    db.selectFrom('communes').select('version').where('id', '=', communeId).executeTakeFirst(),
    db.selectFrom('report_asof_state').selectAll().where('commune_id', '=', communeId).where('end_ms', '=', endMs).executeTakeFirst(),
    loadCatalogue(db, communeId),
    db.selectFrom('villages').select('id').where('commune_id', '=', communeId).execute(),
  ]);
  const version = num(commune?.version);
  const asOfYear = localYear(endMs - 1);
  const key = rulesKey(catalogue, asOfYear);
  const full = !state || state.rules_key !== key;
  const from = num(state?.version);
  if (!full && from >= version) return;
  let villages: Set<string>;
  if (full) {
    villages = new Set(villageRows.map((v) => v.id));
    const kept = await db.selectFrom('report_asof_village').select('village_id').where('commune_id', '=', communeId).where('end_ms', '=', endMs).execute();
    for (const r of kept) villages.add(r.village_id);
  } else villages = await changedVillages(db, communeId, from, version);
  const defaults = { households: HOUSEHOLD_DEFAULTS, residents: RESIDENT_DEFAULTS };
  for (const villageId of villages) {
    const fig = villageAsOf(villageId, catalogue, await readVillageHistory(db, communeId, villageId), endMs, asOfYear, defaults);
    await db.transaction().execute(async (trx) => {
      for (const t of TABLES) await trx.deleteFrom(t).where('commune_id', '=', communeId).where('end_ms', '=', endMs).where('village_id', '=', villageId).execute();
      const base = { commune_id: communeId, end_ms: endMs, village_id: villageId };
      await insertRows(trx, 'report_asof_village', [{ ...base, households: fig.households, residents: fig.residents }]);
      await insertRows(trx, 'report_asof_tally', fig.tallies.map((t) => ({ ...base, item_id: t.itemId, numerator: t.numerator, denominator: t.denominator })));
      await insertRows(trx, 'report_asof_week', fig.weekDone.map((w) => ({ ...base, item_id: w.itemId, week: w.week, count: w.count })));
    });
  }
  const values = { commune_id: communeId, end_ms: endMs, rules_key: key, version, late_count: 0, late_at: null, rolled_at: now };
  await db
    .insertInto('report_asof_state')
    .values(values)
    .onConflict((oc) => oc.columns(['commune_id', 'end_ms']).doUpdateSet({ rules_key: key, version, rolled_at: now }))
    .execute();
};

// Records stamped inside [startMs, endMs) (visits, sessions) or before endMs (checklist, household and resident
// writes, which count up to the end) that the server received after the end.
const lateRecords = async (db: Kysely<Database>, communeId: string, startMs: number, endMs: number, from: string, to: string): Promise<AsOfFigures['late']> => {
  const [h, v, s] = await Promise.all([
    db.selectFrom('report_history').select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('received_at').as('at')]).where('commune_id', '=', communeId).where('received_at', '>=', endMs).where('stamp', '<', endMs).executeTakeFirst(),
    db.selectFrom('visits').select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('received_at').as('at')]).where('commune_id', '=', communeId).where('received_at', '>=', endMs).where('at', '>=', startMs).where('at', '<', endMs).executeTakeFirst(),
    db.selectFrom('sessions').select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('received_at').as('at')]).where('commune_id', '=', communeId).where('received_at', '>=', endMs).where('date', '>=', from).where('date', '<=', to).executeTakeFirst(),
  ]);
  const n = num(h?.n) + num(v?.n) + num(s?.n);
  const ats = [h?.at, v?.at, s?.at].filter((x) => x !== null && x !== undefined).map(Number);
  return { count: n, lastAt: n && ats.length ? Math.max(...ats) : null };
};

export const asOfFigures = async (
  db: Kysely<Database>,
  kind: DbKind,
  communeId: string,
  period: { from: string; to: string; startMs: number; endMs: number },
  now: number,
): Promise<AsOfFigures> => {
  const { endMs } = period;
  await refreshAsOf(db, kind, communeId, endMs, now);
  const [villages, tallies, weeks, late] = await Promise.all([
    db.selectFrom('report_asof_village').select(['village_id', 'households', 'residents']).where('commune_id', '=', communeId).where('end_ms', '=', endMs).execute(),
    db.selectFrom('report_asof_tally').select(['village_id', 'item_id', 'numerator', 'denominator']).where('commune_id', '=', communeId).where('end_ms', '=', endMs).execute(),
    db.selectFrom('report_asof_week').select(['village_id', 'item_id', 'week', 'count']).where('commune_id', '=', communeId).where('end_ms', '=', endMs).execute(),
    lateRecords(db, communeId, period.startMs, endMs, period.from, period.to),
  ]);
  // Numbers as numbers (PostgreSQL returns bigint and sums as text).
  return {
    villages: villages.map((r) => ({ ...r, households: num(r.households), residents: num(r.residents) })),
    tallies: tallies.map((r) => ({ ...r, numerator: num(r.numerator), denominator: num(r.denominator) })),
    weeks: weeks.map((r) => ({ ...r, count: num(r.count) })),
    late,
  };
};
