import type { MigrationDb } from './db.ts';

// Undoing a household merge within its period: the merged-away household keeps, with its redirect, what the merge
// moved and overwrote (JSON, NULL for every other household), so household.unmerge can split it back.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema.alterTable('households').addColumn('merge_undo', 'text').execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.alterTable('households').dropColumn('merge_undo').execute();
};
