import { CodedError } from '../errors.ts';
import { fold } from '../text/fold.ts';
import { compareHlc } from './hlc.ts';
import { newestClock, sameValue, type Row, type Stamped } from './merge.ts';
import type { SyncTx, WriteMeta } from './port.ts';
import type { Mutation, PushResult } from './protocol.ts';

// household.merge: keep household A, merge B into it (docs/protocol.md, "Mutations"). B's residents move
// to A — a resident who is the same person as one of A's (same folded name and birth year) is merged into that
// one instead —; B's visits, follow-ups and checklist cells, and sessions' attendees, point to A; a cell both
// have keeps the newer state by HLC. B stays as a removed redirect (`mergedInto`), and so does a merged resident,
// so an edit a phone made offline for B or its people is applied to A when it arrives (redirect below), never
// rejected. Applying the same merge again changes nothing.
const MAX_CHAIN = 8;

// What apply.ts's context gives a merge (kept here so the two files do not import each other).
type ApplyContext = { tx: SyncTx; meta: WriteMeta; version: () => Promise<number> };

// The household an id stands for now: itself, or the end of its redirects.
export const survivorOf = async (ctx: ApplyContext, id: string): Promise<Stamped | undefined> => {
  let h = await ctx.tx.getLww('households', id);
  for (let i = 0; h?.row.mergedInto && i < MAX_CHAIN; i++) h = await ctx.tx.getLww('households', String(h.row.mergedInto));
  return h;
};

const residentNow = async (ctx: ApplyContext, id: string): Promise<Stamped | undefined> => {
  let r = await ctx.tx.getLww('residents', id);
  for (let i = 0; r?.row.mergedInto && i < MAX_CHAIN; i++) r = await ctx.tx.getLww('residents', String(r.row.mergedInto));
  return r;
};

const uniq = (ids: readonly string[]) => [...new Set(ids)];

// Writes a merged record's new row keeping its field clocks, stamping the fields the merge set with its own stamp.
const rewrite = async (ctx: ApplyContext, table: 'households' | 'residents' | 'checklist' | 'followups', s: Stamped, patch: Row, hlc: string) => {
  const clocks = { ...s.clocks };
  for (const k of Object.keys(patch)) if (k !== 'id' && k !== 'villageId' && k !== 'householdId' && k !== 'residentId') clocks[k] = hlc;
  await ctx.tx.putLww(table, { row: { ...s.row, ...patch }, clocks }, await ctx.version(), ctx.meta);
};

export const applyMerge = async (ctx: ApplyContext, m: Mutation, args: Row, hlc: string): Promise<PushResult> => {
  const { tx } = ctx;
  const villageId = String(args.villageId);
  const b = await tx.getLww('households', String(args.id));
  const a = await survivorOf(ctx, String(args.keepId));
  if (!a || !b) throw new CodedError('unknown-parent', undefined, [{ field: a ? 'id' : 'keepId', rule: 'required' }]);
  if (a.row.villageId !== villageId || b.row.villageId !== villageId) throw new CodedError('scope-forbidden');
  const aId = String(a.row.id);
  const bId = String(b.row.id);
  if (b.row.mergedInto) {
    // Already merged (a retry, or another phone did it): the same survivor is a no-op; another is refused.
    if ((await survivorOf(ctx, bId))?.row.id === aId) return { seq: m.seq, status: 'applied' };
    throw new CodedError('invalid', undefined, [{ field: 'id', rule: 'duplicate' }]);
  }
  if (aId === bId) throw new CodedError('invalid', undefined, [{ field: 'keepId', rule: 'bad-choice' }]);

  // The survivor takes what only B knew (a phone number, a code, an address).
  const fill: Row = {};
  for (const f of ['code', 'houseLabel', 'phone', 'notes'] as const) if (!a.row[f] && b.row[f]) fill[f] = b.row[f];
  const flags = uniq([...((a.row.flags as string[]) ?? []), ...((b.row.flags as string[]) ?? [])]);
  if (!sameValue(flags, a.row.flags)) fill.flags = flags;
  if (Object.keys(fill).length) await rewrite(ctx, 'households', a, fill, hlc);
  await rewrite(ctx, 'households', b, { removed: true, mergedInto: aId }, hlc);

  // Residents: the same person merges into A's; anyone else moves to A.
  const ofA = (await tx.lwwOfHousehold('residents', aId)).filter((r) => !r.row.removed);
  const same = new Map<string, string>(); // B's resident id → A's
  for (const r of await tx.lwwOfHousehold('residents', bId)) {
    const twin = !r.row.removed && ofA.find((x) => fold(String(x.row.label)) === fold(String(r.row.label)) && x.row.birthYear === r.row.birthYear);
    if (twin) {
      same.set(String(r.row.id), String(twin.row.id));
      await rewrite(ctx, 'residents', r, { removed: true, mergedInto: twin.row.id }, hlc);
    } else await rewrite(ctx, 'residents', r, { householdId: aId }, hlc);
  }
  const mapResident = (id: string) => same.get(id) ?? id;

  // Checklist cells: a cell about B itself or a merged resident goes to A's cell (the newer state wins); the
  // others (of moved residents) just change household.
  for (const c of await tx.lwwOfHousehold('checklist', bId)) {
    const residentId = c.row.residentId == null ? null : String(c.row.residentId);
    const subject = residentId === null ? aId : same.get(residentId);
    if (subject === undefined) {
      await rewrite(ctx, 'checklist', c, { householdId: aId }, hlc);
      continue;
    }
    const id = `${c.row.itemId}@${subject}`;
    const theirs = await tx.getLww('checklist', id);
    const mine = newestClock(c.clocks) ?? '';
    if (theirs && compareHlc(newestClock(theirs.clocks) ?? '', mine) >= 0) continue;
    await tx.putLww('checklist', { row: { ...c.row, id, householdId: aId, residentId: residentId === null ? null : subject }, clocks: { ...c.clocks } }, await ctx.version(), ctx.meta);
  }
  for (const f of await tx.lwwOfHousehold('followups', bId)) await rewrite(ctx, 'followups', f, { householdId: aId }, hlc);

  // Visits keep their ids (insert-only) and are re-pointed; sessions name A's person instead of B's twin.
  for (const v of await tx.insertedBy('visits', 'householdId', bId)) {
    const items = (v.items as { itemId: string; residentIds: string[] }[]).map((it) => ({ ...it, residentIds: uniq(it.residentIds.map(mapResident)) }));
    await tx.replaceInserted('visits', { ...v, householdId: aId, items }, await ctx.version(), ctx.meta);
  }
  if (same.size)
    for (const s of await tx.insertedBy('sessions', 'villageId', villageId)) {
      const ids = s.residentIds as string[];
      if (ids.some((id) => same.has(id))) await tx.replaceInserted('sessions', { ...s, residentIds: uniq(ids.map(mapResident)) }, await ctx.version(), ctx.meta);
    }
  return { seq: m.seq, status: 'applied' };
};

// An edit that names a merged household or resident is applied to the survivor: households, residents, cells,
// follow-ups, visits and sessions pushed by a phone that had not heard of the merge. Returns the args to apply.
export const redirect = async (ctx: ApplyContext, name: string, args: Row): Promise<Row> => {
  const out: Row = { ...args };
  const household = async (id: unknown) => (typeof id === 'string' ? (await survivorOf(ctx, id))?.row.id ?? id : id);
  const resident = async (id: string) => String((await residentNow(ctx, id))?.row.id ?? id);
  switch (name) {
    case 'household.put': {
      const now = await survivorOf(ctx, String(args.id));
      if (now && now.row.id !== args.id) {
        out.id = now.row.id;
        // Removing the merged-away house must not remove the survivor.
        delete out.removed;
      }
      return out;
    }
    case 'resident.put': {
      const r = await tx(ctx).getLww('residents', String(args.id));
      if (r?.row.mergedInto) {
        const twin = await residentNow(ctx, String(args.id));
        if (twin) {
          out.id = twin.row.id;
          out.householdId = twin.row.householdId;
          delete out.removed;
          return out;
        }
      }
      out.householdId = await household(args.householdId);
      return out;
    }
    case 'checklist.set': {
      out.householdId = await household(args.householdId);
      if (args.residentId != null) out.residentId = await resident(String(args.residentId));
      // The cell's id names its subject: a cell of a merged subject becomes the survivor's cell.
      if (out.residentId !== args.residentId) out.id = `${args.itemId}@${out.residentId}`;
      else if (args.residentId == null && out.householdId !== args.householdId) out.id = `${args.itemId}@${out.householdId}`;
      return out;
    }
    case 'followup.put':
      out.householdId = await household(args.householdId);
      return out;
    case 'visit.add':
      out.householdId = await household(args.householdId);
      if (Array.isArray(args.items))
        out.items = await Promise.all(
          (args.items as { residentIds?: unknown }[]).map(async (it) =>
            Array.isArray(it?.residentIds) ? { ...it, residentIds: uniq(await Promise.all(it.residentIds.map((id) => resident(String(id))))) } : it,
          ),
        );
      return out;
    case 'session.add':
      if (Array.isArray(args.residentIds)) out.residentIds = uniq(await Promise.all(args.residentIds.map((id) => resident(String(id)))));
      return out;
    default:
      return out;
  }
};

const tx = (ctx: ApplyContext) => ctx.tx;
