import { describe, expect, it } from 'vitest';
import { buildDemoReport } from '../../../src/core/demo/report.ts';
import { reportCsv, reportTable } from '../../../src/core/demo/report-csv.ts';
import { DemoServer } from '../../../src/core/demo/server.ts';
import { DEMO_SEED } from '../../../src/core/demo/world.ts';
import { addDaysIso, customPeriod, localDate, quarterPeriod, type Period } from '../../../src/core/report/period.ts';
import { COMMUNE_ROW } from '../../../src/core/report/rows.ts';
import { computeTallies, totalTallies } from '../../../src/core/tally/tally.ts';
import Papa from 'papaparse';

const EPOCH = Date.UTC(2026, 10, 23, 3, 15);
const today = localDate(EPOCH);
const recent = customPeriod(addDaysIso(today, -181), today) as Period;

const reportOf = (s: DemoServer, period: Period = recent, now = EPOCH) =>
  buildDemoReport({ province: s.world.commune.province, commune: s.world.commune.commune, records: s.records(), devices: s.deviceList(), period, now });

describe('the demo dashboard’s report', () => {
  const s = new DemoServer(DEMO_SEED, EPOCH);
  const r = reportOf(s);
  const d = s.world.commune;

  it('has the tallies the core computes from the raw records, per village and for the commune', () => {
    const villages = d.villages.map((v) => v.id);
    const raw = computeTallies(d.catalogue, d.households, d.residents, d.cells, 2026, villages);
    for (const t of totalTallies(raw)) {
      const row = r.rows.find((x) => x.villageId === COMMUNE_ROW && x.itemId === t.itemId)!;
      expect([row.numerator, row.denominator]).toEqual([t.numerator, t.denominator]);
    }
    for (const t of raw) {
      const row = r.rows.find((x) => x.villageId === t.villageId && x.itemId === t.itemId)!;
      expect([row.numerator, row.denominator]).toEqual([t.numerator, t.denominator]);
    }
    expect(r.total.households).toBe(d.households.length);
    expect(r.total.residents).toBe(d.residents.length);
    // the weekly trend ends where the tally is
    for (const series of r.trend.series) {
      const row = r.rows.find((x) => x.villageId === COMMUNE_ROW && x.itemId === series.itemId)!;
      expect(series.cumulative[series.cumulative.length - 1]).toBe(row.numerator);
    }
    expect(new Set(r.rows.filter((x) => x.villageId === COMMUNE_ROW).map((x) => x.band)).size).toBeGreaterThanOrEqual(2);
  });

  it('counts the period’s work, voided visits left out, and follow-ups past their date', () => {
    const voided = new Set(d.voids.map((v) => v.targetId));
    const inPeriod = (day: string) => day >= recent.from && day <= recent.to;
    expect(r.total.visits).toBe(d.visits.filter((v) => !voided.has(v.id) && inPeriod(localDate(v.at))).length);
    expect(r.total.sessions).toBe(d.sessions.filter((x) => inPeriod(x.date)).length);
    expect(r.total.dossiers).toBe(d.visits.filter((v) => !voided.has(v.id) && inPeriod(localDate(v.at))).reduce((a, v) => a + v.dossiers.reduce((b, x) => b + x.count, 0), 0));
    expect(r.total.followUpsOpen).toBe(d.followUps.filter((f) => f.status === 'open').length);
    expect(r.total.followUpsOverdue).toBe(d.followUps.filter((f) => f.status === 'open' && f.dueOn < today).length);
    expect(r.total.followUpsOverdue).toBeGreaterThan(0);
    // a quarter holds fewer visits than the six months around it
    const q = reportOf(s, quarterPeriod(2026, 4));
    expect(q.total.visits).toBeLessThan(r.total.visits);
    expect(q.total.households).toBe(r.total.households);
  });

  it('says how fresh each village is from its team’s phones, one of them silent for days', () => {
    expect(r.total.freshness.devices).toBe(d.members.filter((m) => m.role !== 'officer').length);
    expect(r.total.freshness.staleDevices).toBe(1);
    expect(r.villages.filter((v) => v.freshness.staleDevices === 1)).toHaveLength(1);
    // a week later, nobody having synced, every phone is stale
    expect(reportOf(s, recent, EPOCH + 7 * 86_400_000).total.freshness.staleDevices).toBe(r.total.freshness.devices);
  });

  it('reuses a village’s rollup until that village (or the catalogue) changes, with the same result', async () => {
    const live = new DemoServer(DEMO_SEED, EPOCH);
    const rollups = new Map();
    const cached = () =>
      buildDemoReport({ province: d.province, commune: d.commune, records: live.records(), devices: live.deviceList(), period: recent, now: EPOCH, cache: { keys: live.rollupKeys(), rollups } });
    expect(cached()).toEqual(reportOf(live));
    const before = new Map([...rollups].map(([k, v]) => [k, v.rollup]));
    const village = d.villages[2];
    await live.answer('join', { code: live.world.invites[2].code, deviceId: 'p-1', displayName: 'Vàng Thị Mỷ' }, EPOCH);
    const h = d.households.find((x) => x.villageId === village.id)!;
    const stamp = `${String(EPOCH).padStart(15, '0')}-0000-p-1`;
    await live.answer('push', { protocol: 1, schema: 1, deviceId: 'p-1', mutations: [{ seq: 1, id: h.id, name: 'household.put', args: { id: h.id, villageId: village.id, removed: true }, hlc: stamp }] }, EPOCH);
    const after = cached();
    expect(after).toEqual(reportOf(live));
    expect(after.total.households).toBe(r.total.households - 1);
    // only the village that changed was computed again (joining, a member, changes no village's figures)
    for (const v of d.villages) expect(rollups.get(v.id).rollup === before.get(v.id), v.name).toBe(v.id !== village.id);
  });

  it('exports the table the server’s CSV writes: a row per unit and indicator, with a BOM and formulas neutralised', () => {
    const t = (key: string, p?: Record<string, unknown>) => (p ? `${key}:${JSON.stringify(p)}` : key);
    const fmt = { date: (iso: string) => iso.split('-').reverse().join('/'), dateTime: (ms: number) => new Date(ms).toISOString(), lang: 'vi' as const };
    const table = reportTable(r, t, fmt);
    expect(table.header[0]).toBe('export.col.unitName');
    expect(table.rows).toHaveLength((d.villages.length + 1) * d.catalogue.length);
    expect(table.rows[0][0]).toBe(d.commune.name);
    const named = { ...r, commune: { ...r.commune, name: '=HYPERLINK("x")' } };
    const text = reportCsv(named, t, fmt);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(text.slice(1).trim()).data;
    expect(parsed).toHaveLength(table.rows.length + 1);
    expect(parsed[1][0]).toBe(`'=HYPERLINK("x")`);
    const vneid = parsed.find((row) => row[0] === d.villages[0].name && row[1] === d.catalogue.find((i) => i.id === 'vneid')!.label.vi)!;
    const row = r.rows.find((x) => x.villageId === d.villages[0].id && x.itemId === 'vneid')!;
    expect([Number(vneid[9]), Number(vneid[10])]).toEqual([row.numerator, row.denominator]);
  });
});
