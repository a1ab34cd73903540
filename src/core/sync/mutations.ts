import type * as v from 'valibot';
import { ChecklistSetSchema } from '../model/checklist.ts';
import { FOLLOWUP_DEFAULTS, FollowUpPutSchema } from '../model/followup.ts';
import { HOUSEHOLD_DEFAULTS, HouseholdMergeSchema, HouseholdPutSchema, RESIDENT_DEFAULTS, ResidentPutSchema } from '../model/household.ts';
import { RedactSchema, SessionSchema, VisitSchema, VoidSchema } from '../model/visit.ts';
import type { InsertTable, LwwTable, MutationName } from './protocol.ts';

// What each mutation name on the wire means: which table it writes, how (merge or insert-only), its args schema,
// and for a merged record which fields identify it (never change) and what a new one starts from. Which records
// are acceptable is the record's check (../model/checks.ts), shared with the phone.
export type LwwSpec = {
  kind: 'lww';
  table: LwwTable;
  schema: v.GenericSchema;
  identity: readonly string[];
  defaults: Record<string, unknown>;
};
export type InsertSpec = { kind: 'insert'; table: InsertTable; schema: v.GenericSchema; voids?: 'visit' | 'session' };
// An operation over several records (merge-households.ts), not a record of its own.
export type OperationSpec = { kind: 'operation'; schema: v.GenericSchema };
// Erases the note of an insert-only record in place (its id is the record's): the record stays.
export type RedactSpec = { kind: 'redact'; table: 'visits' | 'sessions'; schema: v.GenericSchema };
export type MutationSpec = LwwSpec | InsertSpec | OperationSpec | RedactSpec;

export const MUTATIONS: Record<MutationName, MutationSpec> = {
  'household.put': {
    kind: 'lww',
    table: 'households',
    schema: HouseholdPutSchema,
    identity: ['id', 'villageId'],
    defaults: HOUSEHOLD_DEFAULTS,
  },
  'resident.put': {
    kind: 'lww',
    table: 'residents',
    schema: ResidentPutSchema,
    identity: ['id', 'householdId', 'villageId'],
    defaults: RESIDENT_DEFAULTS,
  },
  'checklist.set': {
    kind: 'lww',
    table: 'checklist',
    schema: ChecklistSetSchema,
    identity: ['id', 'villageId', 'householdId', 'residentId', 'itemId'],
    defaults: {},
  },
  'followup.put': {
    kind: 'lww',
    table: 'followups',
    schema: FollowUpPutSchema,
    identity: ['id', 'householdId', 'villageId'],
    defaults: FOLLOWUP_DEFAULTS,
  },
  'visit.add': { kind: 'insert', table: 'visits', schema: VisitSchema },
  'visit.void': { kind: 'insert', table: 'voids', schema: VoidSchema, voids: 'visit' },
  'session.add': { kind: 'insert', table: 'sessions', schema: SessionSchema },
  'session.void': { kind: 'insert', table: 'voids', schema: VoidSchema, voids: 'session' },
  'household.merge': { kind: 'operation', schema: HouseholdMergeSchema },
  'household.unmerge': { kind: 'operation', schema: HouseholdMergeSchema },
  'visit.redact': { kind: 'redact', table: 'visits', schema: RedactSchema },
  'session.redact': { kind: 'redact', table: 'sessions', schema: RedactSchema },
};

// Splits merged-record args into what identifies the record and the fields to merge.
export const splitPut = (spec: LwwSpec, args: Record<string, unknown>) => {
  const identity: Record<string, unknown> = {};
  const patch: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(args)) {
    if (val === undefined) continue;
    if (spec.identity.includes(k)) identity[k] = val;
    else patch[k] = val;
  }
  return { identity, patch };
};
