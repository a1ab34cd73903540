import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every string the officer workspace shows goes through i18next: each static key it uses exists in Vietnamese and
// English, and the two files have the same keys (plural forms aside).
const load = (lang: string) => JSON.parse(fs.readFileSync(`locales/${lang}/officer.json`, 'utf8')) as Record<string, unknown>;
const flatten = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

const vi = new Set(flatten(load('vi')));
const en = new Set(flatten(load('en')));
const base = (k: string) => k.replace(/_(one|other|zero|few|many|two)$/, '');
const has = (keys: Set<string>, k: string) => keys.has(k) || keys.has(`${k}_other`) || keys.has(`${k}_one`);

describe('officer locale files', () => {
  it('have the same keys in vi and en', () => {
    const viBase = new Set([...vi].map(base));
    const enBase = new Set([...en].map(base));
    expect([...viBase].filter((k) => !enBase.has(k))).toEqual([]);
    expect([...enBase].filter((k) => !viBase.has(k))).toEqual([]);
  });

  it('use the same placeholders in vi and en', () => {
    const strings = (o: Record<string, unknown>, prefix = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? strings(v as Record<string, unknown>, `${prefix}${k}.`) : [[base(`${prefix}${k}`), String(v)] as [string, string]]));
    const vars = (s: string) => [...new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();
    const en = new Map<string, string[]>();
    for (const [k, v] of strings(load('en'))) en.set(k, [...new Set([...(en.get(k) ?? []), ...vars(v)])].sort());
    // A quarter is "Quý III" in Vietnamese and "Q3" in English: both numbers are passed (roman, index).
    const mismatched = strings(load('vi')).filter(([k, v]) => k !== 'period.name.quarter' && vars(v).some((x) => !en.get(k)?.includes(x)));
    expect(mismatched).toEqual([]);
  });

  it('speak the users’ words (GLOSSARY)', () => {
    const all = JSON.stringify(load('vi'));
    // The glossary's "quá 3 ngày": the silent-device threshold is now the commune's setting, 3 days by default.
    for (const word of ['Đạt và vượt', 'Trên 80%', 'Từ 50% đến 80%', 'Dưới 50%', 'Số liệu tính đến', 'Mức độ cập nhật dữ liệu', 'chưa đồng bộ quá {{days}} ngày', 'mặc định 3', 'Khó khăn, vướng mắc', 'Đề xuất, kiến nghị', 'Nhật ký thay đổi', 'Tử số', 'Mẫu số', 'So với chỉ tiêu', 'Mã mời', 'Tổ công nghệ số cộng đồng', 'Hộ tịch', 'Phát thanh loa'])
      expect(all).toContain(word);
  });

  it('contain every static key the screens use', () => {
    // A screen whose hook names another namespace (the roster pages use 'households') is checked against that one.
    const used = new Map<string, Set<string>>();
    for (const f of files('src/app/officer')) {
      const src = fs.readFileSync(f, 'utf8');
      const ns = src.match(/\buseT\(\s*'([a-z-]+)'\s*\)/)?.[1] ?? 'officer';
      const keys = used.get(ns) ?? new Set<string>();
      used.set(ns, keys);
      for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z0-9_.\-]+)'/g)) keys.add(m[1]);
      if (ns === 'officer')
        for (const m of src.matchAll(/'((?:table|admin|report|household|activity|dashboard|period|freshness)\.[a-zA-Z0-9_.\-]+)'/g)) keys.add(m[1]);
    }
    expect(used.get('officer')!.size).toBeGreaterThan(150);
    const missing = [...used].flatMap(([ns, keys]) => {
      const [nsVi, nsEn] = ns === 'officer' ? [vi, en] : ['vi', 'en'].map((l) => new Set(flatten(JSON.parse(fs.readFileSync(`locales/${l}/${ns}.json`, 'utf8')))));
      return [...keys].filter((k) => !has(nsVi, k) || !has(nsEn, k)).map((k) => `${ns}:${k}`);
    });
    expect(missing).toEqual([]);
  });

  it('name every band, rule, role, kind and procedure field the core knows', async () => {
    const { BANDS } = await import('../../../src/core/tally/bands.ts');
    const enums = await import('../../../src/core/model/enums.ts');
    const keys = [
      ...BANDS.map((b) => `band.${b}`),
      'band.none',
      ...enums.ROLES.map((r) => `role.${r}`),
      ...enums.VILLAGE_KINDS.map((k) => `villageKind.${k}`),
      ...enums.PROCEDURE_FIELDS.map((k) => `procedure.${k}`),
      ...enums.SESSION_KINDS.map((k) => `sessionKind.${k}`),
      ...enums.HOUSEHOLD_FLAGS.map((k) => `rule.flag.${k}`),
      ...enums.HOUSEHOLD_FLAGS.map((k) => `householdFlag.${k}`),
      ...enums.CELL_STATES.map((k) => `cellState.${k}`),
      ...enums.OUTCOMES.map((k) => `outcome.${k}`),
      ...enums.LANGUAGES.map((k) => `language.${k}`),
      ...enums.FOLLOWUP_STATUSES.map((k) => `followUpStatus.${k}`),
      ...['month', 'quarter', 'half', 'year', 'custom'].map((k) => `period.kind.${k}`),
      ...['dashboard', 'activity', 'report', 'admin'].map((k) => `layout.area.${k}`),
      ...['villages', 'teams', 'invites', 'devices', 'targets', 'catalogue', 'audit'].flatMap((p) => [`admin.${p}.title`, `admin.${p}.hint`]),
    ];
    expect(keys.filter((k) => !has(vi, k) || !has(en, k))).toEqual([]);
  });
});
