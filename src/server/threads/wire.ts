import { CodedError } from '../../core/errors.ts';

// A failure carried across the thread boundary keeps what the error handler looks at: a CodedError's code, message,
// issues and status; another error's name, message, code (SQLITE_BUSY and the like) and stack.
export type WireError =
  | { coded: true; code: CodedError['code']; message: string; issues?: CodedError['issues']; status?: number }
  | { coded: false; name: string; message: string; code?: string; stack?: string };

export const errorToWire = (e: unknown): WireError => {
  if (e instanceof CodedError) {
    const status = (e as { status?: unknown }).status;
    return { coded: true, code: e.code, message: e.message, issues: e.issues, ...(typeof status === 'number' ? { status } : {}) };
  }
  const err = (e ?? {}) as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
  return {
    coded: false,
    name: typeof err.name === 'string' ? err.name : 'Error',
    message: typeof err.message === 'string' ? err.message : String(e),
    ...(typeof err.code === 'string' ? { code: err.code } : {}),
    ...(typeof err.stack === 'string' ? { stack: err.stack } : {}),
  };
};

export const errorFromWire = (w: WireError): Error => {
  if (w.coded) {
    const e = new CodedError(w.code, w.message, w.issues);
    return w.status !== undefined ? Object.assign(e, { status: w.status }) : e;
  }
  const e = Object.assign(new Error(w.message), w.code !== undefined ? { code: w.code } : {});
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  return e;
};
