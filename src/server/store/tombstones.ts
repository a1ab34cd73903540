import type { Kysely } from 'kysely';
import type { DbKind } from './open.ts';
import type { Database } from './schema.ts';
import { lockCommune } from './sync-port.ts';

// Tombstones are kept for the retention window, then purged; the commune's horizon moves up to the newest purged
// version, so a phone whose cursor is below it (offline longer than the window) is told to start its pull again
// instead of missing a deletion.
export const purgeTombstones = async (db: Kysely<Database>, kind: DbKind, now: number, retentionMs: number): Promise<number> => {
  const cutoff = now - retentionMs;
  const due = await db
    .selectFrom('tombstones')
    .select(['commune_id', (eb) => eb.fn.max('version').as('upto')])
    .where('deleted_at', '<', cutoff)
    .groupBy('commune_id')
    .execute();
  let purged = 0;
  for (const { commune_id: communeId, upto } of due) {
    await db.transaction().execute(async (trx) => {
      if (kind === 'postgres') await lockCommune(trx, communeId);
      const res = await trx.deleteFrom('tombstones').where('commune_id', '=', communeId).where('version', '<=', Number(upto)).where('deleted_at', '<', cutoff).executeTakeFirst();
      purged += Number(res.numDeletedRows);
      const c = await trx.selectFrom('communes').select('horizon').where('id', '=', communeId).executeTakeFirstOrThrow();
      if (Number(upto) > Number(c.horizon)) await trx.updateTable('communes').set({ horizon: Number(upto) }).where('id', '=', communeId).execute();
    });
  }
  return purged;
};
