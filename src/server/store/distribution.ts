import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

// How the tables spread over a distributed PostgreSQL (docs/scaling.md). A commune is the unit of everything a
// phone syncs and an officer reads, so the commune is the distribution key: each commune's rows live together on
// one node, and every sync query names its commune. Three kinds of table:
// - by commune: hash-distributed on commune_id; its primary key and every unique index include commune_id.
// - reference: small, read everywhere, written rarely; a copy on every node (Citus reference tables).
// - accounts: found by a token, a username or an invite code before the commune is known; kept as reference
//   tables too (they are small: a row per member, device or invite, not per household or visit).
export const BY_COMMUNE = [
  // synced records and what phones pull
  'villages', 'catalogue', 'targets', 'households', 'residents', 'checklist', 'followups', 'visits', 'sessions', 'voids', 'tombstones',
  // what pushes leave behind
  'rejections', 'flags', 'move_drains',
  // the reports' rollups, history and texts
  'report_state', 'report_village', 'report_tally', 'report_week_done', 'report_week_total', 'report_activity', 'report_activity_month',
  'report_village_day', 'report_village_month', 'report_dossiers', 'report_dossiers_month', 'report_session_kinds', 'report_session_kinds_month',
  'report_attendance', 'report_followups', 'report_last_activity', 'report_reach', 'report_texts', 'report_history', 'report_submissions',
  'report_asof_state', 'report_asof_village', 'report_asof_tally', 'report_asof_week',
] as const satisfies readonly (keyof Database)[];

export const REFERENCE = ['provinces', 'communes', 'province_indicators', 'province_targets'] as const satisfies readonly (keyof Database)[];

export const ACCOUNTS = ['members', 'member_villages', 'teams', 'devices', 'login_tokens', 'invites', 'auth_attempts', 'audit_log'] as const satisfies readonly (keyof Database)[];

// The migrator's own bookkeeping (not ours to distribute).
export const MIGRATOR = ['kysely_migration', 'kysely_migration_lock'] as const;

// Plain PostgreSQL standing in for Citus: every by-commune table becomes hash-partitioned on commune_id in
// `partitions` parts, keeping its name, columns, primary key and indexes (their definitions replayed on the
// partitioned table). Declarative partitioning refuses a primary key or unique index without the partition column,
// exactly the rule Citus imposes, so a table that breaks it fails here. Run once on a schema at its newest version
// (DATABASE_PARTITIONS=N at start-up); later migrations apply to the partitioned tables as to plain ones.
export const partitionByCommune = async (db: Kysely<Database>, partitions: number): Promise<string[]> => {
  if (!Number.isInteger(partitions) || partitions < 2 || partitions > 256) throw new Error('partitions: a whole number from 2 to 256');
  const done: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const table of BY_COMMUNE) {
      const kind = await sql<{ relkind: string }>`select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relname = ${table}`.execute(trx);
      if (kind.rows[0]?.relkind !== 'r') continue; // already partitioned (or absent)
      const pk = await sql<{ name: string; def: string }>`
        select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
        where conrelid = (quote_ident(current_schema()) || '.' || quote_ident(${table}))::regclass and contype = 'p'`.execute(trx);
      const indexes = await sql<{ name: string; def: string }>`
        select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = ${table}
          and not exists (select 1 from pg_constraint k where k.conname = i.indexname and k.contype = 'p')`.execute(trx);
      const flat = `${table}__flat`;
      await sql`alter table ${sql.id(table)} rename to ${sql.id(flat)}`.execute(trx);
      for (const k of pk.rows) await sql`alter table ${sql.id(flat)} drop constraint ${sql.id(k.name)}`.execute(trx);
      for (const i of indexes.rows) await sql`drop index ${sql.id(i.name)}`.execute(trx);
      await sql`create table ${sql.id(table)} (like ${sql.id(flat)} including defaults including constraints) partition by hash (commune_id)`.execute(trx);
      for (let r = 0; r < partitions; r++)
        await sql`create table ${sql.id(`${table}__p${r}`)} partition of ${sql.id(table)} for values with (modulus ${sql.lit(partitions)}, remainder ${sql.lit(r)})`.execute(trx);
      for (const k of pk.rows) await sql`alter table ${sql.id(table)} add constraint ${sql.id(k.name)} ${sql.raw(k.def)}`.execute(trx);
      for (const i of indexes.rows) await sql.raw(i.def).execute(trx);
      await sql`insert into ${sql.id(table)} select * from ${sql.id(flat)}`.execute(trx);
      await sql`drop table ${sql.id(flat)}`.execute(trx);
      done.push(table);
    }
  });
  return done;
};
