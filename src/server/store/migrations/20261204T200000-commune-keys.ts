import { PostgresAdapter } from 'kysely';
import type { MigrationDb } from './db.ts';

// Every table keyed by commune carries the commune in its primary key (docs/scaling.md): a distributed
// PostgreSQL (Citus, or plain declarative partitioning) requires the distribution column in every primary key and
// unique index. Three tables did not: device rejections, flagged records and submitted reports. PostgreSQL gets the
// new primary keys; SQLite, which is never distributed and cannot change a primary key in place, gets the same
// columns as a unique index, so the same ON CONFLICT targets work on both.
type Db = MigrationDb;

const KEYS = [
  { table: 'rejections', old: 'rejections_pk', columns: ['commune_id', 'device_id', 'seq'], oldColumns: ['device_id', 'seq'] },
  { table: 'flags', old: 'flags_pkey', columns: ['commune_id', 'id'], oldColumns: ['id'] },
  { table: 'report_submissions', old: 'report_submissions_pkey', columns: ['commune_id', 'id'], oldColumns: ['id'] },
] as const;

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export const up = async (db: Db): Promise<void> => {
  for (const k of KEYS) {
    if (isPostgres(db)) {
      await db.schema.alterTable(k.table).dropConstraint(k.old).execute();
      await db.schema.alterTable(k.table).addPrimaryKeyConstraint(`${k.table}_pk`, [...k.columns]).execute();
    } else {
      await db.schema.createIndex(`${k.table}_commune_key`).on(k.table).columns([...k.columns]).unique().execute();
    }
  }
};

export const down = async (db: Db): Promise<void> => {
  for (const k of KEYS) {
    if (isPostgres(db)) {
      await db.schema.alterTable(k.table).dropConstraint(`${k.table}_pk`).execute();
      await db.schema.alterTable(k.table).addPrimaryKeyConstraint(k.old, [...k.oldColumns]).execute();
    } else {
      await db.schema.dropIndex(`${k.table}_commune_key`).execute();
    }
  }
};
