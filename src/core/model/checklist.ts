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
