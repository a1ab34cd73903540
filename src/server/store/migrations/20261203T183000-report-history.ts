import type { MigrationDb } from './db.ts';

// Figures as of a period's end (src/core/report/as-of.ts): every write of a household, resident or checklist cell
// with its stamp (HLC and its wall time) and when the server received it; and, per commune and period end, the
// figures made from them, kept until a record of that commune changes. Indexes on (commune_id, received_at) find
// the records that arrived after a period had ended.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('report_history')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addColumn('stamp', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_history_pk', ['commune_id', 'tbl', 'record_id', 'hlc'])
    .execute();
  await db.schema.createIndex('report_history_village').on('report_history').columns(['commune_id', 'village_id', 'tbl']).execute();
  await db.schema.createIndex('report_history_version').on('report_history').columns(['commune_id', 'version']).execute();
  await db.schema.createIndex('report_history_received').on('report_history').columns(['commune_id', 'received_at', 'stamp']).execute();
  await db.schema.createIndex('visits_received').on('visits').columns(['commune_id', 'received_at', 'at']).execute();
  await db.schema.createIndex('sessions_received').on('sessions').columns(['commune_id', 'received_at', 'date']).execute();

  // One row per commune and period end: what the figures were made from (the commune's version, the rules) and
  // how many records stamped before the end arrived after it.
  await db.schema
    .createTable('report_asof_state')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('rules_key', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('late_count', 'integer', (c) => c.notNull())
    .addColumn('late_at', 'bigint')
    .addColumn('rolled_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_asof_state_pk', ['commune_id', 'end_ms'])
    .execute();
  await db.schema
    .createTable('report_asof_village')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('residents', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_asof_village_pk', ['commune_id', 'end_ms', 'village_id'])
    .execute();
  await db.schema
    .createTable('report_asof_tally')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('numerator', 'integer', (c) => c.notNull())
    .addColumn('denominator', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_asof_tally_pk', ['commune_id', 'end_ms', 'village_id', 'item_id'])
    .execute();
  await db.schema
    .createTable('report_asof_week')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_asof_week_pk', ['commune_id', 'end_ms', 'village_id', 'item_id', 'week'])
    .execute();
};

export const down = async (db: Db): Promise<void> => {
  for (const t of ['report_asof_week', 'report_asof_tally', 'report_asof_village', 'report_asof_state']) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropIndex('sessions_received').ifExists().execute();
  await db.schema.dropIndex('visits_received').ifExists().execute();
  await db.schema.dropTable('report_history').ifExists().execute();
};
