import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src/app/routes.ts';

// Every literal key the field app's screens ask for exists in both languages (a missing key would show as raw
// text on a user's phone). Keys built at run time from enums are covered by locales.test.ts's key parity.
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
const FIELD = files('src/app').filter((f) => !/src\/app\/(sync|officer|screens\/sync|screens\/join)\//.test(f));

const has = (ns: string, lang: string, key: string): boolean => {
  const file = path.join('locales', lang, `${ns}.json`);
  if (!fs.existsSync(file)) return false;
  let cur: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const part of key.split('.')) {
    const o = cur as Record<string, unknown> | undefined;
    if (o && typeof o === 'object' && part in o) cur = o[part];
    else if (o && typeof o === 'object' && `${part}_other` in o) cur = o[`${part}_other`];
    else return false;
  }
  return typeof cur === 'string';
};

describe('translation keys', () => {
  it('finds the screens it checks', () => expect(FIELD.length).toBeGreaterThan(30));

  it('every t("…") literal in the field app exists in vi and en', () => {
    const missing: string[] = [];
    for (const f of FIELD) {
      const src = fs.readFileSync(f, 'utf8');
      // The namespace of the file's `t`: from its hook, or from i18n.getFixedT outside a component.
      const m = /useT\('([\w-]+)'\)|const t = i18n\.getFixedT\(null, '([\w-]+)'\)/.exec(src);
      const ns = m?.[1] ?? m?.[2] ?? 'common';
      for (const [, k] of src.matchAll(/\bt\('([^'$`]+)'/g)) {
        const [n, key] = k.includes(':') ? (k.split(':', 2) as [string, string]) : [ns, k];
        for (const lang of ['vi', 'en']) if (!has(n, lang, key)) missing.push(`${f}: ${lang} ${n}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every route title and menu label exists in vi and en', () => {
    const missing: string[] = [];
    for (const r of ROUTES.filter((x) => !x.path.startsWith('/officer') && x.path !== '/sync' && x.path !== '/join'))
      for (const k of [r.title, r.menu?.label, r.menu?.hint].filter((x): x is string => !!x)) {
        const [n, key] = k.split(':', 2);
        for (const lang of ['vi', 'en']) if (!has(n, lang, key)) missing.push(`${r.path}: ${lang} ${k}`);
      }
    expect(missing).toEqual([]);
  });
});
