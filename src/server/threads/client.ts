import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CodedError } from '../../core/errors.ts';
import { errorFromWire, type WireError } from './wire.ts';

// A worker thread running one of this folder's thread modules, called like a function: call(message) posts it with
// an id and resolves with the thread's answer (or rejects with its error, rebuilt). The thread is loaded on first
// use or by start(), kept out of the way of the process exiting while it has nothing in hand, and started again on
// the next call if it dies; whatever it held then is answered 503 `unavailable`, which a phone retries.
export type Answer = { id: number; out: unknown } | { id: number; error: WireError } | { closed: true } | { event: unknown };

// The server runs its TypeScript through tsx; a worker thread registers tsx's loader itself before importing.
const LOADER = fileURLToPath(import.meta.url).endsWith('.ts')
  ? pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href
  : null;

const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.loader) (await import(workerData.loader)).register();
  await import(workerData.module);
})().catch((e) => { setImmediate(() => { throw e; }); });
`;

// The module file next to this one, with this file's extension (.ts from source). Built from paths, not with
// `new URL(…, import.meta.url)`, which Vite rewrites into an asset URL in browser-like test environments.
const HERE = fileURLToPath(import.meta.url);
export const threadModule = (name: string): string => pathToFileURL(path.join(path.dirname(HERE), `${name}${path.extname(HERE)}`)).href;

type Waiting = { resolve: (out: never) => void; reject: (e: unknown) => void };

export class ThreadClient<In extends { type: string }> {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;
  // Sent to every new thread first (settings that changed after start-up).
  private readonly setup: In[] = [];

  constructor(
    private readonly name: string,
    private readonly module: string,
    private readonly data: Record<string, unknown>,
    // What the thread tells without being asked ({event}), such as the writer's notices of what it committed.
    private readonly onEvent?: (event: unknown) => void,
  ) {}

  start(): void {
    if (!this.closed) this.worker ??= this.spawn();
  }

  // How many calls the thread has in hand (for spreading calls over several threads).
  get load(): number {
    return this.waiting.size;
  }

  call<T>(message: (id: number) => In): Promise<T> {
    if (this.closed) return Promise.reject(new CodedError('unavailable', 'the server is stopping'));
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    if (this.waiting.size === 0) worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (out: never) => void, reject });
      worker.postMessage(message(id));
    });
  }

  // A message without an answer, for the thread running now only (none is started for it).
  post(message: In): void {
    this.worker?.postMessage(message);
  }

  // A message without an answer, also given to every thread started later.
  tell(message: In): void {
    this.setup.push(message);
    this.worker?.postMessage(message);
  }

  // Ends the thread at once, as a crash would (tests): what it held is answered 503 and the next call starts anew.
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  // Lets the thread finish what it holds and close its connection, then ends it.
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    worker.ref();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 10_000);
      worker.on('message', (m: Answer) => {
        if ('closed' in m) {
          clearTimeout(timer);
          void worker.terminate().then(() => resolve());
        }
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage({ type: 'close' });
    });
    this.worker = undefined;
  }

  private spawn(): Worker {
    const worker = new Worker(BOOT, { eval: true, workerData: { ...this.data, module: this.module, loader: LOADER }, name: this.name });
    worker.unref();
    worker.on('message', (m: Answer) => {
      if ('event' in m) this.onEvent?.(m.event);
      if (!('id' in m)) return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0 && !this.closed) worker.unref();
      if ('out' in m) w.resolve(m.out as never);
      else w.reject(errorFromWire(m.error));
    });
    const fail = (e: unknown) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (!this.closed) console.error(`${this.name} thread stopped; the next call starts a new one:`, e instanceof Error ? e.message : e);
      const error = new CodedError('unavailable', 'the database thread restarted: try again shortly');
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    for (const m of this.setup) worker.postMessage(m);
    return worker;
  }
}
