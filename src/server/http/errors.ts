import type { Context } from 'hono';
import { CodedError, statusOf } from '../../core/errors.ts';
import { sendJson } from './respond.ts';

// The one error handler: every failure leaves as {error:{code, message, issues?}} with the status below. Expected
// failures are CodedErrors; a database that is busy, unreachable or restarting is 503 `unavailable` (the phone
// retries later and keeps its outbox); anything else is a 500 that is logged, never shown in detail.
// The status of each code is src/core/errors.ts HTTP_STATUS, shared with the trainer demo.

// Error codes of a database that is not answering (as opposed to a query that is wrong).
// A full disk, a read-only file or an I/O error is the store not answering too: 503, retried by the phone, and it
// recovers by itself once space is freed or the file is writable again.
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|NOMEM|INTERRUPT|READONLY)/;
const PG_TRANSIENT_CLASSES = ['08', '53', '57', '58']; // connection, resources, operator intervention, system
// serialization, deadlock, lock not available, read-only transaction (a standby or a read-only database)
const PG_TRANSIENT = new Set(['40001', '40P01', '55P03', '25006']);
const NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export const isTransientDbError = (e: unknown): boolean => {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  const code = typeof err.code === 'string' ? err.code : '';
  if (SQLITE_TRANSIENT.test(code) || PG_TRANSIENT.has(code) || NET.has(code)) return true;
  if (/^[0-9A-Z]{5}$/.test(code) && PG_TRANSIENT_CLASSES.includes(code.slice(0, 2))) return true;
  const message = typeof err.message === 'string' ? err.message : '';
  // node-postgres's own words for a connection that died under a query, or a client used after it did.
  if (
    /timeout exceeded when trying to connect|Connection terminated|database is locked|driver has already been destroyed|Cannot use a pool after calling end|is not queryable|terminating connection|server closed the connection unexpectedly/i.test(
      message,
    )
  )
    return true;
  return err.cause !== undefined && err.cause !== e ? isTransientDbError(err.cause) : false;
};

export const toCodedError = (e: unknown): CodedError => {
  if (e instanceof CodedError) return e;
  if (isTransientDbError(e)) return new CodedError('unavailable', 'the database is busy or unreachable: try again shortly');
  return new CodedError('internal', 'something went wrong on the server');
};

// What a failure is answered with: status, extra headers and the {error} body, and whether it must be logged.
export const errorAnswer = (e: unknown): { status: number; headers: Record<string, string>; body: { error: Record<string, unknown> }; report: boolean } => {
  const coded = toCodedError(e);
  // A CodedError may carry a more precise status (415 for a body encoding the server cannot read).
  const own = e instanceof CodedError ? (e as { status?: unknown }).status : undefined;
  const status = typeof own === 'number' ? own : statusOf(coded.code);
  const headers: Record<string, string> = {};
  if (coded.code === 'unavailable') headers['Retry-After'] = '5';
  const retryAfter = (e as { retryAfter?: number } | null)?.retryAfter;
  if (coded.code === 'rate-limited' && retryAfter) headers['Retry-After'] = String(retryAfter);
  return {
    status,
    headers,
    body: { error: { code: coded.code, message: coded.message, ...(coded.issues ? { issues: coded.issues } : {}) } },
    report: coded.code === 'internal' || coded.code === 'unavailable',
  };
};

// Where unexpected failures (500s and 503s) are reported: the request's method and path, and the error.
export type FailureLog = (e: unknown, c: { req: { method: string; path: string } }) => void;

export const onError = (log: FailureLog) => (e: Error, c: Context) => {
  const answer = errorAnswer(e);
  if (answer.report) log(e, c);
  for (const [k, v] of Object.entries(answer.headers)) c.header(k, v);
  return sendJson(c, answer.body, answer.status);
};
