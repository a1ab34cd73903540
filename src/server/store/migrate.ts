import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { DbKind } from './open.ts';
import type { Database } from './schema.ts';

// Brings the database to the newest schema; the migrator's own lock makes concurrent starts safe on PostgreSQL.
// On PostgreSQL the migrator's bookkeeping tables are looked for in the connection's own schema: left to itself it
// would take another schema's tables in the same database for ours and skip creating them.
export const migrate = async (db: Kysely<Database>, kind: DbKind = 'sqlite'): Promise<string[]> => {
  const schema =
    kind === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  // Migrations written side by side (different areas, different days) may land out of name order; each is
  // self-contained, so one that has not run yet is run even if a later-named one already has.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
};
