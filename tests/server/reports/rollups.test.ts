// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCommune } from '../../../src/server/reports/rollups.ts';
import { VILLAGE_ROLLUP_TABLES } from '../../../src/server/reports/schema.ts';
import { staleCommunes } from '../../../src/server/reports/warm.ts';
import { inCommuneWrite } from '../../../src/server/store/commune-write.ts';
import { at } from '../../core/report/fixture.ts';
import { checklistCell, household, resident, visit } from '../helpers/phone.ts';
import { createTestServer, DATABASES, type TestServer } from '../helpers/test-server.ts';
import { seedFixture, type Seeded } from './seed-fixture.ts';

const NOW = at('2026-08-20', 9);

// Every rollup row of the commune, sorted, without bookkeeping columns.
const snapshot = async (s: TestServer) => {
  const db = s.ctx.store.db;
  const out: Record<string, string[]> = {};
  for (const table of [...VILLAGE_ROLLUP_TABLES, 'report_week_total'] as const) {
    const rows = await db.selectFrom(table).selectAll().where('commune_id', '=', s.communeId).execute();
    out[table] = rows
      .map((r: Record<string, unknown>) => {
        const { rolled_at: _, ...rest } = r;
        return JSON.stringify(Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]).sort()));
      })
      .sort();
  }
  return out;
};

describe.each(DATABASES)('report rollups on %s', (db) => {
  let s: TestServer;
  let seeded: Seeded;
  const refresh = () => refreshCommune(s.ctx.store.db, s.ctx.store.kind, s.communeId, s.clock.now());
  const rebuiltFromScratch = async () => {
    await s.ctx.store.db.deleteFrom('report_state').where('commune_id', '=', s.communeId).execute();
    const r = await refresh();
    expect(r.full).toBe(true);
    return snapshot(s);
  };

  beforeAll(async () => {
    s = await createTestServer({ db, now: NOW });
    seeded = await seedFixture(s);
  }, 60_000);
  afterAll(() => s?.close());

  it('rebuilds only the villages whose records changed, and nothing when nothing did', async () => {
    await refresh();
    expect((await refresh()).rebuilt).toBe(0);
    expect(await staleCommunes(s.ctx.store.db)).not.toContain(s.communeId);
    const a = seeded.a;
    await a.push([a.m('checklist.set', checklistCell('r5', 'h2', 'v-na-pong', 'cashless', 'done', a.member.id, NOW))]);
    expect(await staleCommunes(s.ctx.store.db)).toContain(s.communeId);
    const r = await refresh();
    expect(r).toMatchObject({ full: false, rebuilt: 1 });
  });

  it('stays equal to a rebuild from scratch through every kind of change', async () => {
    const { a, b } = seeded;
    const steps: (() => Promise<unknown>)[] = [
      // a new household with residents and cells
      () => a.push([
        a.m('household.put', household('h9', 'v-na-pong', { flags: ['producer'] })),
        a.m('resident.put', resident('r90', 'h9', 'v-na-pong', { birthYear: 2000 })),
        a.m('checklist.set', checklistCell('r90', 'h9', 'v-na-pong', 'smartphone', 'done', a.member.id, at('2026-08-03'))),
        a.m('checklist.set', { id: 'ecommerce@h9', villageId: 'v-na-pong', householdId: 'h9', residentId: null, itemId: 'ecommerce', state: 'done', by: a.member.id, at: at('2026-08-04') }),
      ]),
      // a state flips back, a resident's birth year is corrected (moves buckets), a household stops producing
      () => a.push([
        a.m('checklist.set', checklistCell('r1', 'h1', 'v-na-pong', 'vneid', 'in-progress', a.member.id, NOW)),
        a.m('resident.put', { id: 'r9', householdId: 'h2', villageId: 'v-na-pong', birthYear: 2010 }),
        a.m('household.put', { id: 'h1', villageId: 'v-na-pong', flags: [] }),
      ]),
      // a household removed (its residents and cells leave the tallies), a visit and a session voided
      () => a.push([
        a.m('household.put', { id: 'h2', villageId: 'v-na-pong', removed: true }),
        a.m('visit.add', visit('vis9', 'h1', 'v-na-pong', a.member.id, at('2026-08-10'), { dossiers: [{ field: 'land', count: 2 }] })),
        a.m('visit.void', { id: 'void9', target: 'visit', targetId: 'vis9', villageId: 'v-na-pong', memberId: a.member.id, at: NOW, reason: '' }),
        a.m('session.void', { id: 'void-s1', target: 'session', targetId: 's1', villageId: 'v-na-pong', memberId: a.member.id, at: NOW, reason: '' }),
      ]),
      // the other village
      () => b.push([b.m('followup.put', { id: 'f9', householdId: 'h4', villageId: 'v-huoi-la', dueOn: '2026-08-01' })]),
      // the commune retires an item: every village is rebuilt
      () =>
        inCommuneWrite(s.ctx.store.db, s.ctx.store.kind, s.communeId, s.clock.now(), async (w) => {
          await w.trx.updateTable('catalogue').set({ retired: 1, version: await w.version() }).where('commune_id', '=', s.communeId).where('id', '=', 'cashless').execute();
        }),
    ];
    for (const step of steps) {
      const res = (await step()) as { status?: number; body?: { results: { status: string }[] } } | undefined;
      if (res?.status !== undefined) {
        expect(res.status).toBe(200);
        expect(res.body!.results.every((r) => r.status === 'applied'), JSON.stringify(res.body)).toBe(true);
      }
      await refresh();
      const incremental = await snapshot(s);
      expect(incremental).toEqual(await rebuiltFromScratch());
    }
    // The commune's weekly totals are exactly the sum of the villages' weeks.
    const snap = await snapshot(s);
    const sums = new Map<string, number>();
    for (const r of snap.report_week_done.map((x) => JSON.parse(x))) sums.set(`${r.item_id}|${r.week}`, (sums.get(`${r.item_id}|${r.week}`) ?? 0) + Number(r.count));
    expect(new Map(snap.report_week_total.map((x) => JSON.parse(x)).map((r) => [`${r.item_id}|${r.week}`, Number(r.count)]))).toEqual(sums);
    const tally = (await snapshot(s)).report_tally;
    expect(tally.some((t) => t.includes('"cashless"'))).toBe(false);
  });

  it('rebuilds everything in a new year (ages move)', async () => {
    s.clock.set(at('2027-01-02'));
    try {
      expect((await refresh()).full).toBe(true);
    } finally {
      s.clock.set(NOW);
    }
    expect((await refresh()).full).toBe(true);
  });
});
