import type { Kysely } from 'kysely';

// What a migration is given: it changes the schema only (db.schema) and reads no table, so it is typed with no
// tables at all rather than with today's Database (a migration must keep working after the schema moves on).
export type MigrationDb = Kysely<unknown>;
