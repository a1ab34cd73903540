import { describe, expect, it } from 'vitest';
import { buildDemoReport } from '../../../src/core/demo/report.ts';
import { DemoServer } from '../../../src/core/demo/server.ts';
import { DEMO_SEED } from '../../../src/core/demo/world.ts';
import type { Target } from '../../../src/core/model/people.ts';
import { appendixBandCounts, appendixRows, changedSince, decimalComma } from '../../../src/core/report/appendix.ts';
import { addDaysIso, customPeriod, localDate, type Period } from '../../../src/core/report/period.ts';
import { COMMUNE_ROW } from '../../../src/core/report/rows.ts';

// The provincial appendix's rows, built from a report: one per indicator in catalogue order, numbered, the result
// and its share of the target rounded to one decimal, this year's and next year's targets from the commune's
// targets by the year they fall due.
const EPOCH = Date.UTC(2026, 10, 23, 3, 15);
const today = localDate(EPOCH);
const period = customPeriod(addDaysIso(today, -181), today) as Period;
const s = new DemoServer(DEMO_SEED, EPOCH);
const r = buildDemoReport({ province: s.world.commune.province, commune: s.world.commune.commune, records: s.records(), devices: s.deviceList(), period, now: EPOCH });

describe('the appendix rows', () => {
  it('one row per indicator of the unit, numbered in catalogue order, with the report’s figures', () => {
    const rows = appendixRows(r, 'vi', s.world.commune.targets);
    const commune = r.rows.filter((x) => x.villageId === COMMUNE_ROW);
    expect(rows.map((x) => x.no)).toEqual(commune.map((_, i) => i + 1));
    expect(rows.map((x) => x.itemId)).toEqual(r.items.map((i) => i.id));
    const l2 = rows.find((x) => x.itemId === 'vneid-l2')!;
    const src = commune.find((x) => x.itemId === 'vneid-l2')!;
    expect(l2.indicator).toBe('Kích hoạt tài khoản định danh điện tử mức độ 2');
    expect(l2.unit).toBe('%');
    expect([l2.numerator, l2.denominator]).toEqual([src.numerator, src.denominator]);
    expect(l2.result).toBe(Math.round((src.numerator / src.denominator) * 1000) / 10);
    expect(l2.target).toBe(src.target?.value ?? null);
    expect(l2.ofTarget).toBe(src.ofTarget === null ? null : Math.round(src.ofTarget * 10) / 10);
    expect(appendixRows(r, 'en', s.world.commune.targets)[0].indicator).toBe(r.items[0].label.en);
  });

  it('a village’s rows are its own', () => {
    const v = r.villages[0];
    const rows = appendixRows(r, 'vi', [], v.id);
    const own = r.rows.filter((x) => x.villageId === v.id);
    expect(rows.map((x) => [x.numerator, x.denominator])).toEqual(own.map((x) => [x.numerator, x.denominator]));
  });

  it('this year’s and next year’s targets by the year they fall due', () => {
    const base = { communeId: r.commune.id, unit: 'commune' as const, source: 'Kế hoạch' };
    const targets: Target[] = [
      { ...base, id: 't1', itemId: 'smartphone', value: 80, dueOn: `${today.slice(0, 4)}-12-31` },
      { ...base, id: 't2', itemId: 'smartphone', value: 90, dueOn: `${Number(today.slice(0, 4)) + 1}-12-31` },
    ];
    const row = appendixRows(r, 'vi', targets).find((x) => x.itemId === 'smartphone')!;
    expect([row.targetThisYear, row.targetNextYear]).toEqual([80, 90]);
    expect(appendixRows(r, 'vi', targets).find((x) => x.itemId === 'fibre')!.targetNextYear).toBeNull();
  });

  it('counts the rows per band', () => {
    const rows = appendixRows(r, 'vi', s.world.commune.targets);
    const counts = appendixBandCounts(rows);
    expect(counts.reduce((a, b) => a + b.count, 0)).toBe(rows.length);
    for (const c of counts) expect(c.bandKey).toMatch(/^band\./);
  });
});

describe('the province’s order, changes since a submission, decimal commas', () => {
  it('mapped indicators come first by their row number (numeric), named as the province names them', () => {
    const mapping = [
      { itemId: 'fibre', rowNo: '10', name: 'Hộ có cáp quang', unit: '%' },
      { itemId: 'vneid', rowNo: '2', name: 'Người dân có VNeID', unit: '%' },
    ];
    const rows = appendixRows(r, 'vi', s.world.commune.targets, COMMUNE_ROW, mapping);
    expect(rows.slice(0, 2).map((x) => [x.rowNo, x.itemId, x.indicator])).toEqual([
      ['2', 'vneid', 'Người dân có VNeID'],
      ['10', 'fibre', 'Hộ có cáp quang'],
    ]);
    expect(rows[2].rowNo).toBe('3');
    expect(rows.map((x) => x.no)).toEqual(rows.map((_, i) => i + 1));
  });

  it('an indicator changed when its counts or targets differ, or it came or went', () => {
    const rows = appendixRows(r, 'vi', s.world.commune.targets);
    expect(changedSince(rows, rows)).toEqual([]);
    const moved = rows.map((x, i) => (i === 1 ? { ...x, numerator: x.numerator + 1 } : x));
    expect(changedSince(rows, moved)).toEqual([rows[1].itemId]);
    expect(changedSince(rows, rows.slice(1))).toEqual([rows[0].itemId]);
    expect(changedSince(rows.slice(1), rows)).toEqual([rows[0].itemId]);
  });

  it('writes 57.1 as 57,1', () => {
    expect([decimalComma(57.1), decimalComma(100), decimalComma(0.5)]).toEqual(['57,1', '100', '0,5']);
  });
});
