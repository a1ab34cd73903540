import type { Member } from '../../../core/model/people.ts';
import type { Village } from '../../../core/model/place.ts';
import type { MutationName } from '../../../core/sync/protocol.ts';
import { MEMBER_KEY } from '../../store/member.ts';
import { useLive } from '../../store/useLive.ts';
import { SYNC_KEYS } from '../../sync/local-state.ts';

// What the stage reads of the demo phone, straight from its database (same origin, so Dexie's live queries see the
// phone's writes as they happen): who joined, the outbox by kind, the phone's households.
export type PhoneState = {
  joined: boolean;
  member?: Member;
  villages: Village[];
  waiting: number;
  byName: Partial<Record<MutationName, number>>;
  attention: number;
  households: number;
  newest?: { id: string; headName: string };
};

export const usePhoneState = (): PhoneState | undefined =>
  useLive(async (db) => {
    const [auth, memberRow] = await db.meta.bulkGet([SYNC_KEYS.auth, MEMBER_KEY]);
    const member = memberRow?.value as Member | undefined;
    const [outbox, attention, villages] = await Promise.all([
      db.outbox.toArray(),
      db.attention.count(),
      member ? db.villages.bulkGet(member.villageIds) : Promise.resolve([] as (Village | undefined)[]),
    ]);
    const byName: Partial<Record<MutationName, number>> = {};
    for (const e of outbox) byName[e.name] = (byName[e.name] ?? 0) + 1;
    const ids = member?.villageIds ?? [];
    const households = ids.length ? await db.households.where('villageId').anyOf(ids).toArray() : [];
    // Ids are UUIDv7 (time first): the newest household is the largest id.
    const live = households.filter((h) => !h.removed);
    const newest = live.reduce<(typeof live)[number] | undefined>((a, h) => (!a || h.id > a.id ? h : a), undefined);
    return {
      joined: !!auth && !!member,
      member,
      villages: villages.filter((v): v is Village => !!v),
      waiting: outbox.length,
      byName,
      attention,
      households: live.length,
      newest: newest && { id: newest.id, headName: newest.headName },
    };
  }, []);
