import { CodedError } from '../../core/errors.ts';

// Counts failed attempts (wrong password, wrong invite code) per key in a sliding window and refuses further
// attempts once the limit is reached, until the window has passed. In memory: one server process guards itself;
// behind several processes each keeps its own count, which still bounds guessing.
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  // Throws rate-limited when `key` has failed `limit` times within the window.
  check(key: string, now: number): void {
    const recent = this.recent(key, now);
    if (recent.length >= this.limit) {
      const retryAfter = Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
      throw Object.assign(new CodedError('rate-limited', `too many attempts: try again in ${retryAfter} s`), { retryAfter });
    }
  }

  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.sweep(now);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures) if (!times.some((t) => t > now - this.windowMs)) this.failures.delete(key);
  }
}
