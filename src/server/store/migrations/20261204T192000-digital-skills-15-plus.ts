import type { MigrationDb } from './db.ts';

// Digital skills ("Bình dân học vụ số") counts every resident aged 15 and over: older people are a main target of
// the movement, so the default item loses its upper age of 60. A commune still on the old default rule gets the
// new one, with a new version so its phones pull it; a commune that set its own rule keeps it.
// The columns it reads and writes, as they are at this migration.
type Db = MigrationDb<{
  catalogue: { commune_id: string; id: string; rule: string; version: number; updated_at: number };
  communes: { id: string; version: number };
}>;
const OLD = JSON.stringify({ kind: 'age', min: 15, max: 60 });
const NEW = JSON.stringify({ kind: 'age', min: 15 });

const swap = async (db: Db, from: string, to: string): Promise<void> => {
  const rows = await db.selectFrom('catalogue').select(['commune_id']).where('id', '=', 'digital-skills').where('rule', '=', from).execute();
  const now = Date.now();
  for (const { commune_id } of rows) {
    const bumped = await db
      .updateTable('communes')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', commune_id)
      .returning('version')
      .executeTakeFirst();
    if (!bumped) continue;
    await db
      .updateTable('catalogue')
      .set({ rule: to, version: Number(bumped.version), updated_at: now })
      .where('commune_id', '=', commune_id)
      .where('id', '=', 'digital-skills')
      .execute();
  }
};

export const up = (db: Db): Promise<void> => swap(db, OLD, NEW);
export const down = (db: Db): Promise<void> => swap(db, NEW, OLD);
