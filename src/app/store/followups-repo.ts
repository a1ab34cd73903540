import type { FollowUp } from '../../core/model/followup.ts';
import type { AppDb, RosterRow } from './db.ts';
import { COMMIT_TABLES, commit } from './commit.ts';
import { guardWrite } from './write.ts';

// Follow-ups are opened by visits with a date and closed by the next visit; a member can also close one by hand.
export type FollowUpRow = FollowUp & { household?: RosterRow };

export const openFollowUps = async (db: AppDb, villageIds: readonly string[]): Promise<FollowUpRow[]> => {
  const open = await db.followups.where('[status+dueOn]').between(['open', ''], ['open', '\uffff']).toArray();
  const mine = open.filter((f) => villageIds.includes(f.villageId));
  const households = await db.roster.bulkGet(mine.map((f) => f.householdId));
  return mine.map((f, i) => ({ ...f, household: households[i] })).filter((f) => !f.household?.removed);
};

export const closeFollowUp = (db: AppDb, f: FollowUp, status: 'done' | 'cancelled' = 'done'): Promise<void> =>
  guardWrite(() =>
    db.transaction('rw', COMMIT_TABLES(db), async () => {
      const current = await db.followups.get(f.id);
      if (!current || current.status !== 'open') return;
      await commit(db, [{ name: 'followup.put', args: { id: f.id, householdId: f.householdId, villageId: f.villageId, status } }]);
    }),
  );
