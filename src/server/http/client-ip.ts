import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

// The caller's address, for rate limits. Behind a reverse proxy set TRUST_PROXY=1 to use X-Forwarded-For.
export const clientIp = (c: Context, trustProxy: boolean): string => {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests: no socket
  }
};
