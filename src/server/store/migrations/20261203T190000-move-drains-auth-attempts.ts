import type { MigrationDb } from './db.ts';

// move_drains: when a member is moved out of a village, each of their phones may still send edits made there before
// the move, but only while that phone drains its outbox: the window opens at the phone's first push after the move
// (server time) and closes a few minutes later. The phone's clock decides nothing (a stamp can be backdated).
// auth_attempts: sign-in and join attempts, counted before the password or code is checked and kept in the database,
// so concurrent guesses and several server processes share one count.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('move_drains')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('moved_at', 'bigint', (c) => c.notNull())
    .addColumn('drain_until', 'bigint')
    .addPrimaryKeyConstraint('move_drains_pk', ['commune_id', 'device_id', 'village_id', 'moved_at'])
    .execute();
  await db.schema.createIndex('move_drains_device').on('move_drains').columns(['device_id']).execute();
  await db.schema
    .createTable('auth_attempts')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('auth_attempts_pk', ['key', 'id'])
    .execute();
  await db.schema.createIndex('auth_attempts_key_at').on('auth_attempts').columns(['key', 'at']).execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.dropTable('auth_attempts').ifExists().execute();
  await db.schema.dropTable('move_drains').ifExists().execute();
};
