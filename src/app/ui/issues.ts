import type { TFunction } from 'i18next';
import { CodedError, type FieldIssue } from '../../core/errors.ts';
import { i18n } from '../i18n/i18n.ts';

// Turns {field, rule} into a sentence that names the field ("Tên chủ hộ: không được để trống"). Paths with list
// positions ('residents.1.label') name the row ("Nhân khẩu 2 — tên").
export const fieldKey = (field: string): { key: string; n?: number } => {
  const parts = field.split('.');
  const idx = parts.findIndex((p) => /^\d+$/.test(p));
  return { key: parts.filter((p) => !/^\d+$/.test(p)).join('.'), n: idx >= 0 ? Number(parts[idx]) + 1 : undefined };
};

export const issueText = (t: TFunction, issue: FieldIssue): string => {
  const { key, n } = fieldKey(issue.field);
  const special = `errors:special.${key}.${issue.rule}`;
  if (i18n.exists(special)) return t(special, { n });
  const fk = i18n.exists(`errors:fields.${key}._`) ? `errors:fields.${key}._` : `errors:fields.${key}`;
  const fieldName = i18n.exists(fk) ? t(fk, { n }) : t('errors:fields.unknown');
  return t(`errors:rules.${issue.rule}`, { field: fieldName });
};

// The message for a failed action: what went wrong and what to do, never a raw exception.
export const errorText = (t: TFunction, e: unknown): string => {
  const code = e instanceof CodedError ? e.code : 'storage-failed';
  return i18n.exists(`errors:codes.${code}`) ? t(`errors:codes.${code}`) : t('errors:codes.internal');
};

export type FormErrors = { issues: FieldIssue[]; message?: string };

export const toFormErrors = (t: TFunction, e: unknown): FormErrors =>
  e instanceof CodedError && e.code === 'invalid' && e.issues?.length ? { issues: e.issues, message: t('errors:codes.invalid') } : { issues: [], message: errorText(t, e) };

export const errorFor = (t: TFunction, errors: FormErrors | undefined, field: string): string | undefined => {
  const issue = errors?.issues.find((i) => i.field === field);
  return issue ? issueText(t, issue) : undefined;
};
