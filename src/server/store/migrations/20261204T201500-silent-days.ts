import type { MigrationDb } from './db.ts';

// The silent-device threshold as a commune's setting: a device not synced for more than this many days counts as
// silent (3 by default, as before).
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema.alterTable('communes').addColumn('silent_days', 'integer', (c) => c.notNull().defaultTo(3)).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.alterTable('communes').dropColumn('silent_days').execute();
};
