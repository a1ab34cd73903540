import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

// "Last synced", the sliding token expiry and the app build of each device change on nearly every request but
// matter only to the minute. Writing them one by one would cost a commit (an fsync) per pull; they are gathered
// here and written together, at most once a second. A crash loses at most a second of these timestamps, never a
// record.
export type Touch = { lastSyncAt?: number; expiresAt?: number; appBuild?: string };

// Writes one batch, in device id order (so two servers flushing at once cannot deadlock on each other's rows), in
// one transaction: through Kysely (PostgreSQL), or by SQLite's push writer thread along with its next group commit.
export type TouchWriter = (batch: readonly (readonly [string, Touch])[]) => Promise<void>;

export const kyselyTouchWriter =
  (db: Kysely<Database>): TouchWriter =>
  (batch) =>
    db.transaction().execute(async (trx) => {
      for (const [id, t] of batch) {
        const set = {
          ...(t.lastSyncAt !== undefined ? { last_sync_at: t.lastSyncAt } : {}),
          ...(t.expiresAt !== undefined ? { expires_at: t.expiresAt } : {}),
          ...(t.appBuild !== undefined ? { app_build: t.appBuild } : {}),
        };
        if (Object.keys(set).length) await trx.updateTable('devices').set(set).where('id', '=', id).where('revoked_at', 'is', null).execute();
      }
    });

export class DeviceTouches {
  private pending = new Map<string, Touch>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: TouchWriter,
    private readonly delayMs = 1000,
  ) {}

  touch(deviceId: string, t: Touch): void {
    this.pending.set(deviceId, { ...this.pending.get(deviceId), ...t });
    this.schedule(this.delayMs);
  }

  // Writes what is pending and stops (the store is about to close).
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private closed = false;

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => void this.flush(), ms);
    this.timer.unref?.();
  }

  flush(): Promise<void> {
    if (this.closed) return this.flushing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    if (!batch.size) return this.flushing;
    const sorted = [...batch].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.flushing = this.flushing.then(() =>
      this.write(sorted).catch((e) => {
        // Put them back under whatever came since, to be written with the next batch.
        for (const [id, t] of batch) this.pending.set(id, { ...t, ...this.pending.get(id) });
        console.warn('device sync times could not be saved (retried in 10 s):', (e as Error).message);
        this.schedule(10_000);
      }),
    );
    return this.flushing;
  }
}
