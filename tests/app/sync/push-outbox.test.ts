import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDb } from '../../../src/app/store/db.ts';
import { enqueue } from '../../../src/app/store/outbox.ts';
import { readBatch, settle } from '../../../src/app/sync/push-outbox.ts';
import type { PushResult } from '../../../src/core/sync/protocol.ts';

const opened: AppDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const withOutbox = async (n: number) => {
  const db = new AppDb(`push-outbox-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  await db.transaction('rw', db.outbox, db.meta, async () => {
    for (let i = 0; i < n; i++) await enqueue(db, 'household.put', { id: `h${i}`, villageId: 'v1', headName: `Hộ ${i}` });
  });
  return db;
};
const answer = (results: PushResult[]) => ({ lastSeq: results.at(-1)?.seq ?? 0, results, serverTime: Date.now() });
const seqs = async (db: AppDb) => (await db.outbox.orderBy('seq').primaryKeys()) as number[];

describe('settling a push answer', () => {
  it('removes a whole answered batch, refused entries moved to attention, and nothing after it', async () => {
    const db = await withOutbox(5);
    const { batch, last } = await readBatch(db);
    expect(last).toBe(true);
    const sent = batch.slice(0, 3);
    const out = await settle(db, sent, answer([{ seq: 1, status: 'applied' }, { seq: 2, status: 'rejected', reason: 'invalid' }, { seq: 3, status: 'duplicate' }]), 1);
    expect(out).toEqual({ settled: 3, refused: 1 });
    expect(await seqs(db)).toEqual([4, 5]);
    expect(await db.attention.toArray()).toMatchObject([{ seq: 2, status: 'rejected', reason: 'invalid' }]);
  });

  it('never deletes an entry between the sent ones that was not sent', async () => {
    const db = await withOutbox(3);
    const { batch } = await readBatch(db);
    const sent = [batch[0], batch[2]];
    await settle(db, sent, answer([{ seq: 1, status: 'applied' }, { seq: 3, status: 'applied' }]), 1);
    expect(await seqs(db)).toEqual([2]);
  });

  it('keeps what the answer did not cover (a gap answers only the entries before it)', async () => {
    const db = await withOutbox(4);
    const { batch } = await readBatch(db);
    await settle(db, batch, { ...answer([{ seq: 1, status: 'applied' }]), expectedSeq: 2, error: 'seq-gap' as const }, 1);
    expect(await seqs(db)).toEqual([2, 3, 4]);
  });

  it('says whether a batch is the last the outbox holds', async () => {
    const db = await withOutbox(101);
    expect((await readBatch(db)).last).toBe(false);
    expect((await readBatch(db)).batch).toHaveLength(100);
    expect(await readBatch(db, 100)).toMatchObject({ last: true, batch: [{ seq: 101 }] });
  });
});
