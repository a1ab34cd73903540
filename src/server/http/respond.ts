import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { Context } from 'hono';

const gzip = promisify(zlib.gzip);

// JSON responses, gzip-compressed when the client accepts it and the body is worth it (pull pages are mostly
// repeated keys and ids: ~5–10× smaller). Small bodies are compressed on the spot, large ones off the event loop.
const THRESHOLD = 1024;
const SYNC_LIMIT = 32 * 1024;

// A response as both HTTP paths send it: Hono's (every route, and app.request() in tests) and the sync fast path
// on the socket (http/listener.ts).
export type Reply = { status: number; headers: Record<string, string>; body: string | Uint8Array };

const acceptsGzip = (acceptEncoding: string | undefined): boolean => acceptEncoding !== undefined && /\bgzip\b/i.test(acceptEncoding);

export const jsonReply = (body: unknown, status: number, acceptEncoding: string | undefined, extra?: Record<string, string>): Promise<Reply> =>
  jsonTextReply(JSON.stringify(body), status, acceptEncoding, extra);

// The same for a body already serialised (a pull page built from cached changes, store/change-cache.ts).
export const jsonTextReply = async (text: string, status: number, acceptEncoding: string | undefined, extra?: Record<string, string>): Promise<Reply> => {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    Vary: 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  };
  // Bytes ≥ characters, so a short string is known to be under the threshold without measuring it.
  if (text.length < THRESHOLD / 3 || !acceptsGzip(acceptEncoding)) return { status, headers, body: text };
  const size = Buffer.byteLength(text);
  if (size < THRESHOLD) return { status, headers, body: text };
  // A window no bigger than the body compresses it exactly as well, and costs half as much to set up for a pull page.
  // Small bodies (an incremental pull of a few dozen rows) at level 1: a third of level 6's CPU for ~80 more bytes,
  // which matters when hundreds of phones sync at once; big pages (a first sync over 2G) get level 6.
  const options = { level: size <= SYNC_LIMIT ? 1 : 6, windowBits: Math.min(15, Math.max(9, Math.ceil(Math.log2(size)))) };
  const packed = size <= SYNC_LIMIT ? zlib.gzipSync(text, options) : await gzip(text, options);
  headers['Content-Encoding'] = 'gzip';
  return { status, headers, body: new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength) };
};

export const sendReply = (c: Context, reply: Reply): Response =>
  typeof reply.body === 'string'
    ? c.body(reply.body, reply.status as 200, reply.headers)
    : c.body(reply.body as Uint8Array<ArrayBuffer>, reply.status as 200, reply.headers);

export const sendJson = async (c: Context, body: unknown, status = 200): Promise<Response> =>
  sendReply(c, await jsonReply(body, status, c.req.header('accept-encoding')));
