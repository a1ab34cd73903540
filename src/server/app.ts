import type { RequestListener } from 'node:http';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { ServerContext } from './context.ts';
import { onError, type FailureLog } from './http/errors.ts';
import { createListener } from './http/listener.ts';
import { sendJson } from './http/respond.ts';
import { securityHeaders } from './http/security-headers.ts';
import { adminRoutes } from './routes/admin.ts';
import { adminCatalogueRoutes } from './routes/admin-catalogue.ts';
import { adminCommuneRoutes } from './routes/admin-communes.ts';
import { adminHouseholdRoutes } from './routes/admin-households.ts';
import { adminProvinceRoutes } from './routes/admin-province.ts';
import { adminTargetRoutes } from './routes/admin-targets.ts';
import { adminTeamRoutes } from './routes/admin-teams.ts';
import { adminVillageRoutes } from './routes/admin-villages.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import type { Warmer } from './reports/warm.ts';
import { reportRoutes } from './routes/reports.ts';
import { syncHandlers, syncRoutes } from './routes/sync.ts';
import { mountStatic } from './static.ts';

export type AppOptions = {
  distDir?: string;
  // How many reverse proxies stand in front (TRUST_PROXY): X-Forwarded-For is read from the right by that many.
  trustProxy?: boolean | number;
  // Served over https by this process (TLS_CERT/TLS_KEY): answers carry HSTS.
  tls?: boolean;
  // Where unexpected failures are reported (500s and 503s); stderr by default.
  log?: FailureLog;
};

const defaultLog: FailureLog = (e, c) => console.error(`${c.req.method} ${c.req.path} failed:`, e);

// The one HTTP app: API routes first, then the built PWA. Tests drive it with app.request(), no socket; on a
// socket `listener` serves it, with the sync calls on a fast path (http/listener.ts).
export type ServerApp = { app: Hono; listener: RequestListener; warmer: Warmer };

export const createServerApp = (ctx: ServerContext, opts: AppOptions = {}): ServerApp => {
  const app = new Hono();
  const log = opts.log ?? defaultLog;
  app.onError(onError(log));
  const security = { tls: opts.tls, trustedProxies: typeof opts.trustProxy === 'number' ? opts.trustProxy : opts.trustProxy ? 1 : 0 };
  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(securityHeaders(c.req.path, security, c.req.header('x-forwarded-proto')))) c.header(k, v);
  });
  app.route('/api/health', healthRoutes(ctx, (e) => log(e, { req: { method: 'GET', path: '/api/health' } })));
  app.route('/api/auth', authRoutes(ctx, { trustProxy: opts.trustProxy }));
  const reports = reportRoutes(ctx);
  // After a push, the report rollups of the communes that changed are refreshed in the background.
  const sync = syncHandlers(ctx, { onPushed: reports.warmer.poke });
  app.route('/api/sync', syncRoutes(sync));
  app.route('/api/reports', reports.routes);
  app.route('/api/admin', adminRoutes(ctx));
  // The officer workspace's admin areas; catalogue and village changes refresh the report rollups.
  app.route('/api/admin/communes', adminCommuneRoutes(ctx));
  app.route('/api/admin/villages', adminVillageRoutes(ctx, reports.warmer.poke));
  app.route('/api/admin/catalogue', adminCatalogueRoutes(ctx, reports.warmer.poke));
  app.route('/api/admin/households', adminHouseholdRoutes(ctx, reports.warmer.poke));
  app.route('/api/admin/targets', adminTargetRoutes(ctx));
  app.route('/api/admin/province', adminProvinceRoutes(ctx));
  app.route('/api/admin/teams', adminTeamRoutes(ctx));
  app.all('/api/*', (c) => sendJson(c, { error: { code: 'not-found', message: `no API at ${c.req.method} ${c.req.path}` } }, 404));
  if (opts.distDir) {
    // Static files carry a Content-Length, so the threshold applies; API responses compress themselves.
    app.use('*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : compress()(c, next)));
    mountStatic(app, opts.distDir);
  }
  return { app, listener: createListener(app, sync, log, security), warmer: reports.warmer };
};

export const createApp = (ctx: ServerContext, opts: AppOptions = {}): Hono => createServerApp(ctx, opts).app;
