import type * as v from 'valibot';
import { CodedError } from '../../core/errors.ts';
import { CatalogueItemSchema, ChecklistCellSchema } from '../../core/model/checklist.ts';
import { FollowUpSchema } from '../../core/model/followup.ts';
import { HouseholdSchema, ResidentSchema } from '../../core/model/household.ts';
import { MemberSchema, TargetSchema } from '../../core/model/people.ts';
import { VillageSchema } from '../../core/model/place.ts';
import { validate } from '../../core/model/validate.ts';
import { SessionSchema, VisitSchema, VoidSchema } from '../../core/model/visit.ts';
import { isHlc, compareHlc } from '../../core/sync/hlc.ts';
import { MUTATIONS, splitPut } from '../../core/sync/mutations.ts';
import { LWW_TABLES, MUTATION_NAMES, PROTOCOL, SCHEMA, SYNC_TABLES, type Mutation, type SyncTable } from '../../core/sync/protocol.ts';
import type { AppDb } from './db.ts';
import { MEMBER_KEY } from './member.ts';
import { deviceId, REQUEUE_TABLES, requeueForeign } from './outbox.ts';
import { refreshAllRosters, ROSTER_TABLES } from './roster.ts';
import { guardWrite } from './write.ts';

// "Export all my data" and its import: a phone that cannot reach signal for weeks hands its records over in a
// file. Import loses nothing and applies nothing twice: records this phone lacks are added; the other phone's
// unsent mutations are re-queued here with their original HLC stamps (the server de-duplicates insert-only records
// by id and merges the rest by stamp), and their fields are applied locally unless this phone has a newer
// unsent edit of the same field. Device secrets (a sync token) never go into the file.
export const BACKUP_FORMAT = 'tungnha-backup';
export const BACKUP_VERSION = 1;

const RECORD_TABLES = {
  villages: VillageSchema,
  catalogue: CatalogueItemSchema,
  targets: TargetSchema,
  members: MemberSchema,
  households: HouseholdSchema,
  residents: ResidentSchema,
  checklist: ChecklistCellSchema,
  followups: FollowUpSchema,
  visits: VisitSchema,
  sessions: SessionSchema,
  voids: VoidSchema,
} as const satisfies Record<SyncTable, v.GenericSchema>;
// The records in a file are the synced tables (core/sync/protocol.ts), each checked by its record's schema.
type RecordTable = SyncTable;
const TABLE_NAMES = SYNC_TABLES;
const LWW = new Set<RecordTable>(LWW_TABLES);
const META_EXPORTED = ['deviceId', 'nextSeq', 'hlc', MEMBER_KEY, 'memberSource'];

export type Backup = {
  format: typeof BACKUP_FORMAT;
  version: number;
  protocol: number;
  schema: number;
  exportedAt: number;
  deviceId: string;
  meta: { key: string; value: unknown }[];
  tables: Record<RecordTable | 'outbox' | 'attention', unknown[]>;
};

export const exportBackup = async (db: AppDb): Promise<Backup> => {
  const id = await deviceId(db);
  return db.transaction('r', [...TABLE_NAMES.map((t) => db.table(t)), db.outbox, db.attention, db.meta], async () => {
    const tables = {} as Backup['tables'];
    for (const t of TABLE_NAMES) tables[t] = await db.table(t).toArray();
    tables.outbox = await db.outbox.toArray();
    tables.attention = await db.attention.toArray();
    const meta = (await db.meta.bulkGet(META_EXPORTED)).flatMap((r) => (r ? [r] : []));
    return { format: BACKUP_FORMAT, version: BACKUP_VERSION, protocol: PROTOCOL, schema: SCHEMA, exportedAt: Date.now(), deviceId: id, meta, tables };
  });
};

export const backupFileName = (b: Backup): string => `tungnha-${new Date(b.exportedAt).toISOString().slice(0, 10)}-${b.deviceId.slice(-8)}.json`;

export type ImportSummary = {
  added: Partial<Record<RecordTable, number>>;
  updated: number; // records that took fields from the other phone's unsent edits
  requeued: number; // unsent mutations queued here to send
  alreadyHad: number; // records and mutations this phone already had
  skipped: number; // rows the file holds that fail validation (kept in the file, not imported)
  attentionInFile: number; // the other phone's refused mutations: listed, not re-sent
};

const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

const parseMutation = (x: unknown): Mutation | undefined => {
  const m = x as Partial<Mutation> | null;
  if (!m || typeof m !== 'object' || typeof m.id !== 'string' || !isHlc(m.hlc) || !(MUTATION_NAMES as readonly string[]).includes(m.name as string)) return undefined;
  const checked = validate(MUTATIONS[m.name!].schema, m.args);
  if (!checked.ok || (checked.value as { id?: string }).id !== m.id) return undefined;
  return { seq: Number(m.seq) || 0, id: m.id, name: m.name!, args: checked.value as Record<string, unknown>, hlc: m.hlc };
};

export const parseBackup = (text: string): Backup => {
  let data: Partial<Backup>;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CodedError('bad-request', 'not-json');
  }
  if (!data || data.format !== BACKUP_FORMAT || typeof data.tables !== 'object' || data.tables === null) throw new CodedError('bad-request', 'not-a-backup');
  if (typeof data.schema === 'number' && data.schema > SCHEMA) throw new CodedError('upgrade-required');
  return data as Backup;
};

export const importBackup = (db: AppDb, backup: Backup): Promise<ImportSummary> =>
  guardWrite(async () => {
    const summary: ImportSummary = { added: {}, updated: 0, requeued: 0, alreadyHad: 0, skipped: 0, attentionInFile: asArray(backup.tables.attention).length };
    const rows = {} as Record<RecordTable, Record<string, unknown>[]>;
    for (const t of TABLE_NAMES) {
      rows[t] = [];
      for (const raw of asArray(backup.tables[t])) {
        const r = validate(RECORD_TABLES[t], raw);
        if (r.ok) rows[t].push(r.value as Record<string, unknown>);
        else summary.skipped++;
      }
    }
    const mutations: Mutation[] = [];
    for (const raw of asArray(backup.tables.outbox)) {
      const m = parseMutation(raw);
      if (m) mutations.push(m);
      else summary.skipped++;
    }
    const tables = [...new Set([...TABLE_NAMES.map((t) => db.table(t)), ...ROSTER_TABLES(db), ...REQUEUE_TABLES(db)])];
    await db.transaction('rw', tables, async () => {
      for (const t of TABLE_NAMES) {
        const list = rows[t];
        if (!list.length) continue;
        const have = await db.table(t).bulkGet(list.map((r) => r.id as string));
        const missing = list.filter((_, i) => !have[i]);
        summary.alreadyHad += list.length - missing.length;
        if (missing.length) {
          await db.table(t).bulkAdd(missing);
          summary.added[t] = missing.length;
        }
      }
      const fresh = await requeueForeign(db, mutations);
      summary.requeued = fresh.length;
      summary.alreadyHad += mutations.length - fresh.length;
      // Apply the other phone's unsent field edits here too, unless this phone has its own newer unsent edit of
      // that field (its outbox holds it, and the server will order the two by their stamps the same way).
      const touched = new Set<string>();
      for (const m of fresh) {
        const spec = MUTATIONS[m.name];
        if (spec.kind !== 'lww' || !LWW.has(spec.table)) continue;
        const { patch } = splitPut(spec, m.args);
        const local = await db.table(spec.table).get(m.id);
        if (!local) continue;
        const mine = (await db.outbox.where('id').equals(m.id).toArray()).filter((e) => e.hlc !== m.hlc && compareHlc(e.hlc, m.hlc) > 0);
        const next = { ...local };
        let changed = false;
        for (const [field, value] of Object.entries(patch)) {
          if (mine.some((e) => field in e.args)) continue;
          if (JSON.stringify(next[field]) !== JSON.stringify(value)) {
            next[field] = value;
            changed = true;
          }
        }
        if (changed) {
          await db.table(spec.table).put(next);
          if (!touched.has(m.id)) summary.updated++;
          touched.add(m.id);
        }
      }
      await refreshAllRosters(db);
    });
    return summary;
  });
