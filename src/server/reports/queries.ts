import { sql, type Kysely } from 'kysely';
import type { Role } from '../../core/model/enums.ts';
import type { Target } from '../../core/model/people.ts';
import { assembleTallies, type VillageFigures } from '../../core/report/assemble.ts';
import { addDaysIso, asOfFor, localDate, localYear, periodEndMs, periodStartMs, splitByMonths, type Period } from '../../core/report/period.ts';
import { asOfFigures } from './as-of.ts';
import { STALE_DEVICE_MS, type CommuneRef, type Freshness, type TalliesReport } from '../../core/report/shapes.ts';
import { weekOfDate } from '../../core/report/weeks.ts';
import { percent } from '../../core/tally/tally.ts';
import { CodedError } from '../../core/errors.ts';
import type { DbKind } from '../store/open.ts';
import type { Database } from '../store/schema.ts';
import { loadCatalogue, refreshCommune } from './rollups.ts';

// The dashboard's figures for one commune and period, read from the rollups (brought up to date first).
const FIELD_ROLES: readonly Role[] = ['member', 'leader'];
const num = (x: unknown): number => Number(x ?? 0);

export const communeRef = async (db: Kysely<Database>, communeId: string): Promise<CommuneRef> => {
  const row = await db
    .selectFrom('communes')
    .innerJoin('provinces', 'provinces.id', 'communes.province_id')
    .select(['communes.id as id', 'communes.name as name', 'communes.province_id as provinceId', 'provinces.name as provinceName'])
    .where('communes.id', '=', communeId)
    .executeTakeFirst();
  if (!row) throw new CodedError('not-found', 'no such commune');
  return row;
};

export const loadTargets = async (db: Kysely<Database>, communeId: string): Promise<Target[]> =>
  (await db.selectFrom('targets').selectAll().where('commune_id', '=', communeId).execute()).map((t) => ({
    id: t.id,
    communeId,
    itemId: t.item_id,
    unit: t.unit as Target['unit'],
    value: Number(t.value),
    dueOn: t.due_on,
    source: t.source,
  }));

export type DeviceRow = {
  id: string;
  memberId: string;
  memberName: string;
  role: Role;
  teamId: string | null;
  villageIds: string[];
  label: string;
  lastSeq: number;
  lastSyncAt: number | null;
  createdAt: number;
  revokedAt: number | null;
};

// The commune's team members' devices (officers' browsers are not a village's data source).
export const loadDevices = async (db: Kysely<Database>, communeId: string, includeRevoked = false): Promise<DeviceRow[]> => {
  let q = db
    .selectFrom('devices')
    .innerJoin('members', 'members.id', 'devices.member_id')
    .select([
      'devices.id as id',
      'devices.member_id as memberId',
      'members.display_name as memberName',
      'members.role as role',
      'members.team_id as teamId',
      'members.village_ids as villageIds',
      'devices.label as label',
      'devices.last_seq as lastSeq',
      'devices.last_sync_at as lastSyncAt',
      'devices.created_at as createdAt',
      'devices.revoked_at as revokedAt',
    ])
    .where('members.commune_id', '=', communeId)
    .where('members.disabled_at', 'is', null);
  if (!includeRevoked) q = q.where('devices.revoked_at', 'is', null);
  return (await q.execute()).map((d) => ({
    ...d,
    role: d.role as Role,
    villageIds: JSON.parse(d.villageIds) as string[],
    lastSeq: num(d.lastSeq),
    lastSyncAt: d.lastSyncAt === null ? null : num(d.lastSyncAt),
    createdAt: num(d.createdAt),
    revokedAt: d.revokedAt === null ? null : num(d.revokedAt),
  }));
};

// Stale (silent): last synced (or, never synced, created) more than the commune's threshold ago (3 days by default).
export const isStale = (d: Pick<DeviceRow, 'lastSyncAt' | 'createdAt'>, now: number, silentMs: number = STALE_DEVICE_MS): boolean =>
  now - (d.lastSyncAt ?? d.createdAt) > silentMs;

export const DAY_MS_REPORT = 86_400_000;
// The commune's silent-device threshold in days (communes.silent_days).
export const silentDaysOf = async (db: Kysely<Database>, communeId: string): Promise<number> =>
  Number((await db.selectFrom('communes').select('silent_days').where('id', '=', communeId).executeTakeFirst())?.silent_days ?? 3);

export const freshnessByVillage = (devices: readonly DeviceRow[], now: number, silentDays = 3): Map<string, Freshness> => {
  const silentMs = silentDays * DAY_MS_REPORT;
  const out = new Map<string, Freshness>();
  for (const d of devices) {
    if (!FIELD_ROLES.includes(d.role)) continue;
    for (const v of d.villageIds) {
      const f = out.get(v) ?? { oldestSyncAt: null, newestSyncAt: null, devices: 0, neverSynced: 0, staleDevices: 0, silentDays };
      f.devices += 1;
      if (d.lastSyncAt === null) f.neverSynced += 1;
      else {
        f.oldestSyncAt = f.oldestSyncAt === null ? d.lastSyncAt : Math.min(f.oldestSyncAt, d.lastSyncAt);
        f.newestSyncAt = f.newestSyncAt === null ? d.lastSyncAt : Math.max(f.newestSyncAt, d.lastSyncAt);
      }
      if (isStale(d, now, silentMs)) f.staleDevices += 1;
      out.set(v, f);
    }
  }
  return out;
};

const EMPTY_FRESHNESS: Freshness = { oldestSyncAt: null, newestSyncAt: null, devices: 0, neverSynced: 0, staleDevices: 0 };

export type ReportStore = { db: Kysely<Database>; kind: DbKind };

export const talliesReport = async (store: ReportStore, communeId: string, period: Period, now: number): Promise<TalliesReport> => {
  const { db, kind } = store;
  await refreshCommune(db, kind, communeId, now);
  const rdb = db;
  const today = localDate(now);
  const { from, to } = period;
  const startWeek = weekOfDate(from);
  const { months, days: ranges } = splitByMonths(from, to);
  // A sum over the period: whole months from the monthly table, the partial ones from the daily table.
  const periodRows = async <R,>(monthly: (months: string[]) => Promise<R[]>, daily: (from: string, to: string) => Promise<R[]>): Promise<R[]> =>
    (await Promise.all([months.length ? monthly(months) : Promise.resolve([] as R[]), ...ranges.map(([a, b]) => daily(a, b))])).flat();
  // A column's sum under its own name (a number, or text from PostgreSQL: num() reads both).
  const n = <C extends string>(col: C) => sql<number | string>`sum(${sql.ref(col)})`.as(col);
  // An ended period counts its records as they stood at its end (as-of.ts); a running one, as they stand now.
  const endMs = periodEndMs(period);
  const past = endMs <= now ? await asOfFigures(db, kind, communeId, { from, to, startMs: periodStartMs(period), endMs }, now) : undefined;
  const [commune, allVillages, catalogue, targets, liveRolled, liveTallies, days, dossiers, kinds, reached, followUps, weeks, devices] = await Promise.all([
    communeRef(db, communeId),
    db.selectFrom('villages').select(['id', 'name', 'kind', 'retired']).where('commune_id', '=', communeId).execute(),
    loadCatalogue(db, communeId),
    loadTargets(db, communeId),
    past ? [] : rdb.selectFrom('report_village').select(['village_id', 'households', 'residents']).where('commune_id', '=', communeId).execute(),
    past ? [] : rdb.selectFrom('report_tally').select(['village_id', 'item_id', 'numerator', 'denominator']).where('commune_id', '=', communeId).execute(),
    periodRows(
      (ms) => rdb.selectFrom('report_village_month').select((eb) => ['village_id', n('visits'), n('dossiers'), n('sessions'), n('attendees')]).where('commune_id', '=', communeId).where('month', 'in', ms).groupBy('village_id').execute(),
      (a, b) => rdb.selectFrom('report_village_day').select((eb) => ['village_id', n('visits'), n('dossiers'), n('sessions'), n('attendees')]).where('commune_id', '=', communeId).where('day', '>=', a).where('day', '<=', b).groupBy('village_id').execute(),
    ),
    periodRows(
      (ms) => rdb.selectFrom('report_dossiers_month').select((eb) => ['village_id', 'field', n('count')]).where('commune_id', '=', communeId).where('month', 'in', ms).groupBy(['village_id', 'field']).execute(),
      (a, b) => rdb.selectFrom('report_dossiers').select((eb) => ['village_id', 'field', n('count')]).where('commune_id', '=', communeId).where('day', '>=', a).where('day', '<=', b).groupBy(['village_id', 'field']).execute(),
    ),
    periodRows(
      (ms) => rdb.selectFrom('report_session_kinds_month').select((eb) => ['village_id', 'kind', n('sessions'), n('attendees')]).where('commune_id', '=', communeId).where('month', 'in', ms).groupBy(['village_id', 'kind']).execute(),
      (a, b) => rdb.selectFrom('report_session_kinds').select((eb) => ['village_id', 'kind', n('sessions'), n('attendees')]).where('commune_id', '=', communeId).where('day', '>=', a).where('day', '<=', b).groupBy(['village_id', 'kind']).execute(),
    ),
    // Distinct residents reached: kept per standard period; a custom period counts them from the days.
    period.kind === 'custom'
      ? rdb
          .selectFrom('report_attendance')
          .select((eb) => ['village_id', eb.fn.count<number>('resident_id').distinct().as('reached')])
          .where('commune_id', '=', communeId)
          .where('day', '>=', from)
          .where('day', '<=', to)
          .groupBy('village_id')
          .execute()
      : rdb.selectFrom('report_reach').select(['village_id', 'reached']).where('commune_id', '=', communeId).where('period_key', '=', period.key).execute(),
    rdb
      .selectFrom('report_followups')
      .select((eb) => [
        'village_id',
        eb.fn.sum<number>('open').as('open'),
        eb.fn.sum<number>(sql<number>`case when due_on < ${today} then open else 0 end`).as('overdue'),
      ])
      .where('commune_id', '=', communeId)
      .groupBy('village_id')
      .execute(),
    past ? [] : rdb.selectFrom('report_week_total').select(['item_id', 'week', 'count']).where('commune_id', '=', communeId).where('week', '>=', startWeek).execute(),
    loadDevices(db, communeId),
  ]);

  // Month and day parts of the same village (or village × field, × kind) add up.
  const merge = <R extends Record<K | V, unknown>, K extends string, V extends string>(rows: readonly R[], keys: readonly K[], values: readonly V[]) => {
    const out = new Map<string, Pick<R, K> & Record<V, number>>();
    for (const r of rows) {
      const k = keys.map((x) => String(r[x])).join('|');
      let acc = out.get(k);
      if (!acc) {
        const sums = Object.fromEntries(values.map((v) => [v, 0])) as Record<V, number>;
        out.set(k, (acc = { ...r, ...sums }));
      }
      const sums: Record<V, number> = acc;
      for (const v of values) sums[v] += num(r[v]);
    }
    return [...out.values()];
  };
  const daySums = merge(days, ['village_id'], ['visits', 'dossiers', 'sessions', 'attendees']);
  const dossierSums = merge(dossiers, ['village_id', 'field'], ['count']);
  const kindSums = merge(kinds, ['village_id', 'kind'], ['sessions', 'attendees']);

  const rolled = past ? past.villages : liveRolled;
  const tallies = past ? past.tallies : liveTallies;
  // Retired villages stay out of the report (their records are kept); their weeks are taken out of the totals.
  const retired = allVillages.filter((v) => Number(v.retired) === 1).map((v) => v.id);
  const villages = allVillages.filter((v) => Number(v.retired) !== 1);
  const retiredWeeks = retired.length && !past
    ? await rdb
        .selectFrom('report_week_done')
        .select((eb) => ['item_id', 'week', eb.fn.sum<number>('count').as('count')])
        .where('commune_id', '=', communeId)
        .where('village_id', 'in', retired)
        .where('week', '>=', startWeek)
        .groupBy(['item_id', 'week'])
        .execute()
    : [];

  const by = <R extends { village_id: string }>(rows: readonly R[]) => new Map(rows.map((r) => [r.village_id, r]));
  const rolledBy = by(rolled);
  const dayBy = by(daySums);
  const reachedBy = by<{ village_id: string; reached: unknown }>(reached);
  const followBy = by(followUps);
  const silentDays = await silentDaysOf(db, communeId);
  const fresh = freshnessByVillage(devices, now, silentDays);
  const figures: VillageFigures[] = villages.map((v) => ({
    id: v.id,
    name: v.name,
    kind: v.kind,
    households: num(rolledBy.get(v.id)?.households),
    residents: num(rolledBy.get(v.id)?.residents),
    freshness: fresh.get(v.id) ?? { ...EMPTY_FRESHNESS, silentDays },
    followUpsOpen: num(followBy.get(v.id)?.open),
    followUpsOverdue: num(followBy.get(v.id)?.overdue),
    visits: num(dayBy.get(v.id)?.visits),
    dossiers: num(dayBy.get(v.id)?.dossiers),
    sessions: num(dayBy.get(v.id)?.sessions),
    attendees: num(dayBy.get(v.id)?.attendees),
    residentsReached: num(reachedBy.get(v.id)?.reached),
  }));

  // The trend: the numerator as it stood at the end of each week is today's numerator less what was done after
  // that week (the weekly totals move with the same rebuilds as the numerators, so they agree). Retired villages
  // are left out of the numerators but not of the weekly totals: their weeks count in the past.
  const live = new Set(villages.map((v) => v.id));
  const numerators = new Map<string, number>();
  for (const t of tallies) if (live.has(t.village_id)) numerators.set(t.item_id, (numerators.get(t.item_id) ?? 0) + num(t.numerator));
  // An ended period's trend is made from the cells' history: each week's sum is what changed in it, all weeks
  // together the period's numerator.
  const pastWeeks = past?.weeks.filter((w) => live.has(w.village_id)).map((w) => ({ itemId: w.item_id, week: w.week, count: w.count }));
  const weekDone = pastWeeks ?? [
    ...weeks.map((w) => ({ itemId: w.item_id, week: w.week, count: num(w.count) })),
    ...retiredWeeks.map((w) => ({ itemId: w.item_id, week: w.week, count: -num(w.count) })),
  ];
  const since = new Map<string, number>();
  for (const w of weekDone) since.set(w.itemId, (since.get(w.itemId) ?? 0) + w.count);
  const before = addDaysIso(startWeek, -7);
  if (!past) for (const [itemId, n] of numerators) weekDone.push({ itemId, week: before, count: n - (since.get(itemId) ?? 0) });

  return assembleTallies({
    commune,
    period,
    now,
    asOf: past ? asOfFor(period, now) : now,
    asOfYear: past ? localYear(endMs - 1) : localYear(now),
    late: past?.late ?? null,
    items: catalogue,
    targets,
    villages: figures,
    tallies: tallies.map((t) => ({
      villageId: t.village_id,
      itemId: t.item_id,
      numerator: num(t.numerator),
      denominator: num(t.denominator),
      pct: percent(num(t.numerator), num(t.denominator)),
    })),
    dossiers: dossierSums.map((d) => ({ villageId: d.village_id, field: d.field, count: num(d.count) })),
    sessionKinds: kindSums.map((k) => ({ villageId: k.village_id, kind: k.kind, sessions: num(k.sessions), attendees: num(k.attendees) })),
    weekDone,
  });
};
