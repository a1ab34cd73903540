// Building blocks for the record schemas. Every free-text field goes through `freeText`, which refuses what looks
// like a citizen ID number or an OTP; the rule names in the messages are ValidationRule codes (../errors.ts).
import * as v from 'valibot';
import { findPersonalData } from '../text/personal-data.ts';

export const LIMITS = {
  shortText: 120,
  code: 40,
  longText: 1000,
  minutes: 24 * 60,
  attendees: 10_000,
  dossierCount: 1000,
  listItems: 100,
} as const;

export const id = () => v.pipe(v.string('bad-format'), v.minLength(1, 'required'), v.maxLength(64, 'too-long'), v.regex(/^[A-Za-z0-9_.:@\-]+$/, 'bad-format'));

const noPersonalData = v.rawCheck<string>(({ dataset, addIssue }) => {
  if (!dataset.typed) return;
  const finding = findPersonalData(dataset.value);
  if (finding) addIssue({ message: finding });
});

export const freeText = (max: number = LIMITS.shortText) =>
  v.pipe(v.string('bad-format'), v.trim(), v.maxLength(max, 'too-long'), noPersonalData);

export const requiredText = (max: number = LIMITS.shortText) =>
  v.pipe(v.string('required'), v.trim(), v.minLength(1, 'required'), v.maxLength(max, 'too-long'), noPersonalData);

export const int = (min: number, max: number) =>
  v.pipe(v.number('bad-format'), v.integer('not-integer'), v.minValue(min, 'too-small'), v.maxValue(max, 'too-large'));

// Calendar dates travel as 'YYYY-MM-DD' (the commune's local date), instants as epoch milliseconds.
// v.isoDate checks the shape only (it accepts 2025-02-30); a real day reads back as itself.
const realDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
export const isoDate = () => v.pipe(v.string('bad-date'), v.isoDate('bad-date'), v.check(realDay, 'bad-date'));
export const epochMs = () => int(0, 8_640_000_000_000);

export const choice = <const T extends readonly string[]>(options: T) => v.picklist(options, 'bad-choice');

// Vietnamese phone numbers: 10 digits starting with 0 (or +84 and 9 digits); spaces and dots allowed.
export const phone = () =>
  v.pipe(
    v.string('bad-format'),
    v.trim(),
    v.maxLength(20, 'too-long'),
    v.check((s) => s === '' || /^(0|\+84)\d{9}$/.test(s.replace(/[ .]/g, '')), 'bad-format'),
  );
