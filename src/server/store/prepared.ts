import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

// Queries on the sync path run hundreds of thousands of times with the same shape. Building and compiling them
// with Kysely each time costs more than SQLite takes to run them, so each shape is built once (still by Kysely, so
// the SQL is right for SQLite and PostgreSQL alike) with named placeholders, and later runs only fill in values.
//
//   const q = prepare((p) => db.selectFrom('visits').selectAll().where('id', '=', p('id')));
//   const { rows } = await q.run(exec, { id: 'v1' });
//
// `exec` runs SQL text: through Kysely (PostgreSQL, or anything inside a Kysely transaction on PostgreSQL), or
// straight on a better-sqlite3 connection (Store.exec), which skips Kysely's per-query machinery.
export type Exec = (sql: string, params: readonly unknown[]) => Promise<{ rows: unknown[] }> | { rows: unknown[] };

export const kyselyExec =
  (db: Kysely<Database>): Exec =>
  (sqlText, params) =>
    db.executeQuery(CompiledQuery.raw(sqlText, [...params]));

const MARK = '\u0000param:';
type Slot = { name: string } | { value: unknown };

export type Prepared<R> = { run: (exec: Exec, values: Record<string, unknown>) => Promise<{ rows: R[] }> };

export const prepare = <R = Record<string, unknown>>(build: (p: (name: string) => string) => Compilable<unknown>): Prepared<R> => {
  let compiled: { sql: string; slots: Slot[] } | undefined;
  return {
    run: async (exec, values) => {
      if (!compiled) {
        const q = build((name) => `${MARK}${name}`).compile();
        // A placeholder becomes a named slot; a constant the builder put in (the 1 of version + 1) stays as it is.
        const slots = q.parameters.map((v): Slot => (typeof v === 'string' && v.startsWith(MARK) ? { name: v.slice(MARK.length) } : { value: v }));
        compiled = { sql: q.sql, slots };
      }
      const params = compiled.slots.map((slot) => {
        if (!('name' in slot)) return slot.value;
        if (!(slot.name in values)) throw new Error(`prepared query misses "${slot.name}"`);
        return values[slot.name];
      });
      return (await exec(compiled.sql, params)) as { rows: R[] };
    },
  };
};
