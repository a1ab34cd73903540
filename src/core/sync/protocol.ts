import type { ErrorCode, FieldIssue } from '../errors.ts';

// Wire contract between phone and server (docs/design.md §4). Bump PROTOCOL when a message changes shape; bump SCHEMA
// when a record gains or changes a field. The server answers `upgrade` below the minimums.
// 2: a push may carry the phone's pull cursor (`pull`) and is then answered with the first pull page. Both sides
// still speak 1: a server that ignores `pull` is followed by a separate pull.
export const PROTOCOL = 2;
export const SCHEMA = 1;
export const MIN_PROTOCOL = 1;
export const MIN_SCHEMA = 1;

export const PUSH_MAX_MUTATIONS = 100;
export const PUSH_MAX_BYTES = 256 * 1024;
export const PULL_MAX_LIMIT = 1000;
// Request bodies from this many characters on are gzip-compressed by the phone. A smaller one (every pull, a push
// of one edit) rides in the packets its headers need anyway: gzip would add its 18 bytes and the server's work.
export const COMPRESS_FROM = 1024;
export const PULL_DEFAULT_LIMIT = 500;

export const MUTATION_NAMES = [
  'household.put',
  'resident.put',
  'checklist.set',
  'followup.put',
  'visit.add',
  'visit.void',
  'session.add',
  'session.void',
  'household.merge',
  'household.unmerge',
  'visit.redact',
  'session.redact',
] as const;
export type MutationName = (typeof MUTATION_NAMES)[number];

// Records a device writes and merges field by field.
export const LWW_TABLES = ['households', 'residents', 'checklist', 'followups'] as const;
export type LwwTable = (typeof LWW_TABLES)[number];
// Records a device writes once and never edits (corrections are new records).
export const INSERT_TABLES = ['visits', 'sessions', 'voids'] as const;
export type InsertTable = (typeof INSERT_TABLES)[number];
// Records only the commune writes (admin); devices receive them by pull.
export const REFERENCE_TABLES = ['villages', 'catalogue', 'targets', 'members'] as const;
export type ReferenceTable = (typeof REFERENCE_TABLES)[number];
export type SyncTable = LwwTable | InsertTable | ReferenceTable;
export const SYNC_TABLES: readonly SyncTable[] = [...REFERENCE_TABLES, ...LWW_TABLES, ...INSERT_TABLES];

export type Mutation = {
  seq: number; // gapless per device, from 1
  id: string; // the record's id
  name: MutationName;
  args: Record<string, unknown>;
  hlc: string;
};

type Versions = { protocol: number; schema: number; build?: string };

// The pull a phone would send next, carried by its last push so that one round trip does both.
export type PullAsk = {
  cursor: number;
  limit?: number;
  // The villages this device last pulled for (sorted, comma-joined); a different scope on the server means reset.
  scopeKey?: string;
};

export type PushRequest = Versions & { deviceId: string; mutations: Mutation[]; pull?: PullAsk };

export type PushStatus = 'applied' | 'duplicate' | 'rejected' | 'flagged';
export type PushResult = { seq: number; status: PushStatus; reason?: ErrorCode; issues?: FieldIssue[] };

export type PushResponse =
  // pull: the answer to the request's `pull`, read after this push committed (absent from a server that ignores it)
  | { lastSeq: number; results: PushResult[]; serverTime: number; pull?: PullResponse }
  // a gap: nothing after lastSeq was applied; resend from expectedSeq
  | { lastSeq: number; expectedSeq: number; results: PushResult[]; serverTime: number; error: 'seq-gap' }
  | { upgrade: true; serverTime: number };

export type PullRequest = Versions & { deviceId: string } & PullAsk;

export type Change = {
  table: SyncTable;
  id: string;
  version: number;
  row?: Record<string, unknown>;
  deleted?: true;
  // Newest field stamp of an LWW row, so the phone's clock moves past it.
  hlc?: string;
};

export type PullResponse =
  | { changes: Change[]; cursor: number; hasMore: boolean; scope: Scope; scopeKey: string; serverTime: number }
  | { reset: true; scope: Scope; scopeKey: string; serverTime: number }
  | { upgrade: true; serverTime: number };

// What a device may see and write: a member's villages, or the whole commune for an officer.
export type Scope = { communeId: string; villageIds: string[]; wholeCommune: boolean };

export const scopeKey = (scope: Scope): string =>
  scope.wholeCommune ? `commune:${scope.communeId}` : [...scope.villageIds].sort().join(',');

export const inScope = (scope: Scope, villageId: string): boolean =>
  scope.wholeCommune || scope.villageIds.includes(villageId);

export const needsUpgrade = (v: { protocol?: unknown; schema?: unknown }): boolean =>
  typeof v.protocol !== 'number' || typeof v.schema !== 'number' || v.protocol < MIN_PROTOCOL || v.schema < MIN_SCHEMA;
