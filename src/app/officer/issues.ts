import type { TFunction } from 'i18next';
import type { FieldIssue } from '../../core/errors.ts';
import { i18n } from '../i18n/i18n.ts';

// A field problem as a sentence naming the field ("Tên thôn: không được để trống"); rows of an imported file are
// named by their line ("Dòng 4 — Tên thôn: …").
export const issueLine = (t: TFunction, issue: FieldIssue): string => {
  const m = /^rows\.(\d+)\.(.+)$/.exec(issue.field);
  const key = (m ? m[2] : issue.field).replace(/\.\d+(?=\.|$)/g, '');
  const fieldKey = `officer:fields.${key}`;
  const field = i18n.exists(fieldKey) ? t(fieldKey) : t('officer:fields.unknown');
  const rule = i18n.exists(`officer:rules.${issue.rule}`) ? t(`officer:rules.${issue.rule}`, { field }) : t('officer:rules.bad-format', { field });
  return m ? t('officer:fields.line', { line: m[1], text: rule }) : rule;
};
