import type { Kysely } from 'kysely';

// What a migration is given. It is typed with the tables it reads or writes, as they are at that migration — never
// with today's Database, since a migration must keep working after the schema moves on; one that changes the
// schema only (db.schema) reads no table and names none.
export type MigrationDb<Tables = unknown> = Kysely<Tables>;
