import { parentPort, workerData } from 'node:worker_threads';
import type { Touch } from '../accounts/touches.ts';
import { connectSqlite, type SqliteFile } from '../store/open.ts';
import { SqlSyncPort } from '../store/sync-port.ts';
import { runPush, type CallInput } from './calls.ts';
import type { Answer } from './client.ts';
import { errorToWire } from './wire.ts';

// SQLite's writer thread (sqlite-threads.ts): its own connection to the file, the SQL sync port with its group
// commit on it, and runPush for each push the server thread hands over; the devices' batched sync times ride along
// with the group commits.
export type ToWriter =
  | { type: 'push'; id: number; input: CallInput }
  | { type: 'touch'; id: number; batch: (readonly [string, Touch])[] }
  | { type: 'autocheckpoint' }
  | { type: 'close' };

const TOUCH =
  'update devices set last_sync_at = coalesce(?, last_sync_at), expires_at = coalesce(?, expires_at), app_build = coalesce(?, app_build) ' +
  'where id = ? and revoked_at is null';

const port = parentPort;
if (!port) throw new Error('threads/writer-thread.ts runs in a worker thread (sqlite-threads.ts starts it)');
const file = workerData as SqliteFile;
const conn = connectSqlite(file, 'writer');
// Each group's notices go out before any of its answers (one port, in order), so the server thread has passed them
// on to the readers before it asks a reader for the page that follows a push (sqlite-threads.ts).
const sync = new SqlSyncPort(
  { db: conn.kysely, read: conn.kysely, kind: 'sqlite', exec: { read: conn.exec, write: conn.exec }, where: file.file, close: async () => undefined },
  { keepRows: true, onCommitted: (notices) => port.postMessage({ event: { notices } } satisfies Answer) },
);
let inFlight = 0;
let closing = false;

const finish = () => {
  if (!closing || inFlight > 0) return;
  conn.raw.close();
  port.postMessage({ closed: true } satisfies Answer);
};

const touch = (batch: (readonly [string, Touch])[]) =>
  sync.inWriteGroup(async (exec) => {
    for (const [id, t] of batch) await exec(TOUCH, [t.lastSyncAt ?? null, t.expiresAt ?? null, t.appBuild ?? null, id]);
  });

port.on('message', (m: ToWriter) => {
  if (m.type === 'push' || m.type === 'touch') {
    inFlight++;
    (m.type === 'push' ? runPush(sync, m.input) : touch(m.batch))
      .then(
        (out) => port.postMessage({ id: m.id, out } satisfies Answer),
        (e) => port.postMessage({ id: m.id, error: errorToWire(e) } satisfies Answer),
      )
      .finally(() => {
        inFlight--;
        finish();
      });
  } else if (m.type === 'autocheckpoint') {
    // The checkpoint worker stopped: this connection checkpoints by itself again, so the log cannot grow unbounded.
    conn.raw.pragma('wal_autocheckpoint = 1000');
  } else if (m.type === 'close') {
    closing = true;
    finish();
  }
});
