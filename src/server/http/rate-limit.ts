import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { CodedError } from '../../core/errors.ts';
import type { Database } from '../store/schema.ts';

// Sign-in and join attempts, limited per key in a sliding window. An attempt is counted *before* the password or
// code is checked (reserved), so fifty guesses sent at once are fifty attempts, not fifty free checks; one that
// succeeds (or fails for a reason that is not a guess) gives its reservation back. The count is in the database,
// so every server process in front of one database shares it.
let counter = 0;
const PROCESS = crypto.randomBytes(4).toString('hex');

export type AttemptKey = { key: string; limit: number };

export type Reservation = { release: () => Promise<void> };

export class AttemptLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
    private readonly windowMs: number,
  ) {}

  // Counts one attempt under every key; throws rate-limited (counting nothing) when any key is already full.
  // One transaction per attempt, serialised per key (SQLite: the write lock; PostgreSQL: an advisory lock per key),
  // so of fifty sent at once, or spread over several processes, exactly `limit` go on to be checked.
  async reserve(keys: readonly AttemptKey[], now: number): Promise<Reservation> {
    const id = `${now.toString(36)}-${(++counter).toString(36)}-${PROCESS}`;
    const since = now - this.windowMs;
    const names = [...new Set(keys.map((k) => k.key))].sort();
    await this.db.transaction().execute(async (trx) => {
      if (this.kind === 'postgres') for (const key of names) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
      await trx.deleteFrom('auth_attempts').where('key', 'in', names).where('at', '<=', since).execute();
      const counts = await trx
        .selectFrom('auth_attempts')
        .select((eb) => ['key', eb.fn.countAll<number>().as('n'), eb.fn.min<number>('at').as('first')])
        .where('key', 'in', names)
        .where('at', '>', since)
        .groupBy('key')
        .execute();
      for (const k of keys) {
        const row = counts.find((c) => c.key === k.key);
        if (row && Number(row.n) >= k.limit) {
          const retryAfter = Math.max(1, Math.ceil((Number(row.first) + this.windowMs - now) / 1000));
          throw Object.assign(new CodedError('rate-limited', `too many attempts: try again in ${retryAfter} s`), { retryAfter });
        }
      }
      await trx.insertInto('auth_attempts').values(names.map((key) => ({ key, id, at: now }))).execute();
    });
    return { release: async () => void (await this.db.deleteFrom('auth_attempts').where('id', '=', id).where('key', 'in', names).execute()) };
  }

  // Attempts older than the window are no longer counted; dropped now and then (main.ts).
  async purge(now: number): Promise<void> {
    await this.db.deleteFrom('auth_attempts').where('at', '<=', now - this.windowMs).execute();
  }
}
