import type { MigrationDb } from './db.ts';

// Erased notes (visit.redact, session.redact): when a visit's or a session's note was erased; null when it never was.
type Db = MigrationDb;

export const up = async (db: Db): Promise<void> => {
  await db.schema.alterTable('visits').addColumn('redacted_at', 'bigint').execute();
  await db.schema.alterTable('sessions').addColumn('redacted_at', 'bigint').execute();
};

export const down = async (db: Db): Promise<void> => {
  await db.schema.alterTable('sessions').dropColumn('redacted_at').execute();
  await db.schema.alterTable('visits').dropColumn('redacted_at').execute();
};
