import type { Member } from '../../core/model/people.ts';
import type { Village } from '../../core/model/place.ts';
import { getCurrentVillage, MEMBER_KEY } from '../store/member.ts';
import { liveStore, useLiveStore } from '../store/live-store.ts';

// revoked: the officer removed this phone (or this member): the roster hides until the member re-joins; the
// outbox stays until it is sent or exported.
export type Place = { member: Member; villages: Village[]; current: Village | undefined; sample: boolean; revoked: boolean };

// The member using this phone with their villages and the one the roster and tallies show: undefined while
// loading, null before first run (or joining). One shared live query for the whole app.
const placeStore = liveStore<Place | null>(async (db) => {
  const [m, source, problem] = await db.meta.bulkGet([MEMBER_KEY, 'memberSource', 'sync.problem']);
  const member = m?.value as Member | undefined;
  if (!member) return null;
  const [villages, currentId] = await Promise.all([db.villages.bulkGet(member.villageIds), getCurrentVillage(db, member)]);
  const mine = villages.filter((v): v is Village => !!v);
  return { member, villages: mine, current: mine.find((v) => v.id === currentId), sample: source?.value === 'sample', revoked: (problem?.value as { code?: string } | undefined)?.code === 'token-revoked' };
});

export const usePlace = (): Place | null | undefined => useLiveStore(placeStore);

export const useMember = (): Member | null | undefined => {
  const p = usePlace();
  return p === undefined ? undefined : p === null ? null : p.member;
};
