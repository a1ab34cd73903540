import type { Server } from 'node:http';

// Slow clients must not hold the server: a request has `requestMs` to arrive whole (headers and body; the
// phone's push is at most 256 KB before gzip, seconds even on 2G), its headers `headersMs`, an idle keep-alive
// socket `keepAliveMs`, and at most `maxConnections` sockets are open at once (more are closed on arrival).
// Node's defaults are 300 s per request and no cap, so a few hundred trickling bodies held every socket for minutes.
export type ConnectionLimits = { requestMs: number; headersMs: number; keepAliveMs: number; maxConnections: number };

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { requestMs: 60_000, headersMs: 15_000, keepAliveMs: 5_000, maxConnections: 2_000 };

// Options for http.createServer / https.createServer, then `capConnections` on the server made.
export const serverOptions = (limits: Partial<ConnectionLimits> = {}) => {
  const l = { ...DEFAULT_CONNECTION_LIMITS, ...limits };
  return {
    requestTimeout: l.requestMs,
    headersTimeout: Math.min(l.headersMs, l.requestMs),
    keepAliveTimeout: l.keepAliveMs,
    // How often Node checks the two timeouts; its default (30 s) would let a request run well past its limit.
    connectionsCheckingInterval: Math.min(1_000, l.requestMs),
  };
};

export const capConnections = (server: Server, limits: Partial<ConnectionLimits> = {}): void => {
  server.maxConnections = limits.maxConnections ?? DEFAULT_CONNECTION_LIMITS.maxConnections;
};

// MAX_CONNECTIONS and REQUEST_TIMEOUT_MS from the environment, when set.
export const connectionLimitsFromEnv = (env: NodeJS.ProcessEnv): Partial<ConnectionLimits> => {
  const n = (v: string | undefined) => (v && Number.isSafeInteger(Number(v)) && Number(v) > 0 ? Number(v) : undefined);
  return {
    ...(n(env.MAX_CONNECTIONS) ? { maxConnections: n(env.MAX_CONNECTIONS) } : {}),
    ...(n(env.REQUEST_TIMEOUT_MS) ? { requestMs: n(env.REQUEST_TIMEOUT_MS) } : {}),
  };
};
