import type { ErrorCode, FieldIssue } from '../errors.ts';
import { ChecklistSetSchema, type CatalogueItem, type ChecklistCell } from './checklist.ts';
import { FOLLOWUP_DEFAULTS, FollowUpPutSchema, FollowUpSchema, type FollowUp, type FollowUpPut } from './followup.ts';
import {
  HOUSEHOLD_DEFAULTS,
  HouseholdPutSchema,
  HouseholdSchema,
  RESIDENT_DEFAULTS,
  ResidentPutSchema,
  ResidentSchema,
  type Household,
  type HouseholdPut,
  type Resident,
  type ResidentPut,
} from './household.ts';
import { validate } from './validate.ts';
import { SessionSchema, VisitSchema, type Session, type Visit } from './visit.ts';

// One check per record kind, the same on the phone (its repositories, before a write) and on the server (sync
// apply, before a pushed mutation lands), so both sides refuse the same records with the same answer. A check is
// pure: the caller looks up the records this one names (`namedRefs` says which) and passes them in.
//
// The answers: a field that fails its schema, or names a catalogue item or resident that is not one of the
// record's own, is 'invalid' with the field named; a record whose household does not exist is 'unknown-parent';
// a household in another village than the record says is 'scope-forbidden'. Rules that depend on when or where
// the check runs (a follow-up date not in the past, an item's age rule this year) are the form's, not the
// record's: a record checked on arrival days later must get the answer it got when it was made.
export type HouseholdRef = Pick<Household, 'id' | 'villageId'>;
export type ResidentRef = Pick<Resident, 'id' | 'householdId' | 'villageId'>;
export type ItemRef = Pick<CatalogueItem, 'id' | 'level'>;
export type Refs = {
  household?: HouseholdRef;
  residents: ReadonlyMap<string, ResidentRef>;
  items: ReadonlyMap<string, ItemRef>;
};

export type RecordCheck<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; issues: FieldIssue[] };

export const NO_REFS: Refs = { residents: new Map(), items: new Map() };

export const refsFrom = (household: HouseholdRef | undefined, residents: Iterable<ResidentRef>, items: Iterable<ItemRef>): Refs => ({
  household,
  residents: new Map([...residents].map((r) => [r.id, r])),
  items: new Map([...items].map((i) => [i.id, i])),
});

const obj = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {});
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

// The ids a record names, read defensively from what arrived, so each side fetches the same records.
export const namedRefs = (input: unknown): { householdId?: string; residentIds: string[]; itemIds: string[] } => {
  const r = obj(input);
  const items = Array.isArray(r.items) ? r.items.map(obj) : [];
  const residentIds = [...strings(r.residentIds), ...(str(r.residentId) ? [str(r.residentId)!] : []), ...items.flatMap((i) => strings(i.residentIds))];
  const itemIds = [...(str(r.itemId) ? [str(r.itemId)!] : []), ...strings(r.topics), ...items.flatMap((i) => (str(i.itemId) ? [str(i.itemId)!] : []))];
  return { householdId: str(r.householdId), residentIds: [...new Set(residentIds)], itemIds: [...new Set(itemIds)] };
};

// Schema issues after the record's own, one per field; the parent's answer only for a record that is well formed.
const settle = <T>(
  parsed: { ok: true; value: T } | { ok: false; issues: FieldIssue[] },
  own: readonly FieldIssue[],
  parent: ErrorCode | undefined,
  parentIssues: FieldIssue[] = [],
): RecordCheck<T> => {
  const issues = [...own];
  if (!parsed.ok) for (const i of parsed.issues) if (!issues.some((x) => x.field === i.field)) issues.push(i);
  if (parsed.ok && parent) return { ok: false, code: parent, issues: parentIssues };
  if (issues.length || !parsed.ok) return { ok: false, code: 'invalid', issues };
  return parsed;
};

const householdAnswer = (input: Record<string, unknown>, refs: Refs): [ErrorCode | undefined, FieldIssue[]] => {
  if (!refs.household || refs.household.id !== input.householdId) return ['unknown-parent', [{ field: 'householdId', rule: 'required' }]];
  if (refs.household.villageId !== input.villageId) return ['scope-forbidden', []];
  return [undefined, []];
};

// A household is new (every field, defaults filled in) or an edit (the ids and the fields that changed).
export function checkHousehold(input: unknown, existing: false): RecordCheck<Household>;
export function checkHousehold(input: unknown, existing: boolean): RecordCheck<HouseholdPut>;
export function checkHousehold(input: unknown, existing: boolean): RecordCheck<Household | HouseholdPut> {
  return settle(existing ? validate(HouseholdPutSchema, input) : validate(HouseholdSchema, { ...HOUSEHOLD_DEFAULTS, ...obj(input) }), [], undefined);
}

export function checkResident(input: unknown, existing: false, refs: Refs): RecordCheck<Resident>;
export function checkResident(input: unknown, existing: boolean, refs: Refs): RecordCheck<ResidentPut>;
export function checkResident(input: unknown, existing: boolean, refs: Refs): RecordCheck<Resident | ResidentPut> {
  const parsed = existing ? validate(ResidentPutSchema, input) : validate(ResidentSchema, { ...RESIDENT_DEFAULTS, ...obj(input) });
  return settle(parsed, [], ...householdAnswer(obj(input), refs));
}

export const checkFollowUp = (input: unknown, existing: boolean, refs: Refs): RecordCheck<FollowUp | FollowUpPut> => {
  const parsed = existing ? validate(FollowUpPutSchema, input) : validate(FollowUpSchema, { ...FOLLOWUP_DEFAULTS, ...obj(input) });
  return settle(parsed, [], ...householdAnswer(obj(input), refs));
};

// A cell is about a resident for a resident-level item and about the household for a household-level one.
export const checkCell = (input: unknown, refs: Refs): RecordCheck<ChecklistCell> => {
  const r = obj(input);
  const own: FieldIssue[] = [];
  const item = typeof r.itemId === 'string' ? refs.items.get(r.itemId) : undefined;
  if (typeof r.itemId === 'string' && !item) own.push({ field: 'itemId', rule: 'bad-choice' });
  const residentId = r.residentId;
  if (item?.level === 'resident' && residentId == null) own.push({ field: 'residentId', rule: 'required' });
  else if (item?.level === 'household' && residentId != null) own.push({ field: 'residentId', rule: 'bad-format' });
  else if (typeof residentId === 'string' && refs.residents.get(residentId)?.householdId !== r.householdId)
    own.push({ field: 'residentId', rule: 'bad-choice' });
  return settle(validate(ChecklistSetSchema, input), own, ...householdAnswer(r, refs));
};

// A visit records something: at least one item or one dossier (an empty visit is refused on both sides alike).
// Each item is one the commune knows, about named residents of the household for a resident-level item and about
// nobody for a household-level one.
export const checkVisit = (input: unknown, refs: Refs): RecordCheck<Visit> => {
  const r = obj(input);
  const items = Array.isArray(r.items) ? r.items.map(obj) : [];
  const own: FieldIssue[] = [];
  if (Array.isArray(r.items) && !items.length && Array.isArray(r.dossiers) && !r.dossiers.length) own.push({ field: 'items', rule: 'empty-list' });
  // One outcome per resident per item: an item may appear several times (one entry per outcome), but a resident
  // (or, for a household item, the household) only once under each item.
  const seen = new Set<string>();
  items.forEach((it, i) => {
    const item = typeof it.itemId === 'string' ? refs.items.get(it.itemId) : undefined;
    if (!item) return void own.push({ field: `items.${i}.itemId`, rule: 'bad-choice' });
    const ids = strings(it.residentIds);
    const keys = item.level === 'household' ? [`${item.id}@`] : ids.map((id) => `${item.id}@${id}`);
    if (keys.some((k) => seen.has(k))) return void own.push({ field: `items.${i}.residentIds`, rule: 'duplicate' });
    for (const k of keys) seen.add(k);
    if (item.level === 'resident' && !ids.length) own.push({ field: `items.${i}.residentIds`, rule: 'empty-list' });
    else if (item.level === 'household' && ids.length) own.push({ field: `items.${i}.residentIds`, rule: 'bad-format' });
    else if (ids.some((id) => refs.residents.get(id)?.householdId !== r.householdId)) own.push({ field: `items.${i}.residentIds`, rule: 'bad-choice' });
  });
  return settle(validate(VisitSchema, input), own, ...householdAnswer(r, refs));
};

// A session is about at least one known topic; the residents it names live in its village and are among those
// counted as attending.
export const checkSession = (input: unknown, refs: Refs): RecordCheck<Session> => {
  const r = obj(input);
  const own: FieldIssue[] = [];
  if (Array.isArray(r.topics) && !r.topics.length) own.push({ field: 'topics', rule: 'empty-list' });
  strings(r.topics).forEach((t, i) => {
    if (!refs.items.has(t)) own.push({ field: `topics.${i}`, rule: 'bad-choice' });
  });
  const residentIds = strings(r.residentIds);
  if (typeof r.attendees === 'number' && r.attendees < residentIds.length) own.push({ field: 'attendees', rule: 'too-small' });
  if (residentIds.some((id) => refs.residents.get(id)?.villageId !== r.villageId)) own.push({ field: 'residentIds', rule: 'bad-choice' });
  return settle(validate(SessionSchema, input), own, undefined);
};
