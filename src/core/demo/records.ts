import type { CatalogueItem, ChecklistCell } from '../model/checklist.ts';
import type { FollowUp } from '../model/followup.ts';
import type { Household, Resident } from '../model/household.ts';
import type { Member, Target } from '../model/people.ts';
import type { Village } from '../model/place.ts';
import type { Session, Visit, Void } from '../model/visit.ts';

// Everything the demo's server holds, as the report builders read it: its own file so that the server, the
// commune report and the province view can all name it without importing one another.
export type DemoRecords = {
  villages: Village[];
  catalogue: CatalogueItem[];
  targets: Target[];
  members: Member[];
  households: Household[];
  residents: Resident[];
  cells: ChecklistCell[];
  visits: Visit[];
  sessions: Session[];
  voids: Void[];
  followUps: FollowUp[];
};
