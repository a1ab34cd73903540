import type { CatalogueItem } from '../model/checklist.ts';
import type { HouseholdFlag, Language, Outcome, ProcedureField, Role, SessionKind, VillageKind } from '../model/enums.ts';
import type { Period } from './period.ts';
import type { BandKey, IndicatorRow } from './rows.ts';

// The JSON the report endpoints answer with, shared by the server (which builds it), the dashboard (which shows
// it) and the XLSX/CSV writers (which turn it into the periodic report). Instants are epoch ms; dates
// 'YYYY-MM-DD' in the commune's zone.

// A device that has not synced for longer than this is flagged (docs/design.md §1: "thiết bị chưa đồng bộ quá 3 ngày").
export const STALE_DEVICE_MS = 3 * 24 * 60 * 60 * 1000;
export const ACTIVITY_WINDOWS = [7, 30] as const;

// How fresh a unit's data is: the oldest last sync among its devices (a device that never synced makes the unit
// as stale as it can be and is counted apart).
export type Freshness = {
  oldestSyncAt: number | null;
  newestSyncAt: number | null;
  devices: number;
  neverSynced: number;
  staleDevices: number;
  // The commune's silent-device threshold these were counted with (days); absent where communes are mixed.
  silentDays?: number;
};

export type VillageReport = {
  id: string;
  name: string;
  kind: VillageKind;
  households: number;
  residents: number;
  freshness: Freshness;
  followUpsOpen: number;
  followUpsOverdue: number; // open follow-ups whose date is before today
  // In the period, voided records left out:
  visits: number;
  dossiers: number;
  sessions: number;
  attendees: number; // sum of the sessions' attendee counts
  residentsReached: number; // distinct residents named as attendees of the period's sessions
};

export type DossierRow = { villageId: string; field: ProcedureField; count: number };
export type SessionKindRow = { villageId: string; kind: SessionKind; sessions: number; attendees: number };

export type TrendSeries = { itemId: string; villageId: string; added: number[]; cumulative: number[] };

export type CommuneRef = { id: string; name: string; provinceId: string; provinceName: string };

export type TalliesReport = {
  commune: CommuneRef;
  period: Period;
  dueBefore: string | null;
  generatedAt: number;
  // The instant the tallies reflect (when the rollups were last brought up to date) and the year ages are
  // reckoned in.
  asOf: number;
  asOfYear: number;
  items: CatalogueItem[]; // active items, in catalogue order
  villages: VillageReport[];
  total: VillageReport; // the commune as a whole (id '*')
  rows: IndicatorRow[]; // commune rows (villageId '*') first, then each village × item
  dossiers: DossierRow[];
  sessionKinds: SessionKindRow[];
  trend: { weeks: string[]; series: TrendSeries[] }; // commune series (villageId '*'), done cells per week
  // An ended period is counted as its records stood at its end; records made before the end that reached the
  // server after it may have moved its figures: how many, and when the last arrived. Null for a running period.
  late?: { count: number; lastAt: number | null } | null;
};

export type DeviceStatus = {
  id: string;
  memberId: string;
  memberName: string;
  label: string;
  lastSyncAt: number | null;
  revoked: boolean;
  stale: boolean; // not synced for more than STALE_DEVICE_MS (or never)
  // The server cannot know what a phone has not sent. It knows how many changes the device had sent when it
  // was last seen and over how long: `mayHold` is that pace times the days since, a rough "may be holding".
  sentTotal: number;
  mayHold: number | null;
};

export type ActivityCounts = { visits7: number; visits30: number; sessions7: number; sessions30: number; visitsInPeriod: number; sessionsInPeriod: number };

export type MemberActivity = ActivityCounts & {
  id: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  lastActivityAt: number | null;
  devices: DeviceStatus[];
};

export type TeamActivity = ActivityCounts & {
  id: string;
  name: string;
  villageIds: string[];
  inactive: boolean; // no visit and no session in the last 30 days
  members: MemberActivity[];
};

export type ActivityReport = {
  commune: CommuneRef;
  period: Period;
  generatedAt: number;
  teams: TeamActivity[];
  unassigned: MemberActivity[]; // members with no team (officers, trainers…)
  staleDevices: number;
  inactiveTeams: number;
  silentDays?: number; // the commune's silent-device threshold (days) behind `stale`
};

export type ReportText = { periodKey: string; difficulties: string; proposals: string; updatedAt: number | null; updatedBy: string | null };

// One row of the provincial appendix (built by src/core/report/appendix.ts).
export type AppendixRow = {
  no: number; // the row's place in the sheet (1, 2, …)
  rowNo: string; // TT as the province numbers it ("1", "2.1", "II.3"), or the place when the indicator is not mapped
  itemId: string;
  indicator: string;
  unit: string;
  target: number | null;
  targetThisYear: number | null;
  targetNextYear: number | null;
  result: number | null;
  ofTarget: number | null;
  bandKey: BandKey; // an officer-namespace key for the band's words
  numerator: number;
  denominator: number;
};

// The appendix-shaped sheet of an export (src/core/report/appendix.ts) and, when the period's report was submitted,
// who sent it, when, and which indicators (by item id) changed since.
export type ExportSubmission = { submittedAt: number; submittedBy: string | null; onTime: boolean | null };
export type ExportAppendix = { rows: AppendixRow[]; submission: ExportSubmission | null; changed: string[]; textChanged: boolean };

export type ExportInput = { tallies: TalliesReport; activity: ActivityReport; text: ReportText; appendix?: ExportAppendix };

// Drill-down: a village's households (read-only) and one household's visit history.
export type HouseholdSummary = {
  id: string;
  houseLabel: string;
  headName: string;
  residents: number;
  flags: HouseholdFlag[];
  removed: boolean;
  done: number; // checklist cells done
  lastVisitAt: number | null;
  followUpOn: string | null; // the earliest open follow-up
};

export type VisitEntry = {
  id: string;
  at: number;
  memberId: string;
  memberName: string;
  items: { itemId: string; outcome: Outcome; residents: number }[];
  dossiers: { field: ProcedureField; count: number }[];
  language: Language;
  minutes: number;
  note: string;
  voided: boolean;
  voidReason: string | null;
  replaces: string | null;
};
