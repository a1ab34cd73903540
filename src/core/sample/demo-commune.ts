// The trainer demo's commune (issue 5): five invented villages, ~300 households, ~1,200 residents and six months
// of work, generated from a seed. Pure and deterministic: the caller passes `now`, and the same (seed, now) gives
// the same records. The history is replayed through the app's own rules (a visit sets the cells it names and
// settles the household's open follow-ups; a correction voids the visit it replaces and cancels what that visit
// promised), so every cell agrees with the latest visit that touched it.
import { DEFAULT_CATALOGUE } from '../model/catalogue-defaults.ts';
import { checklistCellId, stateForOutcome, type CatalogueItem, type ChecklistCell } from '../model/checklist.ts';
import { type CellState, type HouseholdFlag, type Outcome, type SessionKind, type Sex } from '../model/enums.ts';
import type { FollowUp } from '../model/followup.ts';
import type { Household, Resident } from '../model/household.ts';
import type { Member, Target, Team } from '../model/people.ts';
import type { Commune, Province, Village } from '../model/place.ts';
import type { Session, Visit, VisitItem, Void } from '../model/visit.ts';
import { isEligible } from '../tally/eligibility.ts';
import {
  DEMO_COMMUNE_NAME, DEMO_VILLAGES, GROUPS, HOUSEHOLD_NOTES, LANDMARKS, SESSION_NOTES, SESSION_PLACES, VISIT_NOTES, VOID_REASONS,
  type EthnicGroup, type GroupSpec, type VillageSpec,
} from './demo-names.ts';
import { DAY_MS, makeRng, vnDate, vnDayStart, type Rng } from './demo-random.ts';
import { SAMPLE_PROVINCE } from './sample-commune.ts';

export const DEMO_WINDOW_DAYS = 182;

export type DemoCommune = {
  now: number;
  asOfYear: number;
  province: Province;
  commune: Commune;
  villages: Village[];
  groups: Record<string, EthnicGroup>; // village id → its main group
  teams: Team[];
  members: Member[];
  catalogue: readonly CatalogueItem[];
  targets: Target[];
  households: Household[];
  residents: Resident[];
  cells: ChecklistCell[];
  visits: Visit[];
  sessions: Session[];
  voids: Void[];
  followUps: FollowUp[];
};

// How far each item has got, relative to the village's reach; a prerequisite must be done first.
const ITEM_REACH: Record<string, number> = {
  smartphone: 0.95, vneid: 1, 'vneid-l2': 0.92, 'public-services': 0.55, cashless: 0.6, 'health-book': 0.7,
  'digital-skills': 0.45, 'online-safety': 0.65, 'digital-signature': 0.1, fibre: 0.6, ecommerce: 0.3,
};
const NEEDS: Record<string, string> = { 'vneid-l2': 'vneid', 'public-services': 'vneid-l2', 'digital-signature': 'vneid-l2' };
const TARGETS: Record<string, number> = {
  smartphone: 85, vneid: 90, 'vneid-l2': 80, 'public-services': 60, cashless: 70, 'health-book': 80, 'digital-skills': 50,
  'online-safety': 70, 'digital-signature': 20, fibre: 70, ecommerce: 30,
};
const HOUR = 3_600_000;

type Person = { sex: Sex; age: number; surname: string };

// A household as families here are: a couple and their children, sometimes a widowed parent, or an older couple
// living with a married son, his wife and their small children.
const family = (rng: Rng, g: GroupSpec): Person[] => {
  const [lo, hi] = rng.weighted<[number, number]>([[[22, 34], 3], [[35, 49], 4], [[50, 64], 3], [[65, 84], 1]]);
  const headAge = rng.int(lo, hi);
  const head: Person = { sex: rng.chance(0.88) ? 'm' : 'f', age: headAge, surname: rng.pick(g.surnames) };
  const inLaw = (clan: string) => rng.pick(g.exogamous ? g.surnames.filter((s) => s !== clan) : g.surnames);
  const clan = head.sex === 'm' ? head.surname : inLaw(head.surname); // children take their father's name
  const people = [head];
  if (head.sex === 'm' && rng.chance(headAge < 70 ? 0.93 : 0.6)) people.push({ sex: 'f', age: Math.max(18, headAge - rng.int(0, 7)), surname: inLaw(clan) });
  const motherAge = people.find((p) => p.sex === 'f')?.age ?? headAge - 3;
  const kids = rng.int(g.children[0], g.children[1]);
  for (let i = 0; i < (motherAge > 48 ? Math.floor(kids / 2) : kids); i++) {
    const age = motherAge - rng.int(18, 38);
    if (age >= 0) people.push({ sex: rng.chance(0.51) ? 'm' : 'f', age, surname: clan });
  }
  if (headAge < 55 && rng.chance(0.25)) {
    const age = headAge + rng.int(22, 32);
    const sex: Sex = rng.chance(0.65) ? 'f' : 'm';
    if (age <= 95) people.push({ sex, age, surname: sex === 'm' && head.sex === 'm' ? clan : inLaw(clan) });
  }
  if (headAge >= 52 && rng.chance(0.55)) {
    const son = Math.max(18, headAge - rng.int(22, 32));
    const wife = Math.max(18, son - rng.int(0, 5));
    people.push({ sex: 'm', age: son, surname: clan }, { sex: 'f', age: wife, surname: inLaw(clan) });
    for (let i = rng.int(0, 3); i > 0; i--) {
      const age = wife - rng.int(18, 30);
      if (age >= 0) people.push({ sex: rng.chance(0.51) ? 'm' : 'f', age, surname: clan });
    }
  }
  return people;
};

// Which commune to make: by default the sample commune itself; the demo's province view asks for its neighbours.
export type DemoPlace = { name: string; kind: Commune['kind']; villages: readonly VillageSpec[] };
const SAMPLE_PLACE: DemoPlace = { name: DEMO_COMMUNE_NAME, kind: 'xa', villages: DEMO_VILLAGES };

export const generateDemoCommune = (seed: number | string, now: number, place: DemoPlace = SAMPLE_PLACE): DemoCommune => {
  const rng = makeRng(seed);
  const specs = place.villages;
  const asOfYear = Number(vnDate(now).slice(0, 4));
  const windowStart = now - DEMO_WINDOW_DAYS * DAY_MS;
  const daysAgo = (min: number, max: number) => now - rng.int(min, max) * DAY_MS - rng.int(0, DAY_MS - 1);
  const fullName = (g: GroupSpec, sex: Sex, surname: string, taken: Set<string>) => {
    let name = '';
    for (let tries = 0; tries < 10 && (!name || taken.has(name)); tries++) name = `${surname} ${rng.pick(g[sex].middle)} ${rng.pick(g[sex].given)}`;
    taken.add(name);
    return name;
  };

  const province: Province = { ...SAMPLE_PROVINCE };
  const commune: Commune = { id: rng.uuid(daysAgo(900, 1000)), provinceId: province.id, name: place.name, kind: place.kind };
  const villages: Village[] = specs.map((s) => ({ id: rng.uuid(daysAgo(800, 900)), communeId: commune.id, name: s.name, kind: s.kind, retired: false }));
  const groups = Object.fromEntries(villages.map((v, i) => [v.id, specs[i].group]));

  const teams: Team[] = [];
  const members: Member[] = [];
  const crew = villages.map((v, vi) => {
    const team: Team = { id: rng.uuid(daysAgo(700, 800)), communeId: commune.id, name: `Tổ CNSCĐ ${v.name}`, villageIds: [v.id] };
    teams.push(team);
    const taken = new Set<string>();
    const crewOf: Member[] = [];
    for (let i = rng.int(3, 5); i > 0; i--) {
      // the police member of a minority village is often Kinh
      const g = GROUPS[i === 1 && rng.chance(0.5) ? 'kinh' : specs[vi].group];
      const sex: Sex = rng.chance(0.6) ? 'm' : 'f';
      crewOf.push({ id: rng.uuid(daysAgo(300, 700)), communeId: commune.id, teamId: team.id, displayName: fullName(g, sex, rng.pick(g.surnames), taken), role: crewOf.length ? 'member' : 'leader', villageIds: [v.id] });
    }
    members.push(...crewOf);
    return crewOf;
  });
  members.push({ id: rng.uuid(daysAgo(700, 800)), communeId: commune.id, teamId: null, displayName: fullName(GROUPS.kinh, 'f', 'Nguyễn', new Set()), role: 'officer', villageIds: villages.map((v) => v.id) });
  const worker = (vi: number) => (rng.chance(0.4) ? crew[vi][0] : rng.pick(crew[vi]));

  const catalogue = DEFAULT_CATALOGUE.filter((i) => !i.retired);
  const households: Household[] = [];
  const residents: Resident[] = [];
  const cells = new Map<string, ChecklistCell>();
  const visits: Visit[] = [];
  const voids: Void[] = [];
  const followUps: FollowUp[] = [];

  villages.forEach((village, vi) => {
    const spec = specs[vi];
    const g = GROUPS[spec.group];
    // each village × item gets its own rate, so the dashboard has contrast both ways
    const rate = new Map(catalogue.map((i) => [i.id, Math.min(0.97, spec.reach * (ITEM_REACH[i.id] ?? 0.5) * (0.8 + 0.4 * rng.next()))]));
    const numbers = new Map<string, number>();
    for (let k = spec.households + rng.int(-4, 4); k > 0; k--) {
      const created = daysAgo(250, 700);
      const people = family(rng, g);
      const taken = new Set<string>();
      const names = people.map((p) => fullName(g, p.sex, p.surname, taken));
      const flags: HouseholdFlag[] = [];
      if (rng.chance(g.flags.poor)) flags.push('poor');
      else if (rng.chance(g.flags['near-poor'])) flags.push('near-poor');
      if (rng.chance(g.flags.producer)) flags.push('producer');
      const hamlet = rng.pick(spec.hamlets);
      numbers.set(hamlet, (numbers.get(hamlet) ?? 0) + 1);
      const h: Household = {
        id: rng.uuid(created),
        villageId: village.id,
        code: '',
        houseLabel: rng.chance(0.85) ? `${hamlet}, số ${numbers.get(hamlet)}` : `${hamlet}, ${rng.pick(LANDMARKS)}`,
        headName: names[0],
        phone: '', // no phone numbers: any we made up could be a real person's
        flags,
        notes: rng.chance(0.1) ? rng.pick(HOUSEHOLD_NOTES) : '',
        removed: false,
      };
      households.push(h);
      const rs: Resident[] = people.map((p, i) => ({ id: rng.uuid(created + i), householdId: h.id, villageId: village.id, label: names[i], birthYear: asOfYear - p.age, sex: p.sex, removed: false }));
      residents.push(...rs);

      // Where each (subject, item) has got to, and whether it got there during the last six months.
      type Step = { itemId: string; residentId: string | null; outcome: Outcome };
      const recent: Step[] = [];
      const earlier: Step[] = [];
      const setCell = (itemId: string, residentId: string | null, state: CellState, by: string, at: number) => {
        const id = checklistCellId(itemId, residentId ?? h.id);
        cells.set(id, { id, villageId: village.id, householdId: h.id, residentId, itemId, state, by, at });
      };
      const subjects = [null, ...rs];
      for (const r of subjects) {
        const final = new Map<string, CellState>();
        for (const item of catalogue) {
          if ((item.level === 'resident') !== (r !== null)) continue;
          if (!isEligible(item.rule, r ? { birthYear: r.birthYear } : { flags: h.flags }, asOfYear)) continue;
          const age = r ? asOfYear - r.birthYear : 40;
          const p = (rate.get(item.id) ?? 0) * (age >= 70 ? 0.35 : age >= 60 ? 0.6 : age < 18 && item.id !== 'health-book' ? 0.8 : 1) * (h.flags.includes('poor') ? 0.8 : 1);
          const x = rng.next();
          let state: CellState | null = x < p ? 'done' : x < p + (1 - p) * 0.22 ? 'in-progress' : x < p + (1 - p) * 0.28 ? 'declined' : x < p + (1 - p) * 0.31 ? 'na' : null;
          if (state === 'done' && NEEDS[item.id] && final.get(NEEDS[item.id]) !== 'done') state = rng.chance(0.3) ? 'in-progress' : null;
          if (!state) continue;
          final.set(item.id, state);
          const residentId = r?.id ?? null;
          const viaVisit = state !== 'na' && rng.chance(state === 'done' ? 0.35 : state === 'in-progress' ? 0.75 : 0.6);
          if (!viaVisit) {
            setCell(item.id, residentId, state, worker(vi).id, daysAgo(DEMO_WINDOW_DAYS + 1, 720));
            continue;
          }
          const outcome: Outcome = state === 'done' ? 'done' : state === 'declined' ? 'declined' : rng.chance(0.5) ? 'follow-up' : 'partial';
          recent.push({ itemId: item.id, residentId, outcome });
          if (outcome === 'done' && rng.chance(0.35)) earlier.push({ itemId: item.id, residentId, outcome: rng.chance(0.5) ? 'partial' : 'follow-up' });
        }
      }
      if (!recent.length) continue;

      // Spread the work over 1–4 visits on different days, busier lately; a partly-done step comes before its end.
      const count = Math.min(4, 1 + Math.floor(recent.length / 6) + (rng.chance(0.3) ? 1 : 0));
      const days = new Set<number>();
      while (days.size < count) days.add(Math.floor(DEMO_WINDOW_DAYS * rng.next() ** 1.4));
      const times = [...days].sort((a, b) => b - a).map((d) => Math.min(vnDayStart(now - d * DAY_MS) + rng.int(7.5 * HOUR, 17.5 * HOUR), now - rng.int(5, 90) * 60_000));
      const plan: Step[][] = times.map(() => []);
      for (const s of recent) plan[rng.int(0, count - 1)].push(s);
      for (const s of earlier) {
        const at = plan.findIndex((steps) => steps.some((x) => x.itemId === s.itemId && x.residentId === s.residentId));
        if (at > 0) plan[rng.int(0, at - 1)].push(s);
      }
      const order = new Map(rs.map((r, i) => [r.id, i]));
      const planned: Visit[] = [];
      plan.forEach((steps, i) => {
        if (!steps.length) return;
        const items: VisitItem[] = [];
        for (const item of catalogue)
          for (const outcome of ['done', 'partial', 'follow-up', 'declined'] as const) {
            const these = steps.filter((s) => s.itemId === item.id && s.outcome === outcome);
            if (these.length) items.push({ itemId: item.id, outcome, residentIds: these.flatMap((s) => (s.residentId ? [s.residentId] : [])).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)) });
          }
        const at = times[i];
        const who = worker(vi);
        const needsReturn = items.some((it) => it.outcome === 'follow-up') || (items.some((it) => it.outcome === 'partial') && rng.chance(0.3));
        const mood = items.find((it) => it.outcome !== 'done')?.outcome ?? 'done';
        planned.push({
          id: rng.uuid(at),
          villageId: village.id,
          householdId: h.id,
          memberId: who.id,
          memberName: who.displayName,
          at,
          items,
          dossiers: items.some((it) => it.itemId === 'public-services' && it.outcome === 'done')
            ? [{ field: rng.weighted([['health-insurance', 3], ['civil-status', 3], ['residence', 2], ['social-allowance', 1], ['land', 1], ['other', 1]] as const), count: rng.int(1, 2) }]
            : [],
          language: rng.weighted(g.languages),
          minutes: Math.min(120, 10 + 6 * items.length + rng.int(0, 25)),
          note: rng.chance(0.5) ? rng.pick(VISIT_NOTES[mood]) : rng.pick(VISIT_NOTES.any),
          followUpOn: needsReturn ? vnDate(at + rng.int(7, 21) * DAY_MS) : null,
          replaces: null,
        });
      });
      // A few were first logged wrong and corrected within the hour: the wrong one is voided and replaced.
      const history: Visit[] = [];
      for (const v of planned) {
        if (rng.chance(0.035)) {
          const wrongAt = v.at - rng.int(10, 90) * 60_000;
          const [first, ...rest] = v.items;
          const wrong: Visit = { ...v, id: rng.uuid(wrongAt), at: wrongAt, items: [{ ...first, outcome: first.outcome === 'done' ? 'partial' : 'done' }, ...rest], minutes: v.minutes + 5 };
          history.push(wrong);
          v.replaces = wrong.id;
          voids.push({ id: rng.uuid(v.at), target: 'visit', targetId: wrong.id, villageId: village.id, memberId: v.memberId, at: v.at, reason: rng.pick(VOID_REASONS) });
        }
        history.push(v);
      }
      // Replay, as the app writes a visit.
      const mine: FollowUp[] = [];
      for (const v of history) {
        for (const f of mine) if (f.status === 'open' && (v.replaces ? f.visitId === v.replaces : true)) f.status = v.replaces ? 'cancelled' : 'done';
        for (const it of v.items)
          for (const residentId of it.residentIds.length ? it.residentIds : [null]) setCell(it.itemId, residentId, stateForOutcome(it.outcome), v.memberId, v.at);
        if (v.followUpOn) mine.push({ id: rng.uuid(v.at + 1), householdId: h.id, villageId: village.id, dueOn: v.followUpOn, status: 'open', visitId: v.id, note: '' });
      }
      // Most promises long past their date were kept or dropped by hand (closeFollowUp); a few stay overdue.
      for (const f of mine) if (f.status === 'open' && f.dueOn < vnDate(now - 10 * DAY_MS) && rng.chance(0.7)) f.status = rng.chance(0.8) ? 'done' : 'cancelled';
      visits.push(...history);
      followUps.push(...mine);
    }
  });

  // Group sessions: a class, a meeting or a loudspeaker talk every two weeks or so, and Digital Transformation Day.
  const sessions: Session[] = [];
  villages.forEach((village, vi) => {
    const people = residents.filter((r) => r.villageId === village.id && asOfYear - r.birthYear >= 15 && asOfYear - r.birthYear <= 60);
    const size = households.filter((h) => h.villageId === village.id).length;
    const place = `${rng.pick(SESSION_PLACES)} ${village.name.charAt(0).toLowerCase()}${village.name.slice(1)}`;
    const add = (day: number, kind: SessionKind) => {
      const topics =
        kind === 'training' ? rng.sample(['vneid-l2', 'cashless', 'online-safety', 'digital-skills', 'public-services', 'health-book'], rng.int(1, 3))
        : kind === 'village-meeting' ? rng.sample(['vneid-l2', 'public-services', 'fibre', 'ecommerce'], rng.int(1, 2))
        : kind === 'broadcast' ? [rng.pick(['online-safety', 'vneid-l2', 'health-book'])]
        : rng.sample(catalogue.filter((i) => i.level === 'resident').map((i) => i.id), rng.int(3, 4));
      const attendees = kind === 'training' ? rng.int(12, 35) : kind === 'village-meeting' ? rng.int(Math.round(size * 0.4), Math.round(size * 0.9)) : kind === 'broadcast' ? size : rng.int(40, 120);
      const who = worker(vi);
      sessions.push({
        id: rng.uuid(day + 9 * HOUR),
        villageId: village.id,
        memberId: who.id,
        memberName: who.displayName,
        kind,
        topics,
        attendees,
        residentIds: kind === 'training' ? rng.sample(people, Math.min(8, attendees)).map((r) => r.id) : [],
        date: vnDate(day + 9 * HOUR),
        place: kind === 'broadcast' ? '' : place,
        note: rng.pick(SESSION_NOTES),
        replaces: null,
      });
    };
    for (let d = DEMO_WINDOW_DAYS - rng.int(1, 10); d > 0; d -= rng.int(10, 24))
      add(vnDayStart(now - d * DAY_MS), rng.weighted([['training', 4], ['village-meeting', 3], ['broadcast', 3]] as const));
    for (const y of [asOfYear - 1, asOfYear]) {
      const day = Date.UTC(y, 9, 10) - 7 * HOUR; // 10 October, midnight in Vietnam
      if (day >= windowStart && day + 9 * HOUR < now) add(day, 'dx-day');
    }
  });
  sessions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const targets: Target[] = catalogue.map((i) => ({
    id: rng.uuid(daysAgo(200, 300)),
    communeId: commune.id,
    itemId: i.id,
    unit: 'commune',
    value: TARGETS[i.id] ?? 50,
    dueOn: `${asOfYear}-12-31`,
    source: `Kế hoạch chuyển đổi số của xã năm ${asOfYear} (mẫu)`,
  }));

  return {
    now, asOfYear, province, commune, villages, groups, teams, members, catalogue, targets, households, residents,
    cells: [...cells.values()],
    visits: visits.sort((a, b) => a.at - b.at),
    sessions, voids, followUps,
  };
};
