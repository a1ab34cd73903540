import * as v from 'valibot';
import type { FieldIssue, ValidationRule } from '../errors.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

const RULES = new Set<string>([
  'required', 'too-long', 'too-short', 'too-small', 'too-large', 'not-integer', 'bad-format', 'bad-choice',
  'bad-date', 'looks-like-id-number', 'looks-like-otp', 'looks-like-password', 'empty-list', 'duplicate', 'too-weak',
]);

// Turns valibot's issues into {field, rule} pairs the UI can translate ("Tên chủ hộ: không được để trống").
// A missing key reports 'required' whatever valibot's type message says.
export const validate = <S extends v.GenericSchema>(schema: S, input: unknown): Validated<v.InferOutput<S>> => {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const issues: FieldIssue[] = [];
  for (const issue of result.issues) {
    const field = v.getDotPath(issue) ?? '';
    const rule: ValidationRule =
      issue.input === undefined && issue.kind === 'schema'
        ? 'required'
        : RULES.has(issue.message)
          ? (issue.message as ValidationRule)
          : 'bad-format';
    if (!issues.some((i) => i.field === field && i.rule === rule)) issues.push({ field, rule });
  }
  return { ok: false, issues };
};
