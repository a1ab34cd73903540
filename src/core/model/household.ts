import * as v from 'valibot';
import { HOUSEHOLD_FLAGS, SEXES } from './enums.ts';
import { choice, freeText, id, int, LIMITS, phone, requiredText } from './fields.ts';

// Households and residents merge field by field (last writer wins by HLC), so their editable fields are listed
// once here and a `put` carries only the fields that changed. A removal is a field too (`removed`), which keeps
// it mergeable and keeps the record for the audit.
export const householdFields = {
  // The commune's own household code (Mã hộ), when its roster has one: what a re-imported list matches by.
  code: freeText(LIMITS.code),
  houseLabel: freeText(),
  headName: requiredText(),
  phone: phone(),
  flags: v.pipe(v.array(choice(HOUSEHOLD_FLAGS), 'bad-format'), v.maxLength(HOUSEHOLD_FLAGS.length, 'too-long')),
  notes: freeText(LIMITS.longText),
  removed: v.boolean('bad-format'),
};

// `code` came with roster import; rows written before it (backups, older phones) read as having none.
// `mergedInto`: set only by a merge (household.merge, sync/merge-households.ts), never by a put — the survivor this
// household was merged into; the row stays, removed, as a redirect.
export const HouseholdSchema = v.object({
  id: id(),
  villageId: id(),
  ...householdFields,
  code: v.optional(householdFields.code, ''),
  mergedInto: v.optional(v.nullable(id())),
  // What the merge moved and overwrote, so it can be undone within its period (sync/merge-households.ts).
  mergeUndo: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
});
// Optional in the type too: rows and fixtures from before roster import have no code.
export type Household = Omit<v.InferOutput<typeof HouseholdSchema>, 'code'> & { code?: string };
export const HOUSEHOLD_DEFAULTS = { code: '', houseLabel: '', phone: '', flags: [], notes: '', removed: false } as const;

export const HouseholdPutSchema = v.object({
  id: id(),
  villageId: id(),
  ...v.partial(v.object(householdFields)).entries,
});
export type HouseholdPut = v.InferOutput<typeof HouseholdPutSchema>;

export const residentFields = {
  label: requiredText(),
  birthYear: int(1900, 2100),
  sex: v.nullable(choice(SEXES)),
  removed: v.boolean('bad-format'),
};

// mergedInto: the same person in the household this one's household was merged into (a redirect, like households').
export const ResidentSchema = v.object({ id: id(), householdId: id(), villageId: id(), ...residentFields, mergedInto: v.optional(v.nullable(id())) });
export type Resident = v.InferOutput<typeof ResidentSchema>;
export const RESIDENT_DEFAULTS = { sex: null, removed: false } as const;

export const ResidentPutSchema = v.object({
  id: id(),
  householdId: id(),
  villageId: id(),
  ...v.partial(v.object(residentFields)).entries,
});
export type ResidentPut = v.InferOutput<typeof ResidentPutSchema>;

// Merge household `id` into `keepId` (both of `villageId`): its residents, visits, follow-ups and checklist cells
// go to the survivor; it stays as a removed redirect.
export const HouseholdMergeSchema = v.object({ id: id(), villageId: id(), keepId: id() });
export type HouseholdMerge = v.InferOutput<typeof HouseholdMergeSchema>;
// household.unmerge: the same args — B (id) is split back out of A (keepId).
