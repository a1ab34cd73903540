import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// The officer workspace's words: in the users' own terms, and a name for every value the core knows. (That each key a
// screen uses exists is the typecheck's: src/app/i18n/resources.d.ts; that vi and en have the same keys and
// placeholders, tests/app/i18n/locales.test.ts.)
const load = (lang: string) => JSON.parse(fs.readFileSync(`locales/${lang}/officer.json`, 'utf8')) as Record<string, unknown>;
const flatten = (o: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));

const vi = new Set(flatten(load('vi')));
const en = new Set(flatten(load('en')));
const has = (keys: Set<string>, k: string) => keys.has(k) || keys.has(`${k}_other`) || keys.has(`${k}_one`);

describe('officer locale files', () => {
  it('speak the users’ words (GLOSSARY)', () => {
    const all = JSON.stringify(load('vi'));
    // The glossary's "quá 3 ngày": the silent-device threshold is now the commune's setting, 3 days by default.
    for (const word of ['Đạt và vượt', 'Trên 80%', 'Từ 50% đến 80%', 'Dưới 50%', 'Số liệu tính đến', 'Mức độ cập nhật dữ liệu', 'chưa đồng bộ quá {{days}} ngày', 'mặc định 3', 'Khó khăn, vướng mắc', 'Đề xuất, kiến nghị', 'Nhật ký thay đổi', 'Tử số', 'Mẫu số', 'So với chỉ tiêu', 'Mã mời', 'Tổ công nghệ số cộng đồng', 'Hộ tịch', 'Phát thanh loa'])
      expect(all).toContain(word);
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
