import type { Kysely } from 'kysely';
import { CodedError } from '../../core/errors.ts';
import type { CatalogueItem } from '../../core/model/checklist.ts';
import type { CellState, FollowUpStatus, HouseholdFlag, Language, Outcome, ProcedureField, Sex } from '../../core/model/enums.ts';
import type { HouseholdSummary, VisitEntry } from '../../core/report/shapes.ts';
import { fold, matchesFolded } from '../../core/text/fold.ts';
import type { Database } from '../store/schema.ts';
import { loadCatalogue } from './rollups.ts';

// Read-only drill-down for the officer: a village's households, then one household with its residents, checklist
// and every visit (who, when, what), voided ones marked. Always scoped to the caller's commune.
const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : ((v as T) ?? fallback));
const num = (x: unknown): number => Number(x ?? 0);

export const MAX_PAGE = 200;

export type HouseholdPage = { village: { id: string; name: string; kind: string }; total: number; offset: number; households: HouseholdSummary[] };

export const villageHouseholds = async (
  db: Kysely<Database>,
  communeId: string,
  villageId: string,
  opts: { q?: string; offset?: number; limit?: number; removed?: boolean },
): Promise<HouseholdPage> => {
  const village = await db.selectFrom('villages').select(['id', 'name', 'kind']).where('commune_id', '=', communeId).where('id', '=', villageId).executeTakeFirst();
  if (!village) throw new CodedError('not-found', 'no such village in this commune');
  // Plain reads by the village indexes, counted here: a GROUP BY household would tempt SQLite into walking the
  // whole commune's household index instead.
  const scope = <Q extends { where: (...a: any[]) => Q }>(q: Q) => q.where('commune_id', '=', communeId).where('village_id', '=', villageId);
  const [households, residents, done, visits, follow] = await Promise.all([
    scope(db.selectFrom('households').select(['id', 'house_label', 'head_name', 'flags', 'removed'])).execute(),
    scope(db.selectFrom('residents').select(['household_id', 'removed'])).execute(),
    scope(db.selectFrom('checklist').select(['household_id', 'state'])).execute(),
    scope(db.selectFrom('visits').select(['household_id', 'at'])).execute(),
    scope(db.selectFrom('followups').select(['household_id', 'due_on', 'status'])).execute(),
  ]);
  const residentsBy = new Map<string, number>();
  for (const r of residents) if (Number(r.removed) !== 1) residentsBy.set(r.household_id, (residentsBy.get(r.household_id) ?? 0) + 1);
  const doneBy = new Map<string, number>();
  for (const c of done) if (c.state === 'done') doneBy.set(c.household_id, (doneBy.get(c.household_id) ?? 0) + 1);
  const visitBy = new Map<string, number>();
  for (const v of visits) visitBy.set(v.household_id, Math.max(visitBy.get(v.household_id) ?? 0, num(v.at)));
  const followBy = new Map<string, string>();
  for (const f of follow) if (f.status === 'open' && (!followBy.has(f.household_id) || f.due_on < followBy.get(f.household_id)!)) followBy.set(f.household_id, f.due_on);
  const q = fold(opts.q ?? '');
  const list = households
    .filter((h) => (opts.removed ? true : Number(h.removed) !== 1))
    .filter((h) => matchesFolded(fold(`${h.head_name} ${h.house_label}`), q))
    .map(
      (h): HouseholdSummary => ({
        id: h.id,
        houseLabel: h.house_label,
        headName: h.head_name,
        residents: residentsBy.get(h.id) ?? 0,
        flags: json<HouseholdFlag[]>(h.flags, []),
        removed: Number(h.removed) === 1,
        done: doneBy.get(h.id) ?? 0,
        lastVisitAt: visitBy.get(h.id) ?? null,
        followUpOn: followBy.get(h.id) ?? null,
      }),
    )
    .sort((a, b) => a.houseLabel.localeCompare(b.houseLabel, 'vi', { numeric: true }) || a.headName.localeCompare(b.headName, 'vi'));
  const offset = Math.max(0, Math.floor(opts.offset ?? 0));
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(opts.limit ?? 50)));
  return { village, total: list.length, offset, households: list.slice(offset, offset + limit) };
};

export type HouseholdDetail = {
  village: { id: string; name: string; kind: string };
  household: { id: string; houseLabel: string; headName: string; flags: HouseholdFlag[]; notes: string; removed: boolean; phone: string };
  items: CatalogueItem[];
  residents: { id: string; label: string; birthYear: number; sex: Sex | null; removed: boolean; cells: Record<string, { state: CellState; at: number }> }[];
  householdCells: Record<string, { state: CellState; at: number }>;
  visits: VisitEntry[];
  followUps: { id: string; dueOn: string; status: FollowUpStatus; note: string }[];
};

export const householdDetail = async (db: Kysely<Database>, communeId: string, householdId: string): Promise<HouseholdDetail> => {
  const h = await db.selectFrom('households').selectAll().where('commune_id', '=', communeId).where('id', '=', householdId).executeTakeFirst();
  if (!h) throw new CodedError('not-found', 'no such household in this commune');
  const scope = <Q extends { where: (...a: any[]) => Q }>(q: Q) => q.where('commune_id', '=', communeId).where('household_id', '=', householdId);
  const [village, residents, cells, visits, followUps, catalogue] = await Promise.all([
    db.selectFrom('villages').select(['id', 'name', 'kind']).where('commune_id', '=', communeId).where('id', '=', h.village_id).executeTakeFirst(),
    scope(db.selectFrom('residents').selectAll()).orderBy('birth_year').execute(),
    scope(db.selectFrom('checklist').select(['resident_id', 'item_id', 'state', 'set_at'])).execute(),
    scope(db.selectFrom('visits').selectAll()).orderBy('at', 'desc').execute(),
    scope(db.selectFrom('followups').select(['id', 'due_on', 'status', 'note'])).orderBy('due_on').execute(),
    loadCatalogue(db, communeId),
  ]);
  const voids = visits.length
    ? await db
        .selectFrom('voids')
        .select(['target_id', 'reason'])
        .where('commune_id', '=', communeId)
        .where('target', '=', 'visit')
        .where('target_id', 'in', visits.map((v) => v.id))
        .execute()
    : [];
  const voidBy = new Map(voids.map((v) => [v.target_id, v.reason]));
  const cellsOf = (residentId: string | null) =>
    Object.fromEntries(cells.filter((c) => c.resident_id === residentId).map((c) => [c.item_id, { state: c.state, at: num(c.set_at) }]));
  return {
    village: village ?? { id: h.village_id, name: h.village_id, kind: 'thon' },
    household: {
      id: h.id,
      houseLabel: h.house_label,
      headName: h.head_name,
      flags: json<HouseholdFlag[]>(h.flags, []),
      notes: h.notes,
      removed: Number(h.removed) === 1,
      phone: h.phone,
    },
    items: catalogue.sort((a, b) => a.order - b.order),
    residents: residents.map((r) => ({
      id: r.id,
      label: r.label,
      birthYear: num(r.birth_year),
      sex: r.sex ?? null,
      removed: Number(r.removed) === 1,
      cells: cellsOf(r.id),
    })),
    householdCells: cellsOf(null),
    visits: visits.map((v) => ({
      id: v.id,
      at: num(v.at),
      memberId: v.member_id,
      memberName: v.member_name,
      items: json<{ itemId: string; outcome: Outcome; residentIds: string[] }[]>(v.items, []).map((i) => ({
        itemId: i.itemId,
        outcome: i.outcome,
        residents: i.residentIds.length,
      })),
      dossiers: json<{ field: ProcedureField; count: number }[]>(v.dossiers, []),
      language: v.language,
      minutes: num(v.minutes),
      note: v.note,
      voided: voidBy.has(v.id),
      voidReason: voidBy.get(v.id) ?? null,
      replaces: v.replaces,
    })),
    followUps: followUps.map((f) => ({ id: f.id, dueOn: f.due_on, status: f.status, note: f.note })),
  };
};
