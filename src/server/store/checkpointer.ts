import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// SQLite in WAL mode copies the log back into the database file (a checkpoint) from whichever connection commits
// when the log has grown past 1,000 pages: a few megabytes written and fsynced in the middle of some phone's push,
// with every other request waiting behind it. Here the writing connections never checkpoint; a worker thread with
// its own connection does it once a second (PASSIVE: it never blocks a reader or the writer), on another core.
// If the worker fails, `onFailure` turns automatic checkpoints back on, so the log cannot grow without bound.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 100');
const run = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  run();
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export type Checkpointer = { stop: () => Promise<void> };

export const startCheckpointer = (file: string, onFailure: (e: unknown) => void, intervalMs = 1000): Checkpointer => {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs } });
  worker.unref();
  let stopping = false;
  let failed = false;
  const fail = (e: unknown) => {
    if (stopping || failed) return;
    failed = true;
    onFailure(e);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`checkpoint worker exited with ${code}`)));
  worker.on('message', (m: { error?: string }) => {
    if (m.error && !/SQLITE_BUSY|database is locked/i.test(m.error)) console.warn('SQLite checkpoint:', m.error);
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (failed) return resolve();
        stopping = true;
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
        worker.once('message', () => {
          clearTimeout(timer);
          void worker.terminate().then(() => resolve());
        });
        worker.postMessage('stop');
      }),
  };
};
