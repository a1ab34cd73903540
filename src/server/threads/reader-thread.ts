import { parentPort, workerData } from 'node:worker_threads';
import { connectSqlite, type SqliteFile } from '../store/open.ts';
import { ChangeLog, type Notice } from '../store/change-log.ts';
import { SqlSyncPort } from '../store/sync-port.ts';
import { runPull, type PullInput } from './calls.ts';
import type { Answer } from './client.ts';
import { errorToWire } from './wire.ts';

// A SQLite reader thread (sqlite-threads.ts): its own read connection, and runPull for each pull the server thread
// hands over, one at a time, each inside one read transaction: the version check and the pages it reads come from
// the same snapshot, and the connection revalidates its page cache once per pull rather than once per statement
// (every commit of the writer invalidates it).
export type ToReader = { type: 'pull'; id: number; input: PullInput } | { type: 'notices'; notices: Notice[] } | { type: 'close' };

const port = parentPort;
if (!port) throw new Error('threads/reader-thread.ts runs in a worker thread (sqlite-threads.ts starts it)');
const file = workerData as SqliteFile;
const conn = connectSqlite(file, 'reader');
const log = new ChangeLog();
const sync = new SqlSyncPort({ db: conn.kysely, read: conn.kysely, kind: 'sqlite', exec: { read: conn.exec, write: conn.exec }, where: file.file, close: async () => undefined }, { log });

const queue: Extract<ToReader, { type: 'pull' }>[] = [];
let running = false;
let closing = false;

const pull = async (input: PullInput) => {
  conn.raw.exec('begin');
  try {
    return await runPull(sync, input);
  } finally {
    conn.raw.exec('commit');
  }
};

const drain = async () => {
  if (running) return;
  running = true;
  while (queue.length) {
    const m = queue.shift() as Extract<ToReader, { type: 'pull' }>;
    try {
      port.postMessage({ id: m.id, out: await pull(m.input) } satisfies Answer);
    } catch (e) {
      port.postMessage({ id: m.id, error: errorToWire(e) } satisfies Answer);
    }
  }
  running = false;
  if (closing) {
    conn.raw.close();
    port.postMessage({ closed: true } satisfies Answer);
  }
};

port.on('message', (m: ToReader) => {
  if (m.type === 'notices') return log.apply(m.notices);
  if (m.type === 'pull') queue.push(m);
  else if (m.type === 'close') closing = true;
  void drain();
});
