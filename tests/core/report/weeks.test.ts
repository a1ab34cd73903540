import { describe, expect, it } from 'vitest';
import { strideSeries, trendStride, weekEnd, weekOfDate, weekOfMs, weeklySeries, weeksCount, weeksOf } from '../../../src/core/report/weeks.ts';

describe('weekly trend buckets', () => {
  it('names a week by its Monday in the commune time zone', () => {
    expect(weekOfDate('2026-07-01')).toBe('2026-06-29'); // a Wednesday
    expect(weekOfDate('2026-06-29')).toBe('2026-06-29'); // a Monday
    expect(weekOfDate('2026-07-05')).toBe('2026-06-29'); // a Sunday belongs to the week before
    // Sunday 5 July 23:30 in Vietnam is still that week, though UTC already says Sunday 16:30.
    expect(weekOfMs(Date.UTC(2026, 6, 5, 16, 30))).toBe('2026-06-29');
    // Monday 6 July 00:30 in Vietnam is Sunday 17:30 UTC: the next week.
    expect(weekOfMs(Date.UTC(2026, 6, 5, 17, 30))).toBe('2026-07-06');
  });

  it('lists the weeks overlapping a range', () => {
    expect(weeksOf('2026-07-01', '2026-07-31')).toEqual(['2026-06-29', '2026-07-06', '2026-07-13', '2026-07-20', '2026-07-27']);
    expect(weeksCount('2026-07-01', '2026-07-31')).toBe(5);
    expect(weeksOf('2026-07-01', '2026-09-30')).toHaveLength(14);
    expect(weekEnd('2026-09-28', '2026-09-30')).toBe('2026-09-30');
    expect(weekEnd('2026-09-21')).toBe('2026-09-27');
  });

  it('aligns counts and accumulates from before the range', () => {
    const weeks = ['2026-07-06', '2026-07-13', '2026-07-20'];
    const s = weeklySeries(weeks, [
      { week: '2026-06-29', count: 5 }, // before: part of the running total only
      { week: '2026-07-06', count: 2 },
      { week: '2026-07-15', count: 1 }, // not a Monday: counted in its week
      { week: '2026-07-20', count: 3 },
      { week: '2026-08-03', count: 100 }, // after the range: ignored
    ]);
    expect(s.added).toEqual([2, 1, 3]);
    expect(s.cumulative).toEqual([7, 8, 11]);
  });

  it('merges weeks for long ranges', () => {
    expect(trendStride(14)).toBe(1);
    expect(trendStride(53)).toBe(2);
    const m = strideSeries(['a', 'b', 'c'], { added: [1, 2, 3], cumulative: [1, 3, 6] }, 2);
    expect(m).toEqual({ weeks: ['a', 'c'], added: [3, 3], cumulative: [3, 6] });
  });
});
