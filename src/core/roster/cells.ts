import * as v from 'valibot';
import type { ValidationRule } from '../errors.ts';
import type { Sex } from '../model/enums.ts';
import { householdFields, residentFields } from '../model/household.ts';
import { validate } from '../model/validate.ts';
import { fold } from '../text/fold.ts';

// One spreadsheet cell as the readers give it: CSV text, or an XLSX value (numbers stay numbers, dates are Dates).
export type Cell = string | number | boolean | Date | null | undefined;

export const cellText = (c: Cell): string => {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(c);
  return String(c).replace(/\s+/g, ' ').trim();
};

type Read<T> = { value: T } | { rule: ValidationRule } | { blank: true };

const fieldRule = (schema: v.GenericSchema, value: unknown): ValidationRule | undefined => {
  const r = validate(schema, value);
  return r.ok ? undefined : r.issues[0].rule;
};

// Text the record keeps (head name, address, resident name): the record's own rules, so a 12-digit number in a
// name is refused as an ID number exactly as on the phone.
export const readText = (c: Cell, schema: v.GenericSchema = householdFields.headName): Read<string> => {
  const s = cellText(c);
  if (!s) return { blank: true };
  const rule = fieldRule(schema, s);
  return rule ? { rule } : { value: s };
};

export const readCode = (c: Cell): Read<string> => readText(c, householdFields.code);

// An XLSX number cell loses the leading 0 of a phone number (912345678): it is put back.
export const readPhone = (c: Cell): Read<string> => {
  let s = cellText(c).replace(/[ .\-()]/g, '');
  if (!s) return { blank: true };
  if (typeof c === 'number' && /^\d{9}$/.test(s)) s = `0${s}`;
  if (/^84\d{9}$/.test(s)) s = `+${s}`;
  const rule = fieldRule(householdFields.phone, s);
  return rule ? { rule } : { value: s };
};

// A birth year, or the year of a birth date written any usual way (15/03/1985, 1985-03-15, an XLSX date, an
// Excel serial day number), from 1900 to this year.
export const readBirthYear = (c: Cell, thisYear: number): Read<number> => {
  let year: number | undefined;
  if (c instanceof Date) year = Number.isNaN(c.getTime()) ? undefined : c.getUTCFullYear();
  else if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 1000 && c <= 9999) year = c;
    // Excel stores a date as days since 1899-12-30; a year alone never reaches 10000.
    else if (c >= 10_000 && c < 80_000) year = new Date(Date.UTC(1899, 11, 30) + Math.floor(c) * 86_400_000).getUTCFullYear();
    else if (!Number.isInteger(c)) return { rule: 'not-integer' };
    else year = c;
  } else {
    const s = cellText(c);
    if (!s) return { blank: true };
    const m = /^(\d{4})(?:\.0+)?$/.exec(s) ?? /^\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4})$/.exec(s) ?? /^(\d{4})[/.\-]\d{1,2}[/.\-]\d{1,2}(?:[T ].*)?$/.exec(s);
    if (!m) return { rule: 'bad-format' };
    year = Number(m[1]);
  }
  if (year === undefined) return { rule: 'bad-format' };
  if (year < 1900) return { rule: 'too-small' };
  if (year > thisYear) return { rule: 'too-large' };
  const rule = fieldRule(residentFields.birthYear, year);
  return rule ? { rule } : { value: year };
};

const SEX_WORDS: Record<string, Sex> = { nam: 'm', nu: 'f', m: 'm', f: 'f', male: 'm', female: 'f', 'trai': 'm', 'gai': 'f', '1': 'm', '0': 'f' };

export const readSex = (c: Cell): Read<Sex> => {
  const s = fold(cellText(c));
  if (!s) return { blank: true };
  const sex = SEX_WORDS[s];
  return sex ? { value: sex } : { rule: 'bad-choice' };
};

// The row of the head of household ("Chủ hộ" in the relation column).
export const isHeadRelation = (c: Cell): boolean => ['chu ho', 'chu', 'head', 'ch'].includes(fold(cellText(c)));
