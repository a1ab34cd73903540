import type { MigrationDb } from './db.ts';

// A team member's pull reads one village's changes in version order. With only (commune_id, version) SQLite and
// PostgreSQL walk every change of the commune after the cursor and look each row up to test its village; with
// (commune_id, village_id, version) they read exactly the village's rows, already in order. The old two-column
// households index is a prefix of the new one.
const TABLES = ['households', 'residents', 'checklist', 'followups', 'visits', 'sessions', 'voids'] as const;

export const up = async (db: MigrationDb): Promise<void> => {
  for (const t of TABLES) await db.schema.createIndex(`${t}_village_version`).on(t).columns(['commune_id', 'village_id', 'version']).execute();
  await db.schema.dropIndex('households_village').execute();
};

export const down = async (db: MigrationDb): Promise<void> => {
  await db.schema.createIndex('households_village').on('households').columns(['commune_id', 'village_id']).execute();
  for (const t of TABLES) await db.schema.dropIndex(`${t}_village_version`).execute();
};
