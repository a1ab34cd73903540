import { DEFAULT_CATALOGUE } from '../../core/model/catalogue-defaults.ts';
import { checkCell, refsFrom } from '../../core/model/checks.ts';
import { checklistCellId, impliedCells, type CatalogueItem, type ChecklistCell } from '../../core/model/checklist.ts';
import type { CellState } from '../../core/model/enums.ts';
import type { Household, Resident } from '../../core/model/household.ts';
import type { Member } from '../../core/model/people.ts';
import { isEligible } from '../../core/tally/eligibility.ts';
import type { AppDb } from './db.ts';
import { COMMIT_TABLES, commit } from './commit.ts';
import { deviceNow } from './outbox.ts';
import { guardWrite, invalid, refusal } from './write.ts';

// The checklist: one cell per (resident or household, item), id from checklistCellId so two phones ticking the
// same cell merge. Only eligible cells can be set (docs/design.md §2 age rules); 'not applicable' is always allowed.
export const activeCatalogue = async (db: AppDb): Promise<CatalogueItem[]> => {
  const items = await db.catalogue.toArray();
  return (items.length ? items : [...DEFAULT_CATALOGUE]).filter((i) => !i.retired).sort((a, b) => a.order - b.order);
};

export const cellsOf = (db: AppDb, householdId: string): Promise<ChecklistCell[]> => db.checklist.where('householdId').equals(householdId).toArray();

export const eligibleFor = (item: CatalogueItem, subject: Resident | Household, year: number): boolean =>
  'birthYear' in subject ? item.level === 'resident' && isEligible(item.rule, subject, year) : item.level === 'household' && isEligible(item.rule, subject, year);

export type CellTarget = { household: Household; resident: Resident | null; item: CatalogueItem };

// The cell passes the record's check the server runs too (core/model/checks.ts).
export const buildCell = (t: CellTarget, state: CellState, member: Member, at: number): ChecklistCell => {
  const c = checkCell(
    {
      id: checklistCellId(t.item.id, t.resident?.id ?? t.household.id),
      villageId: t.household.villageId,
      householdId: t.household.id,
      residentId: t.resident?.id ?? null,
      itemId: t.item.id,
      state,
      by: member.id,
      at,
    },
    refsFrom(t.household, t.resident ? [t.resident] : [], [t.item]),
  );
  if (!c.ok) throw refusal(c);
  return c.value;
};

// The cells a write of `cells` implies (core/model/checklist.ts IMPLIES_DONE): done for the same subject, for an
// implied item this commune has, not done yet and that applies to the subject this year.
export const alsoDone = (
  cells: readonly ChecklistCell[],
  stored: ReadonlyMap<string, Pick<ChecklistCell, 'state'>>,
  items: ReadonlyMap<string, CatalogueItem>,
  household: Household,
  residents: ReadonlyMap<string, Resident>,
  member: Member,
  at: number,
  year = new Date(at).getFullYear(),
): ChecklistCell[] => {
  const now = new Map<string, Pick<ChecklistCell, 'state'>>([...stored, ...cells.map((c) => [c.id, c] as const)]);
  const known = new Set(items.keys());
  const out: ChecklistCell[] = [];
  for (const c of cells)
    for (const implied of impliedCells(c, now, known)) {
      const item = items.get(implied.itemId)!;
      const resident = implied.residentId ? residents.get(implied.residentId) ?? null : null;
      if (!eligibleFor(item, resident ?? household, year)) continue;
      const cell = buildCell({ household, resident, item }, 'done', member, at);
      now.set(cell.id, cell);
      out.push(cell);
    }
  return out;
};

// Besides the record's check, the form's: only an eligible cell this year can be set (its age rule, docs/design.md §2);
// 'not applicable' always can.
export const setCell = (db: AppDb, target: CellTarget, state: CellState, member: Member, year = new Date().getFullYear()): Promise<ChecklistCell> =>
  guardWrite(async () => {
    const at = await deviceNow(db);
    const cell = buildCell(target, state, member, at);
    const subject = target.resident ?? target.household;
    if (state !== 'na' && !eligibleFor(target.item, subject, year)) throw invalid([{ field: 'state', rule: 'bad-choice' }]);
    await db.transaction('rw', COMMIT_TABLES(db), async () => {
      const [stored, catalogue] = await Promise.all([cellsOf(db, target.household.id), activeCatalogue(db)]);
      const residents = new Map(target.resident ? [[target.resident.id, target.resident]] : []);
      const more = alsoDone([cell], new Map(stored.map((c) => [c.id, c])), new Map(catalogue.map((i) => [i.id, i])), target.household, residents, member, at, year);
      await commit(db, [cell, ...more].map((c) => ({ name: 'checklist.set' as const, args: { ...c } })), { year });
    });
    return cell;
  });
