import { pendingOf, type FollowUp, type Pending } from '../../core/model/followup.ts';
import type { AppDb, RosterRow } from './db.ts';
import { COMMIT_TABLES, commit } from './commit.ts';
import { guardWrite } from './write.ts';

// Follow-ups are opened by visits with a date and closed by the next visit; a member can also close one by hand,
// and take that back for a while (reopenFollowUp).
// `pending`: what the visit that opened it left to do (items and residents, core/model/followup.ts), with the
// residents' names as this phone knows them.
export type FollowUpRow = FollowUp & { household?: RosterRow; pending: Pending[]; names: Map<string, string> };

export const openFollowUps = async (db: AppDb, villageIds: readonly string[]): Promise<FollowUpRow[]> => {
  const open = await db.followups.where('[status+dueOn]').between(['open', ''], ['open', '\uffff']).toArray();
  const mine = open.filter((f) => villageIds.includes(f.villageId));
  const [households, visits] = await Promise.all([
    db.roster.bulkGet(mine.map((f) => f.householdId)),
    db.visits.bulkGet(mine.map((f) => f.visitId ?? '')),
  ]);
  const pending = visits.map((v) => (v ? pendingOf(v.items) : []));
  const residentIds = [...new Set(pending.flatMap((p) => p.flatMap((x) => x.residentIds)))];
  const residents = await db.residents.bulkGet(residentIds);
  const names = new Map(residents.flatMap((r) => (r ? [[r.id, r.label] as const] : [])));
  return mine.map((f, i) => ({ ...f, household: households[i], pending: pending[i], names })).filter((f) => !f.household?.removed);
};

// Closes a follow-up by hand. Returns whether it was open (and so was closed now), for the undo.
export const closeFollowUp = (db: AppDb, f: FollowUp, status: 'done' | 'cancelled' = 'done'): Promise<boolean> =>
  guardWrite(() =>
    db.transaction('rw', COMMIT_TABLES(db), async () => {
      const current = await db.followups.get(f.id);
      if (!current || current.status !== 'open') return false;
      await commit(db, [{ name: 'followup.put', args: { id: f.id, householdId: f.householdId, villageId: f.villageId, status } }]);
      return true;
    }),
  );

// Takes back a hand closing ("Đã xong" tapped by mistake): the follow-up is open again, as a new edit that syncs
// like any other. Only a follow-up still in the state the closing left it is reopened (a later visit's closing
// stands).
export const reopenFollowUp = (db: AppDb, f: FollowUp, from: 'done' | 'cancelled' = 'done'): Promise<boolean> =>
  guardWrite(() =>
    db.transaction('rw', COMMIT_TABLES(db), async () => {
      const current = await db.followups.get(f.id);
      if (!current || current.status !== from) return false;
      await commit(db, [{ name: 'followup.put', args: { id: f.id, householdId: f.householdId, villageId: f.villageId, status: 'open' } }]);
      return true;
    }),
  );
