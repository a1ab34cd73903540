import { effectiveCells, type CatalogueItem } from '../model/checklist.ts';
import type { ProcedureField, SessionKind } from '../model/enums.ts';
import type { FollowUp } from '../model/followup.ts';
import type { Session, Visit, Void } from '../model/visit.ts';
import { isEligible } from '../tally/eligibility.ts';
import { computeTallies, type Tally, type TallyCell, type TallyHousehold, type TallyResident } from '../tally/tally.ts';
import { localDate, standardKeysOf } from './period.ts';
import { weekOfMs } from './weeks.ts';

// What the server keeps per village so a dashboard reads a few thousand small rows instead of millions of
// records: built from one village's raw records by the same core rules the phone uses, and rebuilt whenever a
// record of that village changes (the server finds those by their sync version). Pure, so it is tested here.

export type DayActivity = {
  villageId: string;
  memberId: string;
  day: string; // local date
  visits: number;
  minutes: number;
  sessions: number;
  attendees: number;
};
export type DayDossiers = { villageId: string; day: string; field: ProcedureField; count: number };
export type DaySessionKind = { villageId: string; day: string; kind: SessionKind; sessions: number; attendees: number };
export type Attendance = { villageId: string; residentId: string; day: string };
export type WeekDone = { villageId: string; itemId: string; week: string; count: number };
export type FollowUpDue = { villageId: string; dueOn: string; open: number };
// Distinct residents named at the village's sessions within each standard period (distinct counts cannot be summed
// from days, so they are kept per period key: month, quarter, half-year, year).
export type Reach = { villageId: string; periodKey: string; reached: number };

export type VillageRollup = {
  villageId: string;
  households: number;
  residents: number;
  tallies: Tally[];
  weekDone: WeekDone[];
  activity: DayActivity[];
  dossiers: DayDossiers[];
  sessionKinds: DaySessionKind[];
  attendance: Attendance[];
  reach: Reach[];
  followUps: FollowUpDue[];
  lastActivity: { memberId: string; at: number }[];
};

// Only the fields the rollups read (the server reads only these columns: server/reports/rollups.ts).
export type RollupVisit = Pick<Visit, 'id' | 'villageId' | 'memberId' | 'at' | 'minutes' | 'dossiers'>;
export type RollupSession = Pick<Session, 'id' | 'villageId' | 'memberId' | 'date' | 'kind' | 'attendees' | 'residentIds'>;
export type RollupVoid = Pick<Void, 'id' | 'target' | 'targetId' | 'villageId'>;
export type RollupFollowUp = Pick<FollowUp, 'id' | 'householdId' | 'villageId' | 'dueOn' | 'status'>;

export type VillageRecords = {
  households: readonly TallyHousehold[];
  residents: readonly TallyResident[];
  cells: readonly TallyCell[];
  visits: readonly RollupVisit[];
  sessions: readonly RollupSession[];
  voids: readonly RollupVoid[];
  followUps: readonly RollupFollowUp[];
};

// A void counts only for the kind of record it names.
export const voidedIds = (voids: readonly RollupVoid[], target: Void['target']): Set<string> =>
  new Set(voids.filter((v) => v.target === target).map((v) => v.targetId));

// Sessions carry a date; a session's instant for "last activity" is noon of that day in the commune's zone.
const bump = <K, V>(m: Map<K, V>, key: K, make: () => V, f: (v: V) => void) => {
  let v = m.get(key);
  if (!v) m.set(key, (v = make()));
  f(v);
};

export const activityRollup = (
  visits: readonly RollupVisit[],
  sessions: readonly RollupSession[],
  voids: readonly RollupVoid[],
): Pick<VillageRollup, 'activity' | 'dossiers' | 'sessionKinds' | 'attendance' | 'reach' | 'lastActivity'> => {
  const voidedVisits = voidedIds(voids, 'visit');
  const voidedSessions = voidedIds(voids, 'session');
  const activity = new Map<string, DayActivity>();
  const dossiers = new Map<string, DayDossiers>();
  const kinds = new Map<string, DaySessionKind>();
  const attendance = new Map<string, Attendance>();
  const last = new Map<string, number>();
  const seen = (memberId: string, at: number) => last.set(memberId, Math.max(last.get(memberId) ?? 0, at));
  for (const v of visits) {
    if (voidedVisits.has(v.id)) continue;
    const day = localDate(v.at);
    bump(activity, `${v.villageId}|${v.memberId}|${day}`, () => ({ villageId: v.villageId, memberId: v.memberId, day, visits: 0, minutes: 0, sessions: 0, attendees: 0 }), (a) => {
      a.visits += 1;
      a.minutes += v.minutes;
    });
    for (const d of v.dossiers)
      bump(dossiers, `${v.villageId}|${day}|${d.field}`, () => ({ villageId: v.villageId, day, field: d.field, count: 0 }), (x) => void (x.count += d.count));
    seen(v.memberId, v.at);
  }
  for (const s of sessions) {
    if (voidedSessions.has(s.id)) continue;
    bump(activity, `${s.villageId}|${s.memberId}|${s.date}`, () => ({ villageId: s.villageId, memberId: s.memberId, day: s.date, visits: 0, minutes: 0, sessions: 0, attendees: 0 }), (a) => {
      a.sessions += 1;
      a.attendees += s.attendees;
    });
    bump(kinds, `${s.villageId}|${s.date}|${s.kind}`, () => ({ villageId: s.villageId, day: s.date, kind: s.kind, sessions: 0, attendees: 0 }), (k) => {
      k.sessions += 1;
      k.attendees += s.attendees;
    });
    for (const r of s.residentIds) attendance.set(`${r}|${s.date}`, { villageId: s.villageId, residentId: r, day: s.date });
    seen(s.memberId, Date.parse(`${s.date}T12:00:00+07:00`));
  }
  const reached = new Map<string, Set<string>>();
  const villageOf = new Map<string, string>();
  for (const a of attendance.values())
    for (const key of standardKeysOf(a.day)) {
      const k = `${a.villageId}|${key}`;
      villageOf.set(k, a.villageId);
      bump(reached, k, () => new Set<string>(), (set) => void set.add(a.residentId));
    }
  return {
    activity: [...activity.values()],
    dossiers: [...dossiers.values()],
    sessionKinds: [...kinds.values()],
    attendance: [...attendance.values()],
    reach: [...reached].map(([k, set]) => ({ villageId: villageOf.get(k)!, periodKey: k.slice(k.indexOf('|') + 1), reached: set.size })),
    lastActivity: [...last].map(([memberId, at]) => ({ memberId, at })),
  };
};

// Cells done per week (by when they were set), for live subjects eligible in `asOfYear`: summed from the first
// week, they give the numerator as it stood at the end of each week (a cell that changed since counts by its
// latest change, so the past is as the current records tell it).
export const weekDoneRollup = (
  catalogue: readonly CatalogueItem[],
  households: readonly TallyHousehold[],
  residents: readonly TallyResident[],
  cells: readonly TallyCell[],
  asOfYear: number,
): WeekDone[] => {
  const items = new Map(catalogue.filter((i) => !i.retired).map((i) => [i.id, i]));
  const liveH = new Map(households.filter((h) => !h.removed).map((h) => [h.id, h]));
  const liveR = new Map(residents.filter((r) => !r.removed && liveH.has(r.householdId)).map((r) => [r.id, r]));
  const out = new Map<string, WeekDone>();
  for (const c of effectiveCells(cells)) {
    if (c.state !== 'done') continue;
    const item = items.get(c.itemId);
    if (!item) continue;
    let ok = false;
    if (item.level === 'resident') {
      const r = c.residentId ? liveR.get(c.residentId) : undefined;
      ok = !!r && isEligible(item.rule, r, asOfYear);
    } else {
      const h = c.residentId === null ? liveH.get(c.householdId) : undefined;
      ok = !!h && isEligible(item.rule, h, asOfYear);
    }
    if (!ok) continue;
    const week = weekOfMs(c.at);
    bump(out, `${c.villageId}|${c.itemId}|${week}`, () => ({ villageId: c.villageId, itemId: c.itemId, week, count: 0 }), (w) => void (w.count += 1));
  }
  return [...out.values()];
};

export const followUpRollup = (followUps: readonly RollupFollowUp[], liveHouseholds: ReadonlySet<string>): FollowUpDue[] => {
  const out = new Map<string, FollowUpDue>();
  for (const f of followUps) {
    if (f.status !== 'open' || !liveHouseholds.has(f.householdId)) continue;
    bump(out, `${f.villageId}|${f.dueOn}`, () => ({ villageId: f.villageId, dueOn: f.dueOn, open: 0 }), (x) => void (x.open += 1));
  }
  return [...out.values()];
};

// A village's rollup comes in three parts, each rebuilt only when the records it is made from change: the people
// (households, residents, checklist → counts, tallies, trend), the follow-ups (which also depend on which
// households are live) and the activity (visits, sessions, voids).
export const ROLLUP_PARTS = ['people', 'followups', 'activity'] as const;
export type RollupPart = (typeof ROLLUP_PARTS)[number];

// Which parts a change to a synced table touches.
export const partsOfTable = (table: string): RollupPart[] =>
  table === 'households'
    ? ['people', 'followups']
    : table === 'residents' || table === 'checklist'
      ? ['people']
      : table === 'followups'
        ? ['followups']
        : table === 'visits' || table === 'sessions' || table === 'voids'
          ? ['activity']
          : [...ROLLUP_PARTS];

// Which records each part needs.
export const RECORDS_OF: Record<RollupPart, readonly (keyof VillageRecords)[]> = {
  people: ['households', 'residents', 'cells'],
  followups: ['households', 'followUps'],
  activity: ['visits', 'sessions', 'voids'],
};

export type PartialRollup = { villageId: string } & Partial<Omit<VillageRollup, 'villageId'>>;

export const villageRollupParts = (
  villageId: string,
  catalogue: readonly CatalogueItem[],
  r: Partial<VillageRecords>,
  asOfYear: number,
  parts: ReadonlySet<RollupPart>,
): PartialRollup => {
  const out: PartialRollup = { villageId };
  const households = r.households ?? [];
  const liveIds = new Set(households.filter((h) => !h.removed).map((h) => h.id));
  if (parts.has('people')) {
    const residents = r.residents ?? [];
    const cells = r.cells ?? [];
    out.households = liveIds.size;
    out.residents = residents.filter((x) => !x.removed && liveIds.has(x.householdId)).length;
    out.tallies = computeTallies(catalogue, households, residents, cells, asOfYear, [villageId]);
    out.weekDone = weekDoneRollup(catalogue, households, residents, cells, asOfYear);
  }
  if (parts.has('followups')) out.followUps = followUpRollup(r.followUps ?? [], liveIds);
  if (parts.has('activity')) Object.assign(out, activityRollup(r.visits ?? [], r.sessions ?? [], r.voids ?? []));
  return out;
};

// Everything kept for one village.
export const villageRollup = (villageId: string, catalogue: readonly CatalogueItem[], r: VillageRecords, asOfYear: number): VillageRollup =>
  villageRollupParts(villageId, catalogue, r, asOfYear, new Set(ROLLUP_PARTS)) as VillageRollup;
