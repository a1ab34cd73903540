import { CodedError } from '../errors.ts';
import { localDate } from '../report/period.ts';
import { fold } from '../text/fold.ts';
import { compareHlc, parseHlc } from './hlc.ts';
import { canonical, newestClock, sameValue, type Row, type Stamped } from './merge.ts';
import type { SyncTx, WriteMeta } from './port.ts';
import type { Mutation, PushResult } from './protocol.ts';

// household.merge: keep household A, merge B into it (docs/protocol.md, "Mutations"). B's residents move
// to A — a resident who is the same person as one of A's (same folded name and birth year) is merged into that
// one instead —; B's visits, follow-ups and checklist cells, and sessions' attendees, point to A; a cell both
// have keeps the newer state by HLC. B stays as a removed redirect (`mergedInto`), and so does a merged resident,
// so an edit a phone made offline for B or its people is applied to A when it arrives (redirect below), never
// rejected. Applying the same merge again changes nothing.
//
// household.unmerge splits B back out of A within the report period (the month, Vietnam time) the merge was made
// in: B keeps an undo record (`mergeUndo`) of what the merge moved and overwrote, and the undo moves back what is
// still where the merge put it. What was written after the merge stays where it was written (see applyUnmerge).
const MAX_CHAIN = 8;

// What apply.ts's context gives a merge (kept here so the two files do not import each other).
type ApplyContext = { tx: SyncTx; meta: WriteMeta; version: () => Promise<number> };

// What a merge of B into A did, kept on B until it is undone or its period ends.
export type MergeUndo = {
  keepId: string;
  // The merge's stamp (ms): it may be undone while the report month it falls in has not ended.
  at: number;
  wasRemoved: boolean;
  // A's fields the merge filled from B: [before, after].
  fill: Record<string, [unknown, unknown]>;
  // B's residents moved to A, and those merged into A's same person.
  moved: string[];
  twins: string[];
  // Cells of moved residents (re-pointed), and A's cells that took B's newer state: what A had before (null: none).
  movedCells: string[];
  cells: { id: string; before: Stamped | null; clock: string }[];
  followups: string[];
  // Re-pointed visits with their items as they were; sessions that named B's person, with their list as it was.
  visits: { id: string; items: unknown }[];
  sessions: { id: string; residentIds: unknown }[];
};

// Same report month (Vietnam time) as the merge: the undo window.
export const mayUndoMerge = (undo: Pick<MergeUndo, 'at'>, now: number): boolean => localDate(undo.at).slice(0, 7) === localDate(now).slice(0, 7);

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

// Two residents merged into one may stand under one item with two outcomes: the first is kept (a visit records one
// outcome per resident per item, ../model/checks.ts) and an entry left with nobody is dropped.
const oneOutcomeEach = <T extends { itemId?: unknown; residentIds?: unknown }>(items: readonly T[]): T[] => {
  const seen = new Set<string>();
  return items.flatMap((it) => {
    if (!Array.isArray(it?.residentIds) || !it.residentIds.length) return [it];
    const ids = (it.residentIds as string[]).filter((r) => !seen.has(`${String(it.itemId)}@${r}`));
    for (const r of ids) seen.add(`${String(it.itemId)}@${r}`);
    return ids.length ? [{ ...it, residentIds: ids }] : [];
  });
};

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

  const undo: MergeUndo = {
    keepId: aId,
    at: parseHlc(hlc)?.ms ?? ctx.meta.now,
    wasRemoved: b.row.removed === true,
    fill: {},
    moved: [],
    twins: [],
    movedCells: [],
    cells: [],
    followups: [],
    visits: [],
    sessions: [],
  };
  // The survivor takes what only B knew (a phone number, a code, an address).
  const fill: Row = {};
  for (const f of ['code', 'houseLabel', 'phone', 'notes'] as const) if (!a.row[f] && b.row[f]) fill[f] = b.row[f];
  const flags = uniq([...((a.row.flags as string[]) ?? []), ...((b.row.flags as string[]) ?? [])]);
  if (!sameValue(flags, a.row.flags)) fill.flags = flags;
  for (const [f, after] of Object.entries(fill)) undo.fill[f] = [a.row[f] ?? null, after];
  if (Object.keys(fill).length) await rewrite(ctx, 'households', a, fill, hlc);

  // Residents: the same person merges into A's; anyone else moves to A.
  const ofA = (await tx.lwwOfHousehold('residents', aId)).filter((r) => !r.row.removed);
  const same = new Map<string, string>(); // B's resident id → A's
  for (const r of await tx.lwwOfHousehold('residents', bId)) {
    const twin = !r.row.removed && ofA.find((x) => fold(String(x.row.label)) === fold(String(r.row.label)) && x.row.birthYear === r.row.birthYear);
    if (twin) {
      same.set(String(r.row.id), String(twin.row.id));
      undo.twins.push(String(r.row.id));
      await rewrite(ctx, 'residents', r, { removed: true, mergedInto: twin.row.id }, hlc);
    } else {
      undo.moved.push(String(r.row.id));
      await rewrite(ctx, 'residents', r, { householdId: aId }, hlc);
    }
  }
  const mapResident = (id: string) => same.get(id) ?? id;

  // Checklist cells: a cell about B itself or a merged resident goes to A's cell (the newer state wins); the
  // others (of moved residents) just change household.
  for (const c of await tx.lwwOfHousehold('checklist', bId)) {
    const residentId = c.row.residentId == null ? null : String(c.row.residentId);
    const subject = residentId === null ? aId : same.get(residentId);
    if (subject === undefined) {
      undo.movedCells.push(String(c.row.id));
      await rewrite(ctx, 'checklist', c, { householdId: aId }, hlc);
      continue;
    }
    const id = `${c.row.itemId}@${subject}`;
    const theirs = await tx.getLww('checklist', id);
    const mine = newestClock(c.clocks) ?? '';
    if (theirs && compareHlc(newestClock(theirs.clocks) ?? '', mine) >= 0) continue;
    undo.cells.push({ id, before: theirs ?? null, clock: mine });
    await tx.putLww('checklist', { row: { ...c.row, id, householdId: aId, residentId: residentId === null ? null : subject }, clocks: { ...c.clocks } }, await ctx.version(), ctx.meta);
  }
  for (const f of await tx.lwwOfHousehold('followups', bId)) {
    undo.followups.push(String(f.row.id));
    await rewrite(ctx, 'followups', f, { householdId: aId }, hlc);
  }

  // Visits keep their ids (insert-only) and are re-pointed; sessions name A's person instead of B's twin.
  for (const v of await tx.insertedBy('visits', 'householdId', bId)) {
    const items = oneOutcomeEach((v.items as { itemId: string; residentIds: string[] }[]).map((it) => ({ ...it, residentIds: uniq(it.residentIds.map(mapResident)) })));
    undo.visits.push({ id: String(v.id), items: v.items });
    await tx.replaceInserted('visits', { ...v, householdId: aId, items }, await ctx.version(), ctx.meta);
  }
  if (same.size)
    for (const s of await tx.insertedBy('sessions', 'villageId', villageId)) {
      const ids = s.residentIds as string[];
      if (!ids.some((id) => same.has(id))) continue;
      undo.sessions.push({ id: String(s.id), residentIds: ids });
      await tx.replaceInserted('sessions', { ...s, residentIds: uniq(ids.map(mapResident)) }, await ctx.version(), ctx.meta);
    }
  // B last: a removed redirect to A, with what it takes to undo all this.
  await rewrite(ctx, 'households', b, { removed: true, mergedInto: aId, mergeUndo: undo }, hlc);
  return { seq: m.seq, status: 'applied' };
};

// household.unmerge {id: B, villageId, keepId: A}: splits B back out of A, within the merge's report month.
// Moves back what is still where the merge put it — B's residents, their cells, B's follow-ups and visits (with
// their items as they were), the people merged into A's same person, sessions' lists — and gives A back the fields
// and cells the merge overwrote unless they were edited since. B is a live household again, its redirect gone.
// What reached A after the merge (a new resident or visit a phone sent for B later) stays with A: from then on it
// is A's, and a person can move it. Undoing again (a retry) changes nothing.
export const applyUnmerge = async (ctx: ApplyContext, m: Mutation, args: Row, hlc: string): Promise<PushResult> => {
  const { tx } = ctx;
  const villageId = String(args.villageId);
  const b = await tx.getLww('households', String(args.id));
  if (!b) throw new CodedError('unknown-parent', undefined, [{ field: 'id', rule: 'required' }]);
  if (b.row.villageId !== villageId) throw new CodedError('scope-forbidden');
  // Not (or no longer) merged: a retry of an undo that went through.
  if (!b.row.mergedInto) return { seq: m.seq, status: 'applied' };
  const undo = b.row.mergeUndo as MergeUndo | undefined;
  const aId = String(args.keepId);
  if (!undo || b.row.mergedInto !== aId) throw new CodedError('invalid', undefined, [{ field: 'keepId', rule: 'bad-choice' }]);
  const a = await tx.getLww('households', aId);
  // A merged on into another household: that merge is undone first.
  if (!a || a.row.mergedInto) throw new CodedError('invalid', undefined, [{ field: 'keepId', rule: 'bad-choice' }]);
  if (!mayUndoMerge(undo, ctx.meta.now)) throw new CodedError('invalid', undefined, [{ field: 'id', rule: 'period-ended' }]);
  const bId = String(b.row.id);

  const back: Row = {};
  for (const [f, [before, after]] of Object.entries(undo.fill)) if (canonical(a.row[f] ?? null) === canonical(after ?? null)) back[f] = before;
  // A is written either way: a phone refreshes the summary (people, last visit) of the households its pull names.
  if (Object.keys(back).length) await rewrite(ctx, 'households', a, back, hlc);
  else await tx.putLww('households', a, await ctx.version(), ctx.meta);
  for (const id of undo.moved) {
    const r = await tx.getLww('residents', id);
    if (r && r.row.householdId === aId) await rewrite(ctx, 'residents', r, { householdId: bId }, hlc);
  }
  for (const id of undo.twins) {
    const r = await tx.getLww('residents', id);
    if (r?.row.mergedInto) await rewrite(ctx, 'residents', r, { removed: false, mergedInto: null }, hlc);
  }
  for (const id of undo.movedCells) {
    const c = await tx.getLww('checklist', id);
    if (c && c.row.householdId === aId) await rewrite(ctx, 'checklist', c, { householdId: bId }, hlc);
  }
  // A's cells that took B's state: A's own state back, unless someone set the cell since the merge. A cell A did
  // not have reads as not done yet (a cell is never deleted).
  for (const { id, before, clock } of undo.cells) {
    const c = await tx.getLww('checklist', id);
    if (!c || compareHlc(newestClock(c.clocks) ?? '', clock) > 0) continue;
    const patch: Row = before ? { state: before.row.state, by: before.row.by ?? null, at: before.row.at ?? null } : { state: 'not-yet' };
    await rewrite(ctx, 'checklist', c, patch, hlc);
  }
  for (const id of undo.followups) {
    const f = await tx.getLww('followups', id);
    if (f && f.row.householdId === aId) await rewrite(ctx, 'followups', f, { householdId: bId }, hlc);
  }
  for (const { id, items } of undo.visits) {
    const v = await tx.getInserted('visits', id);
    if (v && v.householdId === aId) await tx.replaceInserted('visits', { ...v, householdId: bId, items }, await ctx.version(), ctx.meta);
  }
  for (const { id, residentIds } of undo.sessions) {
    const s = await tx.getInserted('sessions', id);
    if (s) await tx.replaceInserted('sessions', { ...s, residentIds }, await ctx.version(), ctx.meta);
  }
  // B keeps where it was split from, so an edit from a phone that saw the merge (naming A for B's people) still
  // finds them in B (splitBack below).
  await rewrite(ctx, 'households', b, { removed: undo.wasRemoved, mergedInto: null, mergeUndo: { splitFrom: aId, at: parseHlc(hlc)?.ms ?? ctx.meta.now } }, hlc);
  return { seq: m.seq, status: 'applied' };
};

// The household `id` was split back out of: set on B by an undone merge.
const splitFromOf = async (ctx: ApplyContext, id: unknown): Promise<string | undefined> => {
  if (typeof id !== 'string') return undefined;
  const h = await ctx.tx.getLww('households', id);
  const from = (h?.row.mergeUndo as { splitFrom?: unknown } | undefined)?.splitFrom;
  return typeof from === 'string' ? from : undefined;
};

// A phone that saw a merge and not yet its undo names A for what went back to B: a resident, its cells and
// follow-ups, a visit of B's people. Those edits follow the records to B. A visit that names people of both
// households stays with A, naming only A's people (the visit is kept, never refused).
const splitBack = async (ctx: ApplyContext, name: string, args: Row): Promise<Row> => {
  const { tx } = ctx;
  const sent = args.householdId;
  if (typeof sent !== 'string') return args;
  const back = async (householdId: unknown) => householdId !== sent && (await splitFromOf(ctx, householdId)) === sent;
  switch (name) {
    case 'resident.put':
    case 'followup.put': {
      const cur = await tx.getLww(name === 'resident.put' ? 'residents' : 'followups', String(args.id));
      return cur && (await back(cur.row.householdId)) ? { ...args, householdId: cur.row.householdId } : args;
    }
    case 'checklist.set': {
      if (args.residentId == null) return args;
      const r = await tx.getLww('residents', String(args.residentId));
      return r && (await back(r.row.householdId)) ? { ...args, householdId: r.row.householdId } : args;
    }
    case 'visit.add': {
      if (!Array.isArray(args.items)) return args;
      const homes = new Map<string, string>();
      for (const it of args.items as { residentIds?: unknown }[])
        for (const id of Array.isArray(it?.residentIds) ? it.residentIds : []) {
          const r = await tx.getLww('residents', String(id));
          if (r) homes.set(String(id), String(r.row.householdId));
        }
      const moved = [...new Set(homes.values())].filter((h) => h !== sent);
      if (!moved.length || !(await Promise.all(moved.map(back))).every(Boolean)) return args;
      if (moved.length === 1 && [...homes.values()].every((h) => h === moved[0])) return { ...args, householdId: moved[0] };
      const items = (args.items as { residentIds?: unknown }[]).map((it) =>
        Array.isArray(it?.residentIds) ? { ...it, residentIds: it.residentIds.filter((id) => homes.get(String(id)) === undefined || homes.get(String(id)) === sent) } : it,
      );
      return { ...args, items };
    }
    default:
      return args;
  }
};

// The merged-away copy of an edit (apply.ts) is written where that record lives now: a resident merged into its
// twin after an earlier merge had moved it stays in the household it was moved to, not the one the phone names.
export const mirrorHome = async (ctx: ApplyContext, table: string, args: Row): Promise<Row> => {
  if (typeof args.householdId !== 'string' || (table !== 'residents' && table !== 'checklist' && table !== 'followups')) return args;
  const cur = await ctx.tx.getLww(table as 'residents' | 'checklist' | 'followups', String(args.id));
  if (cur) return { ...args, householdId: cur.row.householdId };
  if (table === 'checklist' && args.residentId != null) {
    const r = await ctx.tx.getLww('residents', String(args.residentId));
    if (r) return { ...args, householdId: r.row.householdId };
  }
  return args;
};

// A new record a phone sent for B after B was merged into A (it had not heard of the merge) goes to A; B's undo
// record notes it, so undoing the merge takes it back to B with the rest. Called before the record is written.
export const noteLate = async (ctx: ApplyContext, name: string, sent: Row, now: Row, hlc: string): Promise<void> => {
  if (typeof sent.householdId !== 'string' || sent.householdId === now.householdId) return;
  const b = await ctx.tx.getLww('households', sent.householdId);
  const undo = b?.row.mergeUndo as MergeUndo | undefined;
  if (!b || !undo || b.row.mergedInto !== now.householdId) return;
  const id = String(sent.id);
  let next: MergeUndo | undefined;
  if (name === 'visit.add' && !undo.visits.some((v) => v.id === id) && !(await ctx.tx.getInserted('visits', id)))
    next = { ...undo, visits: [...undo.visits, { id, items: sent.items }] };
  else if (name === 'resident.put' && !undo.moved.includes(id) && !undo.twins.includes(id) && !(await ctx.tx.getLww('residents', id)))
    next = { ...undo, moved: [...undo.moved, id] };
  else if (name === 'followup.put' && !undo.followups.includes(id) && !(await ctx.tx.getLww('followups', id)))
    next = { ...undo, followups: [...undo.followups, id] };
  else if (name === 'checklist.set' && sent.residentId === now.residentId && undo.moved.includes(String(sent.residentId)) && !undo.movedCells.includes(id) && !(await ctx.tx.getLww('checklist', id)))
    next = { ...undo, movedCells: [...undo.movedCells, id] };
  if (next) await rewrite(ctx, 'households', b, { mergeUndo: next }, hlc);
};

// An edit that names a merged household or resident is applied to the survivor: households, residents, cells,
// follow-ups, visits and sessions pushed by a phone that had not heard of the merge. Returns the args to apply.
export const redirect = async (ctx: ApplyContext, name: string, args: Row): Promise<Row> => splitBack(ctx, name, await toSurvivor(ctx, name, args));

const toSurvivor = async (ctx: ApplyContext, name: string, args: Row): Promise<Row> => {
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
      if (Array.isArray(args.items)) {
        const mapped = await Promise.all(
          (args.items as { itemId?: unknown; residentIds?: unknown }[]).map(async (it) =>
            Array.isArray(it?.residentIds) ? { ...it, residentIds: uniq(await Promise.all(it.residentIds.map((id) => resident(String(id))))) } : it,
          ),
        );
        out.items = oneOutcomeEach(mapped as { itemId?: unknown; residentIds?: unknown }[]);
      }
      return out;
    case 'session.add':
      if (Array.isArray(args.residentIds)) out.residentIds = uniq(await Promise.all(args.residentIds.map((id) => resident(String(id)))));
      return out;
    default:
      return out;
  }
};

const tx = (ctx: ApplyContext) => ctx.tx;
