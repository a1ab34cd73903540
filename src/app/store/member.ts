import type { Member } from '../../core/model/people.ts';
import type { AppDb } from './db.ts';

// Who uses this phone: stored in `meta` by first run (the sample commune) or, later, by joining a team. Visits,
// sessions and checklist cells are signed with this member's id and display name.
export const MEMBER_KEY = 'member';
export const VILLAGE_KEY = 'ui.village';
export const LANGUAGE_KEY = 'ui.lastLanguage';
// The highest outbox sequence number written to an exported file (signing out needs every unsent change in one).
export const EXPORTED_SEQ_KEY = 'backup.exportedThroughSeq';

export const getMember = async (db: AppDb): Promise<Member | undefined> => (await db.meta.get(MEMBER_KEY))?.value as Member | undefined;

export const setMember = (db: AppDb, member: Member) => db.meta.put({ key: MEMBER_KEY, value: member });

// The village the roster and tallies show, when the member has several.
export const getCurrentVillage = async (db: AppDb, member: Member): Promise<string> => {
  const chosen = (await db.meta.get(VILLAGE_KEY))?.value as string | undefined;
  return chosen && member.villageIds.includes(chosen) ? chosen : member.villageIds[0];
};

export const setCurrentVillage = (db: AppDb, villageId: string) => db.meta.put({ key: VILLAGE_KEY, value: villageId });

// Renames the member on this phone: later visits and sessions carry the new name; past records keep theirs.
export const renameMember = async (db: AppDb, displayName: string): Promise<Member> => {
  const { checked } = await import('./write.ts');
  const { DisplayNameSchema } = await import('../../core/model/people.ts');
  const name = checked(DisplayNameSchema, displayName, 'displayName');
  return db.transaction('rw', db.meta, async () => {
    const m = await getMember(db);
    if (!m) throw new Error('no member on this phone');
    const next = { ...m, displayName: name };
    await setMember(db, next);
    return next;
  });
};
