import { liveQuery, type Subscription } from 'dexie';
import { CodedError, type ErrorCode } from '../../core/errors.ts';
import { PROTOCOL, PULL_DEFAULT_LIMIT, SCHEMA, type PullAsk, type PullResponse } from '../../core/sync/protocol.ts';
import type { AppDb } from '../store/db.ts';
import { deviceId as getDeviceId, setClockOffset } from '../store/outbox.ts';
import { asCodedError } from '../store/write.ts';
import { applyPage, resetLocal } from './apply-pull.ts';
import { backoffDelay, DEFAULT_BACKOFF, pollDelay, type BackoffPolicy } from './backoff.ts';
import { getAuth, setProblem, SYNC_KEYS, type SyncAuth, type SyncProblem } from './local-state.ts';
import { pushOutbox, rewindClock, type PrefetchedPull, type PushProgress } from './push-outbox.ts';
import { defaultLock, type SyncLock } from './sync-lock.ts';
import { createHttpTransport, SyncHttpError, type FetchLike, type Transport } from './transport.ts';

// The sync client (docs/design.md §4): push then pull, on start, when the phone comes back online, when the app becomes
// visible again, shortly after a write, on a jittered timer (backoff after failures, a slow poll otherwise) and on
// demand; one tab at a time; nothing in the outbox is ever dropped, whatever the network or the server answers.
export type SyncPhase = 'idle' | 'push' | 'pull';
export type EngineState = {
  running: boolean;
  phase: SyncPhase;
  progress?: PushProgress;
  online: boolean;
  lastError?: { code: ErrorCode; at: number };
  lastSuccessAt?: number;
  nextAttemptAt?: number;
  failures: number;
};

export type CycleResult =
  | { kind: 'synced'; pushed: number; refused: number; pulled: number }
  | { kind: 'not-joined' }
  | { kind: 'blocked'; problem: SyncProblem }
  | { kind: 'busy' } // another tab holds the lock
  | { kind: 'offline' }
  | { kind: 'failed'; code: ErrorCode; pushed: number; pulled: number };

type Listener = (s: EngineState) => void;
type EventSource = { addEventListener(t: string, f: () => void): void; removeEventListener(t: string, f: () => void): void };

export type EngineOptions = {
  db: AppDb;
  transport?: Transport;
  fetch?: FetchLike;
  baseUrl?: string;
  lock?: SyncLock;
  build?: string;
  now?: () => number;
  random?: () => number;
  isOnline?: () => boolean;
  // Where `online` and `visibilitychange` come from (window and document in the app).
  window?: EventSource;
  document?: EventSource & { visibilityState?: string };
  debounceMs?: number;
  pollMs?: number;
  backoff?: BackoffPolicy;
  pullLimit?: number;
  // gzip request bodies (default: when the platform can)
  compress?: boolean;
};

const AUTH_CODES = new Set<ErrorCode>(['unauthorized', 'token-revoked', 'token-expired']);
const UPGRADE_CODES = new Set<ErrorCode>(['upgrade-required', 'stale-schema']);

export class SyncEngine {
  readonly db: AppDb;
  private readonly transport: Transport;
  private readonly lock: SyncLock;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly isOnline: () => boolean;
  private state: EngineState;
  private listeners = new Set<Listener>();
  private current?: Promise<CycleResult>;
  private queued?: Promise<CycleResult>;
  private timer?: ReturnType<typeof setTimeout>;
  private debounce?: ReturnType<typeof setTimeout>;
  private watch?: Subscription;
  private detach: (() => void)[] = [];
  // Read once at the start of each run (one round of reads, not one per request).
  private auth?: SyncAuth;
  private offset = 0;

  constructor(private readonly opts: EngineOptions) {
    this.db = opts.db;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.isOnline = opts.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine !== false));
    this.transport =
      opts.transport ??
      createHttpTransport({ baseUrl: opts.baseUrl, fetch: opts.fetch, build: opts.build, compress: opts.compress, token: async () => this.auth?.token ?? (await getAuth(this.db))?.token });
    this.lock = opts.lock ?? defaultLock(this.db, `tab-${Math.random().toString(36).slice(2)}`);
    this.state = { running: false, phase: 'idle', online: this.isOnline(), failures: 0 };
  }

  getState = (): EngineState => this.state;

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private set(patch: Partial<EngineState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  // Runs a sync now, or right after the one running (several calls meanwhile share that one run). `force` (the
  // user's "Gửi ngay") tries even when the browser believes it is offline: that belief is sometimes wrong.
  syncNow(force = false): Promise<CycleResult> {
    if (!this.current) {
      this.current = this.cycle(force).finally(() => (this.current = undefined));
      return this.current;
    }
    this.queued ??= this.current.then(() => {
      this.queued = undefined;
      return this.syncNow(force);
    });
    return this.queued;
  }

  // Resolves once no sync is running or queued (tests, and a demo taking the database over).
  async idle(): Promise<void> {
    while (this.current || this.queued) await (this.queued ?? this.current)?.catch(() => undefined);
  }

  start(): void {
    if (this.watch) return;
    const win = this.opts.window ?? (typeof window !== 'undefined' ? window : undefined);
    const doc = this.opts.document ?? (typeof document !== 'undefined' ? document : undefined);
    const on = (src: EventSource | undefined, type: string, f: () => void) => {
      if (!src) return;
      src.addEventListener(type, f);
      this.detach.push(() => src.removeEventListener(type, f));
    };
    on(win, 'online', () => {
      this.set({ online: true, failures: 0 });
      void this.syncNow();
    });
    on(win, 'offline', () => this.set({ online: false }));
    on(doc, 'visibilitychange', () => {
      if (doc?.visibilityState !== 'hidden') void this.syncNow();
    });
    // Every local write moves `nextSeq` (outbox.ts): a write is followed by a sync once writing pauses.
    let first = true;
    this.watch = liveQuery(() => this.db.meta.get('nextSeq').then((r) => r?.value)).subscribe({
      next: () => {
        if (first) return void (first = false);
        this.afterWrite();
      },
      error: () => undefined,
    });
    void this.syncNow();
  }

  stop(): void {
    this.watch?.unsubscribe();
    this.watch = undefined;
    for (const d of this.detach.splice(0)) d();
    clearTimeout(this.timer);
    clearTimeout(this.debounce);
    this.set({ nextAttemptAt: undefined });
  }

  private afterWrite() {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.syncNow(), this.opts.debounceMs ?? 1500);
  }

  private schedule(delay: number) {
    clearTimeout(this.timer);
    if (!this.watch) return; // not started: tests and one-off runs drive syncNow themselves
    this.timer = setTimeout(() => void this.syncNow(), delay);
    this.set({ nextAttemptAt: this.now() + delay });
  }

  private async cycle(force: boolean): Promise<CycleResult> {
    const db = this.db;
    const [auth, stored, offset] = await db.meta.bulkGet([SYNC_KEYS.auth, SYNC_KEYS.problem, 'clockOffset']);
    this.auth = auth?.value as SyncAuth | undefined;
    this.offset = (offset?.value as number | undefined) ?? 0;
    if (!this.auth) return { kind: 'not-joined' };
    const problem = stored?.value as SyncProblem | undefined;
    if (problem) {
      // An "update the app" answer is forgotten once this build speaks a newer protocol or schema.
      if (problem.code === 'upgrade' && (PROTOCOL > problem.protocol || SCHEMA > problem.schema)) await setProblem(db, undefined);
      else return { kind: 'blocked', problem };
    }
    const online = this.isOnline();
    if (online !== this.state.online) this.set({ online });
    if (!online && !force) {
      this.schedule((this.opts.backoff ?? DEFAULT_BACKOFF).maxMs);
      return { kind: 'offline' };
    }
    const got = await this.lock.run(() => this.locked());
    if (!got.ran) {
      this.schedule(pollDelay(this.opts.pollMs ?? 5 * 60_000, this.random));
      return { kind: 'busy' };
    }
    return got.value;
  }

  private onServerTime = async (serverTime: number, sentAt: number, answeredAt: number) => {
    const offset = Math.round(serverTime - (sentAt + answeredAt) / 2);
    if (Math.abs(offset - this.offset) <= 1000) return;
    this.offset = offset;
    await setClockOffset(this.db, offset);
  };

  private async locked(): Promise<CycleResult> {
    const db = this.db;
    let pushed = 0;
    let refused = 0;
    let pulled = 0;
    this.set({ running: true, phase: 'push', progress: undefined });
    const deviceId = await getDeviceId(db);
    // The first pull page, when it came with the last push.
    let prefetched: PrefetchedPull | undefined;
    const push = async () => {
      const out = await pushOutbox(db, this.transport, {
        deviceId,
        build: this.opts.build,
        now: this.now,
        onServerTime: this.onServerTime,
        onProgress: (progress) => this.set({ progress }),
        pullAsk: () => this.pullAsk(),
      });
      if (out.kind === 'upgrade') throw new SyncHttpError('upgrade-required', 200, false);
      pushed += out.sent;
      refused += out.refused;
      prefetched = out.pulled;
      if (out.serverTime !== undefined) await rewindClock(db, out.serverTime);
    };
    let pushError: unknown;
    try {
      try {
        await push();
      } catch (e) {
        // An answered refusal (4xx) means nothing of that push was applied, so pulling stays safe; a lost answer or
        // a 5xx may hide an applied push, and a pull now could lay a stale row over an edit the server already has.
        if (!(e instanceof SyncHttpError) || e.ambiguous || AUTH_CODES.has(e.code) || UPGRADE_CODES.has(e.code)) throw e;
        pushError = e;
      }
      this.set({ phase: 'pull' });
      pulled = await this.pull(deviceId, push, pushError === undefined, pushError === undefined ? prefetched : undefined);
      if (pushError) throw pushError;
      const waiting = await db.outbox.count();
      this.set({ running: false, phase: 'idle', progress: undefined, failures: 0, lastError: undefined, lastSuccessAt: this.now() });
      // Writes made while this sync ran go out shortly; otherwise ask again in a few minutes.
      this.schedule(waiting ? (this.opts.debounceMs ?? 1500) : pollDelay(this.opts.pollMs ?? 5 * 60_000, this.random));
      return { kind: 'synced', pushed, refused, pulled };
    } catch (e) {
      return this.fail(e, pushed, pulled);
    }
  }

  // The pull as the stored cursor and scope key ask for it now.
  private async pullAsk(): Promise<PullAsk> {
    const [c, k] = await this.db.meta.bulkGet([SYNC_KEYS.cursor, SYNC_KEYS.scopeKey]);
    const scopeKey = k?.value as string | undefined;
    return { cursor: (c?.value as number | undefined) ?? 0, limit: this.opts.pullLimit ?? PULL_DEFAULT_LIMIT, ...(scopeKey !== undefined ? { scopeKey } : {}) };
  }

  // `first`: a page that came with the last push, used in place of the first request if it was asked for what the
  // phone would ask now (a server speaking only PROTOCOL 1 sends none, and the phone asks as before).
  private async pull(deviceId: string, push: () => Promise<void>, mayReset: boolean, first?: PrefetchedPull): Promise<number> {
    const db = this.db;
    let pulled = 0;
    for (let pages = 0; pages < 10_000; pages++) {
      const ask = await this.pullAsk();
      const { cursor } = ask;
      let res: PullResponse;
      if (first && first.ask.cursor === cursor && first.ask.scopeKey === ask.scopeKey) res = first.res;
      else {
        const sentAt = this.now();
        res = await this.transport.pull({ protocol: PROTOCOL, schema: SCHEMA, ...(this.opts.build ? { build: this.opts.build } : {}), deviceId, ...ask });
        await this.onServerTime(res.serverTime, sentAt, this.now());
      }
      first = undefined;
      if ('upgrade' in res) throw new SyncHttpError('upgrade-required', 200, false);
      if ('reset' in res) {
        // Drain first: a reset clears the synced tables, and only an empty outbox guarantees nothing local is lost.
        if (!mayReset) throw new SyncHttpError('unavailable', 200, false, 'reset waits for the outbox to drain');
        await push();
        if (!(await resetLocal(db, res.scope, res.scopeKey))) throw new SyncHttpError('unavailable', 200, false, 'written during reset; retry');
        continue;
      }
      const r = await applyPage(db, res, cursor, Date.now() + this.offset);
      pulled += r?.applied ?? 0;
      if (!res.hasMore && r) return pulled;
    }
    throw new CodedError('internal', 'pull did not finish');
  }

  private async fail(e: unknown, pushed: number, pulled: number): Promise<CycleResult> {
    const code: ErrorCode = e instanceof SyncHttpError ? e.code : asCodedError(e).code;
    const at = this.now();
    const base = { running: false, phase: 'idle' as const, progress: undefined, lastError: { code, at } };
    if (AUTH_CODES.has(code) || UPGRADE_CODES.has(code)) {
      // Only the user can clear these (re-join, update). The outbox stays as it is.
      const problem: SyncProblem = AUTH_CODES.has(code)
        ? { code: code as 'unauthorized' | 'token-revoked' | 'token-expired', at }
        : { code: 'upgrade', at, protocol: PROTOCOL, schema: SCHEMA };
      await setProblem(this.db, problem).catch(() => undefined);
      clearTimeout(this.timer);
      this.set({ ...base, nextAttemptAt: undefined });
      return { kind: 'blocked', problem };
    }
    const failures = this.state.failures + 1;
    this.set({ ...base, failures, online: code === 'network' ? this.isOnline() : this.state.online });
    this.schedule(backoffDelay(failures, this.random, this.opts.backoff));
    return { kind: 'failed', code, pushed, pulled };
  }
}
