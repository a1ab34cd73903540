import type { ProcedureField, SessionKind } from '../model/enums.ts';
import type { Member } from '../model/people.ts';
import type { Commune, Province } from '../model/place.ts';
import { assembleTallies, type VillageFigures } from '../report/assemble.ts';
import { localDate, localYear, type Period } from '../report/period.ts';
import { villageRollup, type VillageRecords, type VillageRollup } from '../report/rollup.ts';
import { STALE_DEVICE_MS, type Freshness, type TalliesReport } from '../report/shapes.ts';
import type { DemoRecords } from './records.ts';
import type { DemoDevice } from './world.ts';

// The commune dashboard's report built in the browser from plain records, with the same core rules the server
// uses: each village's rollup (src/core/report/rollup.ts), summed over the period and put into the report shape
// by assembleTallies. Only a field team's phones make a village's data fresh or stale, as on the server.
const FIELD_ROLES = new Set(['member', 'leader']);

export type DemoReportInput = {
  province: Province;
  commune: Commune;
  records: DemoRecords;
  devices: readonly DemoDevice[];
  period: Period;
  now: number;
  // A village's rollup is reused while its key is the same (the caller keys it by what the village's records and the
  // commune's reference data last changed at), so a push from one village recomputes that village only.
  cache?: { keys: ReadonlyMap<string, string>; rollups: Map<string, { key: string; rollup: VillageRollup }> };
};

const freshnessOf = (devices: readonly DemoDevice[], members: readonly Member[], villageId: string, now: number): Freshness => {
  const roleOf = new Map(members.map((m) => [m.id, m]));
  const f: Freshness = { oldestSyncAt: null, newestSyncAt: null, devices: 0, neverSynced: 0, staleDevices: 0 };
  for (const d of devices) {
    const m = roleOf.get(d.memberId);
    const villages = m?.villageIds ?? d.villageIds;
    if (!FIELD_ROLES.has(m?.role ?? d.role) || !villages.includes(villageId)) continue;
    f.devices += 1;
    if (d.lastSyncAt === null) f.neverSynced += 1;
    else {
      f.oldestSyncAt = f.oldestSyncAt === null ? d.lastSyncAt : Math.min(f.oldestSyncAt, d.lastSyncAt);
      f.newestSyncAt = f.newestSyncAt === null ? d.lastSyncAt : Math.max(f.newestSyncAt, d.lastSyncAt);
    }
    if (now - (d.lastSyncAt ?? d.createdAt) > STALE_DEVICE_MS) f.staleDevices += 1;
  }
  return f;
};

const byVillage = <T extends { villageId: string }>(rows: readonly T[]): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.villageId);
    if (list) list.push(r);
    else out.set(r.villageId, [r]);
  }
  return out;
};

// Each village's rollup, from its own records (or from the cache while the village has not changed).
export const villageRollups = (records: DemoRecords, asOfYear: number, cache?: DemoReportInput['cache']): Map<string, VillageRollup> => {
  const split = {
    households: byVillage(records.households),
    residents: byVillage(records.residents),
    cells: byVillage(records.cells),
    visits: byVillage(records.visits),
    sessions: byVillage(records.sessions),
    voids: byVillage(records.voids),
    followUps: byVillage(records.followUps),
  };
  const out = new Map<string, VillageRollup>();
  for (const v of records.villages) {
    const key = cache?.keys.get(v.id);
    const kept = key !== undefined ? cache?.rollups.get(v.id) : undefined;
    if (kept && kept.key === `${asOfYear}|${key}`) {
      out.set(v.id, kept.rollup);
      continue;
    }
    const r: VillageRecords = {
      households: split.households.get(v.id) ?? [],
      residents: split.residents.get(v.id) ?? [],
      cells: split.cells.get(v.id) ?? [],
      visits: split.visits.get(v.id) ?? [],
      sessions: split.sessions.get(v.id) ?? [],
      voids: split.voids.get(v.id) ?? [],
      followUps: split.followUps.get(v.id) ?? [],
    };
    const rollup = villageRollup(v.id, records.catalogue, r, asOfYear);
    out.set(v.id, rollup);
    if (key !== undefined) cache?.rollups.set(v.id, { key: `${asOfYear}|${key}`, rollup });
  }
  return out;
};

export const buildDemoReport = (x: DemoReportInput): TalliesReport => {
  const { from, to } = x.period;
  const today = localDate(x.now);
  const asOfYear = localYear(x.now);
  const villages = x.records.villages.filter((v) => !v.retired);
  const rollups = villageRollups({ ...x.records, villages }, asOfYear, x.cache);
  const inPeriod = (day: string) => day >= from && day <= to;
  const reachedAll = new Set<string>();
  const dossiers: { villageId: string; field: ProcedureField; count: number }[] = [];
  const sessionKinds: { villageId: string; kind: SessionKind; sessions: number; attendees: number }[] = [];
  const figures: VillageFigures[] = villages.map((v) => {
    const r = rollups.get(v.id) as VillageRollup;
    const f: VillageFigures = {
      id: v.id, name: v.name, kind: v.kind, households: r.households, residents: r.residents,
      freshness: freshnessOf(x.devices, x.records.members, v.id, x.now),
      followUpsOpen: 0, followUpsOverdue: 0, visits: 0, dossiers: 0, sessions: 0, attendees: 0, residentsReached: 0,
    };
    for (const a of r.activity)
      if (inPeriod(a.day)) {
        f.visits += a.visits;
        f.sessions += a.sessions;
        f.attendees += a.attendees;
      }
    const fields = new Map<ProcedureField, number>();
    for (const d of r.dossiers)
      if (inPeriod(d.day)) {
        f.dossiers += d.count;
        fields.set(d.field, (fields.get(d.field) ?? 0) + d.count);
      }
    for (const [field, count] of fields) dossiers.push({ villageId: v.id, field, count });
    const kinds = new Map<SessionKind, { sessions: number; attendees: number }>();
    for (const k of r.sessionKinds)
      if (inPeriod(k.day)) {
        const s = kinds.get(k.kind) ?? { sessions: 0, attendees: 0 };
        s.sessions += k.sessions;
        s.attendees += k.attendees;
        kinds.set(k.kind, s);
      }
    for (const [kind, s] of kinds) sessionKinds.push({ villageId: v.id, kind, ...s });
    const reached = new Set<string>();
    for (const a of r.attendance)
      if (inPeriod(a.day)) {
        reached.add(a.residentId);
        reachedAll.add(a.residentId);
      }
    f.residentsReached = reached.size;
    for (const u of r.followUps) {
      f.followUpsOpen += u.open;
      if (u.dueOn < today) f.followUpsOverdue += u.open;
    }
    return f;
  });
  return assembleTallies({
    commune: { id: x.commune.id, name: x.commune.name, provinceId: x.province.id, provinceName: x.province.name },
    period: x.period,
    now: x.now,
    asOf: x.now,
    asOfYear,
    items: x.records.catalogue,
    targets: x.records.targets,
    villages: figures,
    tallies: [...rollups.values()].flatMap((r) => r.tallies),
    communeReached: reachedAll.size,
    dossiers,
    sessionKinds,
    weekDone: [...rollups.values()].flatMap((r) => r.weekDone.map((w) => ({ itemId: w.itemId, week: w.week, count: w.count }))),
  });
};
