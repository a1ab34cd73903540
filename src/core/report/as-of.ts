import type { CatalogueItem, ChecklistCell } from '../model/checklist.ts';
import type { Household, Resident } from '../model/household.ts';
import { parseHlc } from '../sync/hlc.ts';
import { isEligible } from '../tally/eligibility.ts';
import { computeTallies, type Tally } from '../tally/tally.ts';
import type { WeekDone } from './rollup.ts';
import { weekOfMs } from './weeks.ts';

// A period's figures are the records as they stood at the period's end, not as they stand today (docs/design.md §2: an
// ended period's report never moves with later edits). Merged records keep one clock per field, and every patch a
// phone sent is kept with its stamp (report_history on the server), so the value a field had at an instant is the
// value of the newest write stamped before it — whether that write arrived in time or later, and whether it won
// today or lost to a newer edit. Pure: the server reads a village's rows and their history, this decides.

// One write of a merged record: its stamp and the fields it carried (only those the reports read).
export type Write = { hlc: string; data: Readonly<Record<string, unknown>> };

// A merged record as stored now (fields and their clocks) with every write kept for it. `current` is absent for a
// record that is no longer stored (removed for good): its history alone says what it was.
export type RecordHistory = { id: string; current?: { row: Readonly<Record<string, unknown>>; clocks: Readonly<Record<string, string>> }; writes: readonly Write[] };

const msOf = (hlc: string): number => parseHlc(hlc)?.ms ?? Number.POSITIVE_INFINITY;

// The record as it stood just before `endMs`, or undefined when nothing of it had been written by then. Fields
// never written keep the stored (or default) value: identity fields never change, defaults were there from the start.
export const recordAt = (r: RecordHistory, endMs: number, defaults: Readonly<Record<string, unknown>> = {}): Record<string, unknown> | undefined => {
  const best = new Map<string, { hlc: string; value: unknown }>();
  let exists = false;
  const offer = (field: string, hlc: string, value: unknown) => {
    if (msOf(hlc) >= endMs) return;
    exists = true;
    const b = best.get(field);
    if (!b || hlc > b.hlc) best.set(field, { hlc, value });
  };
  if (r.current) for (const [field, hlc] of Object.entries(r.current.clocks)) offer(field, hlc, r.current.row[field]);
  for (const w of r.writes) {
    if (msOf(w.hlc) < endMs) exists = true;
    for (const [field, value] of Object.entries(w.data)) offer(field, w.hlc, value);
  }
  if (!exists) return undefined;
  const out: Record<string, unknown> = { ...defaults, ...(r.current?.row ?? {}) };
  // A record known only from history: its identity fields are in every write.
  if (!r.current) for (const w of r.writes) for (const [k, v] of Object.entries(w.data)) if (!(k in out)) out[k] = v;
  // A field written only after the instant had its default then (or nothing).
  if (r.current)
    for (const field of Object.keys(r.current.clocks))
      if (!best.has(field)) {
        if (field in defaults) out[field] = defaults[field];
        else delete out[field];
      }
  for (const [field, b] of best) out[field] = b.value;
  return out;
};

// When each of a cell's states began (before `endMs`), oldest first.
const stateTimeline = (r: RecordHistory, endMs: number): { ms: number; state: unknown }[] => {
  const writes: { hlc: string; state: unknown }[] = [];
  if (r.current?.clocks.state !== undefined) writes.push({ hlc: r.current.clocks.state, state: r.current.row.state });
  for (const w of r.writes) if ('state' in w.data) writes.push({ hlc: w.hlc, state: w.data.state });
  return writes
    .filter((w) => msOf(w.hlc) < endMs)
    .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
    .map((w) => ({ ms: msOf(w.hlc), state: w.state }));
};

export type VillageHistory = {
  households: readonly RecordHistory[];
  residents: readonly RecordHistory[];
  cells: readonly RecordHistory[];
};

export type VillageAsOf = { households: number; residents: number; tallies: Tally[]; weekDone: WeekDone[] };

// A village's counts, tallies and weekly trend as they stood just before `endMs`, with eligibility in `asOfYear`
// (the year of the period's last day). The trend counts, per week, the cells that became done (+1) or stopped
// being done (−1) among the subjects eligible at the end, so summed up to a week it is that week's numerator and
// summed over all weeks it is the period's numerator.
export const villageAsOf = (
  villageId: string,
  catalogue: readonly CatalogueItem[],
  h: VillageHistory,
  endMs: number,
  asOfYear: number,
  defaults: { households: Readonly<Record<string, unknown>>; residents: Readonly<Record<string, unknown>> },
): VillageAsOf => {
  const households = h.households.map((x) => recordAt(x, endMs, defaults.households)).filter((x): x is Record<string, unknown> => !!x) as unknown as Household[];
  const residents = h.residents.map((x) => recordAt(x, endMs, defaults.residents)).filter((x): x is Record<string, unknown> => !!x) as unknown as Resident[];
  const cellPairs = h.cells.map((x) => [x, recordAt(x, endMs)] as const).filter((p): p is readonly [RecordHistory, Record<string, unknown>] => !!p[1]);
  const cells = cellPairs.map(([, c]) => c) as unknown as ChecklistCell[];
  const liveH = new Map(households.filter((x) => !x.removed).map((x) => [x.id, x]));
  const liveR = new Map(residents.filter((x) => !x.removed && liveH.has(x.householdId)).map((x) => [x.id, x]));
  const tallies = computeTallies(catalogue, households, residents, cells, asOfYear, [villageId]);

  const items = new Map(catalogue.filter((i) => !i.retired).map((i) => [i.id, i]));
  const weeks = new Map<string, WeekDone>();
  const add = (itemId: string, ms: number, d: number) => {
    const week = weekOfMs(ms);
    const k = `${itemId}|${week}`;
    const w = weeks.get(k) ?? { villageId, itemId, week, count: 0 };
    w.count += d;
    weeks.set(k, w);
  };
  for (const [hist, c] of cellPairs) {
    const item = items.get(String(c.itemId));
    if (!item) continue;
    const subject = item.level === 'resident' ? (c.residentId ? liveR.get(String(c.residentId)) : undefined) : c.residentId == null ? liveH.get(String(c.householdId)) : undefined;
    if (!subject || !isEligible(item.rule, subject, asOfYear)) continue;
    let done = false;
    for (const step of stateTimeline(hist, endMs)) {
      const now = step.state === 'done';
      if (now !== done) add(item.id, step.ms, now ? 1 : -1);
      done = now;
    }
  }
  return { households: liveH.size, residents: liveR.size, tallies, weekDone: [...weeks.values()].filter((w) => w.count !== 0) };
};

// The fields of each merged record a past period's figures read, kept with every write (with the record's
// identity, so a record known only from history can still be placed).
export const HISTORY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  households: ['id', 'villageId', 'removed', 'flags'],
  residents: ['id', 'householdId', 'villageId', 'birthYear', 'removed'],
  checklist: ['id', 'villageId', 'householdId', 'residentId', 'itemId', 'state'],
};
