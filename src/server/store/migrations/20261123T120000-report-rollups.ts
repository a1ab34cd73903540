import type { MigrationDb } from './db.ts';

// Report rollups (src/server/reports/rollups.ts): per-village figures rebuilt from a village's records whenever
// one of them changes (found by sync version), so the officer's dashboard reads a few thousand small rows instead
// of every record of the commune; and the officer's periodic report text. Derived tables only: dropping them loses
// nothing (the next request rebuilds them) except report_texts.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  // Per commune: the sync version the rollups reflect, and what they were computed with (the catalogue's rules
  // and the year ages are reckoned in): a different key means every village is rebuilt.
  await db.schema
    .createTable('report_state')
    .addColumn('commune_id', 'text', (c) => c.primaryKey())
    .addColumn('rolled_version', 'bigint', (c) => c.notNull())
    .addColumn('rules_key', 'text', (c) => c.notNull())
    .addColumn('rolled_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_village')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('residents', 'integer', (c) => c.notNull())
    .addColumn('rolled_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_village_pk', ['commune_id', 'village_id'])
    .execute();

  await db.schema
    .createTable('report_tally')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('numerator', 'integer', (c) => c.notNull())
    .addColumn('denominator', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_tally_pk', ['commune_id', 'village_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('report_week_done')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_week_done_pk', ['commune_id', 'village_id', 'item_id', 'week'])
    .execute();
  // The trend reads the weeks from a period's start on (covering: no table lookups).
  await db.schema.createIndex('report_week_done_week').on('report_week_done').columns(['commune_id', 'week', 'item_id', 'count']).execute();

  // Per village, member and local day (team activity over the last 7/30 days).
  await db.schema
    .createTable('report_activity')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_activity_pk', ['commune_id', 'village_id', 'member_id', 'day'])
    .execute();
  await db.schema.createIndex('report_activity_day').on('report_activity').columns(['commune_id', 'day']).execute();

  // Per village and local day (the dashboard's period sums).
  await db.schema
    .createTable('report_village_day')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    .addColumn('dossiers', 'integer', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_village_day_pk', ['commune_id', 'village_id', 'day'])
    .execute();
  await db.schema.createIndex('report_village_day_day').on('report_village_day').columns(['commune_id', 'day']).execute();

  await db.schema
    .createTable('report_dossiers')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_dossiers_pk', ['commune_id', 'village_id', 'day', 'field'])
    .execute();
  await db.schema.createIndex('report_dossiers_day').on('report_dossiers').columns(['commune_id', 'day']).execute();

  await db.schema
    .createTable('report_session_kinds')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_session_kinds_pk', ['commune_id', 'village_id', 'day', 'kind'])
    .execute();

  // Residents named as attendees, by day: "residents reached" is a distinct count over the period.
  await db.schema
    .createTable('report_attendance')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_attendance_pk', ['commune_id', 'village_id', 'resident_id', 'day'])
    .execute();
  await db.schema.createIndex('report_attendance_day').on('report_attendance').columns(['commune_id', 'day']).execute();

  await db.schema
    .createTable('report_followups')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_followups_pk', ['commune_id', 'village_id', 'due_on'])
    .execute();

  await db.schema
    .createTable('report_last_activity')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_last_activity_pk', ['commune_id', 'village_id', 'member_id'])
    .execute();

  // The officer's own words for a period ("Khó khăn, vướng mắc", "Đề xuất, kiến nghị").
  await db.schema
    .createTable('report_texts')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('difficulties', 'text', (c) => c.notNull())
    .addColumn('proposals', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('report_texts_pk', ['commune_id', 'period_key'])
    .execute();

  // A village's rebuild reads its voids; the initial schema indexes them by target only.
  await db.schema.createIndex('voids_village').on('voids').columns(['commune_id', 'village_id']).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.dropIndex('voids_village').ifExists().execute();
  for (const t of [
    'report_texts', 'report_last_activity', 'report_followups', 'report_attendance', 'report_session_kinds', 'report_dossiers',
    'report_village_day', 'report_activity', 'report_week_done', 'report_tally', 'report_village', 'report_state',
  ])
    await db.schema.dropTable(t).ifExists().execute();
};
