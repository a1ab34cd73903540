import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDb } from '../../../src/app/store/db.ts';
import { deviceId, enqueue, newId } from '../../../src/app/store/outbox.ts';

let n = 0;
const open = () => new AppDb(`outbox-test-${++n}`);
const dbs: AppDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const addHousehold = (db: AppDb, headName: string, fail = false) =>
  db.transaction('rw', [db.households, db.outbox, db.meta], async () => {
    const h = { id: newId(), villageId: 'v1', headName, houseLabel: '', phone: '', flags: [], notes: '', removed: false };
    await db.households.add(h);
    await enqueue(db, 'household.put', h);
    if (fail) throw new Error('quota');
  });

describe('outbox', () => {
  it('numbers mutations gaplessly, with increasing clock stamps, in the record write transaction', async () => {
    const db = open();
    dbs.push(db);
    await addHousehold(db, 'A');
    await expect(addHousehold(db, 'B', true)).rejects.toThrow('quota');
    await addHousehold(db, 'C');
    const entries = await db.outbox.toArray();
    expect(entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(entries.map((e) => e.args.headName)).toEqual(['A', 'C']);
    expect(entries[0].hlc < entries[1].hlc).toBe(true);
    expect(entries[0].hlc.endsWith(await deviceId(db))).toBe(true);
    expect(await db.households.count()).toBe(2);
  });

  it('refuses to enqueue outside a transaction', async () => {
    const db = open();
    dbs.push(db);
    await expect(enqueue(db, 'household.put', { id: 'x' })).rejects.toThrow(/inside the transaction/);
  });
});
