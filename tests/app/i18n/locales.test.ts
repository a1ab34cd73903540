import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Both languages carry the same keys (English plural forms _one/_other count as the one Vietnamese key, which has
// no plural), and every interpolation a Vietnamese string uses exists in English too.
const FIELD_NS = ['common', 'domain', 'errors', 'followups', 'household', 'roster', 'session', 'settings', 'start', 'tallies', 'visit'];
// A quarter is "Quý III" in Vietnamese and "Q3" in English: both numbers are passed (roman, index), each language
// uses its own.
const OWN_NUMBERS = new Set(['officer:period.name.quarter']);
// Every namespace there is, the field app's, the officer's and the demo's alike.
const ALL_NS = fs
  .readdirSync(path.join('locales', 'vi'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

const flatten = (o: unknown, prefix = ''): Record<string, string> =>
  Object.entries(o as Record<string, unknown>).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(acc, flatten(v, key));
    else acc[key.replace(/_(one|other)$/, '')] = String(v);
    return acc;
  }, {});
const load = (lang: string, ns: string) => flatten(JSON.parse(fs.readFileSync(path.join('locales', lang, `${ns}.json`), 'utf8')));
const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('covers every namespace, in both languages', () => {
    expect(ALL_NS.length).toBeGreaterThan(FIELD_NS.length);
    expect(fs.readdirSync(path.join('locales', 'en')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort()).toEqual(ALL_NS);
  });

  it.each(ALL_NS)('%s has the same keys and placeholders in vi and en', (ns) => {
    const vi = load('vi', ns);
    const en = load('en', ns);
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const k of Object.keys(vi)) if (!OWN_NUMBERS.has(`${ns}:${k}`)) expect([k, vars(en[k])]).toEqual([k, vars(vi[k])]);
  });

  it('uses the glossary words in Vietnamese', () => {
    const all = FIELD_NS.map((ns) => JSON.stringify(load('vi', ns))).join(' ');
    for (const word of ['thay đổi đã lưu trên máy, chưa gửi', 'lượt hỗ trợ', 'Hẹn hỗ trợ lại', 'Chưa làm', 'Đang làm', 'Đã xong', 'Từ chối', 'Không áp dụng', 'Xuất dữ liệu ra tệp', 'Nhập dữ liệu từ tệp', 'Có phiên bản mới — cập nhật', 'Lưu trữ lâu dài', 'buổi sinh hoạt'])
      expect(all).toContain(word);
  });
});
