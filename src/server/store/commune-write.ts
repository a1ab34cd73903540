import { sql, type Kysely, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Row } from '../../core/sync/merge.ts';
import type { ReferenceTable } from '../../core/sync/protocol.ts';
import { byName } from './by-name.ts';
import { encodeRow } from './codecs.ts';
import type { DbKind } from './open.ts';
import type { Database } from './schema.ts';
import { bumpVersion, lockCommune } from './sync-port.ts';
import { COMMUNE_WRITES_CHANNEL, communeWriteEnded } from './write-count.ts';

// Every change the commune makes (villages, catalogue, targets, members, deletions) goes through here: it takes
// the same lock as a push and stamps what it writes with a new commune version, so phones receive it by pull in
// commit order, and it writes the audit log in the same transaction.
export type CommuneWriter = {
  trx: Transaction<Database>;
  communeId: string;
  now: number;
  // The version this transaction stamps its rows with (bumped once, on first use).
  version: () => Promise<number>;
  // Upserts a reference row (villages, catalogue, targets) as phones receive it.
  putReference: (table: Exclude<ReferenceTable, 'members'>, row: Row & { id: string }) => Promise<void>;
  // Tells phones a row is gone: a tombstone, kept until the retention horizon.
  tombstone: (table: string, id: string, villageId: string | null) => Promise<void>;
  audit: (actorId: string | null, action: string, subject: string, details?: Record<string, unknown>) => Promise<void>;
};

export const inCommuneWrite = <T>(
  db: Kysely<Database>,
  kind: DbKind,
  communeId: string,
  now: number,
  fn: (w: CommuneWriter) => Promise<T>,
): Promise<T> =>
  db.transaction().execute(async (trx) => {
    if (kind === 'postgres') {
      await lockCommune(trx, communeId);
      // Delivered to every listening server process when (and only if) this transaction commits.
      await sql`select pg_notify(${COMMUNE_WRITES_CHANNEL}, ${communeId})`.execute(trx);
    }
    let version: Promise<number> | undefined;
    const w: CommuneWriter = {
      trx,
      communeId,
      now,
      version: () => (version ??= bumpVersion(trx, communeId)),
      putReference: async (table, row) => {
        const v = await w.version();
        const values = { ...encodeRow(table, row), commune_id: communeId, version: v, updated_at: now };
        const update = Object.fromEntries(
          Object.keys(values).filter((k) => k !== 'commune_id' && k !== 'id').map((k) => [k, sql.ref(`excluded.${k}`)]),
        );
        // The columns are the codec's (by-name.ts builds it; the transaction runs it).
        await trx.executeQuery(
          byName(kind)
            .insertInto(table)
            .values(values)
            .onConflict((oc) => oc.columns(['commune_id', 'id']).doUpdateSet(update))
            .compile(),
        );
        await clearTombstone(trx, communeId, table, row.id);
      },
      tombstone: async (table, id, villageId) => {
        const v = await w.version();
        await trx
          .insertInto('tombstones')
          .values({ commune_id: communeId, tbl: table, id, village_id: villageId, version: v, deleted_at: now })
          .onConflict((oc) => oc.columns(['commune_id', 'tbl', 'id']).doUpdateSet({ version: v, deleted_at: now, village_id: villageId }))
          .execute();
      },
      audit: (actorId, action, subject, details = {}) => writeAudit(trx, { communeId, actorId, action, subject, details, now }),
    };
    return fn(w);
  }).finally(() => {
    // Counted whether or not it committed: a cache only ever drops more than it must.
    communeWriteEnded();
  });

export const clearTombstone = async (trx: Transaction<Database>, communeId: string, table: string, id: string) => {
  await trx.deleteFrom('tombstones').where('commune_id', '=', communeId).where('tbl', '=', table).where('id', '=', id).execute();
};

export const writeAudit = async (
  db: Kysely<Database> | Transaction<Database>,
  e: { communeId: string | null; actorId: string | null; action: string; subject: string; details?: Record<string, unknown>; now: number },
): Promise<void> => {
  await db
    .insertInto('audit_log')
    .values({
      id: uuidv7(),
      at: e.now,
      commune_id: e.communeId,
      actor_id: e.actorId,
      action: e.action,
      subject: e.subject,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
};
