import type { FieldIssue } from '../../core/errors.ts';
import { checkHousehold, checkResident, refsFrom } from '../../core/model/checks.ts';
import type { Household, Resident } from '../../core/model/household.ts';
import { CodedError } from '../../core/errors.ts';
import { sameValue } from '../../core/sync/merge.ts';
import type { AppDb } from './db.ts';
import { commit } from './commit.ts';
import { newId, type PendingMutation } from './outbox.ts';
import { guardWrite, invalid, prefixIssues } from './write.ts';

// Households and their residents. A new record travels with all its fields; an edit carries the ids and only the
// fields that changed (the server merges field by field). Nothing is deleted: removal is the `removed` field.
export type HouseholdInput = Pick<Household, 'headName' | 'houseLabel' | 'phone' | 'flags' | 'notes'>;
// A resident row of the form; no id means a new resident. birthYear stays null until typed.
export type ResidentInput = { id?: string; label: string; birthYear: number | null; sex: Resident['sex']; removed?: boolean };

const HOUSEHOLD_FIELDS = ['headName', 'houseLabel', 'phone', 'flags', 'notes', 'removed'] as const;
const RESIDENT_FIELDS = ['label', 'birthYear', 'sex', 'removed'] as const;

const changedFields = <T extends Record<string, unknown>>(before: T, after: Partial<T>, fields: readonly (keyof T & string)[]) => {
  const patch: Partial<T> = {};
  for (const f of fields) if (after[f] !== undefined && !sameValue(before[f], after[f])) patch[f] = after[f];
  return patch;
};

// Records pass the same checks the server runs on them (core/model/checks.ts).
const inHousehold = (householdId: string, villageId: string) => refsFrom({ id: householdId, villageId }, [], []);

const residentRecord = (r: ResidentInput, householdId: string, villageId: string, i: number, issues: FieldIssue[]): Resident | undefined => {
  const res = checkResident({ ...r, birthYear: r.birthYear ?? undefined, id: r.id ?? newId(), householdId, villageId }, false, inHousehold(householdId, villageId));
  if (res.ok) return res.value;
  issues.push(...prefixIssues(res.issues, `residents.${i}`));
  return undefined;
};

export const createHousehold = (db: AppDb, villageId: string, input: HouseholdInput, residents: readonly ResidentInput[]): Promise<Household> =>
  guardWrite(async () => {
    const issues: FieldIssue[] = [];
    const hv = checkHousehold({ ...input, id: newId(), villageId, removed: false }, false);
    if (!hv.ok) issues.push(...hv.issues);
    const rs = residents.map((r, i) => residentRecord(r, hv.ok ? hv.value.id : 'x', villageId, i, issues));
    if (!hv.ok || issues.length) throw invalid(issues);
    const h = hv.value;
    const people = rs.map((r) => ({ ...r!, householdId: h.id }));
    await commit(db, [{ name: 'household.put', args: { ...h } }, ...people.map((r): PendingMutation => ({ name: 'resident.put', args: { ...r } }))]);
    return h;
  });

// Saves the edit form: changed household fields, new residents, changed or removed residents. Returns the number
// of mutations queued (0 when nothing changed).
export const updateHousehold = (
  db: AppDb,
  householdId: string,
  input: Partial<HouseholdInput> & { removed?: boolean },
  residents: readonly ResidentInput[] = [],
): Promise<number> =>
  guardWrite(async () => {
    const before = await db.households.get(householdId);
    if (!before) throw new CodedError('not-found');
    const patch = changedFields(before, input, HOUSEHOLD_FIELDS);
    const issues: FieldIssue[] = [];
    const hv = checkHousehold({ id: before.id, villageId: before.villageId, ...patch }, true);
    if (!hv.ok) issues.push(...hv.issues);
    const existing = new Map((await db.residents.where('householdId').equals(householdId).toArray()).map((r) => [r.id, r]));
    const added: Resident[] = [];
    const edits: PendingMutation['args'][] = [];
    residents.forEach((r, i) => {
      const old = r.id ? existing.get(r.id) : undefined;
      if (!old) {
        if (r.removed) return; // added then removed in the same form: nothing to record
        const rec = residentRecord(r, before.id, before.villageId, i, issues);
        if (rec) added.push(rec);
        return;
      }
      const p = changedFields(old, { ...r, birthYear: r.birthYear ?? undefined } as Partial<Resident>, RESIDENT_FIELDS);
      if (!Object.keys(p).length) return;
      const rv = checkResident({ id: old.id, householdId: old.householdId, villageId: old.villageId, ...p }, true, inHousehold(old.householdId, old.villageId));
      if (!rv.ok) return void issues.push(...prefixIssues(rv.issues, `residents.${i}`));
      edits.push({ ...rv.value });
    });
    if (!hv.ok || issues.length) throw invalid(issues);
    const hPatch = hv.value as Partial<Household> & { id: string; villageId: string };
    const muts: PendingMutation[] = [];
    if (Object.keys(hPatch).length > 2) muts.push({ name: 'household.put', args: hPatch });
    for (const r of added) muts.push({ name: 'resident.put', args: { ...r } });
    for (const args of edits) muts.push({ name: 'resident.put', args });
    if (!muts.length) return 0;
    await commit(db, muts);
    return muts.length;
  });

export const removeHousehold = (db: AppDb, householdId: string): Promise<number> => updateHousehold(db, householdId, { removed: true });

export const getHousehold = (db: AppDb, id: string) => db.households.get(id);
export const residentsOf = async (db: AppDb, householdId: string): Promise<Resident[]> =>
  (await db.residents.where('householdId').equals(householdId).toArray()).filter((r) => !r.removed).sort((a, b) => a.birthYear - b.birthYear);


// A team leader merges household `mergeId` into `keepId` (household.merge), or undoes such a merge
// (household.unmerge). Both are the server's to apply: the phone queues the operation and follows by pull (the
// server refuses it, with a reason the phone shows, for a plain member or an undo after the merge's month).
export const mergeHouseholds = (db: AppDb, keepId: string, mergeId: string): Promise<void> =>
  guardWrite(async () => {
    const [keep, away] = await db.households.bulkGet([keepId, mergeId]);
    if (!keep || !away) throw new CodedError('not-found');
    if (keep.id === away.id || keep.villageId !== away.villageId || keep.mergedInto || away.mergedInto)
      throw invalid([{ field: 'keepId', rule: 'bad-choice' }]);
    await commit(db, [{ name: 'household.merge', args: { id: away.id, villageId: away.villageId, keepId: keep.id } }]);
  });

export const unmergeHousehold = (db: AppDb, keepId: string, mergedId: string): Promise<void> =>
  guardWrite(async () => {
    const merged = await db.households.get(mergedId);
    if (!merged) throw new CodedError('not-found');
    if (merged.mergedInto !== keepId) throw invalid([{ field: 'keepId', rule: 'bad-choice' }]);
    await commit(db, [{ name: 'household.unmerge', args: { id: merged.id, villageId: merged.villageId, keepId } }]);
  });
