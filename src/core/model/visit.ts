import * as v from 'valibot';
import { LANGUAGES, OUTCOMES, PROCEDURE_FIELDS, SESSION_KINDS } from './enums.ts';
import { choice, epochMs, freeText, id, int, isoDate, LIMITS, requiredText } from './fields.ts';

const uniqueIds = () =>
  v.pipe(
    v.array(id(), 'bad-format'),
    v.maxLength(LIMITS.listItems, 'too-long'),
    v.check((ids) => new Set(ids).size === ids.length, 'duplicate'),
  );

export const VisitItemSchema = v.object({
  itemId: id(),
  // Residents helped with this item; empty for a household-level item.
  residentIds: uniqueIds(),
  outcome: choice(OUTCOMES),
});
export type VisitItem = v.InferOutput<typeof VisitItemSchema>;

export const DossierCountSchema = v.object({ field: choice(PROCEDURE_FIELDS), count: int(1, LIMITS.dossierCount) });
export type DossierCount = v.InferOutput<typeof DossierCountSchema>;

// An assistance visit is insert-only: a correction is a new visit with `replaces` plus a void of the old one.
export const VisitSchema = v.object({
  id: id(),
  villageId: id(),
  householdId: id(),
  memberId: id(),
  memberName: requiredText(),
  at: epochMs(),
  items: v.pipe(v.array(VisitItemSchema, 'bad-format'), v.maxLength(LIMITS.listItems, 'too-long')),
  dossiers: v.pipe(v.array(DossierCountSchema, 'bad-format'), v.maxLength(PROCEDURE_FIELDS.length, 'too-long')),
  language: choice(LANGUAGES),
  minutes: int(0, LIMITS.minutes),
  note: freeText(LIMITS.longText),
  followUpOn: v.nullable(isoDate()),
  replaces: v.nullable(id()),
});
// As stored: `redactedAt` once its note was erased (a redaction, below), absent otherwise.
export type Visit = v.InferOutput<typeof VisitSchema> & { redactedAt?: number };

export const SessionSchema = v.object({
  id: id(),
  villageId: id(),
  memberId: id(),
  memberName: requiredText(),
  kind: choice(SESSION_KINDS),
  topics: uniqueIds(),
  attendees: int(0, LIMITS.attendees),
  residentIds: uniqueIds(),
  date: isoDate(),
  place: freeText(),
  note: freeText(LIMITS.longText),
  replaces: v.nullable(id()),
});
export type Session = v.InferOutput<typeof SessionSchema> & { redactedAt?: number };

// Voiding is itself an insert-only record, so a void can never be lost or applied twice.
export const VoidSchema = v.object({
  id: id(),
  target: v.picklist(['visit', 'session'], 'bad-choice'),
  targetId: id(),
  villageId: id(),
  memberId: id(),
  at: epochMs(),
  reason: freeText(),
});
export type Void = v.InferOutput<typeof VoidSchema>;

// Erasing a note (docs/protocol.md, "Redaction"): the note of a visit or a session is cleared on the server and on
// every phone, and the record stays (it still counts). `id` is the visit's or session's own id; `at` is when it was
// erased, kept on the record as `redactedAt` so every screen can say the note was erased.
export const RedactSchema = v.object({
  id: id(),
  villageId: id(),
  memberId: id(),
  at: epochMs(),
});
export type Redact = v.InferOutput<typeof RedactSchema>;

// What a redaction leaves of a record: the note empty, and when it was erased.
export const redacted = <T extends { note: string }>(row: T, at: number): T & { redactedAt: number } => ({ ...row, note: '', redactedAt: at });
