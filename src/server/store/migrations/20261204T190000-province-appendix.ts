import type { MigrationDb } from './db.ts';

// Reports a province can paste: the province's own list of indicators (its row number and name in the appendix
// "PHỤ LỤC 01"), the targets it sets once for every commune (the scheme's, this year's, next year's), and each
// submission of a commune's periodic report with the snapshot of what was sent.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('province_indicators')
    .addColumn('province_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('row_no', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo('%'))
    .addPrimaryKeyConstraint('province_indicators_pk', ['province_id', 'item_id'])
    .execute();
  await db.schema
    .createTable('province_targets')
    .addColumn('province_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scheme', 'double precision')
    .addColumn('scheme_due', 'text', (c) => c.notNull())
    .addColumn('this_year', 'double precision')
    .addColumn('next_year', 'double precision')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('province_targets_pk', ['province_id', 'item_id', 'year'])
    .execute();
  await db.schema
    .createTable('report_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_submissions_period').on('report_submissions').columns(['commune_id', 'period_key', 'submitted_at']).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.dropTable('report_submissions').ifExists().execute();
  await db.schema.dropTable('province_targets').ifExists().execute();
  await db.schema.dropTable('province_indicators').ifExists().execute();
};
