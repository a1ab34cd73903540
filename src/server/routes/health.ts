import { Hono } from 'hono';
import { sql } from 'kysely';
import { PROTOCOL, SCHEMA } from '../../core/sync/protocol.ts';
import type { ServerContext } from '../context.ts';
import { sendJson } from '../http/respond.ts';
import { LATEST_MIGRATION } from '../store/migrations/index.ts';

// GET /api/health → {ok, version, protocol, schema, migration, db}; 503 with ok:false when the database does not
// answer, so a load balancer or the phone can tell "server up, database down".
export const healthRoutes = (ctx: ServerContext): Hono => {
  const app = new Hono();
  app.get('/', async (c) => {
    const info = { version: ctx.version, protocol: PROTOCOL, schema: SCHEMA, migration: LATEST_MIGRATION, db: ctx.store.kind, serverTime: ctx.now() };
    try {
      await sql`select 1`.execute(ctx.store.db);
      return sendJson(c, { ok: true, ...info });
    } catch {
      return sendJson(c, { ok: false, ...info, error: { code: 'unavailable', message: 'the database does not answer' } }, 503);
    }
  });
  return app;
};
