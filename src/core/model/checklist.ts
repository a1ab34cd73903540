import * as v from 'valibot';
import { CELL_STATES, HOUSEHOLD_FLAGS, ITEM_LEVELS, type Outcome, type CellState } from './enums.ts';
import { choice, epochMs, id, int, requiredText } from './fields.ts';

// Who counts in an item's denominator. Ages are whole years reached in the as-of year (birth year is all we keep).
export const EligibilityRuleSchema = v.variant('kind', [
  v.object({ kind: v.literal('everyone') }),
  v.object({ kind: v.literal('age'), min: v.optional(int(0, 150)), max: v.optional(int(0, 150)) }),
  v.object({ kind: v.literal('households') }),
  v.object({ kind: v.literal('household-flag'), flag: choice(HOUSEHOLD_FLAGS) }),
]);
export type EligibilityRule = v.InferOutput<typeof EligibilityRuleSchema>;

const LabelSchema = v.object({ vi: requiredText(), en: requiredText() });

export const CatalogueItemSchema = v.object({
  id: id(),
  // null: the default catalogue; a commune id: an item that commune added.
  communeId: v.nullable(id()),
  level: choice(ITEM_LEVELS),
  rule: EligibilityRuleSchema,
  order: int(0, 10_000),
  label: LabelSchema,
  short: LabelSchema,
  retired: v.boolean(),
});
export type CatalogueItem = v.InferOutput<typeof CatalogueItemSchema>;

// One cell of the resident × item grid (or household × item). Its id is derived from what it is about, so two
// phones ticking the same cell offline merge instead of duplicating.
export const checklistCellId = (itemId: string, subjectId: string): string => `${itemId}@${subjectId}`;

export const checklistFields = {
  state: choice(CELL_STATES),
  by: id(), // member id
  at: epochMs(),
};

export const ChecklistCellSchema = v.object({
  id: id(),
  villageId: id(),
  householdId: id(),
  residentId: v.nullable(id()),
  itemId: id(),
  ...checklistFields,
});
export type ChecklistCell = v.InferOutput<typeof ChecklistCellSchema>;

export const ChecklistSetSchema = ChecklistCellSchema;
export type ChecklistSet = ChecklistCell;

// What a visit outcome does to the checklist cell it is about.
export const stateForOutcome = (outcome: Outcome): CellState =>
  outcome === 'done' ? 'done' : outcome === 'declined' ? 'declined' : 'in-progress';

// Items whose "done" implies another's (docs/design.md §2): a level-2 electronic identity is activated in the
// VNeID app, so whoever has it has the VNeID account too. Phone and server apply this one rule: the phone writes
// the implied cell when it writes the first (impliedCells), and every tally counts it even where no such cell was
// written (effectiveCells: imports, older phones).
export const IMPLIES_DONE: Readonly<Record<string, readonly string[]>> = { 'vneid-l2': ['vneid'] };

// Items whose done-count includes another item's done cells, for the tallies' footnote ("tính cả …").
export const impliedBy = (itemId: string): string[] => Object.keys(IMPLIES_DONE).filter((k) => IMPLIES_DONE[k].includes(itemId));

// The cells to set along with `cell`: the implied items' cells for the same subject, done, unless already done.
export const impliedCells = (cell: ChecklistCell, existing: ReadonlyMap<string, Pick<ChecklistCell, 'state'>>, known: ReadonlySet<string>): ChecklistCell[] => {
  if (cell.state !== 'done') return [];
  const subject = cell.residentId ?? cell.householdId;
  return (IMPLIES_DONE[cell.itemId] ?? [])
    .filter((itemId) => known.has(itemId) && existing.get(checklistCellId(itemId, subject))?.state !== 'done')
    .map((itemId) => ({ ...cell, id: checklistCellId(itemId, subject), itemId }));
};

// The cells as the tallies count them: a done cell of an implying item makes its implied items' cells done for the
// same subject (a cell of its own that is not done yet is counted as done from the implying cell's time).
export const effectiveCells = <C extends Pick<ChecklistCell, 'id' | 'householdId' | 'residentId' | 'itemId' | 'state'>>(cells: readonly C[]): C[] => {
  const byId = new Map(cells.map((c) => [c.id, c]));
  let changed = false;
  for (const c of cells) {
    if (c.state !== 'done' || !IMPLIES_DONE[c.itemId]) continue;
    const subject = c.residentId ?? c.householdId;
    for (const itemId of IMPLIES_DONE[c.itemId]) {
      const id = checklistCellId(itemId, subject);
      const own = byId.get(id);
      if (own?.state === 'done') continue;
      byId.set(id, { ...c, id, itemId });
      changed = true;
    }
  }
  return changed ? [...byId.values()] : [...cells];
};
