import type { MigrationDb } from './db.ts';

// Administrative units as data: a commune's official code (what a province's unit list is matched by, so a
// re-import changes nothing and a new name is a rename) and whether it is retired (merged away or dissolved: its
// records and reports stay).
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema.alterTable('communes').addColumn('code', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('communes').addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('communes_code').on('communes').columns(['province_id', 'code']).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.dropIndex('communes_code').ifExists().execute();
  await db.schema.alterTable('communes').dropColumn('retired').execute();
  await db.schema.alterTable('communes').dropColumn('code').execute();
};
