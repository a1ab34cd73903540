import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detailWords, subjectWords } from '../../../src/app/officer/admin/audit-words.ts';
import { i18n } from '../../../src/app/i18n/i18n.ts';

const json = (lang: string, ns: string) => JSON.parse(fs.readFileSync(path.resolve('locales', lang, `${ns}.json`), 'utf8'));
beforeAll(async () => {
  await i18n.init({ lng: 'vi', fallbackLng: false, ns: [], resources: {}, interpolation: { escapeValue: false } });
  i18n.addResourceBundle('vi', 'officer', json('vi', 'officer'), true, true);
});

// The audit log's details read in words: names, not ids or JSON.
describe('audit details in words', () => {
  const names = { village: (id: string) => ({ 'v-na-pong': 'Bản Nà Pồng' })[id], item: (id: string) => ({ vneid: 'Cài đặt ứng dụng VNeID' })[id] };
  it('names villages, roles and dates, leaves ids out, and shows a change as before → after', async () => {
    const t = i18n.getFixedT('vi', 'officer');
    const exists = (k: string) => i18n.exists(k, { lng: 'vi' });
    expect(detailWords(t, { villageId: 'v-na-pong', uses: 20, expiresInDays: 14, role: 'leader' }, names, exists)).toBe(
      'Thôn, bản: Bản Nà Pồng · Số máy được dùng mã: 20 · Hiệu lực (ngày): 14 · Vai trò: Tổ trưởng',
    );
    expect(detailWords(t, { from: { itemId: 'vneid', value: 80, dueOn: '2026-12-31' }, to: { itemId: 'vneid', value: 90, dueOn: '2026-12-31' } }, names, exists)).toBe('Chỉ tiêu (%): 80 → 90');
    expect(detailWords(t, { keepId: 'h1', mergeId: 'h2', mergedHead: 'Lò Văn Pọm' }, names, exists)).toBe('Chủ hộ được gộp: Lò Văn Pọm');
    expect(detailWords(t, { rule: { kind: 'age', min: 15 } }, names, exists)).toBe('');
    expect(subjectWords(t, 'item:vneid', names)).toBe('Cài đặt ứng dụng VNeID');
    expect(subjectWords(t, 'target:0191-uuid', names)).toBe('');
  });
});
