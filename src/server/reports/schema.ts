import type { Kysely } from 'kysely';
import type { RollupPart } from '../../core/report/rollup.ts';
import type { Database, ReportTables } from '../store/schema.ts';

// The report tables are typed with the rest of the database (store/schema.ts ReportTables, part of Database).
export type ReportDb = Kysely<Database>;

// Each rollup table: the part it belongs to, the columns that identify a row within a village, and its figures.
// (report_state, report_texts and the commune's report_week_total are not rebuilt per village.) The one list of
// them: reports/rollups.ts writes by it, the tests read by it.
export type RollupTableSpec = {
  table: keyof ReportTables;
  part: RollupPart;
  key: readonly string[];
  values: readonly string[];
};
export const VILLAGE_ROLLUPS: readonly RollupTableSpec[] = [
  { table: 'report_village', part: 'people', key: [], values: ['households', 'residents'] },
  { table: 'report_tally', part: 'people', key: ['item_id'], values: ['numerator', 'denominator'] },
  { table: 'report_week_done', part: 'people', key: ['item_id', 'week'], values: ['count'] },
  { table: 'report_followups', part: 'followups', key: ['due_on'], values: ['open'] },
  { table: 'report_activity', part: 'activity', key: ['member_id', 'day'], values: ['visits', 'minutes', 'sessions', 'attendees'] },
  { table: 'report_activity_month', part: 'activity', key: ['member_id', 'month'], values: ['visits', 'minutes', 'sessions', 'attendees'] },
  { table: 'report_village_day', part: 'activity', key: ['day'], values: ['visits', 'dossiers', 'sessions', 'attendees'] },
  { table: 'report_village_month', part: 'activity', key: ['month'], values: ['visits', 'dossiers', 'sessions', 'attendees'] },
  { table: 'report_dossiers', part: 'activity', key: ['day', 'field'], values: ['count'] },
  { table: 'report_dossiers_month', part: 'activity', key: ['month', 'field'], values: ['count'] },
  { table: 'report_session_kinds', part: 'activity', key: ['day', 'kind'], values: ['sessions', 'attendees'] },
  { table: 'report_session_kinds_month', part: 'activity', key: ['month', 'kind'], values: ['sessions', 'attendees'] },
  { table: 'report_attendance', part: 'activity', key: ['resident_id', 'day'], values: [] },
  { table: 'report_reach', part: 'activity', key: ['period_key'], values: ['reached'] },
  { table: 'report_last_activity', part: 'activity', key: ['member_id'], values: ['at'] },
];

export const VILLAGE_ROLLUP_TABLES = VILLAGE_ROLLUPS.map((s) => s.table);
