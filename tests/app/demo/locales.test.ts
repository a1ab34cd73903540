import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INFO_STEPS, STEPS } from '../../../src/app/demo/stage/steps.ts';
import { SHORTCUTS } from '../../../src/app/demo/stage/ShortcutHelp.tsx';

// The demo's strings: the same keys and placeholders in vi and en (English plurals _one/_other count as the one
// Vietnamese key), every walkthrough step and shortcut worded, and the glossary's demo words used as they are.
const flatten = (o: unknown, prefix = ''): Record<string, string> =>
  Object.entries(o as Record<string, unknown>).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') Object.assign(acc, flatten(v, key));
    else acc[key.replace(/_(one|other)$/, '')] = String(v);
    return acc;
  }, {});
const load = (lang: string) => flatten(JSON.parse(fs.readFileSync(path.join('locales', lang, 'demo.json'), 'utf8')));
const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const vi = load('vi');
const en = load('en');

describe('demo strings', () => {
  it('have the same keys and placeholders in vi and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const k of Object.keys(vi)) expect([k, vars(en[k])]).toEqual([k, vars(vi[k])]);
  });

  it('word every walkthrough step and every shortcut', () => {
    for (const s of STEPS) for (const part of ['title', 'body']) expect(vi[`walk.${s.id}.${part}`], `${s.id}.${part}`).toBeTruthy();
    // Steps that only show (INFO_STEPS) have nothing to do, so no todo/done line.
    for (const s of STEPS.filter((x) => !INFO_STEPS.has(x.id)))
      for (const part of ['todo', 'done']) expect(vi[`walk.${s.id}.${part}`], `${s.id}.${part}`).toBeTruthy();
    for (const [, action] of SHORTCUTS) expect(vi[`keys.${action}`], action).toBeTruthy();
  });

  it('use the glossary’s words for the demo', () => {
    const all = Object.values(vi).join(' ');
    for (const w of ['Chế độ trình diễn', 'Đặt lại dữ liệu mẫu', 'Chế độ máy chiếu', 'Hướng dẫn từng bước', 'Sóng (giả lập)', 'Bật / tắt sóng (giả lập)', 'thay đổi đã lưu trên máy, chưa gửi', 'lượt hỗ trợ', 'Tham gia tổ', 'mã mời'])
      expect(all.toLowerCase()).toContain(w.toLowerCase());
  });
});
