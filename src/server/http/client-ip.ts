import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

// The caller's address, for rate limits. Behind reverse proxies set TRUST_PROXY to how many there are (1 for one
// nginx/Caddy): each appends the address it received from to X-Forwarded-For, so the caller is the entry that many
// places from the right. Entries further left were written by the caller and are never believed.
export const clientIp = (c: Context, trustedProxies: number): string => {
  if (trustedProxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (hops.length) return hops[Math.max(0, hops.length - trustedProxies)].slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests: no socket
  }
};

// TRUST_PROXY: unset or 0 → no proxy; 1/true → one; N → N proxies in a row.
export const trustedProxiesFrom = (value: string | undefined): number => {
  if (!value || value === '0' || value === 'false') return 0;
  if (value === 'true') return 1;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, 10) : 1;
};
