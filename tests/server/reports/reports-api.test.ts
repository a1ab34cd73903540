// @vitest-environment node
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_ROW } from '../../../src/core/report/rows.ts';
import type { ActivityReport, TalliesReport } from '../../../src/core/report/shapes.ts';
import { at } from '../../core/report/fixture.ts';
import { checklistCell } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';
import { seedFixture, type Seeded } from './seed-fixture.ts';

const NOW = at('2026-08-20', 9);

describe.each(DATABASES)('reports API on %s', (db) => {
  let s: TestServer;
  let seeded: Seeded;
  let token: string;
  const get = async (path: string, t = token) => {
    const res = await s.request(path, { headers: s.auth(t) });
    return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.arrayBuffer() };
  };
  const tallies = async (q = 'period=2026-Q3') => (await get(`/api/reports/tallies?${q}`)).body as TalliesReport;
  const row = (r: TalliesReport, villageId: string, itemId: string) => r.rows.find((x) => x.villageId === villageId && x.itemId === itemId)!;

  beforeAll(async () => {
    s = await createTestServer({ db, now: NOW });
    seeded = await seedFixture(s);
    token = await s.login();
  }, 60_000);
  afterAll(() => s?.close());

  it('tallies synced records by hand-counted rules, per village and for the commune', async () => {
    const r = await tallies();
    expect(r.period).toMatchObject({ key: '2026-Q3', from: '2026-07-01', to: '2026-09-30' });
    expect(r.dueBefore).toBe('2026-09-05');
    expect(r.asOfYear).toBe(2026);
    expect(r.items.map((i) => i.id)).not.toContain('digital-signature');
    const np = r.villages.find((v) => v.id === 'v-na-pong')!;
    expect(np).toMatchObject({ households: 2, residents: 7, visits: 3, dossiers: 5, sessions: 2, attendees: 42, residentsReached: 3, followUpsOpen: 2, followUpsOverdue: 2 });
    expect(row(r, 'v-na-pong', 'vneid')).toMatchObject({ numerator: 2, denominator: 4, pct: 50, target: { id: 't2', value: 40 }, ofTarget: 125, band: 'met' });
    expect(row(r, 'v-na-pong', 'digital-skills')).toMatchObject({ numerator: 2, denominator: 4 }); // 15+: r2 r3 r4 r5, done r4 r5
    expect(row(r, 'v-na-pong', 'ecommerce')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(row(r, 'v-huoi-la', 'vneid')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(row(r, COMMUNE_ROW, 'vneid')).toMatchObject({ numerator: 3, denominator: 5, pct: 60, target: { id: 't1' }, ofTarget: 75, band: '50-80' });
    expect(row(r, COMMUNE_ROW, 'health-book')).toMatchObject({ numerator: 1, denominator: 8, band: null });
    // Villages without any record are listed with zeros.
    expect(r.villages.find((v) => v.id === 'v-tan-tien')).toMatchObject({ households: 0, visits: 0 });
    expect(r.total).toMatchObject({ households: 3, residents: 8, visits: 3, dossiers: 5, residentsReached: 3 });
    expect(Object.fromEntries(r.dossiers.map((d) => [d.field, d.count]))).toEqual({ 'civil-status': 2, residence: 1, 'health-insurance': 1, land: 1 });
  });

  it('counts a custom range the same as the quarter it spans, and a few days on their own', async () => {
    const q3 = await tallies();
    const same = await tallies('from=2026-07-01&to=2026-09-30');
    expect(same.period.kind).toBe('custom');
    expect(same.total).toEqual(q3.total);
    expect(same.dossiers.sort((a, b) => a.field.localeCompare(b.field))).toEqual(q3.dossiers.sort((a, b) => a.field.localeCompare(b.field)));
    // 8–10 July: vis2 (8th) and vis4 (9th; vis3 voided); session s1 (10th, r1 r2).
    const few = await tallies('from=2026-07-08&to=2026-07-10');
    expect(few.total).toMatchObject({ visits: 2, dossiers: 2, sessions: 1, attendees: 12, residentsReached: 2 });
    // A month: all of the fixture's activity is in July.
    expect((await tallies('period=2026-07')).total).toMatchObject({ visits: 3, sessions: 2, residentsReached: 3 });
    expect((await tallies('period=2026-08')).total).toMatchObject({ visits: 0, sessions: 0, residentsReached: 0 });
  });

  it('draws the weekly trend of each indicator', async () => {
    const r = await tallies('period=2026-07');
    expect(r.trend.weeks).toEqual(['2026-06-29', '2026-07-06', '2026-07-13', '2026-07-20', '2026-07-27']);
    const vneid = r.trend.series.find((x) => x.itemId === 'vneid')!;
    // r1 and r10 done in the week of 6 July, r2 in the week of 13 July.
    expect(vneid.added).toEqual([0, 2, 1, 0, 0]);
    expect(vneid.cumulative).toEqual([0, 2, 3, 3, 3]);
  });

  it('leaves a retired village out of the figures and the trend, and brings it back', async () => {
    const retire = (retired: boolean) =>
      s.request('/api/admin/villages/v-huoi-la', { method: 'PUT', headers: s.auth(token), body: JSON.stringify({ retired }) });
    expect((await retire(true)).status).toBe(200);
    const r = await tallies('period=2026-07');
    expect(r.villages.map((v) => v.id)).not.toContain('v-huoi-la');
    expect(row(r, COMMUNE_ROW, 'vneid')).toMatchObject({ numerator: 2, denominator: 4 });
    expect(r.trend.series.find((x) => x.itemId === 'vneid')!.cumulative).toEqual([0, 1, 2, 2, 2]);
    expect((await retire(false)).status).toBe(200);
    expect(row(await tallies(), COMMUNE_ROW, 'vneid')).toMatchObject({ numerator: 3, denominator: 5 });
  });

  it('updates after a push: a new cell, and a voided visit', async () => {
    const before = await tallies();
    const a = seeded.a;
    const res = await a.push([
      a.m('checklist.set', checklistCell('r4', 'h2', 'v-na-pong', 'vneid', 'done', a.member.id, NOW)),
      a.m('visit.void', { id: 'void-vis1', target: 'visit', targetId: 'vis1', villageId: 'v-na-pong', memberId: a.member.id, at: NOW, reason: 'ghi nhầm' }),
    ]);
    expect(res.status).toBe(200);
    const after = await tallies();
    expect(row(after, 'v-na-pong', 'vneid')).toMatchObject({ numerator: 3, denominator: 4 });
    expect(row(after, COMMUNE_ROW, 'vneid')).toMatchObject({ numerator: 4, denominator: 5 });
    expect(after.total.visits).toBe(before.total.visits - 1);
    expect(after.total.dossiers).toBe(2); // vis1 carried 3 dossiers
    expect(after.asOf).toBeGreaterThanOrEqual(before.asOf);
  });

  it('reports freshness per village from its devices', async () => {
    const r = await tallies();
    const np = r.villages.find((v) => v.id === 'v-na-pong')!;
    expect(np.freshness.devices).toBe(1);
    expect(np.freshness.oldestSyncAt).toBeGreaterThanOrEqual(NOW);
    expect(np.freshness.oldestSyncAt).toBeLessThan(NOW + 60_000);
    expect(r.villages.find((v) => v.id === 'v-khe-mat')!.freshness).toMatchObject({ devices: 0, oldestSyncAt: null });
  });

  it('lists team activity and flags devices silent for over 3 days with what they may hold', async () => {
    s.clock.advance(4 * 86_400_000);
    try {
      const res = await get('/api/reports/activity?period=2026-Q3', await s.login());
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const r = res.body as ActivityReport;
      const all = [...r.teams.flatMap((t) => t.members), ...r.unassigned];
      const a = all.find((m) => m.id === seeded.members.m1)!;
      expect(a).toMatchObject({ visitsInPeriod: 1, sessionsInPeriod: 1 }); // vis1 voided, vis3 voided, vis4 kept
      expect(a.devices[0]).toMatchObject({ stale: true });
      expect(a.devices[0].mayHold).toBeGreaterThan(0);
      const team = r.teams.find((t) => t.villageIds.includes('v-khe-mat'))!;
      expect(team.inactive).toBe(true);
      expect(r.staleDevices).toBeGreaterThanOrEqual(2);
      expect(r.inactiveTeams).toBeGreaterThanOrEqual(3);
    } finally {
      s.clock.set(NOW);
      token = await s.login();
    }
  });

  it('drills down: village → households → one household’s visits with who and when', async () => {
    const list = (await get('/api/reports/villages/v-na-pong/households')).body;
    expect(list.total).toBe(2);
    expect(list.households.map((h: { id: string }) => h.id)).toEqual(['h1', 'h2']);
    expect(list.households[0]).toMatchObject({ residents: 3, followUpOn: '2026-07-01' });
    const search = await s.request('/api/reports/villages/v-na-pong/households', { method: 'POST', headers: s.auth(token), body: JSON.stringify({ q: 'chu ho h2' }) });
    expect(((await search.json()) as { households: { id: string }[] }).households.map((h) => h.id)).toEqual(['h2']);
    // A name never travels in a URL.
    expect((await get('/api/reports/villages/v-na-pong/households?q=chu%20ho%20h2')).status).toBe(400);
    const h1 = (await get('/api/reports/households/h1')).body;
    expect(h1.household.headName).toBe('Chủ hộ h1');
    expect(h1.residents.map((r: { id: string }) => r.id).sort()).toEqual(['r1', 'r2', 'r3']);
    expect(h1.residents.find((r: { id: string }) => r.id === 'r1').cells.vneid.state).toBe('done');
    const visits = h1.visits as { id: string; memberName: string; voided: boolean; voidReason: string | null }[];
    expect(visits.map((v) => v.id)).toEqual(['vis4', 'vis3', 'vis1']);
    expect(visits.find((v) => v.id === 'vis3')).toMatchObject({ voided: true, voidReason: 'nhầm số', memberName: 'Lò Văn A' });
  });

  it('stores the report text per period, refusing an ID number', async () => {
    const put = (body: unknown) => s.request('/api/reports/text?period=2026-Q3', { method: 'PUT', headers: s.auth(token), body: JSON.stringify(body) });
    expect((await put({ difficulties: 'Bản Huổi Lạ chưa có sóng.', proposals: 'Hỗ trợ điện thoại.' })).status).toBe(200);
    const got = (await get('/api/reports/text?period=2026-Q3')).body;
    expect(got).toMatchObject({ periodKey: '2026-Q3', difficulties: 'Bản Huổi Lạ chưa có sóng.', proposals: 'Hỗ trợ điện thoại.', updatedBy: 'Cán bộ xã (quản trị)' });
    expect((await get('/api/reports/text?period=2026-Q2')).body).toMatchObject({ difficulties: '', updatedAt: null });
    const bad = await put({ difficulties: 'CCCD 001203004005', proposals: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid', issues: [{ field: 'difficulties', rule: 'looks-like-id-number' }] } });
  });

  it('exports the period as XLSX and CSV with the stored text', async () => {
    const res = await s.request('/api/reports/export?period=2026-Q3&format=xlsx', { headers: s.auth(token) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('bao-cao-xa-nam-tien-mau-2026-Q3.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets[0].name).toBe('Phụ lục 01');
    expect(wb.worksheets).toHaveLength(6);
    const texts: unknown[] = [];
    wb.getWorksheet('Khó khăn, đề xuất')!.eachRow((r) => texts.push(r.getCell(1).value));
    expect(texts).toContain('Bản Huổi Lạ chưa có sóng.');
    const csv = await s.request('/api/reports/export?period=2026-Q3&format=csv', { headers: s.auth(token) });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('Xã Nậm Tiên (mẫu),Cài đặt ứng dụng VNeID');
    const audit = (await get('/api/admin/audit')).body as { entries: { action: string }[] };
    expect(audit.entries.some((e) => e.action === 'report.export')).toBe(true);
  });

  it('refuses bad periods and formats with a 400', async () => {
    expect((await get('/api/reports/tallies?period=2026-Q5')).status).toBe(400);
    expect((await get('/api/reports/tallies?from=2026-09-01&to=2026-08-01')).status).toBe(400);
    expect((await get('/api/reports/export?period=2026-Q3&format=pdf')).status).toBe(400);
    expect((await get('/api/reports/tallies?from=2026-08-01&to=2026-08-31')).body.period.kind).toBe('custom');
  });

  describe('authorisation', () => {
    it('an officer of another commune can neither read nor export this one', async () => {
      const other = await s.login(s.otherOfficer);
      for (const path of [
        `/api/reports/tallies?commune=${s.communeId}`,
        `/api/reports/activity?commune=${s.communeId}`,
        `/api/reports/export?commune=${s.communeId}&period=2026-Q3&format=xlsx`,
        `/api/reports/export?commune=${s.communeId}&period=2026-Q3&format=csv`,
        `/api/reports/text?commune=${s.communeId}&period=2026-Q3`,
        `/api/reports/villages/v-na-pong/households?commune=${s.communeId}`,
      ]) {
        const res = await get(path, other);
        expect(res.status, path).toBe(403);
        expect((res.body as { error: { code: string } }).error.code).toBe('scope-forbidden');
      }
      // Without ?commune= their own commune is used: this commune's ids are simply not there.
      expect((await get('/api/reports/villages/v-na-pong/households', other)).status).toBe(404);
      expect((await get('/api/reports/households/h1', other)).status).toBe(404);
      const own = (await get('/api/reports/tallies', other)).body as TalliesReport;
      expect(own.commune.id).toBe(s.otherCommuneId);
      expect(own.total.households).toBe(0);
      const put = await s.request(`/api/reports/text?commune=${s.communeId}&period=2026-Q3`, {
        method: 'PUT',
        headers: s.auth(other),
        body: JSON.stringify({ difficulties: 'x', proposals: 'y' }),
      });
      expect(put.status).toBe(403);
    });

    it('a team member’s phone and an anonymous caller are refused', async () => {
      expect((await get('/api/reports/tallies', seeded.a.token)).status).toBe(403);
      expect((await s.request('/api/reports/tallies')).status).toBe(401);
      expect((await s.request('/api/reports/export?format=csv')).status).toBe(401);
    });

    it('lists the communes a caller may open', async () => {
      expect((await get('/api/reports/communes')).body.communes.map((c: { id: string }) => c.id)).toEqual([s.communeId]);
      const admin = await s.login(s.provinceAdmin);
      expect((await get('/api/reports/communes', admin)).body.communes.map((c: { id: string }) => c.id).sort()).toEqual([s.communeId, s.otherCommuneId].sort());
    });

    it('a province admin reads any commune of the province, when named', async () => {
      const admin = await s.login(s.provinceAdmin);
      expect((await get('/api/reports/tallies', admin)).status).toBe(400);
      const r = (await get(`/api/reports/tallies?commune=${s.communeId}&period=2026-Q3`, admin)).body as TalliesReport;
      expect(r.total.households).toBe(3);
    });
  });
});
