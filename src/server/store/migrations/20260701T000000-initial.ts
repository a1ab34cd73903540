import type { CreateTableBuilder } from 'kysely';
import type { MigrationDb } from './db.ts';

// The first schema. Column types are chosen to mean the same on SQLite and PostgreSQL: text, integer, bigint
// (epoch ms and versions), double precision; JSON is text. Later changes go in new timestamp-named files; this
// one is never edited after release.
type Db = MigrationDb;
type T = CreateTableBuilder<string, string>;

const synced = (t: T) =>
  t
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());

const merged = (t: T) => synced(t).addColumn('clocks', 'text', (c) => c.notNull());

const received = (t: T) =>
  synced(t).addColumn('device_id', 'text').addColumn('received_at', 'bigint', (c) => c.notNull());

const key = (name: string) => (t: T) => t.addPrimaryKeyConstraint(`${name}_pk`, ['commune_id', 'id']);

// Every synced table is read by the pull in version order within a commune.
const versionIndex = (db: Db, table: string) =>
  db.schema.createIndex(`${table}_version`).on(table).columns(['commune_id', 'version']).execute();

export const up = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('provinces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('communes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('province_id', 'text', (c) => c.notNull().references('provinces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('horizon', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('communes_province').on('communes').column('province_id').execute();

  await key('villages')(
    synced(db.schema.createTable('villages'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await versionIndex(db, 'villages');

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commune_id', 'text', (c) => c.notNull().references('communes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('village_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('teams_commune').on('teams').column('commune_id').execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commune_id', 'text', (c) => c.references('communes.id'))
    .addColumn('province_id', 'text', (c) => c.notNull().references('provinces.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('village_ids', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.unique())
    .addColumn('password_hash', 'text')
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();
  await versionIndex(db, 'members');

  await db.schema
    .createTable('member_villages')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('until', 'bigint')
    .addPrimaryKeyConstraint('member_villages_pk', ['member_id', 'village_id', 'since'])
    .execute();
  await db.schema.createIndex('member_villages_village').on('member_villages').columns(['commune_id', 'village_id']).execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('commune_id', 'text')
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_sync_at', 'bigint')
    .addColumn('app_build', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('devices_member').on('devices').column('member_id').execute();
  await db.schema.createIndex('devices_commune').on('devices').columns(['commune_id', 'last_sync_at']).execute();

  await db.schema
    .createTable('invites')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('commune_id', 'text', (c) => c.notNull().references('communes.id'))
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('invites_commune').on('invites').columns(['commune_id', 'village_id']).execute();

  await db.schema
    .createTable('login_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('device_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('login_tokens_member').on('login_tokens').column('member_id').execute();

  await key('catalogue')(
    synced(db.schema.createTable('catalogue'))
      .addColumn('owner', 'text')
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('ord', 'integer', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('short', 'text', (c) => c.notNull())
      .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await versionIndex(db, 'catalogue');

  await key('targets')(
    synced(db.schema.createTable('targets'))
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull()),
  ).execute();
  await versionIndex(db, 'targets');

  await key('households')(
    merged(db.schema.createTable('households'))
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('house_label', 'text', (c) => c.notNull())
      .addColumn('head_name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('flags', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('removed', 'integer', (c) => c.notNull()),
  ).execute();
  await versionIndex(db, 'households');
  await db.schema.createIndex('households_village').on('households').columns(['commune_id', 'village_id']).execute();

  await key('residents')(
    merged(db.schema.createTable('residents'))
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('birth_year', 'integer', (c) => c.notNull())
      .addColumn('sex', 'text')
      .addColumn('removed', 'integer', (c) => c.notNull()),
  ).execute();
  await versionIndex(db, 'residents');
  await db.schema.createIndex('residents_village').on('residents').columns(['commune_id', 'village_id', 'birth_year']).execute();
  await db.schema.createIndex('residents_household').on('residents').columns(['commune_id', 'household_id']).execute();

  await key('checklist')(
    merged(db.schema.createTable('checklist'))
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('resident_id', 'text')
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('set_by', 'text', (c) => c.notNull())
      .addColumn('set_at', 'bigint', (c) => c.notNull()),
  ).execute();
  await versionIndex(db, 'checklist');
  await db.schema.createIndex('checklist_village').on('checklist').columns(['commune_id', 'village_id', 'item_id', 'state']).execute();
  await db.schema.createIndex('checklist_household').on('checklist').columns(['commune_id', 'household_id']).execute();

  await key('followups')(
    merged(db.schema.createTable('followups'))
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('visit_id', 'text')
      .addColumn('note', 'text', (c) => c.notNull()),
  ).execute();
  await versionIndex(db, 'followups');
  await db.schema.createIndex('followups_village').on('followups').columns(['commune_id', 'village_id', 'status', 'due_on']).execute();

  await key('visits')(
    received(db.schema.createTable('visits'))
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('member_name', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('dossiers', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('minutes', 'integer', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('follow_up_on', 'text')
      .addColumn('replaces', 'text'),
  ).execute();
  await versionIndex(db, 'visits');
  await db.schema.createIndex('visits_village').on('visits').columns(['commune_id', 'village_id', 'at']).execute();
  await db.schema.createIndex('visits_household').on('visits').columns(['commune_id', 'household_id']).execute();

  await key('sessions')(
    received(db.schema.createTable('sessions'))
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('member_name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('topics', 'text', (c) => c.notNull())
      .addColumn('attendees', 'integer', (c) => c.notNull())
      .addColumn('resident_ids', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('place', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('replaces', 'text'),
  ).execute();
  await versionIndex(db, 'sessions');
  await db.schema.createIndex('sessions_village').on('sessions').columns(['commune_id', 'village_id', 'date']).execute();

  await key('voids')(
    received(db.schema.createTable('voids'))
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull()),
  ).execute();
  await versionIndex(db, 'voids');
  await db.schema.createIndex('voids_target').on('voids').columns(['commune_id', 'target_id']).execute();

  await db.schema
    .createTable('rejections')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('mutation', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('issues', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rejections_pk', ['device_id', 'seq'])
    .execute();
  await db.schema.createIndex('rejections_commune').on('rejections').columns(['commune_id', 'at']).execute();

  await db.schema
    .createTable('flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text')
    .addColumn('incoming', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();
  await db.schema.createIndex('flags_commune').on('flags').columns(['commune_id', 'at']).execute();

  await db.schema
    .createTable('tombstones')
    .addColumn('commune_id', 'text', (c) => c.notNull())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text')
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tombstones_pk', ['commune_id', 'tbl', 'id'])
    .execute();
  await versionIndex(db, 'tombstones');
  await db.schema.createIndex('tombstones_age').on('tombstones').column('deleted_at').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('commune_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_commune').on('audit_log').columns(['commune_id', 'at']).execute();
};

export const down = async (db: Db): Promise<void> => {
  for (const t of [
    'audit_log', 'tombstones', 'flags', 'rejections', 'voids', 'sessions', 'visits', 'followups', 'checklist', 'residents',
    'households', 'targets', 'catalogue', 'login_tokens', 'invites', 'devices', 'member_villages', 'members', 'teams',
    'villages', 'communes', 'provinces',
  ])
    await db.schema.dropTable(t).ifExists().execute();
};
