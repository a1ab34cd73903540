import { useLive } from '../store/useLive.ts';
import type { AppDb } from '../store/db.ts';
import { SYNC_KEYS } from './local-state.ts';

// Where one record (or a group of records, e.g. a household and its residents) stands with the commune:
// 'confirmed' once none of its changes is still in the outbox or in the attention list, i.e. the server
// acknowledged every one; 'waiting' while a change is queued; 'attention' if the commune refused one; 'local' on a
// phone that has not joined a team (nothing is ever sent).
export type RecordSyncState = 'confirmed' | 'waiting' | 'attention' | 'local';

export const recordSyncState = async (db: AppDb, ids: readonly string[]): Promise<RecordSyncState> => {
  if (!(await db.meta.get(SYNC_KEYS.auth))) return 'local';
  if (!ids.length) return 'confirmed';
  if (await db.attention.where('id').anyOf(ids).count()) return 'attention';
  if (await db.outbox.where('id').anyOf(ids).count()) return 'waiting';
  return 'confirmed';
};

export const useRecordSyncState = (ids: string | readonly string[] | undefined): RecordSyncState | undefined => {
  const list = ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  return useLive((db) => recordSyncState(db, list), [list.join('|')]);
};
