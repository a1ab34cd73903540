import { describe, expect, it } from 'vitest';
import {
  asOfFor,
  currentPeriod,
  customPeriod,
  daysUntilDue,
  localDate,
  MAX_CUSTOM_DAYS,
  parsePeriod,
  periodEndMs,
  periodStartMs,
  recentPeriods,
  reportDueBefore,
  shiftPeriod,
} from '../../../src/core/report/period.ts';

// Vietnam is UTC+7 all year: 00:00 on 1 July there is 17:00 UTC on 30 June.
const vn = (iso: string, hh = 0, mm = 0) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), hh - 7, mm);

describe('periods', () => {
  it('parses every kind of key into local date ranges', () => {
    expect(parsePeriod('2026-02')).toMatchObject({ kind: 'month', from: '2026-02-01', to: '2026-02-28', year: 2026, index: 2 });
    expect(parsePeriod('2024-02')).toMatchObject({ to: '2024-02-29' });
    expect(parsePeriod('2026-Q3')).toMatchObject({ kind: 'quarter', from: '2026-07-01', to: '2026-09-30', index: 3 });
    expect(parsePeriod('2026-Q1')).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    expect(parsePeriod('2026-H1')).toMatchObject({ kind: 'half', from: '2026-01-01', to: '2026-06-30' });
    expect(parsePeriod('2026-H2')).toMatchObject({ from: '2026-07-01', to: '2026-12-31' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2026-07-15_2026-08-14')).toMatchObject({ kind: 'custom', from: '2026-07-15', to: '2026-08-14', year: 2026 });
  });

  it('refuses malformed, impossible and oversized periods', () => {
    for (const bad of ['', '2026-13', '2026-00', '2026-Q5', '2026-H3', '1999', '2026-02-30_2026-03-01', '2026-08-01_2026-07-01', 'abc', null, 42])
      expect(parsePeriod(bad), String(bad)).toBeUndefined();
    expect(customPeriod('2024-01-01', '2025-12-31')).toBeDefined(); // 731 days
    expect(customPeriod('2024-01-01', '2026-01-02')).toBeUndefined();
    expect(MAX_CUSTOM_DAYS).toBe(732);
  });

  it('round-trips keys', () => {
    for (const k of ['2026-07', '2026-Q4', '2026-H1', '2030', '2026-01-01_2026-01-01']) expect(parsePeriod(k)?.key).toBe(k);
  });

  it('covers instants by their local date in Asia/Ho_Chi_Minh', () => {
    const q3 = parsePeriod('2026-Q3')!;
    expect(periodStartMs(q3)).toBe(vn('2026-07-01'));
    expect(periodEndMs(q3)).toBe(vn('2026-10-01'));
    // 23:30 on 30 Sep in Vietnam is still Q3 although it is 16:30 UTC, and 00:30 on 1 July is Q3 although UTC says June.
    expect(localDate(vn('2026-09-30', 23, 30))).toBe('2026-09-30');
    expect(localDate(vn('2026-07-01', 0, 30))).toBe('2026-07-01');
    expect(currentPeriod('quarter', vn('2026-07-01', 0, 30)).key).toBe('2026-Q3');
    expect(currentPeriod('month', vn('2026-06-30', 23, 59)).key).toBe('2026-06');
  });

  it('steps to the previous and next period of the same kind', () => {
    expect(shiftPeriod(parsePeriod('2026-01')!, -1).key).toBe('2025-12');
    expect(shiftPeriod(parsePeriod('2026-Q4')!, 1).key).toBe('2027-Q1');
    expect(shiftPeriod(parsePeriod('2026-H1')!, -1).key).toBe('2025-H2');
    expect(shiftPeriod(parsePeriod('2026')!, 1).key).toBe('2027');
    expect(shiftPeriod(parsePeriod('2026-07-01_2026-07-10')!, 1).key).toBe('2026-07-11_2026-07-20');
    expect(recentPeriods('quarter', vn('2026-05-10'), 3).map((p) => p.key)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4']);
  });

  it('is due before the 5th of the last month (quarter, half, year) or of the next month (month)', () => {
    expect(reportDueBefore(parsePeriod('2026-Q3')!)).toBe('2026-09-05');
    expect(reportDueBefore(parsePeriod('2026-Q4')!)).toBe('2026-12-05');
    expect(reportDueBefore(parsePeriod('2026-H1')!)).toBe('2026-06-05');
    expect(reportDueBefore(parsePeriod('2026')!)).toBe('2026-12-05');
    expect(reportDueBefore(parsePeriod('2026-12')!)).toBe('2027-01-05');
    expect(reportDueBefore(parsePeriod('2026-07-01_2026-07-31')!)).toBeNull();
    expect(daysUntilDue(parsePeriod('2026-Q3')!, vn('2026-09-01', 9))).toBe(4);
    expect(daysUntilDue(parsePeriod('2026-Q3')!, vn('2026-09-06', 9))).toBe(-1);
  });

  it('reports figures as of now while the period runs and as of its last instant after', () => {
    const q3 = parsePeriod('2026-Q3')!;
    expect(asOfFor(q3, vn('2026-08-01', 10))).toBe(vn('2026-08-01', 10));
    expect(asOfFor(q3, vn('2027-01-01'))).toBe(vn('2026-10-01') - 1);
  });
});

describe('splitting a range by months', () => {
  it('keeps whole months whole and the partial ends as days', async () => {
    const { splitByMonths, standardKeysOf } = await import('../../../src/core/report/period.ts');
    expect(splitByMonths('2026-07-01', '2026-09-30')).toEqual({ months: ['2026-07', '2026-08', '2026-09'], days: [] });
    expect(splitByMonths('2026-07-15', '2026-09-10')).toEqual({ months: ['2026-08'], days: [['2026-07-15', '2026-07-31'], ['2026-09-01', '2026-09-10']] });
    expect(splitByMonths('2026-07-03', '2026-07-20')).toEqual({ months: [], days: [['2026-07-03', '2026-07-20']] });
    expect(splitByMonths('2024-02-01', '2024-02-29')).toEqual({ months: ['2024-02'], days: [] });
    expect(splitByMonths('2026-12-31', '2027-01-01')).toEqual({ months: [], days: [['2026-12-31', '2026-12-31'], ['2027-01-01', '2027-01-01']] });
    expect(standardKeysOf('2026-08-20')).toEqual(['2026-08', '2026-Q3', '2026-H2', '2026']);
  });
});
