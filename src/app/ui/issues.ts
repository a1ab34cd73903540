import type { AnyT } from '../i18n/i18n.ts';
import { CodedError, type FieldIssue } from '../../core/errors.ts';
import { checkedKey, i18n } from '../i18n/i18n.ts';

// Turns {field, rule} into a sentence that names the field ("Tên chủ hộ: không được để trống"). Paths with list
// positions ('residents.1.label') name the row ("Nhân khẩu 2 — tên").
export const fieldKey = (field: string): { key: string; n?: number } => {
  const parts = field.split('.');
  const idx = parts.findIndex((p) => /^\d+$/.test(p));
  return { key: parts.filter((p) => !/^\d+$/.test(p)).join('.'), n: idx >= 0 ? Number(parts[idx]) + 1 : undefined };
};

// The one way from a failure to words, for the field app and the officer workspace alike: codes and rules read
// the same everywhere (locales/*/errors.json); each area names its own fields (errors:fields for the field app,
// officer:fields for the officer's forms) and may word a field's rule its own way (`special`). An imported file's
// rows ('rows.3.name') are named by their line.
export type ErrorArea = 'field' | 'officer';
const FIELDS_NS: Record<ErrorArea, 'errors' | 'officer'> = { field: 'errors', officer: 'officer' };

export const issueText = (t: AnyT, issue: FieldIssue, area: ErrorArea = 'field'): string => {
  const ns = FIELDS_NS[area];
  const row = /^rows\.(\d+)\.(.+)$/.exec(issue.field);
  const { key, n } = fieldKey(row ? row[2] : issue.field);
  const special = `${ns}:special.${key}.${issue.rule}`;
  const fk = i18n.exists(`${ns}:fields.${key}._`) ? `${ns}:fields.${key}._` : `${ns}:fields.${key}`;
  const fieldName = i18n.exists(fk) ? t(checkedKey(fk), { n }) : t(`${ns}:fields.unknown`);
  const text = i18n.exists(special) ? t(checkedKey(special), { n }) : t(`errors:rules.${issue.rule}`, { field: fieldName });
  return row ? t(`${ns}:fields.line`, { line: row[1], text }) : text;
};

// The message for a failed action: what went wrong and what to do, never a raw exception. A signed-in officer
// reads a few codes in their own terms (errors:officer); anything not coded is a storage failure on the phone and
// the server's own failure in the officer's browser.
export const errorText = (t: AnyT, e: unknown, area: ErrorArea = 'field'): string => {
  const code = e instanceof CodedError ? e.code : area === 'field' ? 'storage-failed' : 'internal';
  if (area === 'officer' && i18n.exists(`errors:officer.${code}`)) return t(checkedKey(`errors:officer.${code}`));
  return i18n.exists(`errors:codes.${code}`) ? t(`errors:codes.${code}`) : t('errors:codes.internal');
};

export type FormErrors = { issues: FieldIssue[]; message?: string };

export const toFormErrors = (t: AnyT, e: unknown): FormErrors =>
  e instanceof CodedError && e.code === 'invalid' && e.issues?.length ? { issues: e.issues, message: t('errors:codes.invalid') } : { issues: [], message: errorText(t, e) };

export const errorFor = (t: AnyT, errors: FormErrors | undefined, field: string): string | undefined => {
  const issue = errors?.issues.find((i) => i.field === field);
  return issue ? issueText(t, issue) : undefined;
};
