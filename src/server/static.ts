import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

// Serves the built PWA. Hashed assets are immutable; the HTML and the service worker must always be revalidated
// so an update is noticed. Any other path that is not a file gets index.html (client-side routes).
export const mountStatic = (app: Hono, distDir: string): void => {
  const root = path.relative(process.cwd(), distDir) || '.';
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    await next();
    if (/\.(html|webmanifest)$|sw\.js$|^\/$/.test(c.req.path)) c.header('Cache-Control', 'no-cache');
  });
  app.use('*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : serveStatic({ root })(c, next)));
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'not-found', message: 'no such API' } }, 404);
    const index = path.join(distDir, 'index.html');
    if (!fs.existsSync(index)) return c.text('The app is not built: run `npm run build` (npm start does it).', 503);
    c.header('Cache-Control', 'no-cache');
    return c.html(fs.readFileSync(index, 'utf8'));
  });
};
