// Expected failures travel as codes, never as prose: the phone and the officer UI map each code to translated
// text (locales/*/errors.json), and the server's one error handler maps it to an HTTP status.
export const ERROR_CODES = [
  'invalid', // a field failed validation; `field` and `rule` say which and why
  'bad-request', // malformed JSON or the wrong shape of request
  'payload-too-large',
  'unauthorized', // no or unknown token
  'token-revoked',
  'token-expired',
  'login-failed',
  'forbidden', // the caller's role may not do this
  'scope-forbidden', // the record is outside the caller's commune or villages
  'not-found',
  'invite-invalid',
  'invite-expired',
  'invite-used-up',
  'seq-gap', // a push skipped sequence numbers: resend from `expectedSeq`
  'stale-schema', // the client's data schema is older than the server accepts
  'upgrade-required', // the client's protocol is too old: update the app
  'conflict-flagged', // an insert-only record arrived again with a different body
  'unknown-parent', // e.g. a resident for a household the server has never seen
  'immutable-field', // e.g. moving a household to another village
  'rate-limited',
  'unavailable', // transient: try again later
  'internal',
  // phone-only
  'quota-exceeded',
  'storage-failed',
  'network',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

// The HTTP status each code is answered with, by the server's error handler and the trainer demo's in-browser
// server alike. Every code has one, so a new code cannot leave without a status. The phone-only codes never
// cross the wire; they read as the server's own failure if they ever did.
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  'bad-request': 400,
  'invite-invalid': 400,
  'invite-expired': 400,
  'invite-used-up': 400,
  'unknown-parent': 400,
  'payload-too-large': 413,
  unauthorized: 401,
  'token-revoked': 401,
  'token-expired': 401,
  'login-failed': 401,
  forbidden: 403,
  'scope-forbidden': 403,
  'not-found': 404,
  'seq-gap': 409,
  'conflict-flagged': 409,
  'immutable-field': 409,
  'stale-schema': 409,
  'upgrade-required': 409,
  'rate-limited': 429,
  unavailable: 503,
  internal: 500,
  'quota-exceeded': 500,
  'storage-failed': 500,
  network: 500,
};

export const statusOf = (code: ErrorCode): number => HTTP_STATUS[code];

export type FieldIssue = { field: string; rule: ValidationRule };

// Rules a field can fail; each has translated text that names the field.
export type ValidationRule =
  | 'required'
  | 'too-long'
  | 'too-short'
  | 'too-small'
  | 'too-large'
  | 'not-integer'
  | 'bad-format'
  | 'bad-choice'
  | 'bad-date'
  | 'looks-like-id-number'
  | 'looks-like-otp'
  | 'looks-like-password'
  | 'too-weak'
  | 'empty-list'
  | 'duplicate'
  | 'unknown-village' // roster import: a Thôn the commune does not have
  | 'period-ended'; // undoing a household merge after the report period it was made in

export type AppError = { code: ErrorCode; message?: string; issues?: FieldIssue[] };

export class CodedError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];
  constructor(code: ErrorCode, message?: string, issues?: FieldIssue[]) {
    super(message ?? code);
    this.code = code;
    this.issues = issues;
  }
}

export const isErrorCode = (x: unknown): x is ErrorCode =>
  typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);

// Which failures of a pushed mutation are permanent (recorded as rejected, sequence advances) and which are
// transient (the whole push aborts and the client retries).
export const isPermanent = (code: ErrorCode): boolean =>
  code !== 'unavailable' && code !== 'internal' && code !== 'rate-limited' && code !== 'network';
