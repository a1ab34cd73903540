import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { SyncHandlers, SyncRequest } from '../routes/sync.ts';
import { checkDeclaredLength, readIncoming } from './body.ts';
import { errorAnswer, type FailureLog } from './errors.ts';
import { jsonReply, type Reply } from './respond.ts';
import { securityHeaders, type SecurityOptions } from './security-headers.ts';

// The socket's request listener (`npm start`): the two sync calls, which are nearly all of a server's traffic
// (every phone, every few minutes), go straight from Node's request to the sync handlers and back; everything else
// goes through Hono. Both paths run the same handlers (routes/sync.ts) and the same error answers, so
// app.request() in tests and a phone on the socket get the same responses; the fast path only skips building
// web Request/Response objects, streams and abort signals for each call, which cost more than the call itself.
const SYNC_PATHS = new Set(['/api/sync/push', '/api/sync/pull']);

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

const send = (res: ServerResponse, reply: Reply): void => {
  if (res.headersSent || res.destroyed) return;
  const length = typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.byteLength;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': length });
  res.end(reply.body);
};

export const createListener = (app: Hono, sync: SyncHandlers, log: FailureLog, security: SecurityOptions = {}): RequestListener => {
  const hono = getRequestListener(app.fetch);
  const fast = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const r: SyncRequest = {
      header: (name) => header(req, name),
      body: (limit) => {
        checkDeclaredLength(header(req, 'content-length'), limit);
        return readIncoming(req, limit);
      },
    };
    try {
      send(res, await (path === '/api/sync/push' ? sync.push(r) : sync.pull(r)));
    } catch (e) {
      const answer = errorAnswer(e);
      if (answer.report) log(e, { req: { method: 'POST', path } });
      try {
        send(res, await jsonReply(answer.body, answer.status, header(req, 'accept-encoding'), answer.headers));
      } catch (again) {
        log(again, { req: { method: 'POST', path } });
        if (!res.headersSent) res.writeHead(500).end();
      }
    }
  };
  return (req, res) => {
    if (req.method === 'POST' && req.url !== undefined && SYNC_PATHS.has(req.url)) {
      for (const [k, v] of Object.entries(securityHeaders(req.url, security, header(req, 'x-forwarded-proto')))) res.setHeader(k, v);
      void fast(req, res, req.url);
    }
    else void hono(req, res);
  };
};
