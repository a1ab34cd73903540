import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { DbKind } from './open.ts';
import type { ByName } from './schema.ts';

// A Kysely that only builds SQL (it has no connection: prepare() compiles its queries and an Exec runs them) for
// the statements whose tables and columns are names taken from the codecs at run time (see ByName in schema.ts).
// Same adapter and compiler as the store's dialect, so the SQL is what the store's own Kysely would write.
const builders = new Map<DbKind, Kysely<ByName>>();

export const byName = (kind: DbKind): Kysely<ByName> => {
  let b = builders.get(kind);
  if (!b) {
    const pg = kind === 'postgres';
    b = new Kysely<ByName>({
      dialect: {
        createAdapter: () => (pg ? new PostgresAdapter() : new SqliteAdapter()),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => (pg ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
        createQueryCompiler: () => (pg ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
      },
    });
    builders.set(kind, b);
  }
  return b;
};
