import type { CatalogueItem } from '../model/checklist.ts';
import type { ProcedureField, SessionKind, VillageKind } from '../model/enums.ts';
import type { Target } from '../model/people.ts';
import type { Tally } from '../tally/tally.ts';
import { reportDueBefore, type Period } from './period.ts';
import { COMMUNE_ROW, indicatorRows } from './rows.ts';
import type { CommuneRef, Freshness, TalliesReport, TrendSeries, VillageReport } from './shapes.ts';
import { strideSeries, trendStride, weeklySeries, weeksOf, type WeeklyCount } from './weeks.ts';

// Puts the figures the server aggregated (from its rollups) into the report shape. Pure: the server's SQL
// supplies sums, this decides what they mean, so the rules are tested without a database.
export type VillageFigures = {
  id: string;
  name: string;
  kind: VillageKind;
  households: number;
  residents: number;
  freshness: Freshness;
  followUpsOpen: number;
  followUpsOverdue: number;
  visits: number;
  dossiers: number;
  sessions: number;
  attendees: number;
  residentsReached: number;
};

export type AssembleInput = {
  commune: CommuneRef;
  period: Period;
  now: number;
  asOf: number;
  asOfYear: number;
  items: readonly CatalogueItem[];
  targets: readonly Target[];
  villages: readonly VillageFigures[];
  tallies: readonly Tally[]; // per village × item
  // Distinct residents reached over the whole commune, when the caller can count them (the demo, from records);
  // otherwise the sum of the villages' distinct counts (the server's rollups, kept per village and period).
  communeReached?: number;
  dossiers: readonly { villageId: string; field: ProcedureField; count: number }[];
  sessionKinds: readonly { villageId: string; kind: SessionKind; sessions: number; attendees: number }[];
  weekDone: readonly (WeeklyCount & { itemId: string })[]; // the commune's done cells per item and week, all time
  late?: TalliesReport['late'];
};

export const mergeFreshness = (xs: readonly Freshness[]): Freshness => {
  const synced = xs.map((f) => f.oldestSyncAt).filter((x): x is number => x !== null);
  const newest = xs.map((f) => f.newestSyncAt).filter((x): x is number => x !== null);
  return {
    oldestSyncAt: synced.length ? Math.min(...synced) : null,
    newestSyncAt: newest.length ? Math.max(...newest) : null,
    devices: xs.reduce((a, f) => a + f.devices, 0),
    neverSynced: xs.reduce((a, f) => a + f.neverSynced, 0),
    staleDevices: xs.reduce((a, f) => a + f.staleDevices, 0),
    ...(xs.length && xs.every((f) => f.silentDays !== undefined && f.silentDays === xs[0].silentDays) ? { silentDays: xs[0].silentDays } : {}),
  };
};

export const assembleTallies = (x: AssembleInput): TalliesReport => {
  const items = x.items.filter((i) => !i.retired).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const villages: VillageReport[] = [...x.villages].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const sum = (k: keyof VillageFigures) => villages.reduce((a, v) => a + (v[k] as number), 0);
  const total: VillageReport = {
    id: COMMUNE_ROW,
    name: x.commune.name,
    kind: 'thon',
    households: sum('households'),
    residents: sum('residents'),
    freshness: mergeFreshness(villages.map((v) => v.freshness)),
    followUpsOpen: sum('followUpsOpen'),
    followUpsOverdue: sum('followUpsOverdue'),
    visits: sum('visits'),
    dossiers: sum('dossiers'),
    sessions: sum('sessions'),
    attendees: sum('attendees'),
    residentsReached: x.communeReached ?? sum('residentsReached'),
  };
  const villageIds = new Set(villages.map((v) => v.id));
  const rows = indicatorRows(items, x.tallies.filter((t) => villageIds.has(t.villageId)), x.targets, x.period.to);

  const allWeeks = weeksOf(x.period.from, x.period.to);
  const stride = trendStride(allWeeks.length);
  let weeks = allWeeks;
  const series: TrendSeries[] = items.map((item) => {
    const s = weeklySeries(allWeeks, x.weekDone.filter((w) => w.itemId === item.id));
    const merged = strideSeries(allWeeks, s, stride);
    weeks = merged.weeks;
    return { itemId: item.id, villageId: COMMUNE_ROW, added: merged.added, cumulative: merged.cumulative };
  });
  if (!items.length) weeks = strideSeries(allWeeks, { added: allWeeks.map(() => 0), cumulative: allWeeks.map(() => 0) }, stride).weeks;

  return {
    commune: x.commune,
    period: x.period,
    dueBefore: reportDueBefore(x.period),
    generatedAt: x.now,
    asOf: x.asOf,
    asOfYear: x.asOfYear,
    items,
    villages,
    total,
    rows,
    dossiers: x.dossiers.filter((d) => d.count > 0 && villageIds.has(d.villageId)),
    sessionKinds: x.sessionKinds.filter((s) => villageIds.has(s.villageId)),
    trend: { weeks, series },
    late: x.late ?? null,
  };
};
