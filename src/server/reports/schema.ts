import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

// The report tables are typed with the rest of the database (store/schema.ts ReportTables, part of Database).
export type ReportDb = Kysely<Database>;

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
