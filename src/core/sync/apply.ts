import { CodedError } from '../errors.ts';
import { validate } from '../model/validate.ts';
import { parseHlc } from './hlc.ts';
import { canonical, mergeFields, type Row } from './merge.ts';
import { MUTATIONS, splitPut, type InsertSpec, type LwwSpec } from './mutations.ts';
import type { SyncTx, WriteMeta } from './port.ts';
import { inScope, type Mutation, type PushResult, type Scope } from './protocol.ts';

// Applies one mutation inside a push transaction. Expected failures throw CodedError (recorded as rejected by
// the caller); anything else propagates and aborts the push as transient.
export type ApplyContext = {
  tx: SyncTx;
  scope: Scope;
  meta: WriteMeta;
  version: () => Promise<number>;
  // Villages the member left, with when (see DeviceAuth.formerVillages).
  former?: Readonly<Record<string, number>>;
};

// In scope now, or an edit stamped while the member still worked in that village.
const mayWrite = (ctx: ApplyContext, villageId: string, hlc: string): boolean => {
  if (inScope(ctx.scope, villageId)) return true;
  const until = ctx.former?.[villageId];
  const stamp = parseHlc(hlc);
  return until !== undefined && stamp !== undefined && stamp.ms <= until;
};

export const applyMutation = async (ctx: ApplyContext, m: Mutation, hlc: string): Promise<PushResult> => {
  const spec = MUTATIONS[m.name];
  const checked = validate(spec.schema, m.args);
  if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
  const args = checked.value as Row;
  if (args.id !== m.id) throw new CodedError('invalid', undefined, [{ field: 'id', rule: 'bad-format' }]);
  const villageId = String(args.villageId);
  if (!mayWrite(ctx, villageId, hlc)) throw new CodedError('scope-forbidden');
  return spec.kind === 'lww' ? applyPut(ctx, spec, m, args, hlc) : applyInsert(ctx, spec, m, args);
};

const applyPut = async (ctx: ApplyContext, spec: LwwSpec, m: Mutation, args: Row, hlc: string): Promise<PushResult> => {
  const { tx } = ctx;
  const { identity, patch } = splitPut(spec, args);
  const current = await tx.getLww(spec.table, m.id);
  if (current) {
    for (const k of spec.identity)
      if (k in identity && canonical(current.row[k] ?? null) !== canonical(identity[k] ?? null))
        throw new CodedError('immutable-field', undefined, [{ field: k, rule: 'bad-format' }]);
  } else {
    const missing = spec.required.filter((f) => patch[f] === undefined);
    if (missing.length) throw new CodedError('invalid', undefined, missing.map((field) => ({ field, rule: 'required' })));
  }
  await checkParents(tx, spec.table, args);
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
    await tx.flag(spec.table, args, m, ctx.meta);
    return { seq: m.seq, status: 'flagged', reason: 'conflict-flagged' };
  }
  await checkParents(tx, spec.table, args);
  await tx.insert(spec.table, args, await ctx.version(), ctx.meta);
  return { seq: m.seq, status: 'applied' };
};

// A record must hang off a household (resident, visit…) that exists in the same village, name residents of that
// household, and use catalogue items the commune knows at the right level.
const checkParents = async (tx: SyncTx, table: string, args: Row): Promise<void> => {
  const villageId = args.villageId;
  const household = async () => {
    const h = await tx.getLww('households', String(args.householdId));
    if (!h) throw new CodedError('unknown-parent', undefined, [{ field: 'householdId', rule: 'required' }]);
    if (h.row.villageId !== villageId) throw new CodedError('scope-forbidden');
    return h;
  };
  const residentsOf = async (householdId: string, ids: readonly unknown[]) => {
    for (const rid of ids) {
      const r = await tx.getLww('residents', String(rid));
      if (!r || r.row.householdId !== householdId)
        throw new CodedError('unknown-parent', undefined, [{ field: 'residentIds', rule: 'required' }]);
    }
  };
  const item = async (itemId: unknown, field: string) => {
    const it = await tx.catalogueItem(String(itemId));
    if (!it) throw new CodedError('invalid', undefined, [{ field, rule: 'bad-choice' }]);
    return it;
  };
  switch (table) {
    case 'residents':
    case 'followups':
      await household();
      return;
    case 'checklist': {
      await household();
      const it = await item(args.itemId, 'itemId');
      const wantsResident = it.level === 'resident';
      if (wantsResident !== (args.residentId != null))
        throw new CodedError('invalid', undefined, [{ field: 'residentId', rule: wantsResident ? 'required' : 'bad-format' }]);
      if (args.residentId != null) await residentsOf(String(args.householdId), [args.residentId]);
      return;
    }
    case 'visits': {
      await household();
      for (const [i, it] of (args.items as { itemId: string; residentIds: string[] }[]).entries()) {
        await item(it.itemId, `items.${i}.itemId`);
        await residentsOf(String(args.householdId), it.residentIds);
      }
      return;
    }
    case 'sessions':
      for (const [i, topic] of (args.topics as string[]).entries()) await item(topic, `topics.${i}`);
      // Attendees named by the session are residents of its village, like a visit's are of its household.
      for (const rid of args.residentIds as string[]) {
        const r = await tx.getLww('residents', String(rid));
        if (!r || r.row.villageId !== villageId) throw new CodedError('unknown-parent', undefined, [{ field: 'residentIds', rule: 'required' }]);
      }
      return;
    case 'voids': {
      const target = await tx.getInserted(args.target === 'visit' ? 'visits' : 'sessions', String(args.targetId));
      if (!target) throw new CodedError('unknown-parent', undefined, [{ field: 'targetId', rule: 'required' }]);
      if (target.villageId !== villageId) throw new CodedError('scope-forbidden');
      return;
    }
  }
};
