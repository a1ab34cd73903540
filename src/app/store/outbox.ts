import Dexie from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import { compareHlc, HlcClock, parseHlc } from '../../core/sync/hlc.ts';
import type { Mutation, MutationName } from '../../core/sync/protocol.ts';
import type { AppDb, MetaRow, OutboxEntry } from './db.ts';
import { getMeta, getMetas, metaRow, setMeta } from './meta.ts';

// Device identity and the outbox. `enqueue` must run inside a Dexie 'rw' transaction that also covers the domain
// table being written and `db.outbox` + `db.meta`, so the record and its mutation commit together or not at all.
// Never await a fetch inside that transaction.
export const OUTBOX_TABLES = (db: AppDb) => [db.outbox, db.meta] as const;
// What re-queuing another phone's mutations also touches.
export const REQUEUE_TABLES = (db: AppDb) => [db.outbox, db.meta, db.imported] as const;

// Created once per database: if the database is lost, the device id, sequence and clock go with it.
export const deviceId = async (db: AppDb): Promise<string> => {
  const existing = await getMeta(db, 'deviceId');
  if (existing) return existing;
  return db.transaction('rw', db.meta, async () => {
    const again = await getMeta(db, 'deviceId');
    if (again) return again;
    const id = uuidv7();
    await setMeta(db, 'deviceId', id);
    return id;
  });
};

// The device's best idea of server time: the sync client stores the offset from each response's serverTime.
export const deviceNow = async (db: AppDb): Promise<number> => Date.now() + ((await getMeta(db, 'clockOffset')) ?? 0);

export const setClockOffset = (db: AppDb, offsetMs: number) => setMeta(db, 'clockOffset', offsetMs);

// Moves the device clock past a stamp received from the server (pull), so later local edits win over it.
export const receiveHlc = async (db: AppDb, stamp: string): Promise<void> => {
  const clock = new HlcClock(await deviceId(db), await getMeta(db, 'hlc'));
  const before = clock.current;
  clock.receive(stamp, await deviceNow(db));
  if (clock.current !== before) await setMeta(db, 'hlc', clock.current);
};

export type PendingMutation = { name: MutationName; args: Record<string, unknown> & { id: string } };

// The meta rows a write needs to stamp its mutations: read them in the same batch as the write's other reads.
export const OUTBOX_META_KEYS = ['deviceId', 'nextSeq', 'hlc', 'clockOffset'] as const;
export const readOutboxMeta = (db: AppDb) => getMetas(db, OUTBOX_META_KEYS);
export type OutboxMeta = Awaited<ReturnType<typeof readOutboxMeta>>;

// Stamps mutations from the meta values read in this transaction: gapless sequence numbers, increasing HLC stamps.
// Returns the outbox entries and the meta rows to write back, and the device's idea of server time.
export const stampMutations = ([dev, next, last, offset]: OutboxMeta, items: readonly PendingMutation[], now = Date.now()) => {
  const node = dev ?? uuidv7();
  let seq = next ?? 1;
  const clock = new HlcClock(node, last);
  const wall = now + (offset ?? 0);
  const entries: OutboxEntry[] = items.map(({ name, args }) => ({ seq: seq++, id: args.id, name, args, hlc: clock.send(wall), at: now }));
  const metaPut: MetaRow[] = [...(dev ? [] : [metaRow('deviceId', node)]), metaRow('nextSeq', seq), metaRow('hlc', clock.current)];
  return { entries, metaPut, wall };
};

// Appends several mutations in the order given, reading and writing the device's sequence and clock once: a visit
// with its checklist cells and follow-ups is one transaction and one round of meta reads, not one per mutation.
export const enqueueAll = async (db: AppDb, items: readonly PendingMutation[]): Promise<OutboxEntry[]> => {
  if (!Dexie.currentTransaction) throw new Error(`enqueue(${items[0]?.name ?? ''}) must run inside the transaction that writes the record`);
  if (!items.length) return [];
  const { entries, metaPut } = stampMutations(await readOutboxMeta(db), items);
  await Promise.all([db.outbox.bulkAdd(entries), db.meta.bulkPut(metaPut)]);
  return entries;
};

export const enqueue = async (db: AppDb, name: MutationName, args: Record<string, unknown> & { id: string }): Promise<OutboxEntry> =>
  (await enqueueAll(db, [{ name, args }]))[0];

// Re-queues another phone's unsent mutations (from its backup file) on this phone: new sequence numbers here, the
// original HLC stamps kept, so the server merges them by when they were made and de-duplicates insert-only records
// by id. This phone's clock moves past them, so what is edited here afterwards wins. Stamps already re-queued once
// (the `imported` table), or made on this very device, are skipped: nothing is queued twice.
export const requeueForeign = async (db: AppDb, mutations: readonly Mutation[]): Promise<OutboxEntry[]> => {
  if (!Dexie.currentTransaction) throw new Error('requeueForeign must run inside the import transaction');
  const node = await deviceId(db);
  const seen = new Set((await db.imported.bulkGet(mutations.map((m) => m.hlc))).flatMap((r) => (r ? [r.hlc] : [])));
  const fresh = [...mutations].sort((a, b) => compareHlc(a.hlc, b.hlc)).filter((m) => {
    if (seen.has(m.hlc) || parseHlc(m.hlc)?.node === node) return false;
    seen.add(m.hlc);
    return true;
  });
  if (!fresh.length) return [];
  const [next, last, offset] = await getMetas(db, ['nextSeq', 'hlc', 'clockOffset']);
  let seq = next ?? 1;
  const clock = new HlcClock(node, last);
  const now = Date.now();
  const wall = now + (offset ?? 0);
  const entries: OutboxEntry[] = fresh.map((m) => {
    clock.receive(m.hlc, wall);
    return { seq: seq++, id: m.id, name: m.name, args: m.args, hlc: m.hlc, at: now };
  });
  await db.outbox.bulkAdd(entries);
  await db.imported.bulkPut(fresh.map((m) => ({ hlc: m.hlc, at: now })));
  await db.meta.bulkPut([metaRow('nextSeq', seq), metaRow('hlc', clock.current)]);
  return entries;
};

export const newId = (): string => uuidv7();
