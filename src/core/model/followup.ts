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
