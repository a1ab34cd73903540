import { Hono } from 'hono';
import { PROTOCOL, SCHEMA } from '../../core/sync/protocol.ts';
import type { ServerContext } from '../context.ts';
import { isTransientDbError } from '../http/errors.ts';
import { sendJson } from '../http/respond.ts';
import { LATEST_MIGRATION } from '../store/migrations/index.ts';

// GET /api/health → {ok, version, protocol, schema, migration, db}; 503 with ok:false when the database does not
// answer or cannot write (a full disk, a read-only file or standby), so a load balancer or the phone can tell
// "server up, database down". It writes one row each time, which is how a store that reads but cannot write shows.
export const healthRoutes = (ctx: ServerContext, log: (e: unknown) => void = () => undefined): Hono => {
  const app = new Hono();
  app.get('/', async (c) => {
    const now = ctx.now();
    const info = { version: ctx.version, protocol: PROTOCOL, schema: SCHEMA, migration: LATEST_MIGRATION, db: ctx.store.kind, serverTime: now };
    try {
      await ctx.store.db
        .insertInto('auth_attempts')
        .values({ key: 'health', id: 'probe', at: now })
        .onConflict((oc) => oc.columns(['key', 'id']).doUpdateSet({ at: now }))
        .execute();
      return sendJson(c, { ok: true, ...info });
    } catch (e) {
      log(e);
      const message = isTransientDbError(e) ? 'the database does not answer or cannot write' : 'the database failed';
      c.header('Retry-After', '5');
      return sendJson(c, { ok: false, ...info, error: { code: 'unavailable', message } }, 503);
    }
  });
  return app;
};
