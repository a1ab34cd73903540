import Dexie from 'dexie';
import type { Member } from '../../core/model/people.ts';
import { getDb, setDb } from '../store/active-db.ts';
import { AppDb } from '../store/db.ts';
import { joinTeam, type JoinInput, type JoinOptions } from '../sync/join.ts';
import { setLockState } from './lock.ts';
import { memberDbs, rememberMember } from './members.ts';
import { newMemberDbName } from './registry.ts';

export type JoinWithPin = JoinInput & { pin: string };

// Joins (or re-joins) as the member of the database in use: the same device id, outbox and sequence go on. The
// trainer demo's phone joins without a PIN and is no member of the real phone (no `pin`: nothing registered).
export const joinHere = async (input: JoinInput, opts?: JoinOptions): Promise<Member> => {
  const db = getDb();
  const member = await joinTeam(db, input, opts);
  if (input.pin === undefined) return member;
  await rememberMember(db, input.pin);
  setLockState({ dbName: db.name, locked: false });
  return member;
};

// "Add another member": a new database for them, joined with their own code; nothing of the member using the
// phone now is touched. A failed join leaves nothing behind.
export const joinAnotherMember = async (input: JoinWithPin, opts?: JoinOptions): Promise<Member> => {
  const dbName = newMemberDbName();
  const db = new AppDb(dbName);
  try {
    const member = await joinTeam(db, input, opts);
    memberDbs.set(dbName, db);
    await rememberMember(db, input.pin);
    setLockState({ dbName, locked: false });
    setDb(db);
    return member;
  } catch (e) {
    db.close();
    await Dexie.delete(dbName).catch(() => undefined);
    throw e;
  }
};

