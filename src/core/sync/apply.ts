import { CodedError } from '../errors.ts';
import {
  checkCell,
  checkFollowUp,
  checkHousehold,
  checkResident,
  checkSession,
  checkVisit,
  namedRefs,
  NO_REFS,
  refsFrom,
  type ItemRef,
  type RecordCheck,
  type Refs,
  type ResidentRef,
} from '../model/checks.ts';
import type { Role } from '../model/enums.ts';
import { validate } from '../model/validate.ts';
import { parseHlc } from './hlc.ts';
import { canonical, mergeFields, type Row } from './merge.ts';
import { applyMerge, applyUnmerge, mirrorHome, noteLate, redirect } from './merge-households.ts';
import { redacted } from '../model/visit.ts';
import { MUTATIONS, splitPut, type InsertSpec, type LwwSpec, type RedactSpec } from './mutations.ts';
import type { SyncTx, WriteMeta } from './port.ts';
import { inScope, type Mutation, type MutationName, type PushResult, type Scope } from './protocol.ts';

// Applies one mutation inside a push transaction. Expected failures throw CodedError (recorded as rejected by
// the caller); anything else propagates and aborts the push as transient.
export type ApplyContext = {
  tx: SyncTx;
  scope: Scope;
  meta: WriteMeta;
  version: () => Promise<number>;
  // Villages the member left, with when (see DeviceAuth.formerVillages).
  former?: Readonly<Record<string, number>>;
  // A whole-commune device's commune villages (DeviceAuth.communeVillageIds).
  communeVillages?: readonly string[];
  // Who is writing (DeviceAuth.role); undefined reads as a plain member.
  role?: Role;
};

// Merging households, and undoing a merge, is for a team leader or the commune (an officer, the province admin).
export const MAY_MERGE: readonly Role[] = ['leader', 'officer', 'admin'];

// In scope now, or an edit stamped while the member still worked in that village.
const mayWrite = (ctx: ApplyContext, villageId: string, hlc: string): boolean => {
  if (ctx.scope.wholeCommune && ctx.communeVillages) return ctx.communeVillages.includes(villageId);
  if (inScope(ctx.scope, villageId)) return true;
  const until = ctx.former?.[villageId];
  const stamp = parseHlc(hlc);
  return until !== undefined && stamp !== undefined && stamp.ms <= until;
};

export const applyMutation = async (ctx: ApplyContext, m: Mutation, hlc: string): Promise<PushResult> => {
  const spec = MUTATIONS[m.name];
  const checked = validate(spec.schema, m.args);
  if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
  if ((checked.value as Row).id !== m.id) throw new CodedError('invalid', undefined, [{ field: 'id', rule: 'bad-format' }]);
  const villageId = String((checked.value as Row).villageId);
  if (!mayWrite(ctx, villageId, hlc)) throw new CodedError('scope-forbidden');
  if (spec.kind === 'operation') {
    if (!ctx.role || !MAY_MERGE.includes(ctx.role)) throw new CodedError('forbidden', 'only a team leader or the commune may merge households');
    return m.name === 'household.unmerge' ? applyUnmerge(ctx, m, checked.value as Row, hlc) : applyMerge(ctx, m, checked.value as Row, hlc);
  }
  if (spec.kind === 'redact') return applyRedact(ctx, spec, m, checked.value as Row);
  // What names a merged household or resident goes to the survivor (merge-households.ts).
  const asSent = checked.value as Row;
  const args = await redirect(ctx, m.name, asSent);
  await noteLate(ctx, m.name, asSent, args, hlc);
  if (spec.kind !== 'lww') return applyInsert(ctx, spec, { ...m, id: String(args.id) }, args);
  // The merged-away record takes the edit too (never its removal; created if it is a new cell of it), so the phone
  // that made it, which holds that record, ends equal to the server. Removed subjects never count: the survivor is
  // what counts.
  if (args.id !== asSent.id) {
    const { removed: _removed, ...mirror } = asSent;
    await applyPut(ctx, spec, m, await mirrorHome(ctx, spec.table, mirror), hlc);
  }
  return applyPut(ctx, spec, { ...m, id: String(args.id) }, args, hlc);
};

const applyPut = async (ctx: ApplyContext, spec: LwwSpec, m: Mutation, args: Row, hlc: string): Promise<PushResult> => {
  const { tx } = ctx;
  const { identity, patch } = splitPut(spec, args);
  const current = await tx.getLww(spec.table, m.id);
  if (current)
    for (const k of spec.identity)
      if (k in identity && canonical(current.row[k] ?? null) !== canonical(identity[k] ?? null))
        throw new CodedError('immutable-field', undefined, [{ field: k, rule: 'bad-format' }]);
  await checkRecord(tx, m.name, args, current !== undefined);
  const merged = mergeFields(current, { ...spec.defaults, ...identity }, patch, hlc);
  if (merged.changed) await tx.putLww(spec.table, { row: merged.row, clocks: merged.clocks }, await ctx.version(), ctx.meta);
  // Won or lost, the write is what the record said at its stamp: a past period's figures read it (report history).
  if (tx.keepWrite) await tx.keepWrite(spec.table, { ...identity, ...patch }, hlc, ctx.version, ctx.meta);
  return { seq: m.seq, status: 'applied' };
};

const applyInsert = async (ctx: ApplyContext, spec: InsertSpec, m: Mutation, args: Row): Promise<PushResult> => {
  const { tx } = ctx;
  if (spec.voids && args.target !== spec.voids) throw new CodedError('invalid', undefined, [{ field: 'target', rule: 'bad-choice' }]);
  const existing = await tx.getInserted(spec.table, m.id);
  if (existing) {
    if (canonical(existing) === canonical(args)) return { seq: m.seq, status: 'applied' };
    // The record as sent before its note was erased: the same record (never kept aside, which would keep the note).
    if (existing.redactedAt !== undefined && canonical(existing) === canonical(redacted(args as { note: string }, Number(existing.redactedAt))))
      return { seq: m.seq, status: 'applied' };
    await tx.flag(spec.table, args, m, ctx.meta);
    return { seq: m.seq, status: 'flagged', reason: 'conflict-flagged' };
  }
  if (spec.voids) await checkVoidTarget(tx, args);
  else await checkRecord(tx, m.name, args, false);
  await tx.insert(spec.table, args, await ctx.version(), ctx.meta);
  return { seq: m.seq, status: 'applied' };
};

// The records a mutation names, read from the commune's store for the record's check (../model/checks.ts), the
// same check the phone runs before it writes.
const lookUp = async (tx: SyncTx, args: Row): Promise<Refs> => {
  const named = namedRefs(args);
  const h = named.householdId === undefined ? undefined : await tx.getLww('households', named.householdId);
  const residents: ResidentRef[] = [];
  for (const id of named.residentIds) {
    const r = (await tx.getLww('residents', id))?.row;
    if (r) residents.push({ id, householdId: String(r.householdId), villageId: String(r.villageId) });
  }
  const items: ItemRef[] = [];
  for (const id of named.itemIds) {
    const it = await tx.catalogueItem(id);
    if (it) items.push(it);
  }
  return refsFrom(h && { id: String(h.row.id), villageId: String(h.row.villageId) }, residents, items);
};

const CHECKS: Record<
  Exclude<MutationName, 'visit.void' | 'session.void' | 'household.merge' | 'household.unmerge' | 'visit.redact' | 'session.redact'>,
  (args: Row, refs: Refs, existing: boolean) => RecordCheck<unknown>
> = {
  'household.put': (args, _refs, existing) => checkHousehold(args, existing),
  'resident.put': (args, refs, existing) => checkResident(args, existing, refs),
  'followup.put': (args, refs, existing) => checkFollowUp(args, existing, refs),
  'checklist.set': (args, refs) => checkCell(args, refs),
  'visit.add': (args, refs) => checkVisit(args, refs),
  'session.add': (args, refs) => checkSession(args, refs),
};

const checkRecord = async (tx: SyncTx, name: MutationName, args: Row, existing: boolean): Promise<void> => {
  if (name === 'visit.void' || name === 'session.void' || name === 'household.merge' || name === 'household.unmerge' || name === 'visit.redact' || name === 'session.redact') return;
  const result = CHECKS[name](args, name === 'household.put' ? NO_REFS : await lookUp(tx, args), existing);
  if (!result.ok) throw new CodedError(result.code, undefined, result.issues.length ? result.issues : undefined);
};

// visit.redact / session.redact: the note is cleared in place, with a new version, so every phone pulls the record
// again without it. The record keeps everything else and still counts. Erasing again changes nothing.
const applyRedact = async (ctx: ApplyContext, spec: RedactSpec, m: Mutation, args: Row): Promise<PushResult> => {
  const { tx } = ctx;
  const target = await tx.getInserted(spec.table, m.id);
  if (!target) throw new CodedError('unknown-parent', undefined, [{ field: 'id', rule: 'required' }]);
  if (target.villageId !== args.villageId) throw new CodedError('scope-forbidden');
  if (target.redactedAt !== undefined) return { seq: m.seq, status: 'applied' };
  await tx.replaceInserted(spec.table, redacted(target as Row & { note: string }, Number(args.at)), await ctx.version(), ctx.meta);
  return { seq: m.seq, status: 'applied' };
};

const checkVoidTarget = async (tx: SyncTx, args: Row): Promise<void> => {
  const target = await tx.getInserted(args.target === 'visit' ? 'visits' : 'sessions', String(args.targetId));
  if (!target) throw new CodedError('unknown-parent', undefined, [{ field: 'targetId', rule: 'required' }]);
  if (target.villageId !== args.villageId) throw new CodedError('scope-forbidden');
};
