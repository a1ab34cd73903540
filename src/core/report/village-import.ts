import Papa from 'papaparse';
import type { FieldIssue } from '../errors.ts';
import { VILLAGE_KINDS, type VillageKind } from '../model/enums.ts';
import { LIMITS } from '../model/fields.ts';
import { fold } from '../text/fold.ts';
import { findPersonalData } from '../text/personal-data.ts';

// Villages imported from a CSV file the commune already keeps (one row per thôn/bản/tổ dân phố). Columns are
// recognised by their Vietnamese or English names, with or without diacritics; a kind may be written "Thôn",
// "bản", "TDP"… Either every row is good and all are imported, or nothing is and every bad row is named, with the
// line number the officer sees in their spreadsheet (the header is line 1).
export const MAX_IMPORT_ROWS = 2000;

export type ImportRow = { line: number; name: string; kind: VillageKind };
export type ImportResult = { ok: true; rows: ImportRow[] } | { ok: false; issues: FieldIssue[]; rows: ImportRow[] };

const NAME_COLUMNS = ['ten', 'ten thon', 'ten thon ban', 'ten thon, ban', 'thon, ban, to dan pho', 'thon/ban/to dan pho', 'ten thon/ban/to dan pho', 'ten don vi', 'name', 'village', 'village name'];
const KIND_COLUMNS = ['loai', 'loai dia ban', 'phan loai', 'kind', 'type'];

const KIND_WORDS: Record<string, VillageKind> = {
  thon: 'thon',
  ban: 'ban',
  'to dan pho': 'to-dan-pho',
  'to-dan-pho': 'to-dan-pho',
  tdp: 'to-dan-pho',
  to: 'to-dan-pho',
  'village': 'thon',
  'hamlet': 'ban',
  'street block': 'to-dan-pho',
};

// A name that starts with its kind ("Bản Nà Pồng") tells the kind when the column is missing.
const kindFromName = (name: string): VillageKind | undefined => {
  const f = fold(name);
  if (f.startsWith('to dan pho ')) return 'to-dan-pho';
  if (f.startsWith('ban ')) return 'ban';
  if (f.startsWith('thon ')) return 'thon';
  return undefined;
};

export const parseVillageCsv = (text: string, existingNames: readonly string[] = []): ImportResult => {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const lines = parsed.data.filter((r) => r.some((c) => c.trim() !== ''));
  const issues: FieldIssue[] = [];
  if (lines.length < 2) return { ok: false, issues: [{ field: 'file', rule: 'empty-list' }], rows: [] };
  const header = lines[0].map((h) => fold(h));
  const nameCol = header.findIndex((h) => NAME_COLUMNS.includes(h));
  const kindCol = header.findIndex((h) => KIND_COLUMNS.includes(h));
  if (nameCol < 0) return { ok: false, issues: [{ field: 'header.name', rule: 'required' }], rows: [] };
  if (lines.length - 1 > MAX_IMPORT_ROWS) return { ok: false, issues: [{ field: 'file', rule: 'too-long' }], rows: [] };
  const seen = new Map(existingNames.map((n) => [fold(n), 0]));
  const rows: ImportRow[] = [];
  // Line numbers count the header and skip blank lines as the spreadsheet shows them.
  const headerAt = parsed.data.indexOf(lines[0]);
  let line = headerAt + 1;
  for (const raw of parsed.data.slice(headerAt + 1)) {
    line++;
    if (!raw.some((c) => c.trim() !== '')) continue;
    const name = (raw[nameCol] ?? '').trim().replace(/\s+/g, ' ');
    const kindText = kindCol >= 0 ? (raw[kindCol] ?? '').trim() : '';
    const at = (field: string) => `rows.${line}.${field}`;
    if (!name) issues.push({ field: at('name'), rule: 'required' });
    else if (name.length > LIMITS.shortText) issues.push({ field: at('name'), rule: 'too-long' });
    else {
      const pd = findPersonalData(name);
      if (pd) issues.push({ field: at('name'), rule: pd });
    }
    let kind: VillageKind | undefined = kindText ? KIND_WORDS[fold(kindText)] : kindFromName(name);
    if (kindText && !kind) issues.push({ field: at('kind'), rule: 'bad-choice' });
    else if (!kind) kind = 'thon';
    const key = fold(name);
    if (name && seen.has(key)) issues.push({ field: at('name'), rule: 'duplicate' });
    seen.set(key, line);
    if (name && kind && (VILLAGE_KINDS as readonly string[]).includes(kind)) rows.push({ line, name, kind });
  }
  return issues.length ? { ok: false, issues, rows } : { ok: true, rows };
};
