import { Hono } from 'hono';
import { authenticate, deviceAuth, type Caller } from '../accounts/auth.ts';
import type { ServerContext } from '../context.ts';
import { LIMITS, readBytes } from '../http/body.ts';
import { sendReply, type Reply } from '../http/respond.ts';

// What a sync call needs from its HTTP request, whichever way it arrived: Hono (app.request() in tests, and any
// request the fast path leaves to Hono) or the socket fast path (http/listener.ts).
export type SyncRequest = {
  header: (name: string) => string | undefined;
  // The raw body, read only once the caller is authenticated, at most `limit` bytes.
  body: (limit: number) => Promise<Uint8Array>;
};

export type SyncHandlers = { push: (r: SyncRequest) => Promise<Reply>; pull: (r: SyncRequest) => Promise<Reply> };

// docs/design.md §4 over HTTP. The logic is the core's (handlePush / handlePull over the SQL port); this file only
// authenticates, reads the body within its limit and hands it to ctx.sync (threads/calls.ts: on SQLite the writer
// or a reader thread), which decodes it, runs the core and encodes the answer. Bodies may be gzip-compressed. A
// thrown error is answered by the one error handler (http/errors.ts).
export const syncHandlers = (ctx: ServerContext, opts: { onPushed?: (communeId: string) => void } = {}): SyncHandlers => {
  // "Last synced" for the officer's freshness view, at most once a minute per device (batched writes).
  const touch = (caller: Caller, build: string | null, now: number) => {
    const device = caller.device;
    if (device && (device.last_sync_at === null || device.last_sync_at < now - 60_000 || (build !== null && build !== device.app_build))) {
      ctx.touches.touch(device.id, { lastSyncAt: now, ...(build !== null ? { appBuild: build } : {}) });
      // The row may be kept for the next call (accounts/auth.ts): it moves with the write it asked for.
      device.last_sync_at = now;
      if (build !== null) device.app_build = build;
    }
  };
  return {
    // POST /api/sync/push {protocol, schema, build?, deviceId, mutations, pull?} → {lastSeq, results, serverTime, pull?};
    // a sequence gap → 409 {lastSeq, expectedSeq, results, serverTime, error:'seq-gap'}; too old → {upgrade:true}.
    // With `pull` ({cursor, limit?, scopeKey?}), a push that went through is answered with the pull page too, read
    // after its commit (on SQLite by a reader thread, while the writer goes on with the next group).
    push: async (r) => {
      const caller = await authenticate(ctx, r.header('authorization'));
      const auth = await deviceAuth(ctx, caller, { write: true });
      const bytes = await r.body(LIMITS.push);
      const acceptEncoding = r.header('accept-encoding');
      const out = await ctx.sync.push({ auth, bytes, contentEncoding: r.header('content-encoding'), acceptEncoding, now: ctx.now() });
      // The report rollups of the commune are refreshed in the background once something changed.
      if (out.applied) opts.onPushed?.(auth.scope.communeId);
      if (!out.follow) return out.reply;
      const now = ctx.now();
      const pulled = await ctx.sync.pull({ auth, after: out.follow, acceptEncoding, now });
      touch(caller, pulled.build ?? r.header('x-app-build')?.slice(0, 40) ?? null, now);
      return pulled.reply;
    },

    // POST /api/sync/pull {protocol, schema, build?, deviceId, cursor, limit?, scopeKey?}
    //   → {changes, cursor, hasMore, scope, scopeKey, serverTime} | {reset:true, …} | {upgrade:true}
    pull: async (r) => {
      const caller = await authenticate(ctx, r.header('authorization'));
      const auth = await deviceAuth(ctx, caller);
      const bytes = await r.body(LIMITS.small);
      const now = ctx.now();
      const out = await ctx.sync.pull({ auth, bytes, contentEncoding: r.header('content-encoding'), acceptEncoding: r.header('accept-encoding'), now });
      touch(caller, out.build ?? r.header('x-app-build')?.slice(0, 40) ?? null, now);
      return out.reply;
    },
  };
};

export const syncRoutes = (handlers: SyncHandlers): Hono => {
  const app = new Hono();
  app.post('/push', async (c) => sendReply(c, await handlers.push({ header: (n) => c.req.header(n), body: (limit) => readBytes(c, limit) })));
  app.post('/pull', async (c) => sendReply(c, await handlers.pull({ header: (n) => c.req.header(n), body: (limit) => readBytes(c, limit) })));
  return app;
};
