import { formatHlc, MAX_AHEAD_MS, parseHlc } from '../../core/sync/hlc.ts';
import { PROTOCOL, PUSH_MAX_BYTES, PUSH_MAX_MUTATIONS, SCHEMA, type Mutation, type PullAsk, type PullResponse, type PushRequest, type PushResponse } from '../../core/sync/protocol.ts';
import type { AppDb, AttentionEntry, OutboxEntry } from '../store/db.ts';
import { SYNC_KEYS } from './local-state.ts';
import { SyncHttpError, type Transport } from './transport.ts';

// The push half of a sync (docs/design.md §4): the outbox goes out in seq order, in batches of at most 100 mutations and
// 256 KB; acknowledged entries are deleted; refused or flagged ones move to `attention` with the server's reason,
// in the same transaction; a seq-gap answer resends from the seq the server expects. Nothing is deleted that the
// server has not answered for.
export type PushProgress = { done: number; total: number };
// pulled: the pull page that came with the last push (PROTOCOL 2), for the cursor and scope key it was asked for.
export type PrefetchedPull = { ask: PullAsk; res: PullResponse };
export type PushOutcome =
  | { kind: 'drained'; sent: number; refused: number; serverTime?: number; pulled?: PrefetchedPull }
  | { kind: 'upgrade'; serverTime: number };

export type PushOptions = {
  deviceId: string;
  build?: string;
  onProgress?: (p: PushProgress) => void;
  onServerTime?: (serverTime: number, sentAt: number, answeredAt: number) => Promise<void>;
  now?: () => number;
  // The pull to ask for with the last batch (the stored cursor, read as that batch is sent).
  pullAsk?: () => Promise<PullAsk>;
};

// Headroom for the envelope ({protocol, schema, deviceId, mutations:[…]}) inside the byte budget.
const ENVELOPE_BYTES = 1024;
const encoder = new TextEncoder();

const wire = (e: OutboxEntry): Mutation => ({ seq: e.seq, id: e.id, name: e.name, args: e.args, hlc: e.hlc });

// The next batch: the oldest entries (after `after`, when the batch before it is still in flight), cut at the count
// and byte limits (a single oversized entry still goes alone, and the server says why it refuses it). `last`: the
// outbox held nothing after it when it was read.
export const readBatch = async (db: AppDb, after?: number): Promise<{ batch: Mutation[]; last: boolean }> => {
  // One entry more than a batch holds, to know whether this one is the last.
  const entries = await (after === undefined ? db.outbox.orderBy('seq') : db.outbox.where('seq').above(after)).limit(PUSH_MAX_MUTATIONS + 1).toArray();
  const batch: Mutation[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const e of entries.slice(0, PUSH_MAX_MUTATIONS)) {
    const m = wire(e);
    const size = encoder.encode(JSON.stringify(m)).length + 1;
    if (batch.length && bytes + size > PUSH_MAX_BYTES) break;
    bytes += size;
    batch.push(m);
  }
  return { batch, last: batch.length === entries.length };
};

// Keys of `attention` are the device seq of the refused mutation. After a renumbering (below) a new refusal can
// carry a seq an older one already holds: the older one moves to a fresh negative key rather than being replaced.
const putAttention = async (db: AppDb, entries: AttentionEntry[]) => {
  if (!entries.length) return;
  const existing = await db.attention.bulkGet(entries.map((e) => e.seq));
  let free = Math.min(0, (await db.attention.orderBy('seq').first())?.seq ?? 0) - 1;
  for (const [i, old] of existing.entries()) {
    if (old && old.hlc !== entries[i].hlc) {
      await db.attention.put({ ...old, seq: free-- });
    }
  }
  await db.attention.bulkPut(entries);
};

// Applies one push answer: in one transaction, deletes what the server acknowledged and moves what it refused.
// Outbox entries never change once written (repositories only append; only this sync client, under its lock,
// deletes or renumbers them), so an answer about a seq that was sent is an answer about that very entry.
export const settle = async (db: AppDb, sent: readonly Mutation[], res: Extract<PushResponse, { results: unknown }>, now: number) => {
  const sentSeqs = new Set(sent.map((m) => m.seq));
  const answered = res.results.filter((r) => sentSeqs.has(r.seq));
  const ack = answered.filter((r) => r.status === 'applied' || r.status === 'duplicate').map((r) => r.seq);
  const refusedResults = answered.filter((r) => r.status === 'rejected' || r.status === 'flagged');
  return db.transaction('rw', [db.outbox, db.attention, db.meta], async () => {
    const refused: AttentionEntry[] = [];
    if (refusedResults.length) {
      const entries = await db.outbox.bulkGet(refusedResults.map((r) => r.seq));
      refusedResults.forEach((r, i) => {
        const e = entries[i];
        if (e) refused.push({ ...e, status: r.status as AttentionEntry['status'], ...(r.reason ? { reason: r.reason } : {}), ...(r.issues ? { issues: r.issues } : {}), at: now });
      });
      await putAttention(db, refused);
    }
    const gone = [...ack, ...refused.map((r) => r.seq)];
    // A whole batch answered is one run of keys (a batch is consecutive outbox entries, and new entries only ever
    // come after them): one range delete instead of one request per entry, much of a long drain's time. Counted
    // first, so that the range never holds an entry that was not sent.
    const run = db.outbox.where('seq').between(sent[0]?.seq ?? 0, sent[sent.length - 1]?.seq ?? 0, true, true);
    if (sent.length > 1 && gone.length === sent.length && (await run.count()) === sent.length) await run.delete();
    else await db.outbox.bulkDelete(gone);
    if ((await db.outbox.orderBy('seq').limit(1).primaryKeys()).length === 0) await db.meta.put({ key: SYNC_KEYS.lastSentAt, value: now });
    return { settled: ack.length + refused.length, refused: refused.length };
  });
};

// The server expects a seq below the outbox's first entry: it has lost what this device sent before (a restored
// server database, or a device registered again). Every entry still here was never applied, so the outbox is
// renumbered from the expected seq, in order; re-sending is safe because the server de-duplicates by id and stamp.
export const renumberOutbox = (db: AppDb, expectedSeq: number) =>
  db.transaction('rw', [db.outbox, db.meta], async () => {
    const entries = await db.outbox.orderBy('seq').toArray();
    if (!entries.length || entries[0].seq <= expectedSeq) return false;
    await db.outbox.clear();
    const renumbered = entries.map((e, i) => ({ ...e, seq: expectedSeq + i }));
    await db.outbox.bulkAdd(renumbered);
    await db.meta.put({ key: 'nextSeq', value: expectedSeq + entries.length });
    return true;
  });

// A clock that ran ahead (a phone set a year fast before its first sync) keeps stamping the future, and the server
// clamps every such stamp to its own time + 5 minutes. Once the outbox is empty the clock is brought back to just
// past the latest stamp the server can have given this device, so later edits are ordered by real time again.
export const rewindClock = async (db: AppDb, serverTime: number): Promise<boolean> => {
  const now = (await db.meta.get('hlc'))?.value as string | undefined;
  if (!now || (parseHlc(now)?.ms ?? 0) <= serverTime + MAX_AHEAD_MS + 1000) return false; // the usual case: nothing to do
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    if (await db.outbox.count()) return false;
    const stored = (await db.meta.get('hlc'))?.value as string | undefined;
    const h = stored ? parseHlc(stored) : undefined;
    const ceiling = serverTime + MAX_AHEAD_MS + 1000;
    if (!h || h.ms <= ceiling) return false;
    await db.meta.put({ key: 'hlc', value: formatHlc({ ms: ceiling, counter: 0, node: h.node }) });
    return true;
  });
};

// Up to WINDOW batches travel at once, in seq order, and their answers are settled in that order while the next
// batches travel: the phone's reads, gzip and settling overlap the server's work instead of adding to it. The server
// applies a device's pushes one at a time and refuses a batch that arrives before the one it follows (a seq gap:
// nothing applied), so overlapping never reorders anything; a gap, a failure or an upgrade answer lets everything in
// flight land before anything else happens.
const WINDOW = 2;
// `alone`: sent with nothing else in flight, so its answer is the server's state after everything sent before it.
// `ask`: the pull it carries (the last batch only).
type Flight = { batch: Mutation[]; sentAt: number; res: Promise<PushResponse>; alone: boolean; ask?: PullAsk };
type Answer = Extract<PushResponse, { results: unknown }>;

// Failures surface where these are awaited; the handler only keeps the platform from reporting them early.
const quiet = <T,>(p: Promise<T>): Promise<T> => (p.catch(() => undefined), p);

export const pushOutbox = async (db: AppDb, transport: Transport, opts: PushOptions): Promise<PushOutcome> => {
  const now = opts.now ?? Date.now;
  const total = await db.outbox.count();
  let done = 0;
  let refused = 0;
  let serverTime: number | undefined;
  let lastGap: number | undefined;
  let cursor: number | undefined; // the last seq sent in this run (undefined: start from the outbox's head)
  let window = WINDOW;
  let settling: Promise<unknown> = Promise.resolve();
  const flights: Flight[] = [];
  // The page that came with the last batch sent, kept only while nothing has been sent after it: a page read before
  // a later push would lay the server's older rows over what that push acknowledged.
  let lastSent: Flight | undefined;
  let pulled: PrefetchedPull | undefined;
  opts.onProgress?.({ done, total });

  const launch = async (): Promise<boolean> => {
    const { batch, last } = await readBatch(db, cursor);
    if (!batch.length) return false;
    cursor = batch[batch.length - 1].seq;
    const ask = last && opts.pullAsk ? await opts.pullAsk() : undefined;
    const req: PushRequest = { protocol: PROTOCOL, schema: SCHEMA, ...(opts.build ? { build: opts.build } : {}), deviceId: opts.deviceId, mutations: batch, ...(ask ? { pull: ask } : {}) };
    lastSent = { batch, sentAt: now(), res: quiet(transport.push(req)), alone: flights.length === 0, ...(ask ? { ask } : {}) };
    flights.push(lastSent);
    pulled = undefined;
    return true;
  };
  const settleInOrder = (batch: Mutation[], res: Answer, at: number) => {
    const run = settling.then(() => settle(db, batch, res, at));
    settling = quiet(
      run.then((s) => {
        done += s.settled;
        refused += s.refused;
        opts.onProgress?.({ done, total: Math.max(total, done) });
      }),
    );
    return run;
  };
  // Lets every batch still in flight land, settling what the server answered. Returns whether any of them failed
  // in a way that may hide an applied push.
  const land = async (): Promise<boolean> => {
    let ambiguous = false;
    for (const f of flights.splice(0)) {
      try {
        const res = await f.res;
        if ('results' in res) await settleInOrder(f.batch, res, now());
      } catch (e) {
        ambiguous ||= !(e instanceof SyncHttpError) || e.ambiguous;
      }
    }
    return ambiguous;
  };

  try {
    for (;;) {
      while (flights.length < window && (await launch()));
      const f = flights.shift();
      if (!f) {
        await settling;
        return { kind: 'drained', sent: done, refused, serverTime, ...(pulled ? { pulled } : {}) };
      }
      let res: PushResponse;
      try {
        res = await f.res;
      } catch (e) {
        const ambiguous = await land();
        if (ambiguous && e instanceof SyncHttpError && !e.ambiguous) throw new SyncHttpError(e.code, e.status, true, e.message);
        throw e;
      }
      const answeredAt = now();
      await opts.onServerTime?.(res.serverTime, f.sentAt, answeredAt);
      serverTime = res.serverTime;
      if ('upgrade' in res) {
        await land();
        return { kind: 'upgrade', serverTime: res.serverTime };
      }
      const settled = settleInOrder(f.batch, res, answeredAt);
      if ('error' in res && res.error === 'seq-gap') {
        const s = await settled;
        await land();
        await settling;
        const first = (await db.outbox.orderBy('seq').first())?.seq;
        // A batch that overtook the one before it on the way gets a gap too: only the answer to a batch sent alone
        // says what the server really has. The next batch goes alone, from the head of the outbox.
        if (f.alone && first !== undefined && first > res.expectedSeq) await renumberOutbox(db, res.expectedSeq);
        else if (f.alone && lastGap === res.expectedSeq && s.settled === 0)
          // The same gap twice with nothing settled: the server wants a seq this phone no longer has and cannot
          // renumber into; stop rather than spin (kept as an error the sync screen shows).
          throw new SyncHttpError('seq-gap', 409, false, `server expects seq ${res.expectedSeq}`);
        if (f.alone) lastGap = res.expectedSeq;
        cursor = undefined;
        window = 1;
        continue;
      }
      if (!res.results.some((r) => f.batch.some((m) => m.seq === r.seq))) {
        await land();
        throw new SyncHttpError('internal', 200, false, 'the server answered a push without settling any of it');
      }
      if (f.ask && 'pull' in res && res.pull && f === lastSent) pulled = { ask: f.ask, res: res.pull };
      window = WINDOW;
    }
  } finally {
    // Never leave a request, a read or a settle running behind an early return or a failure.
    await Promise.all(flights.map((f) => f.res.catch(() => undefined)));
    await settling.catch(() => undefined);
  }
};
