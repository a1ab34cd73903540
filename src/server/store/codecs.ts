import { CodedError } from '../../core/errors.ts';
import type { Row } from '../../core/sync/merge.ts';
import type { SyncTable } from '../../core/sync/protocol.ts';

// How each synced record (docs/design.md §2, as it travels on the wire) maps onto its table's real columns. One table
// here per protocol table; the column lists are what reports query, so nested lists stay JSON and scalars get
// columns. Encoding refuses a NUL character in text (PostgreSQL cannot store it): that must be a rejection of the
// one mutation, never a database error that would abort the whole push and wedge the phone.
type Codec = { enc: (v: unknown, field: string) => unknown; dec: (v: unknown) => unknown };

const text: Codec = {
  enc: (v, field) => {
    if (typeof v === 'string' && v.includes('\u0000')) throw new CodedError('invalid', undefined, [{ field, rule: 'bad-format' }]);
    return v ?? null;
  },
  dec: (v) => v,
};
const num: Codec = { enc: (v) => v ?? null, dec: (v) => (v === null || v === undefined ? null : Number(v)) };
const bool: Codec = { enc: (v) => (v ? 1 : 0), dec: (v) => v === 1 || v === true || v === '1' };
// A column most rows leave empty and whose field the record then does not carry at all (a merge's redirect).
const optionalText: Codec = { enc: (v, field) => text.enc(v, field), dec: (v) => (v === null || v === undefined ? undefined : v) };
// A number most rows leave empty, absent from the record then (a visit's `redactedAt`).
const optionalNum: Codec = { enc: (v) => v ?? null, dec: (v) => (v === null || v === undefined ? undefined : Number(v)) };
const json: Codec = { enc: (v) => JSON.stringify(v ?? null), dec: (v) => (typeof v === 'string' ? JSON.parse(v) : v) };
// JSON most rows leave empty (NULL) and whose field the record then does not carry (a merge's undo record).
const optionalJson: Codec = { enc: (v) => (v === null || v === undefined ? null : JSON.stringify(v)), dec: (v) => (v === null || v === undefined ? undefined : json.dec(v)) };

type Field = readonly [column: string, codec: Codec];
export type TableCodec = {
  table: SyncTable;
  fields: Record<string, Field>;
  // Which column decides which devices see a row: a village column, or none (visible to the whole commune).
  villageColumn: string | null;
  // The domain field carrying the commune id in the row itself, if the record has one (filled from commune_id).
  communeField?: string;
};

const t = (table: SyncTable, villageColumn: string | null, fields: Record<string, Field>, communeField?: string): TableCodec => ({
  table,
  fields,
  villageColumn,
  communeField,
});

export const CODECS: Record<SyncTable, TableCodec> = {
  villages: t('villages', 'id', { id: ['id', text], name: ['name', text], kind: ['kind', text], retired: ['retired', bool] }, 'communeId'),
  catalogue: t('catalogue', null, {
    id: ['id', text],
    communeId: ['owner', text],
    level: ['level', text],
    rule: ['rule', json],
    order: ['ord', num],
    label: ['label', json],
    short: ['short', json],
    retired: ['retired', bool],
  }),
  targets: t('targets', null, {
    id: ['id', text],
    itemId: ['item_id', text],
    unit: ['unit', text],
    value: ['value', num],
    dueOn: ['due_on', text],
    source: ['source', text],
  }, 'communeId'),
  members: t('members', null, {
    id: ['id', text],
    teamId: ['team_id', text],
    displayName: ['display_name', text],
    role: ['role', text],
    villageIds: ['village_ids', json],
  }, 'communeId'),
  households: t('households', 'village_id', {
    id: ['id', text],
    villageId: ['village_id', text],
    code: ['code', text],
    houseLabel: ['house_label', text],
    headName: ['head_name', text],
    phone: ['phone', text],
    flags: ['flags', json],
    notes: ['notes', text],
    removed: ['removed', bool],
    mergedInto: ['merged_into', optionalText],
    mergeUndo: ['merge_undo', optionalJson],
  }),
  residents: t('residents', 'village_id', {
    id: ['id', text],
    householdId: ['household_id', text],
    villageId: ['village_id', text],
    label: ['label', text],
    birthYear: ['birth_year', num],
    sex: ['sex', text],
    removed: ['removed', bool],
    mergedInto: ['merged_into', optionalText],
  }),
  checklist: t('checklist', 'village_id', {
    id: ['id', text],
    villageId: ['village_id', text],
    householdId: ['household_id', text],
    residentId: ['resident_id', text],
    itemId: ['item_id', text],
    state: ['state', text],
    by: ['set_by', text],
    at: ['set_at', num],
  }),
  followups: t('followups', 'village_id', {
    id: ['id', text],
    householdId: ['household_id', text],
    villageId: ['village_id', text],
    dueOn: ['due_on', text],
    status: ['status', text],
    visitId: ['visit_id', text],
    note: ['note', text],
  }),
  visits: t('visits', 'village_id', {
    id: ['id', text],
    villageId: ['village_id', text],
    householdId: ['household_id', text],
    memberId: ['member_id', text],
    memberName: ['member_name', text],
    at: ['at', num],
    items: ['items', json],
    dossiers: ['dossiers', json],
    language: ['language', text],
    minutes: ['minutes', num],
    note: ['note', text],
    followUpOn: ['follow_up_on', text],
    replaces: ['replaces', text],
    redactedAt: ['redacted_at', optionalNum],
  }),
  sessions: t('sessions', 'village_id', {
    id: ['id', text],
    villageId: ['village_id', text],
    memberId: ['member_id', text],
    memberName: ['member_name', text],
    kind: ['kind', text],
    topics: ['topics', json],
    attendees: ['attendees', num],
    residentIds: ['resident_ids', json],
    date: ['date', text],
    place: ['place', text],
    note: ['note', text],
    replaces: ['replaces', text],
    redactedAt: ['redacted_at', optionalNum],
  }),
  voids: t('voids', 'village_id', {
    id: ['id', text],
    target: ['target', text],
    targetId: ['target_id', text],
    villageId: ['village_id', text],
    memberId: ['member_id', text],
    at: ['at', num],
    reason: ['reason', text],
  }),
};

// The field lists as arrays, walked on every row read and written.
const FIELD_LISTS = Object.fromEntries(
  Object.entries(CODECS).map(([table, spec]) => [table, Object.entries(spec.fields).map(([field, [column, codec]]) => ({ field, column, codec }))]),
) as Record<SyncTable, { field: string; column: string; codec: Codec }[]>;

// Domain row → column values (without commune_id, version and bookkeeping columns).
export const encodeRow = (table: SyncTable, row: Row): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const f of FIELD_LISTS[table]) out[f.column] = f.codec.enc(row[f.field], f.field);
  return out;
};

// Database row → domain row, exactly the record the phone stores.
export const decodeRow = (table: SyncTable, dbRow: Record<string, unknown>): Row => {
  const out: Row = {};
  for (const f of FIELD_LISTS[table]) {
    const v = f.codec.dec(dbRow[f.column]);
    if (v !== undefined) out[f.field] = v;
  }
  const communeField = CODECS[table].communeField;
  if (communeField) out[communeField] = dbRow.commune_id;
  return out;
};

export const decodeClocks = (v: unknown): Record<string, string> => (typeof v === 'string' ? JSON.parse(v) : ((v ?? {}) as Record<string, string>));
