import { addDaysIso, localDate, splitByMonths, type Period } from '../../core/report/period.ts';
import type { ActivityCounts, ActivityReport, DeviceStatus, MemberActivity, TeamActivity } from '../../core/report/shapes.ts';
import { communeRef, isStale, loadDevices, silentDaysOf, type DeviceRow, type ReportStore } from './queries.ts';
import { refreshCommune } from './rollups.ts';

const DAY_MS = 86_400_000;
const num = (x: unknown): number => Number(x ?? 0);

// What a device that stopped syncing may be holding. The server never sees unsent changes; it knows how many the
// device had sent (its last sequence number) over how long (since it joined), so that pace times the days since
// its last sync is a rough upper figure for the officer to chase. Unknown (null) for a device that never synced.
export const mayHold = (d: Pick<DeviceRow, 'lastSeq' | 'lastSyncAt' | 'createdAt'>, now: number): number | null => {
  if (d.lastSyncAt === null) return null;
  const activeDays = Math.max(1, (d.lastSyncAt - d.createdAt) / DAY_MS);
  const idleDays = Math.max(0, (now - d.lastSyncAt) / DAY_MS);
  return Math.round((d.lastSeq / activeDays) * idleDays);
};

export const deviceStatus = (d: DeviceRow, now: number, silentDays = 3): DeviceStatus => {
  const stale = d.revokedAt === null && isStale(d, now, silentDays * DAY_MS);
  return {
    id: d.id,
    memberId: d.memberId,
    memberName: d.memberName,
    label: d.label,
    lastSyncAt: d.lastSyncAt,
    revoked: d.revokedAt !== null,
    stale,
    sentTotal: d.lastSeq,
    mayHold: stale ? mayHold(d, now) : null,
  };
};

const zero = (): ActivityCounts => ({ visits7: 0, visits30: 0, sessions7: 0, sessions30: 0, visitsInPeriod: 0, sessionsInPeriod: 0 });
const add = (a: ActivityCounts, b: ActivityCounts) => {
  for (const k of Object.keys(a) as (keyof ActivityCounts)[]) a[k] += b[k];
};

export const activityReport = async (store: ReportStore, communeId: string, period: Period, now: number): Promise<ActivityReport> => {
  const { db, kind } = store;
  await refreshCommune(db, kind, communeId, now);
  const silentDays = await silentDaysOf(db, communeId);
  const rdb = db;
  const today = localDate(now);
  const d7 = addDaysIso(today, -6);
  const d30 = addDaysIso(today, -29);
  const [commune, teams, members, devices, recent, inPeriod, last] = await Promise.all([
    communeRef(db, communeId),
    db.selectFrom('teams').select(['id', 'name', 'village_ids']).where('commune_id', '=', communeId).orderBy('name').execute(),
    db
      .selectFrom('members')
      .select(['id', 'display_name', 'role', 'team_id'])
      .where('commune_id', '=', communeId)
      .where('disabled_at', 'is', null)
      .orderBy('display_name')
      .execute(),
    loadDevices(db, communeId),
    rdb
      .selectFrom('report_activity')
      .select((eb) => [
        'member_id',
        eb.fn.sum<number>(eb.case().when('day', '>=', d7).then(eb.ref('visits')).else(0).end()).as('visits7'),
        eb.fn.sum<number>('visits').as('visits30'),
        eb.fn.sum<number>(eb.case().when('day', '>=', d7).then(eb.ref('sessions')).else(0).end()).as('sessions7'),
        eb.fn.sum<number>('sessions').as('sessions30'),
      ])
      .where('commune_id', '=', communeId)
      .where('day', '>=', d30)
      .where('day', '<=', today)
      .groupBy('member_id')
      .execute(),
    // The period: whole months from the monthly rollup, the partial ones day by day.
    (async () => {
      const { months, days } = splitByMonths(period.from, period.to);
      const parts = await Promise.all([
        months.length
          ? rdb
              .selectFrom('report_activity_month')
              .select((eb) => ['member_id', eb.fn.sum<number>('visits').as('visits'), eb.fn.sum<number>('sessions').as('sessions')])
              .where('commune_id', '=', communeId)
              .where('month', 'in', months)
              .groupBy('member_id')
              .execute()
          : [],
        ...days.map(([a, b]) =>
          rdb
            .selectFrom('report_activity')
            .select((eb) => ['member_id', eb.fn.sum<number>('visits').as('visits'), eb.fn.sum<number>('sessions').as('sessions')])
            .where('commune_id', '=', communeId)
            .where('day', '>=', a)
            .where('day', '<=', b)
            .groupBy('member_id')
            .execute(),
        ),
      ]);
      const sums = new Map<string, { member_id: string; visits: number; sessions: number }>();
      for (const r of parts.flat()) {
        const acc = sums.get(r.member_id) ?? { member_id: r.member_id, visits: 0, sessions: 0 };
        acc.visits += num(r.visits);
        acc.sessions += num(r.sessions);
        sums.set(r.member_id, acc);
      }
      return [...sums.values()];
    })(),
    rdb
      .selectFrom('report_last_activity')
      .select((eb) => ['member_id', eb.fn.max<number>('at').as('at')])
      .where('commune_id', '=', communeId)
      .groupBy('member_id')
      .execute(),
  ]);
  const recentBy = new Map(recent.map((r) => [r.member_id, r]));
  const periodBy = new Map(inPeriod.map((r) => [r.member_id, r]));
  const lastBy = new Map(last.map((r) => [r.member_id, num(r.at)]));
  const devicesBy = new Map<string, DeviceStatus[]>();
  for (const d of devices) devicesBy.set(d.memberId, [...(devicesBy.get(d.memberId) ?? []), deviceStatus(d, now, silentDays)]);

  const memberActivity = (m: (typeof members)[number]): MemberActivity => {
    const r = recentBy.get(m.id);
    const p = periodBy.get(m.id);
    return {
      id: m.id,
      displayName: m.display_name,
      role: m.role,
      teamId: m.team_id,
      visits7: num(r?.visits7),
      visits30: num(r?.visits30),
      sessions7: num(r?.sessions7),
      sessions30: num(r?.sessions30),
      visitsInPeriod: num(p?.visits),
      sessionsInPeriod: num(p?.sessions),
      lastActivityAt: lastBy.get(m.id) ?? null,
      devices: (devicesBy.get(m.id) ?? []).sort((a, b) => (a.lastSyncAt ?? 0) - (b.lastSyncAt ?? 0)),
    };
  };
  const all = members.map(memberActivity);
  const teamList: TeamActivity[] = teams.map((t) => {
    const ms = all.filter((m) => m.teamId === t.id);
    const counts = zero();
    for (const m of ms) add(counts, m);
    return {
      id: t.id,
      name: t.name,
      villageIds: JSON.parse(t.village_ids) as string[],
      ...counts,
      inactive: counts.visits30 === 0 && counts.sessions30 === 0,
      members: ms,
    };
  });
  const teamIds = new Set(teams.map((t) => t.id));
  // Officers' own browsers are not field devices: they are listed, never counted as stale.
  const unassigned = all
    .filter((m) => m.teamId === null || !teamIds.has(m.teamId))
    .map((m) => (m.role === 'officer' || m.role === 'admin' || m.role === 'trainer' ? { ...m, devices: m.devices.map((d) => ({ ...d, stale: false, mayHold: null })) } : m));
  const fieldDevices = [...teamList.flatMap((t) => t.members), ...unassigned].flatMap((m) => m.devices);
  return {
    commune,
    period,
    generatedAt: now,
    teams: teamList,
    unassigned,
    staleDevices: fieldDevices.filter((d) => d.stale).length,
    inactiveTeams: teamList.filter((t) => t.inactive).length,
    silentDays,
  };
};

