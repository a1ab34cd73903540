import { TZDate, tz, tzOffset } from '@date-fns/tz';
import { addDays, addMonths, differenceInCalendarDays, endOfMonth, format, isValid, parse } from 'date-fns';

// Reporting periods in the commune's time zone. A period is a closed range of local calendar dates
// ('YYYY-MM-DD'); instants fall in it when their local date does. Keys travel in URLs and name stored texts:
// '2026-07' (month), '2026-Q3' (quarter), '2026-H2' (half-year), '2026' (year), '2026-07-01_2026-08-15' (custom).
export const REPORT_TZ = 'Asia/Ho_Chi_Minh';
const inTz = tz(REPORT_TZ);

export const PERIOD_KINDS = ['month', 'quarter', 'half', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export type Period = {
  kind: PeriodKind;
  key: string;
  from: string; // first local date, inclusive
  to: string; // last local date, inclusive
  year: number; // the year the period belongs to (a custom period: the year of its last day)
  index: number; // month 1–12, quarter 1–4, half 1–2; 0 for a year or a custom period
};

// A custom range longer than this is almost certainly a typo; the longest standard period is a year.
export const MAX_CUSTOM_DAYS = 2 * 366;

const DATE = 'yyyy-MM-dd';
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoOf = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

// A local calendar date as a date-fns date in the report's zone (midnight there).
const localDay = (iso: string): TZDate => {
  const [y, m, d] = iso.split('-').map(Number);
  return new TZDate(y, m - 1, d, REPORT_TZ);
};
const isoFromDay = (d: Date): string => format(d, DATE, { in: inTz });

export const isIsoDate = (s: unknown): s is string => {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = parse(s, DATE, new Date(2000, 0, 1));
  return isValid(d) && format(d, DATE) === s;
};

// The local date of an instant. Rollups ask this for every visit and cell, so the zone's offset is looked up once
// per UTC day (from @date-fns/tz) and reused for every instant of a day with no offset change in it; a day with a
// change (none in Vietnam since 1975, but the zone is data) takes the exact path.
const DAY_MS = 86_400_000;
const offsets = new Map<number, number | null>();
const offsetOnUtcDay = (day: number): number | null => {
  let off = offsets.get(day);
  if (off === undefined) {
    const a = tzOffset(REPORT_TZ, new Date(day * DAY_MS));
    const b = tzOffset(REPORT_TZ, new Date(day * DAY_MS + DAY_MS - 1));
    off = a === b ? a : null;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(day, off);
  }
  return off;
};
export const localDate = (ms: number): string => {
  const off = offsetOnUtcDay(Math.floor(ms / DAY_MS));
  return off === null ? isoFromDay(new TZDate(ms, REPORT_TZ)) : new Date(ms + off * 60_000).toISOString().slice(0, 10);
};
export const localYear = (ms: number): number => Number(localDate(ms).slice(0, 4));

export const addDaysIso = (iso: string, days: number): string => isoFromDay(addDays(localDay(iso), days, { in: inTz }));
export const daysBetween = (fromIso: string, toIso: string): number =>
  differenceInCalendarDays(localDay(toIso), localDay(fromIso), { in: inTz });

// The instants a period covers: [startMs, endMs).
export const startOfDayMs = (iso: string): number => localDay(iso).getTime();
export const periodStartMs = (p: Pick<Period, 'from'>): number => startOfDayMs(p.from);
export const periodEndMs = (p: Pick<Period, 'to'>): number => startOfDayMs(addDaysIso(p.to, 1));

const lastDayOfMonth = (year: number, month: number): number => endOfMonth(new TZDate(year, month - 1, 1, REPORT_TZ), { in: inTz }).getDate();

const monthRange = (year: number, firstMonth: number, months: number) => ({
  from: isoOf(year, firstMonth, 1),
  to: isoOf(year, firstMonth + months - 1, lastDayOfMonth(year, firstMonth + months - 1)),
});

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const okYear = (y: number) => Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;

export const monthPeriod = (year: number, month: number): Period => ({ kind: 'month', key: `${year}-${pad(month)}`, year, index: month, ...monthRange(year, month, 1) });
export const quarterPeriod = (year: number, quarter: number): Period => ({ kind: 'quarter', key: `${year}-Q${quarter}`, year, index: quarter, ...monthRange(year, quarter * 3 - 2, 3) });
export const halfPeriod = (year: number, half: number): Period => ({ kind: 'half', key: `${year}-H${half}`, year, index: half, ...monthRange(year, half * 6 - 5, 6) });
export const yearPeriod = (year: number): Period => ({ kind: 'year', key: String(year), year, index: 0, ...monthRange(year, 1, 12) });

export const customPeriod = (from: string, to: string): Period | undefined => {
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) return undefined;
  if (daysBetween(from, to) + 1 > MAX_CUSTOM_DAYS) return undefined;
  const year = Number(to.slice(0, 4));
  if (!okYear(year) || !okYear(Number(from.slice(0, 4)))) return undefined;
  return { kind: 'custom', key: `${from}_${to}`, from, to, year, index: 0 };
};

// Parses a period key; anything malformed or out of range is undefined (the caller answers 400).
export const parsePeriod = (key: unknown): Period | undefined => {
  if (typeof key !== 'string') return undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(key))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return okYear(y) && mo >= 1 && mo <= 12 ? monthPeriod(y, mo) : undefined;
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) return okYear(Number(m[1])) ? quarterPeriod(Number(m[1]), Number(m[2])) : undefined;
  if ((m = /^(\d{4})-H([12])$/.exec(key))) return okYear(Number(m[1])) ? halfPeriod(Number(m[1]), Number(m[2])) : undefined;
  if ((m = /^(\d{4})$/.exec(key))) return okYear(Number(m[1])) ? yearPeriod(Number(m[1])) : undefined;
  if ((m = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/.exec(key))) return customPeriod(m[1], m[2]);
  return undefined;
};

// The standard period of a kind that contains a local date.
export const periodContaining = (kind: Exclude<PeriodKind, 'custom'>, iso: string): Period => {
  const [y, m] = iso.split('-').map(Number);
  switch (kind) {
    case 'month':
      return monthPeriod(y, m);
    case 'quarter':
      return quarterPeriod(y, Math.ceil(m / 3));
    case 'half':
      return halfPeriod(y, m <= 6 ? 1 : 2);
    case 'year':
      return yearPeriod(y);
  }
};

export const currentPeriod = (kind: Exclude<PeriodKind, 'custom'>, nowMs: number): Period => periodContaining(kind, localDate(nowMs));

// The period of the same kind just before or after (a custom period shifts by its own length).
export const shiftPeriod = (p: Period, step: 1 | -1): Period => {
  if (p.kind === 'custom') {
    const len = daysBetween(p.from, p.to) + 1;
    return customPeriod(addDaysIso(p.from, step * len), addDaysIso(p.to, step * len)) ?? p;
  }
  const monthsPer = { month: 1, quarter: 3, half: 6, year: 12 }[p.kind];
  const first = isoFromDay(addMonths(localDay(p.from), step * monthsPer, { in: inTz }));
  return periodContaining(p.kind, first);
};

// When the periodic report is due. The province asks for the quarterly report before the 5th of the quarter's
// last month (figures run to that date); the half-year and year reports follow the same rule for their last
// month; a monthly report is due before the 5th of the next month. A custom period has no due date.
export const REPORT_DUE_DAY = 5;
export const reportDueBefore = (p: Period): string | null => {
  if (p.kind === 'custom') return null;
  const [y, m] = p.to.split('-').map(Number);
  if (p.kind === 'month') return isoFromDay(addMonths(localDay(isoOf(y, m, REPORT_DUE_DAY)), 1, { in: inTz }));
  return isoOf(y, m, REPORT_DUE_DAY);
};

// Days left before the report is due (0 on the due date itself, negative once it has passed); null without one.
export const daysUntilDue = (p: Period, nowMs: number): number | null => {
  const due = reportDueBefore(p);
  return due === null ? null : daysBetween(localDate(nowMs), due);
};

// The instant an officer's figures are "as of" for a period: now while the period runs, its end once it is over.
export const asOfFor = (p: Period, nowMs: number): number => Math.min(nowMs, periodEndMs(p) - 1);

// Standard periods an officer is likely to want, newest first (the picker's list).
export const recentPeriods = (kind: Exclude<PeriodKind, 'custom'>, nowMs: number, count: number): Period[] => {
  const out: Period[] = [currentPeriod(kind, nowMs)];
  while (out.length < count) out.push(shiftPeriod(out[out.length - 1], -1));
  return out;
};

// How a period is named (officer namespace key + params), the one way for the workspace and the exported files
// alike: a custom period's dates are written by `date` (each side's own dd/mm/yyyy; as 'YYYY-MM-DD' without one).
const ROMAN = ['I', 'II', 'III', 'IV'];
export type PeriodKey = 'period.name.month' | 'period.name.quarter' | 'period.name.half1' | 'period.name.half2' | 'period.name.year' | 'period.name.custom';
export const periodText = (p: Period, date: (iso: string) => string = (iso) => iso): { key: PeriodKey; params: Record<string, string | number> } => {
  switch (p.kind) {
    case 'month':
      return { key: 'period.name.month', params: { index: p.index, year: p.year } };
    case 'quarter':
      return { key: 'period.name.quarter', params: { index: p.index, roman: ROMAN[p.index - 1], year: p.year } };
    case 'half':
      return { key: p.index === 1 ? 'period.name.half1' : 'period.name.half2', params: { year: p.year } };
    case 'year':
      return { key: 'period.name.year', params: { year: p.year } };
    case 'custom':
      return { key: 'period.name.custom', params: { from: date(p.from), to: date(p.to) } };
  }
};

// A date range as whole calendar months plus the leftover days at either end, so sums over a long period read
// monthly rollups and only the partial months day by day.
export const splitByMonths = (from: string, to: string): { months: string[]; days: [string, string][] } => {
  const months: string[] = [];
  const days: [string, string][] = [];
  if (from > to) return { months, days };
  let cursor = from;
  while (cursor <= to) {
    const [y, m] = cursor.split('-').map(Number);
    const first = isoOf(y, m, 1);
    const last = isoOf(y, m, lastDayOfMonth(y, m));
    const end = last < to ? last : to;
    if (cursor === first && end === last) months.push(first.slice(0, 7));
    else days.push([cursor, end]);
    cursor = addDaysIso(end, 1);
  }
  // Adjacent leftover ranges cannot occur (only the first and last month can be partial), but a single-month
  // partial range is both: keep it as one.
  return { months, days };
};

// The standard periods a local date belongs to (for rollups kept per period: distinct counts cannot be summed).
export const standardKeysOf = (iso: string): string[] => ['month', 'quarter', 'half', 'year'].map((k) => periodContaining(k as Exclude<PeriodKind, 'custom'>, iso).key);
