import type * as v from 'valibot';
import { CodedError, type ErrorCode, type FieldIssue } from '../../core/errors.ts';
import { validate } from '../../core/model/validate.ts';

// Every repository write goes through here: a record that fails its core schema is refused with the fields named
// (nothing is written), and a storage failure becomes a code the screens translate. Screens keep what was typed
// on any error; 'quota-exceeded' tells the user to export a backup file.
export const checked = <S extends v.GenericSchema>(schema: S, input: unknown, prefix = ''): v.InferOutput<S> => {
  const r = validate(schema, input);
  if (r.ok) return r.value;
  throw new CodedError('invalid', undefined, prefixIssues(r.issues, prefix));
};

export const prefixIssues = (issues: readonly FieldIssue[], prefix: string): FieldIssue[] =>
  prefix ? issues.map((i) => ({ ...i, field: i.field ? `${prefix}.${i.field}` : prefix })) : [...issues];

export const invalid = (issues: FieldIssue[]): CodedError => new CodedError('invalid', undefined, issues);

// Adds a record check's issues after the form's own, one per field (the form's answer wins for its field).
export const mergeIssues = (into: FieldIssue[], more: readonly FieldIssue[]): FieldIssue[] => {
  for (const i of more) if (!into.some((x) => x.field === i.field)) into.push(i);
  return into;
};

// A record check's refusal as the error a repository throws, after any issues of the form.
export const refusal = (check: { ok: false; code: ErrorCode; issues: FieldIssue[] }, formIssues: FieldIssue[] = []): CodedError =>
  check.code === 'invalid' ? invalid(mergeIssues(formIssues, check.issues)) : new CodedError(check.code, undefined, check.issues);

const isQuota = (e: unknown): boolean => {
  for (let x = e as { name?: string; inner?: unknown } | undefined, depth = 0; x && depth < 4; x = x.inner as typeof x, depth++)
    if (x.name === 'QuotaExceededError') return true;
  return false;
};

export const asCodedError = (e: unknown): CodedError =>
  e instanceof CodedError ? e : new CodedError(isQuota(e) ? 'quota-exceeded' : 'storage-failed', e instanceof Error ? e.message : String(e));

export const guardWrite = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (e) {
    throw asCodedError(e);
  }
};
