import { DEFAULT_CATALOGUE } from '../../../src/core/model/catalogue-defaults.ts';
import type { CatalogueItem, ChecklistCell } from '../../../src/core/model/checklist.ts';
import type { FollowUp } from '../../../src/core/model/followup.ts';
import type { Household, Resident } from '../../../src/core/model/household.ts';
import type { Target } from '../../../src/core/model/people.ts';
import type { Session, Visit, Void } from '../../../src/core/model/visit.ts';

// A hand-counted village (V1) and a one-household village (V2). Ages below are in 2026 (birth year is all we keep).
export const V1 = 'v1';
export const V2 = 'v2';
export const C = 'c1';
// 10:00 on a day in Vietnam (UTC+7).
export const at = (iso: string, hour = 10) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), hour - 7);

// digital-signature is retired in this commune: it must produce no row and its cells must not count.
export const CATALOGUE: CatalogueItem[] = DEFAULT_CATALOGUE.map((i) => (i.id === 'digital-signature' ? { ...i, retired: true } : { ...i }));

const hh = (id: string, villageId: string, flags: Household['flags'], removed = false): Household => ({
  id, villageId, houseLabel: id, headName: `Chủ hộ ${id}`, phone: '', flags, notes: '', removed,
});
const person = (id: string, householdId: string, birthYear: number, removed = false, villageId = V1): Resident => ({
  id, householdId, villageId, label: id, birthYear, sex: null, removed,
});

export const HOUSEHOLDS: Household[] = [
  hh('h1', V1, ['producer']),
  hh('h2', V1, []),
  hh('h3', V1, ['producer'], true), // removed: takes its resident and cells with it
  hh('h4', V2, []),
];

export const RESIDENTS: Resident[] = [
  person('r1', 'h1', 2012), // 14: VNeID age, not adult, not yet digital-skills age (15+)
  person('r2', 'h1', 2011), // 15: VNeID age, digital-skills age, not adult
  person('r3', 'h1', 2008), // 18: adult
  person('r4', 'h2', 1966), // 60: adult
  person('r5', 'h2', 1965), // 61: adult, still counted for digital skills (no upper age)
  person('r6', 'h2', 2020), // 6: only "everyone"
  person('r7', 'h2', 1990, true), // removed
  person('r8', 'h3', 1990), // in a removed household
  person('r9', 'h2', 2013), // 13 in 2026, 14 in 2027: ages into VNeID eligibility
  person('r10', 'h4', 1990, false, V2),
];

const cell = (itemId: string, subject: string, state: ChecklistCell['state'], when = at('2026-07-07')): ChecklistCell => {
  const r = RESIDENTS.find((x) => x.id === subject);
  const householdId = r ? r.householdId : subject;
  const villageId = r ? r.villageId : HOUSEHOLDS.find((h) => h.id === subject)!.villageId;
  return { id: `${itemId}@${subject}`, villageId, householdId, residentId: r ? r.id : null, itemId, state, by: 'm1', at: when };
};

export const CELLS: ChecklistCell[] = [
  cell('vneid', 'r1', 'done'),
  cell('vneid', 'r2', 'done', at('2026-07-14')),
  cell('vneid', 'r3', 'na'),
  cell('vneid', 'r9', 'done'), // not yet 14 in 2026
  cell('vneid', 'r7', 'done'), // removed resident
  cell('vneid', 'r8', 'done'), // removed household
  cell('vneid', 'r10', 'done'),
  cell('smartphone', 'r3', 'done'),
  cell('smartphone', 'r2', 'done'), // 15: not an adult
  cell('smartphone', 'r5', 'declined'),
  cell('health-book', 'r6', 'done'),
  cell('health-book', 'r4', 'in-progress'),
  cell('digital-skills', 'r4', 'done'), // 60 in 2026, 61 in 2027: counts both years
  cell('digital-skills', 'r5', 'done'), // 61: counts (older people are a main target)
  cell('fibre', 'h1', 'done'),
  cell('fibre', 'h3', 'done'), // removed household
  cell('ecommerce', 'h1', 'done'),
  cell('ecommerce', 'h2', 'done'), // h2 does not produce or sell
  cell('digital-signature', 'r3', 'done'), // retired item
];

const visit = (id: string, householdId: string, memberId: string, when: number, dossiers: Visit['dossiers'], minutes = 15, replaces: string | null = null): Visit => ({
  id, villageId: V1, householdId, memberId, memberName: memberId === 'm1' ? 'Lò Văn A' : 'Giàng Thị B', at: when, items: [], dossiers,
  language: 'vi', minutes, note: '', followUpOn: null, replaces,
});

export const VISITS: Visit[] = [
  visit('vis1', 'h1', 'm1', at('2026-07-07'), [{ field: 'civil-status', count: 2 }, { field: 'residence', count: 1 }], 20),
  visit('vis2', 'h2', 'm2', at('2026-07-08'), [{ field: 'health-insurance', count: 1 }], 10),
  visit('vis3', 'h1', 'm1', at('2026-07-09'), [{ field: 'land', count: 5 }], 30), // voided: a typo
  visit('vis4', 'h1', 'm1', at('2026-07-09', 11), [{ field: 'land', count: 1 }], 30, 'vis3'),
];

const session = (id: string, memberId: string, date: string, kind: Session['kind'], attendees: number, residentIds: string[]): Session => ({
  id, villageId: V1, memberId, memberName: memberId, kind, topics: ['vneid'], attendees, residentIds, date, place: '', note: '', replaces: null,
});

export const SESSIONS: Session[] = [
  session('s1', 'm1', '2026-07-10', 'training', 12, ['r1', 'r2']),
  session('s2', 'm2', '2026-07-11', 'broadcast', 30, ['r2', 'r3']),
  session('s3', 'm2', '2026-07-12', 'village-meeting', 99, ['r4']), // voided
];

export const VOIDS: Void[] = [
  { id: 'void1', target: 'visit', targetId: 'vis3', villageId: V1, memberId: 'm1', at: at('2026-07-09', 11), reason: 'nhầm số' },
  { id: 'void2', target: 'session', targetId: 's3', villageId: V1, memberId: 'm2', at: at('2026-07-12', 11), reason: '' },
  // A void naming a visit id as a session must not void the visit.
  { id: 'void3', target: 'session', targetId: 'vis1', villageId: V1, memberId: 'm2', at: at('2026-07-12', 11), reason: '' },
];

const fu = (id: string, householdId: string, dueOn: string, status: FollowUp['status']): FollowUp => ({
  id, householdId, villageId: V1, dueOn, status, visitId: null, note: '',
});
export const FOLLOWUPS: FollowUp[] = [
  fu('f1', 'h1', '2026-07-01', 'open'),
  fu('f2', 'h2', '2026-08-01', 'open'),
  fu('f3', 'h1', '2026-06-01', 'done'),
  fu('f4', 'h3', '2026-06-01', 'open'), // removed household
];

const target = (id: string, itemId: string, unit: Target['unit'], value: number, dueOn: string): Target => ({
  id, communeId: C, itemId, unit, value, dueOn, source: 'Kế hoạch 12/KH-UBND',
});
export const TARGETS: Target[] = [
  target('t1', 'vneid', 'commune', 80, '2026-12-31'),
  target('t0', 'vneid', 'commune', 60, '2026-06-30'), // already past: the next one applies
  target('t2', 'vneid', 'village', 40, '2026-12-31'),
  target('t3', 'smartphone', 'commune', 90, '2026-12-31'),
  target('t4', 'fibre', 'commune', 50, '2025-12-31'), // all past: the latest applies
];

export const recordsOf = (villageId: string) => ({
  households: HOUSEHOLDS.filter((x) => x.villageId === villageId),
  residents: RESIDENTS.filter((x) => x.villageId === villageId),
  cells: CELLS.filter((x) => x.villageId === villageId),
  visits: VISITS.filter((x) => x.villageId === villageId),
  sessions: SESSIONS.filter((x) => x.villageId === villageId),
  voids: VOIDS.filter((x) => x.villageId === villageId),
  followUps: FOLLOWUPS.filter((x) => x.villageId === villageId),
});
