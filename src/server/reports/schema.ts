import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

// The report tables (migration 20261123T120000-report-rollups), typed once; the reports code sees the server's
// database plus these.
type Ms = number;

export type ReportTables = {
  report_state: { commune_id: string; rolled_version: number; rules_key: string; rolled_at: Ms };
  report_village: { commune_id: string; village_id: string; households: number; residents: number; rolled_at: Ms };
  report_tally: { commune_id: string; village_id: string; item_id: string; numerator: number; denominator: number };
  report_week_done: { commune_id: string; village_id: string; item_id: string; week: string; count: number };
  report_activity: { commune_id: string; village_id: string; member_id: string; day: string; visits: number; minutes: number; sessions: number; attendees: number };
  report_village_day: { commune_id: string; village_id: string; day: string; visits: number; dossiers: number; sessions: number; attendees: number };
  report_dossiers: { commune_id: string; village_id: string; day: string; field: string; count: number };
  report_session_kinds: { commune_id: string; village_id: string; day: string; kind: string; sessions: number; attendees: number };
  report_attendance: { commune_id: string; village_id: string; resident_id: string; day: string };
  report_followups: { commune_id: string; village_id: string; due_on: string; open: number };
  report_last_activity: { commune_id: string; village_id: string; member_id: string; at: Ms };
  report_village_month: { commune_id: string; village_id: string; month: string; visits: number; dossiers: number; sessions: number; attendees: number };
  report_dossiers_month: { commune_id: string; village_id: string; month: string; field: string; count: number };
  report_session_kinds_month: { commune_id: string; village_id: string; month: string; kind: string; sessions: number; attendees: number };
  report_activity_month: { commune_id: string; village_id: string; member_id: string; month: string; visits: number; minutes: number; sessions: number; attendees: number };
  report_week_total: { commune_id: string; item_id: string; week: string; count: number };
  report_reach: { commune_id: string; village_id: string; period_key: string; reached: number };
  report_texts: { commune_id: string; period_key: string; difficulties: string; proposals: string; updated_at: Ms; updated_by: string | null };
};

export type ReportDb = Kysely<Database & ReportTables>;
export const reportDb = (db: Kysely<Database>): ReportDb => db as unknown as ReportDb;

// Rollup tables rebuilt per village (report_state and report_texts are not).
export const VILLAGE_ROLLUP_TABLES = [
  'report_tally',
  'report_week_done',
  'report_activity',
  'report_village_day',
  'report_dossiers',
  'report_session_kinds',
  'report_attendance',
  'report_followups',
  'report_last_activity',
  'report_village_month',
  'report_dossiers_month',
  'report_session_kinds_month',
  'report_activity_month',
  'report_reach',
  'report_village',
] as const;
