// When to try again after a failure: exponential from `baseMs`, capped at `maxMs`, with jitter so a village of
// phones that lost signal together does not come back in lockstep.
export type BackoffPolicy = { baseMs: number; maxMs: number };
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

// failures ≥ 1. The delay is uniform in [cap/2, cap), cap = min(max, base·2^(failures-1)).
export const backoffDelay = (failures: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number => {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(cap * (0.5 + random() / 2));
};

// Between successful syncs the phone still asks now and then for what teammates sent.
export const pollDelay = (pollMs: number, random: () => number): number => Math.round(pollMs * (0.75 + random() / 2));
