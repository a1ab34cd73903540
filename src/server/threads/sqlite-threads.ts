import os from 'node:os';
import type { Touch } from '../accounts/touches.ts';
import type { SqliteFile } from '../store/open.ts';
import type { CallInput, PullInput, PullOutput, PushOutput, SyncCalls } from './calls.ts';
import { ThreadClient, threadModule } from './client.ts';
import type { Notice } from '../store/change-log.ts';
import type { ToReader } from './reader-thread.ts';
import type { ToWriter } from './writer-thread.ts';

// On SQLite the sync calls run on threads of their own, each with its own connection to the file, while the
// server's thread does HTTP and sign-in:
//
//  - one writer thread applies every push (writer-thread.ts): it decodes the body, applies it in a group commit
//    with the pushes that arrived meanwhile, and encodes the answer. A commit's fsync never stalls the event loop,
//    pushes that arrive during a commit form the next group by themselves, and exactly-once is unchanged: one
//    connection applies pushes, in the order the server hands them over, each in its savepoint, and nobody is
//    answered before the commit. The devices' sync times ride along with its commits.
//  - reader threads answer pulls (reader-thread.ts), each pull in one read transaction (one snapshot).
//
// So the work of a burst of phones is spread over the machine's cores. Other writes (joins, the officer's
// changes, report rollups) stay on the server thread's connection; every write transaction begins IMMEDIATE
// (store/open.ts), so SQLite's one write lock orders them with the writer thread's commits.
export const readerThreads = (): number => Math.max(1, Math.min(4, os.availableParallelism() - 1));

export class SqliteThreads implements SyncCalls {
  private readonly writer: ThreadClient<ToWriter>;
  private readonly readers: ThreadClient<ToReader>[];

  constructor(file: SqliteFile, opts: { readers?: number; onCheckpointerFailure?: (fn: () => void) => void } = {}) {
    // Only the plain fields travel to the threads.
    const data = { file: file.file, busyTimeoutMs: file.busyTimeoutMs, synchronous: file.synchronous };
    this.readers = Array.from({ length: opts.readers ?? readerThreads() }, (_, i) => new ThreadClient<ToReader>(`sqlite reader ${i + 1}`, threadModule('reader-thread'), data));
    // What the writer committed goes on to every reader (store/change-log.ts), on the port the pulls use, so a reader
    // always has it before the pull that follows the push. A reader started later misses some: its log starts at the
    // next notice, and pulls from before it read SQL.
    this.writer = new ThreadClient<ToWriter>('sqlite writer', threadModule('writer-thread'), data, (event) => {
      const { notices } = event as { notices?: Notice[] };
      if (notices) for (const r of this.readers) r.post({ type: 'notices', notices });
    });
    opts.onCheckpointerFailure?.(() => this.writer.tell({ type: 'autocheckpoint' }));
  }

  // Loads the threads ahead of the first calls (each takes a few hundred milliseconds).
  start(): void {
    this.writer.start();
    for (const r of this.readers) r.start();
  }

  push(input: CallInput): Promise<PushOutput> {
    return this.writer.call<PushOutput>((id) => ({ type: 'push', id, input }));
  }

  pull(input: PullInput): Promise<PullOutput> {
    let reader = this.readers[0];
    for (const r of this.readers) if (r.load < reader.load) reader = r;
    return reader.call<PullOutput>((id) => ({ type: 'pull', id, input }));
  }

  touch = (batch: readonly (readonly [string, Touch])[]): Promise<void> => this.writer.call<void>((id) => ({ type: 'touch', id, batch: [...batch] }));

  // The writer thread, for tests that need it to die.
  get writerThread(): ThreadClient<ToWriter> {
    return this.writer;
  }

  async close(): Promise<void> {
    await Promise.all([this.writer.close(), ...this.readers.map((r) => r.close())]);
  }
}
