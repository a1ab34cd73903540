import { TZDate, tz } from '@date-fns/tz';
import { format, startOfWeek } from 'date-fns';
import { addDaysIso, daysBetween, localDate, REPORT_TZ } from './period.ts';

// Weekly trend buckets. Weeks start on Monday (thứ Hai), as Vietnamese calendars and work plans do, in the
// commune's time zone; a week is named by its Monday ('YYYY-MM-DD').
const inTz = tz(REPORT_TZ);

// Memoised: rollups ask for the week of thousands of instants that fall on a few hundred days.
const weeks = new Map<string, string>();
export const weekOfDate = (iso: string): string => {
  let w = weeks.get(iso);
  if (w === undefined) {
    const [y, m, d] = iso.split('-').map(Number);
    w = format(startOfWeek(new TZDate(y, m - 1, d, REPORT_TZ), { weekStartsOn: 1, in: inTz }), 'yyyy-MM-dd', { in: inTz });
    if (weeks.size > 50_000) weeks.clear();
    weeks.set(iso, w);
  }
  return w;
};

export const weekOfMs = (ms: number): string => weekOfDate(localDate(ms));

// The Mondays of every week that overlaps [from, to]; the first may fall before `from`.
export const weeksOf = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let w = weekOfDate(from); w <= to; w = addDaysIso(w, 7)) out.push(w);
  return out;
};

// The last local date of a week, clipped to the range's end.
export const weekEnd = (week: string, to?: string): string => {
  const end = addDaysIso(week, 6);
  return to !== undefined && end > to ? to : end;
};

// A chart over a long range stays readable: past this many weeks, consecutive weeks are merged.
export const MAX_TREND_POINTS = 27;
export const trendStride = (weeks: number): number => Math.max(1, Math.ceil(weeks / MAX_TREND_POINTS));

export type WeeklyCount = { week: string; count: number };

// Aligns weekly counts to `weeks`: `added` is what each week brought; `cumulative` is the running total at the
// end of each week, counting everything before the first week too (so its last value is the total up to the
// range's end). Counts of weeks after the range are ignored.
export const weeklySeries = (weeks: readonly string[], counts: readonly WeeklyCount[]): { added: number[]; cumulative: number[] } => {
  const index = new Map(weeks.map((w, i) => [w, i]));
  const added = weeks.map(() => 0);
  let before = 0;
  for (const c of counts) {
    const i = index.get(c.week) ?? index.get(weekOfDate(c.week));
    if (i !== undefined) added[i] += c.count;
    else if (weeks.length && c.week < weeks[0]) before += c.count;
  }
  const cumulative: number[] = [];
  let run = before;
  for (const a of added) cumulative.push((run += a));
  return { added, cumulative };
};

// Merges consecutive weeks `stride` at a time (for long ranges): sums of `added`, last of `cumulative`.
export const strideSeries = (
  weeks: readonly string[],
  series: { added: number[]; cumulative: number[] },
  stride: number,
): { weeks: string[]; added: number[]; cumulative: number[] } => {
  if (stride <= 1) return { weeks: [...weeks], added: [...series.added], cumulative: [...series.cumulative] };
  const out = { weeks: [] as string[], added: [] as number[], cumulative: [] as number[] };
  for (let i = 0; i < weeks.length; i += stride) {
    const j = Math.min(weeks.length, i + stride);
    out.weeks.push(weeks[i]);
    out.added.push(series.added.slice(i, j).reduce((a, b) => a + b, 0));
    out.cumulative.push(series.cumulative[j - 1]);
  }
  return out;
};

export const weeksCount = (from: string, to: string): number => Math.floor(daysBetween(weekOfDate(from), to) / 7) + 1;
