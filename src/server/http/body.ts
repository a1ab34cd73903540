import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { CodedError } from '../../core/errors.ts';

const gunzip = promisify(zlib.gunzip);
const SYNC_GUNZIP = 8 * 1024;

// Request bodies are read with a hard cap before and after decompression: an oversized body or a zip bomb is a
// 413 after reading at most `limit` bytes, a body that is not JSON a 400; neither can become a 5xx.
export const LIMITS = {
  // A push carries ≤ 100 mutations or 256 KB (the phone's own limit); the server allows generous headroom so a
  // phone that measures a little differently is never stuck resending a push it can never get through.
  push: 1024 * 1024,
  small: 16 * 1024,
} as const;

// On a real socket the body is read from Node's request stream directly (no web-stream adapter in between).
export const readIncoming = (incoming: IncomingMessage, limit: number): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (e: unknown) => {
      cleanup();
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        fail(new CodedError('payload-too-large', `at most ${limit} bytes`));
        incoming.resume(); // drain and drop the rest
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onAborted = () => fail(new CodedError('bad-request', 'the request was cut off'));
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', fail);
      incoming.off('aborted', onAborted);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', fail);
    incoming.on('aborted', onAborted);
  });

const readCapped = async (c: Context, limit: number): Promise<Uint8Array> => {
  checkDeclaredLength(c.req.header('content-length'), limit);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // Data the parser has already buffered (a small body usually arrives with its headers) is still unread and
  // comes out first once we listen; only a stream someone else has started reading needs the adapter.
  if (incoming && typeof incoming.on === 'function' && !incoming.readableEnded && !incoming.readableDidRead) return readIncoming(incoming, limit);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new CodedError('payload-too-large', `at most ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
};

// A Content-Length over the limit is refused before a byte is read.
export const checkDeclaredLength = (contentLength: string | undefined, limit: number): void => {
  const declared = Number(contentLength ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new CodedError('payload-too-large', `at most ${limit} bytes`);
};

// Body bytes → JSON value: gzip or plain, capped at `limit` once decompressed too.
export const decodeJson = async (raw: Uint8Array, contentEncoding: string | undefined, limit: number): Promise<unknown> => {
  let bytes = raw;
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') {
    try {
      // A phone's usual body (a few mutations, a pull) inflates in microseconds: on the spot is cheaper than a trip
      // to the thread pool. Big ones go off the event loop.
      bytes = bytes.byteLength <= SYNC_GUNZIP ? zlib.gunzipSync(bytes, { maxOutputLength: limit }) : await gunzip(bytes, { maxOutputLength: limit });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
        throw new CodedError('payload-too-large', `at most ${limit} bytes once decompressed`);
      throw new CodedError('bad-request', 'the body is not valid gzip');
    }
  } else if (encoding !== 'identity') {
    // 415: the phone then sends plain JSON.
    throw Object.assign(new CodedError('bad-request', `unsupported Content-Encoding ${encoding}: send gzip or plain JSON`), { status: 415 });
  }
  if (bytes.byteLength === 0) throw new CodedError('bad-request', 'a JSON body is required');
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    throw new CodedError('bad-request', 'the body is not valid JSON');
  }
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

export const readBytes = (c: Context, limit: number): Promise<Uint8Array> => readCapped(c, limit);

export const readJson = async (c: Context, limit: number = LIMITS.small): Promise<unknown> =>
  decodeJson(await readCapped(c, limit), c.req.header('content-encoding'), limit);
