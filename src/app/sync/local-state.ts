import type { Member } from '../../core/model/people.ts';
import type { Scope } from '../../core/sync/protocol.ts';
import type { AppDb } from '../store/db.ts';

// What the sync client keeps on the phone, in `meta` next to the device id, sequence and clock (so a lost
// database loses them together). The token never leaves the phone except in the Authorization header, and never
// goes into a backup file (backup.ts exports only the keys it names).
export const SYNC_KEYS = {
  auth: 'sync.auth',
  cursor: 'sync.cursor',
  scopeKey: 'sync.scopeKey',
  problem: 'sync.problem',
  lastSentAt: 'sync.lastSentAt',
  lastPulledAt: 'sync.lastPulledAt',
  lease: 'sync.lease',
} as const;

export type SyncAuth = { token: string; memberId: string; communeId: string; joinedAt: number };

// A condition only the user can clear: re-join with a new invite code, or update the app. Kept in the database so
// every tab shows it and it survives a restart.
export type SyncProblem =
  | { code: 'token-revoked' | 'token-expired' | 'unauthorized'; at: number }
  | { code: 'upgrade'; at: number; protocol: number; schema: number };

const get = async <T>(db: AppDb, key: string): Promise<T | undefined> => (await db.meta.get(key))?.value as T | undefined;

export const getAuth = (db: AppDb) => get<SyncAuth>(db, SYNC_KEYS.auth);
export const getCursor = async (db: AppDb) => (await get<number>(db, SYNC_KEYS.cursor)) ?? 0;
export const getScopeKey = (db: AppDb) => get<string>(db, SYNC_KEYS.scopeKey);
export const getProblem = (db: AppDb) => get<SyncProblem>(db, SYNC_KEYS.problem);
export const getLastSentAt = (db: AppDb) => get<number>(db, SYNC_KEYS.lastSentAt);

export const setProblem = async (db: AppDb, problem: SyncProblem | undefined): Promise<void> => {
  if (problem) await db.meta.put({ key: SYNC_KEYS.problem, value: problem });
  else await db.meta.delete(SYNC_KEYS.problem);
};

// The member record the screens read (store/member.ts) follows the scope the server grants: a member moved to
// other villages sees the new ones once the phone has synced.
export const memberWithScope = (member: Member, scope: Scope): Member =>
  scope.wholeCommune ? { ...member, communeId: scope.communeId } : { ...member, communeId: scope.communeId, villageIds: [...scope.villageIds] };
