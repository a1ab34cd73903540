import Dexie from 'dexie';
import { DEFAULT_CATALOGUE } from '../../core/model/catalogue-defaults.ts';
import type { CatalogueItem, ChecklistCell } from '../../core/model/checklist.ts';
import type { FollowUp } from '../../core/model/followup.ts';
import type { Household, Resident } from '../../core/model/household.ts';
import type { Visit } from '../../core/model/visit.ts';
import { isEligible } from '../../core/tally/eligibility.ts';
import { fold, matchesFolded } from '../../core/text/fold.ts';
import type { AppDb, RosterRow } from './db.ts';

// The roster summary: one derived row per household, rewritten whenever the household, its residents, cells,
// follow-ups or visits change, in the same transaction as that change. Repositories call it on every write; the
// sync client calls it after applying pulled records (refreshRoster with the households touched, or
// refreshAllRosters after a reset).
export const ROSTER_TABLES = (db: AppDb) =>
  [db.households, db.residents, db.checklist, db.followups, db.visits, db.voids, db.catalogue, db.roster] as const;

// The gaps the roster filters by, and the checklist item each one is about.
export const GAP_ITEMS = { gapL2: 'vneid-l2', gapCashless: 'cashless' } as const;
export type RosterFilter = 'all' | 'gap-l2' | 'gap-cashless' | 'followup-due';

const OPEN_GAP = new Set<string>(['not-yet', 'in-progress']);

// Sorted the way village lists are read: by given name (the last word), then the whole name.
export const rosterSortKey = (headName: string, houseLabel: string): string => {
  const name = fold(headName);
  const given = name.slice(name.lastIndexOf(' ') + 1);
  return `${given} ${name} ${fold(houseLabel)}`;
};

export const summarize = (
  h: Household,
  residents: readonly Resident[],
  cells: readonly ChecklistCell[],
  followups: readonly FollowUp[],
  lastVisitAt: number,
  catalogue: readonly CatalogueItem[],
  year: number,
): RosterRow => {
  const live = residents.filter((r) => !r.removed);
  const stateOf = new Map(cells.map((c) => [c.id, c.state]));
  const gap = (itemId: string) => {
    const item = catalogue.find((i) => i.id === itemId);
    if (!item || item.retired) return 0;
    let n = 0;
    for (const r of live) if (isEligible(item.rule, r, year) && OPEN_GAP.has(stateOf.get(`${itemId}@${r.id}`) ?? 'not-yet')) n++;
    return n;
  };
  let followUpOn = '';
  for (const f of followups) if (f.status === 'open' && (!followUpOn || f.dueOn < followUpOn)) followUpOn = f.dueOn;
  return {
    id: h.id,
    villageId: h.villageId,
    sort: rosterSortKey(h.headName, h.houseLabel),
    search: fold([h.headName, h.houseLabel, h.phone, ...live.map((r) => r.label)].join(' ')),
    headName: h.headName,
    houseLabel: h.houseLabel,
    residents: live.length,
    gapL2: gap(GAP_ITEMS.gapL2),
    gapCashless: gap(GAP_ITEMS.gapCashless),
    followUpOn,
    lastVisitAt,
    flags: h.flags,
    removed: h.removed,
    year,
  };
};

const catalogueOf = async (db: AppDb): Promise<CatalogueItem[]> => {
  const items = await db.catalogue.toArray();
  return items.length ? items : [...DEFAULT_CATALOGUE];
};

const lastLiveVisit = async (db: AppDb, visits: readonly Visit[]): Promise<number> => {
  if (!visits.length) return 0;
  const voided = new Set((await db.voids.where('targetId').anyOf(visits.map((v) => v.id)).toArray()).map((v) => v.targetId));
  let last = 0;
  for (const v of visits) if (!voided.has(v.id) && v.at > last) last = v.at;
  return last;
};

// Recomputes the summary rows of these households from their records. Runs inside the caller's transaction when
// there is one (it must include ROSTER_TABLES), else in its own. Unknown ids are dropped from the roster.
export const refreshRoster = (db: AppDb, householdIds: Iterable<string>, year = new Date().getFullYear()): Promise<void> =>
  db.transaction('rw', ROSTER_TABLES(db), async () => {
    const ids = [...new Set(householdIds)];
    if (!ids.length) return;
    const catalogue = await catalogueOf(db);
    const households = await db.households.bulkGet(ids);
    const rows: RosterRow[] = [];
    const gone: string[] = [];
    await Promise.all(
      ids.map(async (id, i) => {
        const h = households[i];
        if (!h) return void gone.push(id);
        const [residents, cells, followups, visits] = await Promise.all([
          db.residents.where('householdId').equals(id).toArray(),
          db.checklist.where('householdId').equals(id).toArray(),
          db.followups.where('householdId').equals(id).toArray(),
          db.visits.where('householdId').equals(id).toArray(),
        ]);
        rows.push(summarize(h, residents, cells, followups, await lastLiveVisit(db, visits), catalogue, year));
      }),
    );
    if (rows.length) await db.roster.bulkPut(rows);
    if (gone.length) await db.roster.bulkDelete(gone);
  });

const ROSTER_YEAR_KEY = 'rosterYear';

// Rebuilds every summary (after a sync reset, an import, or when the year turns and ages move on). Also notes the
// year it computed ages for, in `meta` (so a caller's transaction must include meta too).
export const refreshAllRosters = (db: AppDb, year = new Date().getFullYear()): Promise<void> =>
  db.transaction('rw', [...ROSTER_TABLES(db), db.meta], async () => {
    const [catalogue, households, residents, cells, followups, visits, voids] = await Promise.all([
      catalogueOf(db),
      db.households.toArray(),
      db.residents.toArray(),
      db.checklist.toArray(),
      db.followups.toArray(),
      db.visits.toArray(),
      db.voids.toArray(),
    ]);
    const group = <T extends { householdId: string }>(xs: readonly T[]) => {
      const m = new Map<string, T[]>();
      for (const x of xs) {
        const list = m.get(x.householdId);
        if (list) list.push(x);
        else m.set(x.householdId, [x]);
      }
      return m;
    };
    const [byR, byC, byF] = [group(residents), group(cells), group(followups)];
    const voided = new Set(voids.map((v) => v.targetId));
    const last = new Map<string, number>();
    for (const v of visits) if (!voided.has(v.id) && v.at > (last.get(v.householdId) ?? 0)) last.set(v.householdId, v.at);
    await db.roster.clear();
    await db.roster.bulkPut(
      households.map((h) => summarize(h, byR.get(h.id) ?? [], byC.get(h.id) ?? [], byF.get(h.id) ?? [], last.get(h.id) ?? 0, catalogue, year)),
    );
    await db.meta.put({ key: ROSTER_YEAR_KEY, value: year });
  });

// Rebuilds everything when the summaries were computed for another year (ages move on at New Year) or do not
// cover every household. Cheap when nothing is needed: one meta read and two counts.
export const ensureRosterYear = async (db: AppDb, year = new Date().getFullYear()): Promise<void> => {
  const [noted, summaries, households] = await Promise.all([db.meta.get(ROSTER_YEAR_KEY), db.roster.count(), db.households.count()]);
  if (noted?.value !== year || summaries !== households) await refreshAllRosters(db, year);
};

// The households of a village the sync client must refresh after pulling these rows (by table name).
export const householdIdOf = (table: string, row: Record<string, unknown>): string | undefined =>
  table === 'households' ? (row.id as string) : typeof row.householdId === 'string' ? row.householdId : undefined;

// The village's live households in roster order. One getAll over the index (a Dexie filter would walk a cursor,
// one event per row), then the removed ones are dropped here.
export const loadRoster = async (db: AppDb, villageId: string): Promise<RosterRow[]> =>
  (await db.roster.where('[villageId+sort]').between([villageId, Dexie.minKey], [villageId, Dexie.maxKey]).toArray()).filter((r) => !r.removed);

export const filterRoster = (rows: readonly RosterRow[], query: string, filter: RosterFilter, today: string): RosterRow[] => {
  const q = fold(query);
  const keep =
    filter === 'gap-l2'
      ? (r: RosterRow) => r.gapL2 > 0
      : filter === 'gap-cashless'
        ? (r: RosterRow) => r.gapCashless > 0
        : filter === 'followup-due'
          ? (r: RosterRow) => r.followUpOn !== '' && r.followUpOn <= today
          : () => true;
  const out: RosterRow[] = [];
  for (const r of rows) if (keep(r) && matchesFolded(r.search, q)) out.push(r);
  return out;
};
