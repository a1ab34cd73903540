import { DEFAULT_CATALOGUE } from '../../../core/model/catalogue-defaults.ts';
import { isEligible } from '../../../core/tally/eligibility.ts';
import type { AppDb } from '../../store/db.ts';
import { getMember } from '../../store/member.ts';
import { logVisit } from '../../store/visits-repo.ts';

// "A day's work without signal": the walkthrough logs one visit by hand, then the rest of the team's day — a batch
// of ordinary visits by the same member, through the same repository, into the same outbox — so that when the
// signal returns the village's figure moves by whole points, not tenths. Households whose people still lack the
// level-2 identity come first, as a team would plan its round.
export const DAY_ITEM = 'vneid-l2';
export const DAY_VISITS = 10;

export const logDayOfVisits = async (db: AppDb, count = DAY_VISITS): Promise<number> => {
  const member = await getMember(db);
  if (!member) return 0;
  const year = new Date().getFullYear();
  const item = DEFAULT_CATALOGUE.find((i) => i.id === DAY_ITEM)!;
  const households = (await db.households.where('villageId').anyOf(member.villageIds).toArray()).filter((h) => !h.removed);
  const ids = households.map((h) => h.id);
  const [residents, cells] = await Promise.all([db.residents.where('householdId').anyOf(ids).toArray(), db.checklist.where('householdId').anyOf(ids).toArray()]);
  const done = new Set(cells.filter((c) => c.itemId === DAY_ITEM && c.state === 'done').map((c) => c.residentId));
  const waiting = new Map<string, string[]>();
  for (const r of residents) {
    if (r.removed || done.has(r.id) || !isEligible(item.rule, r, year)) continue;
    const list = waiting.get(r.householdId);
    if (list) list.push(r.id);
    else waiting.set(r.householdId, [r.id]);
  }
  // The households with the most people still to help first: a team's round goes where it helps most.
  const round = [...waiting.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).slice(0, count);
  for (const [householdId, residentIds] of round)
    await logVisit(
      db,
      householdId,
      { items: [{ itemId: DAY_ITEM, residentIds, outcome: 'done' }], dossiers: [], language: 'vi', minutes: 15, note: '', followUpOn: null },
      member,
    );
  return round.length;
};
