import type { FieldIssue } from '../errors.ts';
import { COMMUNE_KINDS, VILLAGE_KINDS, type CommuneKind, type VillageKind } from '../model/enums.ts';
import { LIMITS } from '../model/fields.ts';
import { fold } from '../text/fold.ts';

// The province's list of administrative units (since 01/7/2025: province → commune (xã, phường, đặc khu) →
// village), one row per village (or per commune without villages), as a table read from CSV or XLSX. Communes are
// identified by their official code, so importing the same list again changes nothing and a new name for a known
// code is a rename (the unit keeps its id, hence its history). All or nothing: every bad row is named by its
// spreadsheet line (the header is line 1).
export const MAX_UNIT_ROWS = 20_000;

export type UnitVillage = { line: number; name: string; kind: VillageKind };
export type UnitCommune = { line: number; code: string; name: string; kind: CommuneKind; villages: UnitVillage[] };
export type UnitImport = { ok: true; communes: UnitCommune[] } | { ok: false; issues: FieldIssue[] };

const CODE_COLUMNS = ['ma xa', 'ma don vi', 'ma dvhc', 'ma don vi hanh chinh', 'ma xa, phuong', 'ma xa/phuong', 'commune code', 'code'];
const COMMUNE_COLUMNS = ['ten xa', 'xa', 'ten xa, phuong', 'ten xa/phuong', 'xa, phuong, dac khu', 'ten don vi hanh chinh', 'commune', 'commune name'];
const COMMUNE_KIND_COLUMNS = ['loai xa', 'cap', 'loai don vi', 'commune kind'];
const VILLAGE_COLUMNS = ['ten thon', 'thon', 'thon, ban, to dan pho', 'thon/ban/to dan pho', 'ten thon, ban', 'village', 'village name'];
const VILLAGE_KIND_COLUMNS = ['loai thon', 'loai', 'village kind'];

const COMMUNE_WORDS: Record<string, CommuneKind> = { xa: 'xa', phuong: 'phuong', 'dac khu': 'dac-khu', 'dac-khu': 'dac-khu', commune: 'xa', ward: 'phuong', 'special zone': 'dac-khu' };
const VILLAGE_WORDS: Record<string, VillageKind> = { thon: 'thon', ban: 'ban', 'to dan pho': 'to-dan-pho', 'to-dan-pho': 'to-dan-pho', tdp: 'to-dan-pho', village: 'thon', hamlet: 'ban' };

const communeKindOf = (name: string): CommuneKind => {
  const f = fold(name);
  return f.startsWith('phuong ') ? 'phuong' : f.startsWith('dac khu ') ? 'dac-khu' : 'xa';
};
const villageKindOf = (name: string): VillageKind => {
  const f = fold(name);
  return f.startsWith('to dan pho ') ? 'to-dan-pho' : f.startsWith('ban ') ? 'ban' : 'thon';
};

const clean = (s: unknown) => String(s ?? '').trim().replace(/\s+/g, ' ');

export const parseUnitTable = (table: readonly (readonly unknown[])[]): UnitImport => {
  const rows = table.map((r) => r.map(clean));
  const headerAt = rows.findIndex((r) => r.some((c) => c !== ''));
  if (headerAt < 0 || rows.length - headerAt < 2) return { ok: false, issues: [{ field: 'file', rule: 'empty-list' }] };
  const header = rows[headerAt].map((h) => fold(h));
  const col = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const [codeCol, nameCol, kindCol, villageCol, villageKindCol] = [col(CODE_COLUMNS), col(COMMUNE_COLUMNS), col(COMMUNE_KIND_COLUMNS), col(VILLAGE_COLUMNS), col(VILLAGE_KIND_COLUMNS)];
  const issues: FieldIssue[] = [];
  if (codeCol < 0) issues.push({ field: 'header.code', rule: 'required' });
  if (nameCol < 0) issues.push({ field: 'header.name', rule: 'required' });
  if (issues.length) return { ok: false, issues };
  if (rows.length - headerAt - 1 > MAX_UNIT_ROWS) return { ok: false, issues: [{ field: 'file', rule: 'too-long' }] };
  const communes = new Map<string, UnitCommune>();
  const names = new Map<string, string>(); // folded commune name → code
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i];
    if (!r.some((c) => c !== '')) continue;
    const line = i + 1;
    const at = (f: string) => `rows.${line}.${f}`;
    const code = r[codeCol] ?? '';
    const name = r[nameCol] ?? '';
    if (!/^[0-9A-Za-z.-]{1,20}$/.test(code)) {
      issues.push({ field: at('code'), rule: code ? 'bad-format' : 'required' });
      continue;
    }
    if (!name) issues.push({ field: at('name'), rule: 'required' });
    else if (name.length > LIMITS.shortText) issues.push({ field: at('name'), rule: 'too-long' });
    const kindText = kindCol >= 0 ? r[kindCol] : '';
    const kind = kindText ? COMMUNE_WORDS[fold(kindText)] : communeKindOf(name);
    if (!kind) issues.push({ field: at('kind'), rule: 'bad-choice' });
    let c = communes.get(code);
    if (!c) {
      const other = names.get(fold(name));
      if (name && other !== undefined && other !== code) issues.push({ field: at('name'), rule: 'duplicate' });
      names.set(fold(name), code);
      communes.set(code, (c = { line, code, name, kind: kind ?? 'xa', villages: [] }));
    } else if (name && fold(name) !== fold(c.name)) issues.push({ field: at('name'), rule: 'bad-format' });
    const village = villageCol >= 0 ? r[villageCol] : '';
    if (!village) continue;
    if (village.length > LIMITS.shortText) {
      issues.push({ field: at('village'), rule: 'too-long' });
      continue;
    }
    const vk = villageKindCol >= 0 && r[villageKindCol] ? VILLAGE_WORDS[fold(r[villageKindCol])] : villageKindOf(village);
    if (!vk) issues.push({ field: at('villageKind'), rule: 'bad-choice' });
    if (c.villages.some((v) => fold(v.name) === fold(village))) issues.push({ field: at('village'), rule: 'duplicate' });
    else c.villages.push({ line, name: village, kind: vk ?? 'thon' });
  }
  if (!communes.size && !issues.length) issues.push({ field: 'file', rule: 'empty-list' });
  return issues.length ? { ok: false, issues } : { ok: true, communes: [...communes.values()] };
};

export const isCommuneKind = (k: unknown): k is CommuneKind => (COMMUNE_KINDS as readonly unknown[]).includes(k);
export const isVillageKind = (k: unknown): k is VillageKind => (VILLAGE_KINDS as readonly unknown[]).includes(k);
