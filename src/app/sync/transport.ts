import Dexie from 'dexie';
import { isErrorCode, type ErrorCode } from '../../core/errors.ts';
import { COMPRESS_FROM, type PullRequest, type PullResponse, type PushRequest, type PushResponse } from '../../core/sync/protocol.ts';
import { gzipBody } from './gzip.ts';

// The network edge of the sync client. Everything above it sees either a parsed answer or a SyncHttpError whose
// `ambiguous` flag says whether the server may have applied the request anyway (a lost answer, a 5xx): the
// engine only pulls when no push is ambiguous, so a pulled row never hides an unacknowledged local edit.
export type Transport = {
  push(body: PushRequest): Promise<PushResponse>;
  pull(body: PullRequest): Promise<PullResponse>;
};

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export class SyncHttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number, // 0: no answer at all
    readonly ambiguous: boolean,
    message?: string,
  ) {
    super(message ?? code);
  }
}

export type HttpTransportOptions = {
  baseUrl?: string;
  fetch?: FetchLike;
  token: () => Promise<string | undefined>;
  // gzip request bodies when the platform can (CompressionStream); the server answers 415 if it cannot read them
  compress?: boolean;
  timeoutMs?: number;
  build?: string;
};

const AUTH_CODES = new Set<ErrorCode>(['unauthorized', 'token-revoked', 'token-expired']);

const codeIn = (body: unknown): ErrorCode | undefined => {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return isErrorCode(code) ? code : undefined;
};

// Maps an HTTP failure to a code. A 4xx was refused before anything was applied; a 5xx may have been applied by
// something in between, so it counts as ambiguous (the retry is safe either way: duplicates are acknowledged).
export const errorFromStatus = (s: number, body: unknown): SyncHttpError => {
  const code = codeIn(body);
  if (s >= 500) return new SyncHttpError(code && !AUTH_CODES.has(code) ? code : 'unavailable', s, true);
  if (s === 401) return new SyncHttpError(code && AUTH_CODES.has(code) ? code : 'unauthorized', s, false);
  if (s === 403 && code && AUTH_CODES.has(code)) return new SyncHttpError(code, s, false);
  if (s === 413) return new SyncHttpError('payload-too-large', s, false);
  if (s === 426) return new SyncHttpError('upgrade-required', s, false);
  if (s === 429) return new SyncHttpError('rate-limited', s, false);
  return new SyncHttpError(code ?? 'bad-request', s, false);
};

const readBody = async (res: Response): Promise<unknown> => {
  try {
    return await res.json();
  } catch {
    return undefined;
  }
};

export const createHttpTransport = (opts: HttpTransportOptions): Transport => {
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const base = opts.baseUrl ?? '';
  let compress = opts.compress ?? typeof CompressionStream !== 'undefined';

  const call = async <T>(path: string, body: unknown): Promise<T> => {
    // A fetch awaited inside a Dexie transaction would let the transaction commit early (or hold it open for the
    // whole round trip): the engine must never do it, and this guard makes a mistake fail loudly in tests.
    if (Dexie.currentTransaction) throw new Error('sync: fetch inside a Dexie transaction');
    const token = await opts.token();
    if (!token) throw new SyncHttpError('unauthorized', 0, false, 'no device token');
    const json = JSON.stringify(body);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
    if (opts.build) headers['X-App-Build'] = opts.build;
    let payload: BodyInit = json;
    if (compress && json.length >= COMPRESS_FROM) {
      const gz = await gzipBody(json);
      if (gz) {
        payload = gz;
        headers['Content-Encoding'] = 'gzip';
      }
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? 30_000);
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { method: 'POST', headers, body: payload, signal: ctrl.signal });
    } catch (e) {
      throw new SyncHttpError('network', 0, true, e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
    }
    if (res.status === 415 && compress) {
      // A server (or proxy) that cannot read gzip bodies: send plain JSON from now on.
      compress = false;
      return call<T>(path, body);
    }
    if (!res.ok) {
      const answer = await readBody(res);
      // A sequence gap is an answer, not a failure (409 with the push answer's shape): resend from expectedSeq.
      if (res.status === 409 && (answer as { error?: unknown } | undefined)?.error === 'seq-gap') return answer as T;
      throw errorFromStatus(res.status, answer);
    }
    const answer = await readBody(res);
    // The answer was cut off: the server may well have applied the push.
    if (answer === undefined) throw new SyncHttpError('network', res.status, true, 'unreadable answer');
    return answer as T;
  };

  return {
    push: (body) => call<PushResponse>('/api/sync/push', body),
    pull: (body) => call<PullResponse>('/api/sync/pull', body),
  };
};
