import type { MigrationDb } from './db.ts';

// Monthly report rollups, so a long period (a half-year, a year) sums a few rows per village instead of one per
// day, and distinct residents reached per standard period. Derived like the daily ones: the rollups' format
// version (src/server/reports/rollups.ts) changes with this migration, so every commune is rebuilt once.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('report_village_month')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    .addColumn('dossiers', 'integer', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_village_month_pk', ['commune_id', 'village_id', 'month'])
    .execute();
  await db.schema.createIndex('report_village_month_month').on('report_village_month').columns(['commune_id', 'month']).execute();

  await db.schema
    .createTable('report_dossiers_month')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_dossiers_month_pk', ['commune_id', 'village_id', 'month', 'field'])
    .execute();
  await db.schema.createIndex('report_dossiers_month_month').on('report_dossiers_month').columns(['commune_id', 'month']).execute();

  await db.schema
    .createTable('report_session_kinds_month')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_session_kinds_month_pk', ['commune_id', 'village_id', 'month', 'kind'])
    .execute();
  await db.schema.createIndex('report_session_kinds_month_month').on('report_session_kinds_month').columns(['commune_id', 'month']).execute();
  // The daily table is read by date range too (a custom period's partial months).
  await db.schema.createIndex('report_session_kinds_day').on('report_session_kinds').columns(['commune_id', 'day']).execute();

  await db.schema
    .createTable('report_activity_month')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_activity_month_pk', ['commune_id', 'village_id', 'member_id', 'month'])
    .execute();
  await db.schema.createIndex('report_activity_month_month').on('report_activity_month').columns(['commune_id', 'month']).execute();

  await db.schema
    .createTable('report_reach')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('reached', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_reach_pk', ['commune_id', 'village_id', 'period_key'])
    .execute();
  await db.schema.createIndex('report_reach_period').on('report_reach').columns(['commune_id', 'period_key']).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.dropIndex('report_session_kinds_day').ifExists().execute();
  for (const t of ['report_reach', 'report_activity_month', 'report_session_kinds_month', 'report_dossiers_month', 'report_village_month'])
    await db.schema.dropTable(t).ifExists().execute();
};
