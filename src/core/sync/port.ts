import type { CatalogueItem } from '../model/checklist.ts';
import type { Role } from '../model/enums.ts';
import type { Stamped, Row } from './merge.ts';
import type { Change, InsertTable, LwwTable, Mutation, PushResult, Scope } from './protocol.ts';

// The storage the server's sync logic needs. The server implements it in SQL (Kysely, SQLite or PostgreSQL);
// the trainer demo implements it over an in-browser store. Everything a transaction reads or writes belongs to
// the commune the transaction was opened for; an id from another commune reads as absent.
export type SyncTx = {
  // Reads the device's last applied sequence number and locks the device until the transaction ends, so two
  // copies of one push (a retry racing the original) cannot both apply.
  lastSeq(deviceId: string): Promise<number>;
  setLastSeq(deviceId: string, seq: number, now: number): Promise<void>;
  // Permanent failures are kept, so a re-sent rejected mutation gets the same answer and the officer can see it.
  rejection(deviceId: string, seq: number): Promise<PushResult | undefined>;
  reject(deviceId: string, mutation: Mutation, result: PushResult, now: number): Promise<void>;
  // Bumps the commune's version under a row lock held to commit, so version order is commit order. Called at
  // most once per transaction, and only when something changes.
  nextVersion(): Promise<number>;
  getLww(table: LwwTable, id: string): Promise<Stamped | undefined>;
  putLww(table: LwwTable, stamped: Stamped, version: number, meta: WriteMeta): Promise<void>;
  getInserted(table: InsertTable, id: string): Promise<Row | undefined>;
  insert(table: InsertTable, row: Row, version: number, meta: WriteMeta): Promise<void>;
  // An insert-only record came again with a different body: kept aside for a person to look at, not applied.
  flag(table: InsertTable, incoming: Row, mutation: Mutation, meta: WriteMeta): Promise<void>;
  catalogueItem(id: string): Promise<CatalogueItem | undefined>;
  // A household merge (merge-households.ts) reads what hangs off a household and re-points it.
  lwwOfHousehold(table: Exclude<LwwTable, 'households'>, householdId: string): Promise<Stamped[]>;
  insertedBy(table: 'visits' | 'sessions', field: 'householdId' | 'villageId', value: string): Promise<Row[]>;
  // Rewrites an insert-only record in place, with a new version (only a merge does: the record keeps its id).
  replaceInserted(table: 'visits' | 'sessions', row: Row, version: number, meta: WriteMeta): Promise<void>;
  // Optional: keeps every write of a merged record (won or lost) with its stamp, so reports can tell what a record
  // said at a past instant. Takes a version (via `version`) only when it keeps something.
  keepWrite?(table: LwwTable, args: Row, hlc: string, version: () => Promise<number>, meta: WriteMeta): Promise<void>;
};

export type WriteMeta = { deviceId: string; memberId: string; now: number };

export type SyncPort = {
  // One transaction for a whole push.
  inPushTransaction<T>(communeId: string, fn: (tx: SyncTx) => Promise<T>): Promise<T>;
  // Changes visible to `scope` with version > after, in version order, at most `limit` of them. Reference rows
  // (villages, catalogue, targets, members) of the commune are visible to every scope in it. `current`: the
  // commune's version as the caller just read it from the same snapshot (versions()), when it did.
  changesSince(scope: Scope, after: number, limit: number, current?: number): Promise<Change[]>;
  // Every change visible to `scope` stamped with exactly `version` (for a version bigger than a page).
  changesAt(scope: Scope, version: number): Promise<Change[]>;
  // current: the commune's latest version. horizon: tombstones at or below it may have been purged, so a cursor
  // below it must start again from zero.
  versions(communeId: string): Promise<{ current: number; horizon: number }>;
};

// What a pull reads (handlePull), which the server may serve from one snapshot.
export type PullPort = Pick<SyncPort, 'versions' | 'changesSince' | 'changesAt'>;

// Who is calling, resolved from the device token by the server (or the demo) before the core is asked.
// formerVillages: villages the member was moved out of, each with the time (ms) of the move; an edit stamped
// before then was made while the member worked there, so it is still accepted (a move never strands an outbox).
// communeVillageIds: for a whole-commune device (an officer's browser), the villages of its commune: a record naming
// any other village is out of scope even though the device sees the whole commune.
// role: the member's role as the server knows it at this push (a household merge or its undo needs a team leader or
// an officer; a caller that does not say is a plain member).
export type DeviceAuth = {
  deviceId: string;
  memberId: string;
  scope: Scope;
  role?: Role;
  formerVillages?: Readonly<Record<string, number>>;
  communeVillageIds?: readonly string[];
};
