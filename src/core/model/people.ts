import * as v from 'valibot';
import { ROLES, TARGET_UNITS } from './enums.ts';
import { choice, freeText, id, isoDate, requiredText } from './fields.ts';

export const TeamSchema = v.object({ id: id(), communeId: id(), name: requiredText(), villageIds: v.array(id()) });
export type Team = v.InferOutput<typeof TeamSchema>;

// What a phone learns about its teammates: a display name and a role, never a password or phone number.
export const MemberSchema = v.object({
  id: id(),
  communeId: id(),
  teamId: v.nullable(id()),
  displayName: requiredText(),
  role: choice(ROLES),
  villageIds: v.array(id()),
});
export type Member = v.InferOutput<typeof MemberSchema>;

// A province's target for one indicator (a checklist item), for the commune as a whole or for each village.
export const TargetSchema = v.object({
  id: id(),
  communeId: id(),
  itemId: id(),
  unit: choice(TARGET_UNITS),
  value: v.pipe(v.number('bad-format'), v.minValue(0, 'too-small'), v.maxValue(100, 'too-large')),
  dueOn: isoDate(),
  source: freeText(),
});
export type Target = v.InferOutput<typeof TargetSchema>;

export const DisplayNameSchema = requiredText(60);
