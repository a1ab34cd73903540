import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CellState, FollowUpStatus, ItemLevel, Language, ProcedureField, Role, SessionKind, Sex, VillageKind } from '../../core/model/enums.ts';
import type { Void } from '../../core/model/visit.ts';

// Every table typed once; the database type is built from them. The same columns exist on SQLite and PostgreSQL:
// times are epoch milliseconds (bigint), booleans are 0/1 integers (better-sqlite3 cannot bind booleans), nested
// lists and field clocks are JSON text. Synced records are keyed by (commune_id, id), so an id sent from another
// commune can never collide with, read or overwrite a row here; commune_id is also the distribution key for a
// partitioned PostgreSQL (docs/design.md §3).
type Bool = 0 | 1;
type Json = string;
type Ms = number;

export type ProvinceTable = { id: string; name: string; created_at: Ms };

// version: bumped under a row lock by every change in the commune (the pull cursor). horizon: tombstones at or
// below it may have been purged, so a cursor below it starts again.
export type CommuneTable = {
  id: string;
  province_id: string;
  name: string;
  kind: string;
  version: Generated<number>;
  horizon: Generated<number>;
  created_at: Ms;
  // Official code of the unit ('' when not known) and retired (0/1): migration 20261203T184500-commune-codes.
  code: Generated<string>;
  retired: Generated<Bool>;
  // Days without a sync before a device counts as silent (migration 20261204T201500-silent-days).
  silent_days: Generated<number>;
};

// Columns every synced row carries.
type Synced = { commune_id: string; id: string; version: number; updated_at: Ms };
// LWW rows keep one clock per field (JSON object field → HLC).
type Merged = Synced & { clocks: Json };
// Insert-only rows remember which device and member sent them.
type Received = Synced & { device_id: string | null; received_at: Ms };

export type VillageTable = Synced & { name: string; kind: VillageKind; retired: Bool };

export type TeamTable = { id: string; commune_id: string; name: string; village_ids: Json; created_at: Ms; updated_at: Ms };

// A person: a team member (joined by invite, no password) or an officer/admin/trainer (username + scrypt hash).
// commune_id is null for a province admin. village_ids mirrors the open rows of member_villages (what a phone sees).
export type MemberTable = {
  id: string;
  commune_id: string | null;
  province_id: string;
  team_id: string | null;
  display_name: string;
  role: Role;
  village_ids: Json;
  username: string | null;
  password_hash: string | null;
  version: number;
  created_at: Ms;
  updated_at: Ms;
  disabled_at: Ms | null;
};

// Which villages a member works in, and since/until when: the open rows are the scope; a closed row still lets an
// edit stamped before `until` through (the member did it while working there).
export type MemberVillageTable = { member_id: string; village_id: string; commune_id: string; since: Ms; until: Ms | null };

// A phone's window for edits made in a village its member was moved out of (migration 20261203T174500).
export type MoveDrainTable = { commune_id: string; device_id: string; village_id: string; moved_at: Ms; drain_until: Ms | null };

// One sign-in or join attempt under a rate-limit key; deleted again when it succeeds.
export type AuthAttemptTable = { key: string; id: string; at: Ms };

export type DeviceTable = {
  id: string;
  member_id: string;
  commune_id: string | null;
  // sha-256 (hex) of the opaque token; null for an officer's browser, which authenticates with a login token.
  token_hash: string | null;
  label: string;
  last_seq: number;
  last_sync_at: Ms | null;
  app_build: string | null;
  created_at: Ms;
  expires_at: Ms;
  revoked_at: Ms | null;
};

export type InviteTable = {
  code: string;
  commune_id: string;
  village_id: string;
  team_id: string | null;
  role: string;
  uses: number;
  used: number;
  expires_at: Ms;
  created_by: string | null;
  created_at: Ms;
  revoked_at: Ms | null;
};

export type LoginTokenTable = {
  token_hash: string;
  member_id: string;
  device_id: string | null;
  created_at: Ms;
  expires_at: Ms;
  revoked_at: Ms | null;
};

// One copy of each checklist item per commune (the defaults are copied in, owner null), so a commune can retire or
// add items and its phones receive them by pull like any other change.
export type CatalogueTable = Synced & {
  owner: string | null;
  level: ItemLevel;
  rule: Json;
  ord: number;
  label: Json;
  short: Json;
  retired: Bool;
};

export type TargetTable = Synced & { item_id: string; unit: string; value: number; due_on: string; source: string };

export type HouseholdTable = Merged & {
  village_id: string;
  house_label: string;
  code: string;
  head_name: string;
  phone: string;
  flags: Json;
  notes: string;
  removed: Bool;
  merged_into: string | null;
  merge_undo: string | null;
};

export type ResidentTable = Merged & {
  village_id: string;
  household_id: string;
  label: string;
  birth_year: number;
  sex: Sex | null;
  removed: Bool;
  merged_into: string | null;
};

export type ChecklistTable = Merged & {
  village_id: string;
  household_id: string;
  resident_id: string | null;
  item_id: string;
  state: CellState;
  set_by: string;
  set_at: Ms;
};

export type FollowupTable = Merged & {
  village_id: string;
  household_id: string;
  due_on: string;
  status: FollowUpStatus;
  visit_id: string | null;
  note: string;
};

export type VisitTable = Received & {
  village_id: string;
  household_id: string;
  member_id: string;
  member_name: string;
  at: Ms;
  items: Json;
  dossiers: Json;
  language: Language;
  minutes: number;
  note: string;
  follow_up_on: string | null;
  replaces: string | null;
  redacted_at: Ms | null;
};

export type SessionTable = Received & {
  village_id: string;
  member_id: string;
  member_name: string;
  kind: SessionKind;
  topics: Json;
  attendees: number;
  resident_ids: Json;
  date: string;
  place: string;
  note: string;
  replaces: string | null;
  redacted_at: Ms | null;
};

export type VoidTable = Received & {
  village_id: string;
  target: Void['target'];
  target_id: string;
  member_id: string;
  at: Ms;
  reason: string;
};

// A pushed mutation refused for good (invalid, out of scope…): kept so a resend gets the same answer and the
// officer can see what a phone could not send.
export type RejectionTable = {
  device_id: string;
  seq: number;
  commune_id: string;
  name: string;
  record_id: string;
  mutation: Json;
  reason: string;
  issues: Json | null;
  at: Ms;
};

// An insert-only record that arrived again with a different body: kept aside for a person, never applied.
export type FlagTable = {
  id: string;
  commune_id: string;
  tbl: string;
  record_id: string;
  village_id: string | null;
  incoming: Json;
  device_id: string;
  member_id: string;
  seq: number;
  at: Ms;
  resolved_at: Ms | null;
};

// A row removed from a synced table, so phones remove it too; purged after the retention window (the horizon).
export type TombstoneTable = { commune_id: string; tbl: string; id: string; village_id: string | null; version: number; deleted_at: Ms };

export type AuditTable = {
  id: string;
  at: Ms;
  commune_id: string | null;
  actor_id: string | null;
  action: string;
  subject: string;
  details: Json;
};

// The report tables (migration 20261123T120000-report-rollups and later), rebuilt from the synced tables.
export type ReportTables = {
  report_state: { commune_id: string; rolled_version: number; rules_key: string; rolled_at: Ms };
  report_village: { commune_id: string; village_id: string; households: number; residents: number; rolled_at: Ms };
  report_tally: { commune_id: string; village_id: string; item_id: string; numerator: number; denominator: number };
  report_week_done: { commune_id: string; village_id: string; item_id: string; week: string; count: number };
  report_activity: { commune_id: string; village_id: string; member_id: string; day: string; visits: number; minutes: number; sessions: number; attendees: number };
  report_village_day: { commune_id: string; village_id: string; day: string; visits: number; dossiers: number; sessions: number; attendees: number };
  report_dossiers: { commune_id: string; village_id: string; day: string; field: ProcedureField; count: number };
  report_session_kinds: { commune_id: string; village_id: string; day: string; kind: SessionKind; sessions: number; attendees: number };
  report_attendance: { commune_id: string; village_id: string; resident_id: string; day: string };
  report_followups: { commune_id: string; village_id: string; due_on: string; open: number };
  report_last_activity: { commune_id: string; village_id: string; member_id: string; at: Ms };
  report_village_month: { commune_id: string; village_id: string; month: string; visits: number; dossiers: number; sessions: number; attendees: number };
  report_dossiers_month: { commune_id: string; village_id: string; month: string; field: ProcedureField; count: number };
  report_session_kinds_month: { commune_id: string; village_id: string; month: string; kind: SessionKind; sessions: number; attendees: number };
  report_activity_month: { commune_id: string; village_id: string; member_id: string; month: string; visits: number; minutes: number; sessions: number; attendees: number };
  report_week_total: { commune_id: string; item_id: string; week: string; count: number };
  report_reach: { commune_id: string; village_id: string; period_key: string; reached: number };
  report_texts: { commune_id: string; period_key: string; difficulties: string; proposals: string; updated_at: Ms; updated_by: string | null };
  // Every write of a household, resident or checklist cell with its stamp (migration 20261203T183000-report-history),
  // and the figures as of a period's end made from them (reports/as-of.ts).
  report_history: { commune_id: string; village_id: string; tbl: string; record_id: string; hlc: string; stamp: Ms; received_at: Ms; version: number; data: Json };
  report_asof_state: { commune_id: string; end_ms: Ms; rules_key: string; version: number; late_count: number; late_at: Ms | null; rolled_at: Ms };
  report_asof_village: { commune_id: string; end_ms: Ms; village_id: string; households: number; residents: number };
  report_asof_tally: { commune_id: string; end_ms: Ms; village_id: string; item_id: string; numerator: number; denominator: number };
  report_asof_week: { commune_id: string; end_ms: Ms; village_id: string; item_id: string; week: string; count: number };
  report_submissions: { id: string; commune_id: string; period_key: string; submitted_at: Ms; submitted_by: string | null; snapshot: string };
  province_indicators: { province_id: string; item_id: string; row_no: string; name: string; unit: string };
  province_targets: {
    province_id: string;
    item_id: string;
    year: number;
    scheme: number | null;
    scheme_due: string;
    this_year: number | null;
    next_year: number | null;
    source: string;
    updated_at: Ms;
    updated_by: string | null;
  };
};

// The generic statements (push-tx.ts, changes.ts, commune-write.ts, reports/rollups.ts) take their tables and
// columns from the codecs (codecs.ts) or a table list at run time; they are built by a Kysely that only compiles
// (by-name.ts) and sees the database as tables of values by column name.
export type ByName = Record<string, Record<string, unknown>>;

export type Database = ReportTables & {
  provinces: ProvinceTable;
  communes: CommuneTable;
  villages: VillageTable;
  teams: TeamTable;
  members: MemberTable;
  member_villages: MemberVillageTable;
  move_drains: MoveDrainTable;
  auth_attempts: AuthAttemptTable;
  devices: DeviceTable;
  invites: InviteTable;
  login_tokens: LoginTokenTable;
  catalogue: CatalogueTable;
  targets: TargetTable;
  households: HouseholdTable;
  residents: ResidentTable;
  checklist: ChecklistTable;
  followups: FollowupTable;
  visits: VisitTable;
  sessions: SessionTable;
  voids: VoidTable;
  rejections: RejectionTable;
  flags: FlagTable;
  tombstones: TombstoneTable;
  audit_log: AuditTable;
};

export type Member = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type MemberUpdate = Updateable<MemberTable>;
export type Device = Selectable<DeviceTable>;
export type Invite = Selectable<InviteTable>;
export type Commune = Selectable<CommuneTable>;
export type AuditEntry = Selectable<AuditTable>;
