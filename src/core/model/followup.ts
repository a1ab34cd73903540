import * as v from 'valibot';
import { FOLLOWUP_STATUSES } from './enums.ts';
import { choice, freeText, id, isoDate } from './fields.ts';

// A promise to come back to a household. Opened by a visit with a follow-up date, closed by a later visit or by
// hand; several members may touch it, so it merges field by field.
export const followUpFields = {
  dueOn: isoDate(),
  status: choice(FOLLOWUP_STATUSES),
  visitId: v.nullable(id()),
  note: freeText(),
};

export const FollowUpSchema = v.object({ id: id(), householdId: id(), villageId: id(), ...followUpFields });
export type FollowUp = v.InferOutput<typeof FollowUpSchema>;
export const FOLLOWUP_DEFAULTS = { status: 'open', visitId: null, note: '' } as const;

export const FollowUpPutSchema = v.object({
  id: id(),
  householdId: id(),
  villageId: id(),
  ...v.partial(v.object(followUpFields)).entries,
});
export type FollowUpPut = v.InferOutput<typeof FollowUpPutSchema>;

// A visit with an item "cần hỗ trợ lại" must say when: the form offers this many days from today by default.
export const FOLLOW_UP_DEFAULT_DAYS = 7;

type ItemOutcome = { itemId: string; residentIds: readonly string[]; outcome: string };

// Whether a visit's items need a follow-up date (some item, for someone, needs another visit).
export const needsFollowUpDate = (items: readonly ItemOutcome[]): boolean => items.some((i) => i.outcome === 'follow-up');

// What a follow-up opened by a visit is about: the items still to do ("cần hỗ trợ lại" first, then "làm được một
// phần"), each with the residents concerned (none for a household item), one entry per item.
export type Pending = { itemId: string; residentIds: string[]; outcome: 'follow-up' | 'partial' };
export const pendingOf = (items: readonly ItemOutcome[]): Pending[] => {
  const out: Pending[] = [];
  for (const outcome of ['follow-up', 'partial'] as const)
    for (const i of items) {
      if (i.outcome !== outcome) continue;
      const same = out.find((p) => p.itemId === i.itemId && p.outcome === outcome);
      if (same) same.residentIds.push(...i.residentIds.filter((r) => !same.residentIds.includes(r)));
      else out.push({ itemId: i.itemId, residentIds: [...i.residentIds], outcome });
    }
  return out;
};
