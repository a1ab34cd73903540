import Dexie, { type EntityTable } from 'dexie';
import type { FieldIssue, ErrorCode } from '../../core/errors.ts';
import type { CatalogueItem, ChecklistCell } from '../../core/model/checklist.ts';
import type { FollowUp } from '../../core/model/followup.ts';
import type { Household, Resident } from '../../core/model/household.ts';
import type { Member, Target } from '../../core/model/people.ts';
import type { Village } from '../../core/model/place.ts';
import type { Session, Visit, Void } from '../../core/model/visit.ts';
import type { Mutation, PushStatus } from '../../core/sync/protocol.ts';
import { setUpgradeBlocked } from './open-state.ts';

// The phone's database. Domain tables hold the records of docs/design.md §2 exactly as they travel on the wire; the
// outbox holds every local write as a mutation, keyed by the device's gapless sequence number, written in the
// same transaction as the record it describes. `deviceId`, the next sequence number and the clock live in `meta`
// in this same database, so if storage is lost they reset together.
//
// Versions are declared once, in ascending order, and never edited after release: add a new version below.
export type MetaRow = { key: string; value: unknown };
export type OutboxEntry = Mutation & { at: number };
// A pushed mutation the commune refused (or flagged): kept, visible, never silently dropped.
export type AttentionEntry = Mutation & { at: number; status: Extract<PushStatus, 'rejected' | 'flagged'>; reason?: ErrorCode; issues?: FieldIssue[] };
// One row per household, derived from the household, its residents, checklist cells, follow-ups and visits and
// rewritten in the same transaction as any write to them (see roster.ts), so the roster opens and searches without
// touching the source tables. `sort` orders the village's list; `search` is the folded text a query matches.
export type RosterRow = {
  id: string; // the household id
  villageId: string;
  sort: string;
  search: string;
  headName: string;
  houseLabel: string;
  residents: number;
  // Residents aged 14+ whose level-2 VNeID is not yet done (nor declined, nor not applicable); adults likewise
  // for a cashless account.
  gapL2: number;
  gapCashless: number;
  // Earliest due date of an open follow-up ('YYYY-MM-DD'), or '' when none.
  followUpOn: string;
  lastVisitAt: number; // 0 when never visited
  flags: Household['flags'];
  removed: boolean;
  year: number; // the calendar year ages were computed for
};
// Mutations re-queued from another phone's backup file, by their original HLC stamp: importing the same file
// twice (or a file whose mutations this phone already pushed) queues nothing twice.
export type ImportedRow = { hlc: string; at: number };

export class AppDb extends Dexie {
  meta!: EntityTable<MetaRow, 'key'>;
  villages!: EntityTable<Village, 'id'>;
  catalogue!: EntityTable<CatalogueItem, 'id'>;
  targets!: EntityTable<Target, 'id'>;
  members!: EntityTable<Member, 'id'>;
  households!: EntityTable<Household, 'id'>;
  residents!: EntityTable<Resident, 'id'>;
  checklist!: EntityTable<ChecklistCell, 'id'>;
  followups!: EntityTable<FollowUp, 'id'>;
  visits!: EntityTable<Visit, 'id'>;
  sessions!: EntityTable<Session, 'id'>;
  voids!: EntityTable<Void, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  attention!: EntityTable<AttentionEntry, 'seq'>;
  roster!: EntityTable<RosterRow, 'id'>;
  imported!: EntityTable<ImportedRow, 'hlc'>;

  constructor(name = 'tungnha') {
    super(name);
    // An upgrade held up by an old tab (store/open-state.ts): said while it waits, cleared once open.
    this.on('blocked', () => setUpgradeBlocked(true));
    this.on('ready', () => setUpgradeBlocked(false));
    this.version(1).stores({
      meta: 'key',
      villages: 'id, communeId',
      catalogue: 'id',
      targets: 'id, itemId',
      members: 'id',
      households: 'id, villageId',
      residents: 'id, householdId, villageId',
      checklist: 'id, householdId, villageId, residentId',
      followups: 'id, householdId, villageId, [status+dueOn]',
      visits: 'id, householdId, villageId, at',
      sessions: 'id, villageId, date',
      voids: 'id, targetId, villageId',
      outbox: 'seq, id, hlc',
      attention: 'seq, id',
      roster: 'id, [villageId+sort]',
      imported: 'hlc',
    });
  }
}
