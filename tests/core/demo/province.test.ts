import { describe, expect, it } from 'vitest';
import { buildDemoReport } from '../../../src/core/demo/report.ts';
import { demoNeighbours } from '../../../src/core/demo/province.ts';
import { DemoServer } from '../../../src/core/demo/server.ts';
import { DEMO_SEED } from '../../../src/core/demo/world.ts';
import { addDaysIso, customPeriod, localDate, type Period } from '../../../src/core/report/period.ts';
import { COMMUNE_ROW } from '../../../src/core/report/rows.ts';
import { computeTallies, totalTallies } from '../../../src/core/tally/tally.ts';

const EPOCH = Date.UTC(2026, 10, 23, 3, 15);
const today = localDate(EPOCH);
const recent = customPeriod(addDaysIso(today, -181), today) as Period;

describe('the demo’s province view (GET /api/reports/province, answered in the browser)', () => {
  const s = new DemoServer(DEMO_SEED, EPOCH);
  const r = s.provinceReport(recent, EPOCH);

  it('has the sample province and three communes, the demo’s own among them, in the real report’s shape', () => {
    expect(r.province.name).toBe('Tỉnh Sơn Cước (mẫu)');
    expect(r.communes.map((c) => c.name).sort()).toEqual(['Phường Đồng Tâm (mẫu)', 'Xã Nậm Tiên (mẫu)', 'Xã Suối Ngàn (mẫu)'].sort());
    expect(r.items.length).toBeGreaterThan(5);
    for (const c of r.communes) expect(c.cells.map((x) => x.itemId)).toEqual(r.items.map((i) => i.id));
  });

  it('gives the demo commune the very figures of its own dashboard', () => {
    const own = buildDemoReport({ province: s.world.commune.province, commune: s.world.commune.commune, records: s.records(), devices: s.deviceList(), period: recent, now: EPOCH });
    const c = r.communes.find((x) => x.id === s.communeId)!;
    for (const [k, item] of r.items.entries()) {
      const row = own.rows.find((x) => x.villageId === COMMUNE_ROW && x.itemId === item.id)!;
      expect([c.cells[k].numerator, c.cells[k].denominator, c.cells[k].pct]).toEqual([row.numerator, row.denominator, row.pct]);
    }
    expect(c.households).toBe(s.world.commune.households.length);
  });

  it('the province sums the three communes', () => {
    const k = r.items.findIndex((i) => i.id === 'vneid-l2');
    let num = 0;
    let den = 0;
    for (const c of r.communes) {
      num += c.cells[k].numerator;
      den += c.cells[k].denominator;
    }
    expect([r.total.cells[k].numerator, r.total.cells[k].denominator]).toEqual([num, den]);
    expect(r.total.households).toBe(r.communes.reduce((a, c) => a + c.households, 0));
  });

  it('ranks the communes per indicator, best first: the ward ahead, the sample commune second, the upland commune last', () => {
    const k = r.items.findIndex((i) => i.id === 'vneid-l2');
    const rank = (name: string) => r.communes.find((c) => c.name === name)!.cells[k].rank;
    expect([rank('Phường Đồng Tâm (mẫu)'), rank('Xã Nậm Tiên (mẫu)'), rank('Xã Suối Ngàn (mẫu)')]).toEqual([1, 2, 3]);
    for (const [j] of r.items.entries()) {
      const ranked = r.communes.filter((c) => c.cells[j].rank !== null).sort((a, b) => a.cells[j].rank! - b.cells[j].rank!);
      for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].cells[j].pct!).toBeGreaterThanOrEqual(ranked[i].cells[j].pct!);
    }
  });

  it('is the same for the same seed; a neighbour’s figures are the core tallies of its own records', () => {
    expect(new DemoServer(DEMO_SEED, EPOCH).provinceReport(recent, EPOCH)).toEqual(r);
    const neighbour = r.communes.find((c) => c.name === 'Xã Suối Ngàn (mẫu)')!;
    const d = new DemoServer(DEMO_SEED, EPOCH).provinceReport(recent, EPOCH).communes.find((c) => c.name === 'Xã Suối Ngàn (mẫu)')!;
    expect(d.cells).toEqual(neighbour.cells);
    const raw = demoNeighbours(DEMO_SEED, EPOCH)[1];
    const tallies = totalTallies(computeTallies(raw.commune.catalogue, raw.commune.households, raw.commune.residents, raw.commune.cells, 2026, raw.commune.villages.map((v) => v.id)));
    const l2 = tallies.find((t) => t.itemId === 'vneid-l2')!;
    const k = r.items.findIndex((i) => i.id === 'vneid-l2');
    expect([neighbour.cells[k].numerator, neighbour.cells[k].denominator]).toEqual([l2.numerator, l2.denominator]);
  });
});
