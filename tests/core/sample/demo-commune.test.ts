import type * as v from 'valibot';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogueItemSchema, ChecklistCellSchema, checklistCellId, stateForOutcome } from '../../../src/core/model/checklist.ts';
import { FollowUpSchema } from '../../../src/core/model/followup.ts';
import { HouseholdSchema, ResidentSchema } from '../../../src/core/model/household.ts';
import { MemberSchema, TargetSchema, TeamSchema } from '../../../src/core/model/people.ts';
import { CommuneSchema, ProvinceSchema, VillageSchema } from '../../../src/core/model/place.ts';
import { validate } from '../../../src/core/model/validate.ts';
import { SessionSchema, VisitSchema, VoidSchema, type Visit } from '../../../src/core/model/visit.ts';
import { DEMO_WINDOW_DAYS, generateDemoCommune, type DemoCommune } from '../../../src/core/sample/demo-commune.ts';
import { GROUPS } from '../../../src/core/sample/demo-names.ts';
import { makeRng, vnDate } from '../../../src/core/sample/demo-random.ts';
import { MemorySyncPort } from '../../../src/core/sync/memory-port.ts';
import { handlePush } from '../../../src/core/sync/push.ts';
import { HlcClock } from '../../../src/core/sync/hlc.ts';
import { PROTOCOL, SCHEMA, type Mutation, type MutationName } from '../../../src/core/sync/protocol.ts';
import { bandFor, percentOfTarget } from '../../../src/core/tally/bands.ts';
import { isEligible } from '../../../src/core/tally/eligibility.ts';
import { computeTallies } from '../../../src/core/tally/tally.ts';
import { findPersonalData } from '../../../src/core/text/personal-data.ts';
import { SAMPLE_COMMUNE, SAMPLE_VILLAGES } from '../../../src/core/sample/sample-commune.ts';

const NOW = Date.UTC(2026, 10, 23, 3, 15); // 23/11/2026 10:15 in Vietnam
const DAY = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let d: DemoCommune;
beforeAll(() => {
  d = generateDemoCommune(2025, NOW);
});
afterEach(() => vi.restoreAllMocks());

describe('determinism', () => {
  it('same seed and now → identical output, without Math.random or the clock', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    const again = generateDemoCommune(2025, NOW);
    expect(JSON.stringify(again)).toBe(JSON.stringify(d));
  });

  it('a different seed gives a different commune; a string seed works too', () => {
    const other = generateDemoCommune(2026, NOW);
    expect(other.households.map((h) => h.headName)).not.toEqual(d.households.map((h) => h.headName));
    expect(other.villages.map((x) => x.id)).not.toEqual(d.villages.map((x) => x.id));
    expect(generateDemoCommune('tap-huan', NOW)).toEqual(generateDemoCommune('tap-huan', NOW));
    expect(generateDemoCommune('tap-huan', NOW).households[0].id).not.toBe(other.households[0].id);
  });

  it('the history moves with now', () => {
    const later = generateDemoCommune(2025, NOW + 30 * DAY);
    expect(Math.max(...later.visits.map((x) => x.at))).toBeGreaterThan(NOW);
    expect(Math.min(...later.visits.map((x) => x.at))).toBeGreaterThanOrEqual(NOW + 30 * DAY - DEMO_WINDOW_DAYS * DAY);
  });

  it('the PRNG is uniform enough and its ids look like UUIDv7', () => {
    const rng = makeRng(7);
    const xs = Array.from({ length: 20_000 }, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const ints = new Set(Array.from({ length: 2000 }, () => rng.int(1, 6)));
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const id = rng.uuid(Date.UTC(2026, 0, 1));
    expect(id).toMatch(UUID);
    expect(id.replace(/-/g, '').slice(0, 12)).toBe(Date.UTC(2026, 0, 1).toString(16).padStart(12, '0'));
  });
});

describe('shape of the commune', () => {
  it('counts in range', () => {
    expect(d.villages).toHaveLength(5);
    expect(d.households.length).toBeGreaterThanOrEqual(270);
    expect(d.households.length).toBeLessThanOrEqual(330);
    expect(d.residents.length).toBeGreaterThanOrEqual(1050);
    expect(d.residents.length).toBeLessThanOrEqual(1350);
    expect(d.visits.length).toBeGreaterThanOrEqual(300);
    expect(d.sessions.length).toBeGreaterThanOrEqual(30);
    expect(d.voids.length).toBeGreaterThanOrEqual(3);
    expect(d.voids.length).toBeLessThanOrEqual(d.visits.length * 0.1);
    expect(d.cells.length).toBeGreaterThan(d.residents.length);
  });

  it('is the one sample commune ("Dùng thử" shows the same): its name and its villages; one village per group at least', () => {
    expect(d.commune.name).toBe(SAMPLE_COMMUNE.name);
    expect(d.commune.name).toContain('(mẫu)');
    expect(d.province.name).toContain('(mẫu)');
    expect(d.villages.map((x) => [x.name, x.kind]).sort()).toEqual(SAMPLE_VILLAGES.map((x) => [x.name, x.kind]).sort());
    expect(new Set(Object.values(d.groups))).toEqual(new Set(['kinh', 'thai', 'hmong', 'dao']));
    const prefix = { ban: 'Bản ', thon: 'Thôn ', 'to-dan-pho': 'Tổ dân phố ' } as const;
    for (const x of d.villages) expect(x.name.startsWith(prefix[x.kind])).toBe(true);
  });

  it('a team per village: a leader and 2–4 members with names; one commune officer', () => {
    for (const x of d.villages) {
      const crew = d.members.filter((m) => m.villageIds.length === 1 && m.villageIds[0] === x.id);
      expect(crew.length).toBeGreaterThanOrEqual(3);
      expect(crew.length).toBeLessThanOrEqual(5);
      expect(crew.filter((m) => m.role === 'leader')).toHaveLength(1);
      const team = d.teams.find((t) => t.villageIds.includes(x.id));
      expect(team?.name).toBe(`Tổ CNSCĐ ${x.name}`);
      for (const m of crew) expect(m.teamId).toBe(team?.id);
    }
    const officers = d.members.filter((m) => m.role === 'officer');
    expect(officers).toHaveLength(1);
    expect([...officers[0].villageIds].sort()).toEqual(d.villages.map((x) => x.id).sort());
  });

  it('a realistic age pyramid', () => {
    const ages = d.residents.map((r) => d.asOfYear - r.birthYear);
    const share = (lo: number, hi: number) => ages.filter((a) => a >= lo && a <= hi).length / ages.length;
    expect(share(0, 14)).toBeGreaterThan(0.15);
    expect(share(0, 14)).toBeLessThan(0.35);
    expect(share(15, 59)).toBeGreaterThan(0.55);
    expect(share(60, 120)).toBeGreaterThan(0.05);
    expect(share(60, 120)).toBeLessThan(0.2);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(100);
    // Mông households are bigger than Kinh ones
    const size = (g: string) => {
      const ids = new Set(d.villages.filter((x) => d.groups[x.id] === g).map((x) => x.id));
      return d.residents.filter((r) => ids.has(r.villageId)).length / d.households.filter((h) => ids.has(h.villageId)).length;
    };
    expect(size('hmong')).toBeGreaterThan(size('kinh'));
  });

  it('household flags: poor or near-poor, never both; more poverty where reach is low', () => {
    for (const h of d.households) expect(h.flags.includes('poor') && h.flags.includes('near-poor')).toBe(false);
    const poor = (g: string) => {
      const hs = d.households.filter((h) => d.groups[h.villageId] === g);
      return hs.filter((h) => h.flags.includes('poor')).length / hs.length;
    };
    expect(poor('hmong')).toBeGreaterThan(poor('kinh'));
    expect(d.households.some((h) => h.flags.includes('producer'))).toBe(true);
    expect(d.households.some((h) => h.flags.includes('near-poor'))).toBe(true);
  });
});

describe('names', () => {
  const words = (s: string) => s.split(' ');
  it('each resident is named the way their group names people', () => {
    for (const r of d.residents) {
      const g = GROUPS[d.groups[r.villageId] as keyof typeof GROUPS];
      const [surname, middle, given] = words(r.label);
      expect(g.surnames).toContain(surname);
      expect(g[r.sex ?? 'm'].middle).toContain(middle);
      expect(g[r.sex ?? 'm'].given).toContain(given);
    }
    const hmongMen = d.residents.filter((r) => d.groups[r.villageId] === 'hmong' && r.sex === 'm');
    expect(hmongMen.some((r) => words(r.label)[1] === 'A')).toBe(true);
    expect(hmongMen.some((r) => words(r.label)[1] === 'Seo')).toBe(true);
    expect(d.residents.some((r) => d.groups[r.villageId] === 'hmong' && r.sex === 'f' && words(r.label)[1] === 'Mí')).toBe(true);
    expect(d.residents.every((r) => r.sex !== 'm' || words(r.label)[1] !== 'Thị')).toBe(true);
  });

  it('diverse: mostly distinct full names, many given names, several surnames per village', () => {
    const labels = new Set(d.residents.map((r) => r.label));
    expect(labels.size / d.residents.length).toBeGreaterThan(0.75);
    expect(new Set(d.residents.map((r) => words(r.label)[2])).size).toBeGreaterThan(60);
    for (const x of d.villages) expect(new Set(d.residents.filter((r) => r.villageId === x.id).map((r) => words(r.label)[0])).size).toBeGreaterThanOrEqual(5);
    // within a household, no two people share a name
    const byHousehold = new Map<string, string[]>();
    for (const r of d.residents) byHousehold.set(r.householdId, [...(byHousehold.get(r.householdId) ?? []), r.label]);
    let clashes = 0;
    for (const names of byHousehold.values()) if (new Set(names).size !== names.length) clashes++;
    expect(clashes).toBeLessThanOrEqual(2);
  });

  it('Mông and Dao wives come from another clan', () => {
    for (const h of d.households.filter((x) => ['hmong', 'dao'].includes(d.groups[x.villageId]))) {
      const [head, second] = d.residents.filter((r) => r.householdId === h.id);
      if (head.sex === 'm' && second?.sex === 'f' && Math.abs(second.birthYear - head.birthYear) <= 8)
        expect(words(second.label)[0]).not.toBe(words(head.label)[0]);
    }
  });
});

describe('every record is valid', () => {
  const check = (schema: v.GenericSchema, rows: readonly unknown[]) => {
    for (const row of rows) expect(validate(schema, row)).toEqual({ ok: true, value: row });
  };
  it('passes its core schema unchanged', () => {
    check(ProvinceSchema, [d.province]);
    check(CommuneSchema, [d.commune]);
    check(VillageSchema, d.villages);
    check(TeamSchema, d.teams);
    check(MemberSchema, d.members);
    check(TargetSchema, d.targets);
    check(CatalogueItemSchema, d.catalogue);
    check(HouseholdSchema, d.households);
    check(ResidentSchema, d.residents);
    check(ChecklistCellSchema, d.cells);
    check(VisitSchema, d.visits);
    check(SessionSchema, d.sessions);
    check(VoidSchema, d.voids);
    check(FollowUpSchema, d.followUps);
  });

  it('ids are unique and UUID-like (cells derive theirs from what they are about)', () => {
    const ids = [d.commune, ...d.villages, ...d.teams, ...d.members, ...d.targets, ...d.households, ...d.residents, ...d.visits, ...d.sessions, ...d.voids, ...d.followUps].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(d.cells.map((c) => c.id)).size).toBe(d.cells.length);
  });

  it('no free text looks like an ID number or an OTP', () => {
    const texts = [
      d.commune.name, d.province.name, ...d.villages.map((x) => x.name), ...d.teams.map((t) => t.name), ...d.members.map((m) => m.displayName),
      ...d.targets.map((t) => t.source), ...d.households.flatMap((h) => [h.houseLabel, h.headName, h.notes]), ...d.residents.map((r) => r.label),
      ...d.visits.flatMap((x) => [x.note, x.memberName]), ...d.sessions.flatMap((s) => [s.place, s.note, s.memberName]), ...d.voids.map((x) => x.reason),
      ...d.followUps.map((f) => f.note),
    ];
    expect(texts.filter((t) => findPersonalData(t) !== undefined)).toEqual([]);
    expect(d.visits.some((x) => x.note !== '')).toBe(true);
  });
});

describe('the records agree with each other', () => {
  const windowStart = NOW - DEMO_WINDOW_DAYS * DAY;
  const today = vnDate(NOW);

  it('residents and households', () => {
    const hh = new Map(d.households.map((h) => [h.id, h]));
    const firstOf = new Map<string, string>();
    for (const r of d.residents) {
      expect(hh.get(r.householdId)?.villageId).toBe(r.villageId);
      if (!firstOf.has(r.householdId)) firstOf.set(r.householdId, r.label);
    }
    for (const h of d.households) expect(firstOf.get(h.id)).toBe(h.headName); // the head comes first
    expect(new Set(d.households.map((h) => h.villageId))).toEqual(new Set(d.villages.map((x) => x.id)));
  });

  it('visits: in the window, by the village’s own team, about its residents and items', () => {
    const hh = new Map(d.households.map((h) => [h.id, h]));
    const res = new Map(d.residents.map((r) => [r.id, r]));
    const mem = new Map(d.members.map((m) => [m.id, m]));
    const items = new Map(d.catalogue.map((i) => [i.id, i]));
    for (const x of d.visits) {
      expect(x.at).toBeGreaterThanOrEqual(windowStart);
      expect(x.at).toBeLessThan(NOW);
      expect(hh.get(x.householdId)?.villageId).toBe(x.villageId);
      expect(mem.get(x.memberId)?.displayName).toBe(x.memberName);
      expect(mem.get(x.memberId)?.villageIds).toContain(x.villageId);
      expect(x.items.length + x.dossiers.length).toBeGreaterThan(0);
      for (const it of x.items) {
        const item = items.get(it.itemId);
        expect(item).toBeDefined();
        expect(it.residentIds.length > 0).toBe(item?.level === 'resident');
        for (const rid of it.residentIds) expect(res.get(rid)?.householdId).toBe(x.householdId);
      }
      if (x.followUpOn) expect(x.followUpOn >= vnDate(x.at)).toBe(true);
    }
    expect(d.visits.some((x) => x.dossiers.length > 0)).toBe(true);
    expect(new Set(d.visits.map((x) => x.language)).size).toBeGreaterThanOrEqual(4);
    for (const x of d.visits.filter((y) => d.groups[y.villageId] === 'kinh')) expect(x.language).toBe('vi');
    for (let i = 1; i < d.visits.length; i++) expect(d.visits[i].at).toBeGreaterThanOrEqual(d.visits[i - 1].at);
  });

  it('corrections: each voided visit is replaced once, later, by a visit about the same things', () => {
    const byId = new Map(d.visits.map((x) => [x.id, x]));
    const replacing = d.visits.filter((x) => x.replaces);
    expect(replacing).toHaveLength(d.voids.length);
    for (const vd of d.voids) {
      const old = byId.get(vd.targetId) as Visit;
      const fix = replacing.find((x) => x.replaces === vd.targetId) as Visit;
      expect(old.villageId).toBe(vd.villageId);
      expect(fix.at).toBe(vd.at);
      expect(old.at).toBeLessThan(fix.at);
      expect(fix.items.map((it) => [it.itemId, it.residentIds])).toEqual(old.items.map((it) => [it.itemId, it.residentIds]));
    }
  });

  it('every cell agrees with the latest visit that touched it; the others predate the window', () => {
    const voided = new Set(d.voids.map((x) => x.targetId));
    const latest = new Map<string, { visit: Visit; outcome: string }>();
    for (const x of [...d.visits].sort((a, b) => a.at - b.at)) {
      if (voided.has(x.id)) continue;
      for (const it of x.items)
        for (const subject of it.residentIds.length ? it.residentIds : [x.householdId]) latest.set(checklistCellId(it.itemId, subject), { visit: x, outcome: it.outcome });
    }
    const cells = new Map(d.cells.map((c) => [c.id, c]));
    for (const [id, { visit, outcome }] of latest) {
      const c = cells.get(id);
      expect(c, id).toBeDefined();
      expect(c?.state).toBe(stateForOutcome(outcome as Visit['items'][number]['outcome']));
      expect(c?.at).toBe(visit.at);
      expect(c?.by).toBe(visit.memberId);
    }
    for (const c of d.cells) if (!latest.has(c.id)) expect(c.at).toBeLessThan(windowStart);
    expect(d.cells.some((c) => c.state === 'na')).toBe(true);
    expect(d.cells.some((c) => c.state === 'declined')).toBe(true);
  });

  it('cells are about eligible, existing subjects of the right level', () => {
    const res = new Map(d.residents.map((r) => [r.id, r]));
    const hh = new Map(d.households.map((h) => [h.id, h]));
    const items = new Map(d.catalogue.map((i) => [i.id, i]));
    const mem = new Map(d.members.map((m) => [m.id, m]));
    for (const c of d.cells) {
      const item = items.get(c.itemId);
      if (!item) throw new Error(`unknown item ${c.itemId}`);
      const h = hh.get(c.householdId);
      expect(h?.villageId).toBe(c.villageId);
      if (item.level === 'resident') {
        const r = res.get(c.residentId ?? '');
        expect(r?.householdId).toBe(c.householdId);
        expect(isEligible(item.rule, { birthYear: r?.birthYear }, d.asOfYear)).toBe(true);
        expect(c.id).toBe(checklistCellId(item.id, c.residentId as string));
      } else {
        expect(c.residentId).toBeNull();
        expect(isEligible(item.rule, { flags: h?.flags }, d.asOfYear)).toBe(true);
        expect(c.id).toBe(checklistCellId(item.id, c.householdId));
      }
      expect(mem.get(c.by)?.villageIds).toContain(c.villageId);
    }
  });

  it('follow-ups: opened by a visit, settled by a later one; some overdue, some still to come', () => {
    const byId = new Map(d.visits.map((x) => [x.id, x]));
    const voided = new Set(d.voids.map((x) => x.targetId));
    for (const f of d.followUps) {
      const x = byId.get(f.visitId as string) as Visit;
      expect(x.householdId).toBe(f.householdId);
      expect(x.followUpOn).toBe(f.dueOn);
      if (voided.has(x.id)) expect(f.status).toBe('cancelled');
      if (f.status === 'open') {
        const laterPlain = d.visits.filter((y) => y.householdId === f.householdId && y.at > x.at && !y.replaces);
        expect(laterPlain).toEqual([]);
      }
    }
    const open = d.followUps.filter((f) => f.status === 'open');
    expect(open.filter((f) => f.dueOn < today).length).toBeGreaterThanOrEqual(5);
    expect(open.filter((f) => f.dueOn >= today).length).toBeGreaterThanOrEqual(1);
    expect(d.followUps.some((f) => f.status === 'done')).toBe(true);
    expect(d.followUps.some((f) => f.status === 'cancelled')).toBe(true);
  });

  it('sessions: in the window, about catalogue items, with residents of their village; Digital Transformation Day', () => {
    const res = new Map(d.residents.map((r) => [r.id, r]));
    const mem = new Map(d.members.map((m) => [m.id, m]));
    for (const s of d.sessions) {
      expect(s.date >= vnDate(windowStart)).toBe(true);
      expect(s.date <= today).toBe(true);
      for (const t of s.topics) expect(d.catalogue.some((i) => i.id === t)).toBe(true);
      for (const rid of s.residentIds) expect(res.get(rid)?.villageId).toBe(s.villageId);
      expect(s.attendees).toBeGreaterThanOrEqual(s.residentIds.length);
      expect(mem.get(s.memberId)?.displayName).toBe(s.memberName);
    }
    for (const x of d.villages) expect(d.sessions.filter((s) => s.villageId === x.id).length).toBeGreaterThanOrEqual(5);
    expect(new Set(d.sessions.map((s) => s.kind))).toEqual(new Set(['training', 'village-meeting', 'broadcast', 'dx-day']));
    expect(d.sessions.filter((s) => s.kind === 'dx-day').every((s) => s.date.endsWith('-10-10'))).toBe(true);
  });

  it('one commune target per item', () => {
    expect(d.targets.map((t) => t.itemId).sort()).toEqual(d.catalogue.map((i) => i.id).sort());
  });
});

describe('the dashboard has contrast', () => {
  it('tallies differ across villages and items, and land in different bands', () => {
    const tallies = computeTallies(d.catalogue, d.households, d.residents, d.cells, d.asOfYear, d.villages.map((x) => x.id));
    const pct = (villageId: string, itemId: string) => tallies.find((t) => t.villageId === villageId && t.itemId === itemId)?.pct ?? 0;
    for (const itemId of ['smartphone', 'vneid', 'vneid-l2', 'cashless', 'health-book']) {
      const each = d.villages.map((x) => pct(x.id, itemId));
      expect(Math.max(...each) - Math.min(...each), itemId).toBeGreaterThan(20);
    }
    // within a village, items differ too
    const kinh = d.villages.find((x) => d.groups[x.id] === 'kinh')?.id as string;
    expect(pct(kinh, 'vneid')).toBeGreaterThan(pct(kinh, 'digital-signature') + 40);
    const target = (itemId: string) => d.targets.find((t) => t.itemId === itemId)?.value as number;
    const bands = new Set(tallies.map((t) => bandFor(percentOfTarget(t.pct, target(t.itemId)))));
    expect(bands.size).toBeGreaterThanOrEqual(3);
    expect(tallies.every((t) => t.denominator > 0)).toBe(true);
  });
});

describe('the sync core accepts all of it', () => {
  it('pushed in order by an officer’s device, every mutation applies and the server holds the same records', async () => {
    const port = new MemorySyncPort();
    for (const x of d.villages) port.putReference(d.commune.id, 'villages', x, x.id);
    for (const item of d.catalogue) port.putReference(d.commune.id, 'catalogue', item);
    const officer = d.members.find((m) => m.role === 'officer');
    const auth = { deviceId: 'demo-seed', memberId: officer?.id as string, scope: { communeId: d.commune.id, villageIds: [], wholeCommune: true } };
    const clock = new HlcClock(auth.deviceId);
    const all: [MutationName, { id: string }][] = [
      ...d.households.map((x): [MutationName, { id: string }] => ['household.put', x]),
      ...d.residents.map((x): [MutationName, { id: string }] => ['resident.put', x]),
      ...d.cells.map((x): [MutationName, { id: string }] => ['checklist.set', x]),
      ...d.visits.map((x): [MutationName, { id: string }] => ['visit.add', x]),
      ...d.voids.map((x): [MutationName, { id: string }] => ['visit.void', x]),
      ...d.followUps.map((x): [MutationName, { id: string }] => ['followup.put', x]),
      ...d.sessions.map((x): [MutationName, { id: string }] => ['session.add', x]),
    ];
    const mutations = all.map(([name, args], i): Mutation => ({ seq: i + 1, id: args.id, name, args, hlc: clock.send(NOW) }));
    const statuses = new Map<string, number>();
    for (let i = 0; i < mutations.length; i += 100) {
      const res = await handlePush(port, auth, { protocol: PROTOCOL, schema: SCHEMA, deviceId: auth.deviceId, mutations: mutations.slice(i, i + 100) }, NOW);
      if (!('results' in res)) throw new Error('unexpected answer');
      for (const r of res.results) {
        const key = `${r.status}${r.reason ? `:${r.reason}` : ''}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(statuses)).toEqual({ applied: mutations.length });
    const sorted = (rows: readonly object[]) => [...rows].sort((a, b) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1));
    expect(sorted(port.rows('households'))).toEqual(sorted(d.households));
    expect(sorted(port.rows('residents'))).toEqual(sorted(d.residents));
    expect(sorted(port.rows('checklist'))).toEqual(sorted(d.cells));
    expect(sorted(port.rows('visits'))).toEqual(sorted(d.visits));
    expect(sorted(port.rows('followups'))).toEqual(sorted(d.followUps));
    expect(sorted(port.rows('sessions'))).toEqual(sorted(d.sessions));
    expect(sorted(port.rows('voids'))).toEqual(sorted(d.voids));
  });
});
