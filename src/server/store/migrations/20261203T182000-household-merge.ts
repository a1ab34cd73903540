import type { MigrationDb } from './db.ts';

// Household merge: a merged household (and a resident who was the same person as one in the survivor) keeps its
// row, removed, with the id it was merged into, so edits a phone made offline still find their way.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema.alterTable('households').addColumn('merged_into', 'text').execute();
  await db.schema.alterTable('residents').addColumn('merged_into', 'text').execute();
  await db.schema.createIndex('checklist_household').ifNotExists().on('checklist').columns(['commune_id', 'household_id']).execute();
  await db.schema.createIndex('followups_household').ifNotExists().on('followups').columns(['commune_id', 'household_id']).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.dropIndex('followups_household').ifExists().execute();
  await db.schema.dropIndex('checklist_household').ifExists().execute();
  await db.schema.alterTable('residents').dropColumn('merged_into').execute();
  await db.schema.alterTable('households').dropColumn('merged_into').execute();
};
