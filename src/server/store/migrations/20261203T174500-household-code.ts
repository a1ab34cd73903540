import type { MigrationDb } from './db.ts';

// Roster import: the commune's own household code (Mã hộ), which a re-imported list is matched by.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema.alterTable('households').addColumn('code', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.createIndex('households_code').on('households').columns(['commune_id', 'village_id', 'code']).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.dropIndex('households_code').ifExists().execute();
  await db.schema.alterTable('households').dropColumn('code').execute();
};
