import type { CatalogueItem, ChecklistCell } from '../../../core/model/checklist.ts';
import type { FollowUp } from '../../../core/model/followup.ts';
import type { Household, Resident } from '../../../core/model/household.ts';
import { activeCatalogue } from '../../store/checklist-repo.ts';
import { residentsOf } from '../../store/households-repo.ts';
import { useLive } from '../../store/useLive.ts';
import { visitsOf, type VisitRow } from '../../store/visits-repo.ts';

export type HouseholdData = {
  household: Household;
  residents: Resident[];
  cells: Map<string, ChecklistCell>;
  catalogue: CatalogueItem[];
  visits: VisitRow[];
  followups: FollowUp[];
};

// Everything the household screen shows, live: it re-renders after any write to these records.
export const useHousehold = (id: string): HouseholdData | null | undefined =>
  useLive(async (db) => {
    const household = await db.households.get(id);
    if (!household) return null;
    const [residents, cells, catalogue, visits, followups] = await Promise.all([
      residentsOf(db, id),
      db.checklist.where('householdId').equals(id).toArray(),
      activeCatalogue(db),
      visitsOf(db, id),
      db.followups.where('householdId').equals(id).toArray(),
    ]);
    return { household, residents, cells: new Map(cells.map((c) => [c.id, c])), catalogue, visits, followups: followups.filter((f) => f.status === 'open') };
  }, [id]);
