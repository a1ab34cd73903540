import type { MigrationDb } from './db.ts';

// The commune's done cells per item and week (the dashboard's trend), kept up to date by the differences each
// village's rebuild makes, so a year's trend reads a few hundred rows instead of every village's weeks; and a
// covering index for the team-activity window (last 30 days per member).
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('report_week_total')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_week_total_pk', ['commune_id', 'week', 'item_id'])
    .execute();
  await db.schema.createIndex('report_activity_cover').on('report_activity').columns(['commune_id', 'day', 'member_id', 'visits', 'sessions']).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.dropIndex('report_activity_cover').ifExists().execute();
  await db.schema.dropTable('report_week_total').ifExists().execute();
};
