import type { ValidationRule } from '../errors.ts';
import type { Sex } from '../model/enums.ts';
import { residentFields } from '../model/household.ts';
import { fold } from '../text/fold.ts';
import { cellText, isHeadRelation, readBirthYear, readCode, readPhone, readSex, readText, type Cell } from './cells.ts';
import { findHeader, type RosterColumn } from './columns.ts';

// A village roster file (one row per resident) read into households, with every problem by the row number the
// officer sees in their spreadsheet (1 = the first row) and the column. A problem in a household's own cells
// (head name, code, address, phone, village) leaves the whole household out; a problem in a resident's cells leaves
// out that resident. Nothing here knows what the commune already holds (plan.ts compares).
export const MAX_ROSTER_ROWS = 20_000;

export type RosterRule = ValidationRule | 'unknown-village';
export type RosterIssue = { row: number; column: RosterColumn | 'file'; rule: RosterRule };

export type FileResident = { line: number; label: string; birthYear: number; sex: Sex | undefined };
export type FileHousehold = {
  line: number; // its first row
  villageId: string;
  code: string;
  headName: string;
  houseLabel: string;
  phone: string;
  residents: FileResident[];
};
export type RosterFile = { households: FileHousehold[]; issues: RosterIssue[]; rows: number; ignoredColumns: string[] };

export type VillageRef = { id: string; name: string };
// villageId: every row belongs to this village; otherwise each row names its village in the "Thôn" column.
export type ParseOptions = { villageId?: string; villages: readonly VillageRef[]; thisYear: number };

// "Thôn Nà Pồng", "thon na pong" and "Nà Pồng" all name the village "Nà Pồng" (or "Thôn Nà Pồng").
const villageKey = (name: string) => fold(name).replace(/^(thon|ban|to dan pho|tdp|to)\s+/, '');

export const parseRoster = (rows: readonly (readonly Cell[])[], opts: ParseOptions): RosterFile => {
  const text = rows.map((r) => r.map(cellText));
  const issues: RosterIssue[] = [];
  const header = findHeader(text);
  const empty = (rule: RosterRule, column: RosterColumn | 'file' = 'file', row = 0): RosterFile => ({ households: [], issues: [{ row, column, rule }], rows: 0, ignoredColumns: [] });
  if (!text.some((r) => r.some((c) => c))) return empty('empty-list');
  if (!header) return empty('required', 'headName', 1);
  const col = header.columns;
  if (col.headName === undefined && col.relation === undefined) return empty('required', 'headName', header.line);
  if (!opts.villageId && col.village === undefined) return empty('required', 'village', header.line);
  const dataRows = text.length - header.line;
  if (dataRows > MAX_ROSTER_ROWS) return empty('too-long');

  const villageByName = new Map(opts.villages.map((v) => [villageKey(v.name), v.id]));
  const cell = (r: readonly Cell[], c: RosterColumn): Cell => (col[c] === undefined ? undefined : r[col[c]!]);
  const households = new Map<string, FileHousehold & { bad: boolean }>();
  let current: (FileHousehold & { bad: boolean }) | undefined;
  let counted = 0;

  for (let i = header.line; i < rows.length; i++) {
    const r = rows[i];
    const line = i + 1;
    if (!text[i].some((c) => c)) continue;
    counted++;
    const problem = (column: RosterColumn, rule: RosterRule) => issues.push({ row: line, column, rule });
    const head = isHeadRelation(cell(r, 'relation'));
    const code = readCode(cell(r, 'code'));
    let headName = readText(cell(r, 'headName'));
    if ('blank' in headName && head) headName = readText(cell(r, 'label'));
    const address = readText(cell(r, 'houseLabel'));
    const phone = readPhone(cell(r, 'phone'));
    const startsHousehold = !('blank' in code) || !('blank' in headName) || !('blank' in address);

    if (startsHousehold) {
      let villageId = opts.villageId;
      let bad = false;
      if (!villageId) {
        const name = cellText(cell(r, 'village'));
        villageId = name ? villageByName.get(villageKey(name)) : current?.villageId;
        if (!villageId) {
          problem('village', name ? 'unknown-village' : 'required');
          bad = true;
        }
      }
      for (const [c, read] of [['code', code], ['headName', headName], ['houseLabel', address], ['phone', phone]] as const)
        if ('rule' in read) {
          problem(c, read.rule);
          bad = true;
        }
      const name = 'value' in headName ? headName.value : '';
      if (!name && !('rule' in headName)) {
        problem('headName', 'required');
        bad = true;
      }
      const codeValue = 'value' in code ? code.value : '';
      const addressValue = 'value' in address ? address.value : '';
      const key = codeValue ? `c|${villageId}|${fold(codeValue)}` : `n|${villageId}|${fold(name)}|${fold(addressValue)}`;
      const known = bad ? undefined : households.get(key);
      if (known) current = known;
      else {
        current = { line, villageId: villageId ?? '', code: codeValue, headName: name, houseLabel: addressValue, phone: 'value' in phone ? phone.value : '', residents: [], bad };
        households.set(bad ? `bad|${line}` : key, current);
      }
      if (!current.phone && 'value' in phone) current.phone = phone.value;
    } else if (!current) {
      problem(col.headName !== undefined ? 'headName' : 'label', 'required');
      continue;
    }

    // The resident on this row (none when the row only describes the household).
    const labelCell = cellText(cell(r, 'label')) || cellText(cell(r, 'relation'));
    const yearCell = cell(r, 'birthYear');
    if (!labelCell && !cellText(yearCell)) continue;
    const label = readText(labelCell, residentFields.label);
    const year = readBirthYear(yearCell, opts.thisYear);
    const sex = readSex(cell(r, 'sex'));
    let ok = true;
    if (!('value' in label)) {
      problem('label', 'rule' in label ? label.rule : 'required');
      ok = false;
    }
    if (!('value' in year)) {
      problem('birthYear', 'rule' in year ? year.rule : 'required');
      ok = false;
    }
    if ('rule' in sex) {
      problem('sex', sex.rule);
      ok = false;
    }
    if (!ok || current.bad || !('value' in label) || !('value' in year)) continue;
    const same = current.residents.find((p) => fold(p.label) === fold(label.value) && p.birthYear === year.value);
    if (same) {
      problem('label', 'duplicate');
      continue;
    }
    current.residents.push({ line, label: label.value, birthYear: year.value, sex: 'value' in sex ? sex.value : undefined });
  }
  const good = [...households.values()].filter((h) => !h.bad).map(({ bad: _bad, ...h }) => h);
  return { households: good, issues, rows: counted, ignoredColumns: header.ignored };
};
