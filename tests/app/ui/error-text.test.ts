import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CodedError, ERROR_CODES, HTTP_STATUS, type ErrorCode } from '../../../src/core/errors.ts';
import { errorText, issueText } from '../../../src/app/ui/issues.ts';
import { i18n } from '../../../src/app/i18n/i18n.ts';

// Every error code reads as words in both languages, in the field app and in the officer workspace, through the
// one path from a code to text (src/app/ui/issues.ts). Reads ERROR_CODES itself, so a code added anywhere is
// covered the day it is added.
const json = (lang: string, ns: string) => JSON.parse(fs.readFileSync(path.join('locales', lang, `${ns}.json`), 'utf8'));

beforeAll(async () => {
  await i18n.init({ lng: 'vi', fallbackLng: false, ns: [], resources: {}, interpolation: { escapeValue: false } });
  for (const lang of ['vi', 'en']) for (const ns of ['errors', 'officer']) i18n.addResourceBundle(lang, ns, json(lang, ns), true, true);
});

describe('error text', () => {
  it.each(['vi', 'en'])('every ERROR_CODES member has its own text in %s, for the field app and the officer', async (lang) => {
    await i18n.changeLanguage(lang);
    const codes = json(lang, 'errors').codes as Record<string, string>;
    const missing = ERROR_CODES.filter((c) => typeof codes[c] !== 'string' || !codes[c].trim());
    expect(missing).toEqual([]);
    const t = i18n.getFixedT(lang, 'errors');
    const internal = { field: errorText(t, new CodedError('internal')), officer: errorText(t, new CodedError('internal'), 'officer') };
    for (const code of ERROR_CODES) {
      const field = errorText(t, new CodedError(code));
      const officer = errorText(t, new CodedError(code), 'officer');
      for (const text of [field, officer]) expect(text, code).not.toMatch(/^errors:|codes\./);
      // no code silently reads as "something went wrong"
      if (code !== 'internal') {
        expect(field, code).not.toBe(internal.field);
        expect(officer, code).not.toBe(internal.officer);
      }
    }
  });

  it('officer wording overrides only codes that exist', () => {
    for (const lang of ['vi', 'en']) {
      const officer = Object.keys(json(lang, 'errors').officer ?? {});
      expect(officer.filter((c) => !(ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
    }
  });

  it('every code has an HTTP status the server and the demo answer with', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code as ErrorCode], code).toBeGreaterThanOrEqual(400);
  });

  it('names the field and the rule the same way in both areas, and an imported row by its line', async () => {
    await i18n.changeLanguage('vi');
    const t = i18n.getFixedT('vi', 'errors');
    expect(issueText(t, { field: 'headName', rule: 'required' })).toBe('Tên chủ hộ: không được để trống.');
    expect(issueText(t, { field: 'rows.3.name', rule: 'duplicate' }, 'officer')).toBe('Dòng 3 — Tên thôn, bản: bị trùng với mục đã có.');
    expect(issueText(t, { field: 'username', rule: 'required' }, 'officer')).toBe('Tên đăng nhập: không được để trống.');
  });
});
