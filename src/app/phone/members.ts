import Dexie from 'dexie';
import { navigate } from '../router.ts';
import { getDb, onDbChange, setDb } from '../store/active-db.ts';
import { AppDb } from '../store/db.ts';
import { EXPORTED_SEQ_KEY, getMember } from '../store/member.ts';
import { lockedAtStart, setLockState, watchIdle } from './lock.ts';
import { hashPin, pinProblem } from './pin.ts';
import {
  currentDbName,
  getLockMinutes,
  getPhoneMember,
  LEGACY_DB,
  listMembers,
  putPhoneMember,
  removePhoneMember,
  setCurrentDbName,
} from './registry.ts';

// The members of a shared phone (§1): each one joins with their own invite code and PIN and gets a
// database of their own (registry.ts), so their outbox, sequence, device id, token and records never mix with
// anyone else's, and the server sees each as a separate device and member.
export const memberDbs = new Map<string, AppDb>();
const open = memberDbs;
// One handle per database: a second one on the same name would block signing out (deleting it).
onDbChange((db) => {
  if (!open.has(db.name)) open.set(db.name, db);
});
export const memberDb = (dbName: string): AppDb => {
  const active = getDb();
  if (!open.has(active.name)) open.set(active.name, active);
  let db = open.get(dbName);
  if (!db) open.set(dbName, (db = new AppDb(dbName)));
  return db;
};

// Boot (src/app/main.tsx): the member who used the phone last, locked if they have a PIN.
export const bootPhone = async (): Promise<void> => {
  const dbName = await currentDbName();
  const db = memberDb(dbName);
  setDb(db);
  const [entry, minutes] = await Promise.all([getPhoneMember(dbName), getLockMinutes()]);
  setLockState({ dbName, locked: lockedAtStart(dbName, !!entry?.pin, minutes) });
  watchIdle();
  // Phones set up before members were kept apart: register the member already in the original database.
  if (!entry) void rememberMember(db).catch(() => undefined);
};

// Adds or refreshes the phone's entry for the member in `db` (after first run, joining, renaming).
export const rememberMember = async (db: AppDb, pin?: string): Promise<void> => {
  const member = await getMember(db);
  if (!member) return;
  const known = await getPhoneMember(db.name);
  await putPhoneMember({
    dbName: db.name,
    memberId: member.id,
    displayName: member.displayName,
    addedAt: known?.addedAt ?? Date.now(),
    failures: pin ? 0 : (known?.failures ?? 0),
    blockedUntil: pin ? 0 : (known?.blockedUntil ?? 0),
    ...(pin ? { pin: await hashPin(pin) } : known?.pin ? { pin: known.pin } : {}),
  });
  await setCurrentDbName(db.name);
};

export const switchMember = async (dbName: string): Promise<void> => {
  const entry = await getPhoneMember(dbName);
  if (!entry) throw new Error(`no member ${dbName} on this phone`);
  await setCurrentDbName(dbName);
  // Locked before the database changes, so not one frame of the next member's data shows before their PIN.
  setLockState({ dbName, locked: !!entry.pin });
  setDb(memberDb(dbName));
  navigate('/', { replace: true, force: true });
};

// Changes the member still waiting to be sent and not in an exported file (sign-out refuses while there are any).
export const unsentNotExported = async (db: AppDb): Promise<number> => {
  const [last, exported] = await Promise.all([db.outbox.orderBy('seq').last(), db.meta.get(EXPORTED_SEQ_KEY)]);
  if (!last) return 0;
  const through = (exported?.value as number | undefined) ?? 0;
  return through >= last.seq ? 0 : db.outbox.where('seq').above(through).count();
};

export type SignOutResult = { ok: true } | { ok: false; unsent: number };

// Signs the member out: refused while they have unsent changes not exported to a file; otherwise their database
// is deleted from the phone and the next member (locked) or first run takes over.
export const signOut = async (dbName: string): Promise<SignOutResult> => {
  const db = memberDb(dbName);
  const unsent = await unsentNotExported(db);
  if (unsent) return { ok: false, unsent };
  const { stopSync, startSync } = await import('../sync/app-sync.ts');
  const rest = (await listMembers()).filter((m) => m.dbName !== dbName);
  const wasActive = getDb().name === dbName;
  if (wasActive) await stopSync();
  await removePhoneMember(dbName);
  if (wasActive) {
    const next = rest[0]?.dbName ?? LEGACY_DB;
    await setCurrentDbName(next);
    const nextEntry = await getPhoneMember(next);
    setLockState({ dbName: next, locked: !!nextEntry?.pin });
    // A fresh handle: the one being deleted must be closed first.
    open.delete(next);
    db.close();
    open.delete(dbName);
    await Dexie.delete(dbName);
    const fresh = next === dbName ? new AppDb(next) : memberDb(next);
    open.set(next, fresh);
    setDb(fresh);
    startSync();
    navigate(nextEntry ? '/' : '/start', { replace: true, force: true });
  } else {
    db.close();
    open.delete(dbName);
    await Dexie.delete(dbName);
  }
  return { ok: true };
};

// A member who has no PIN yet (joined before PINs, or the trial commune) sets one: 4–6 digits, typed twice. The
// phone locks for them from then on. Refused when they already have one (a forgotten PIN is reset by re-joining).
export type SetPinProblem = { field: 'pin' | 'pinAgain'; rule: 'required' | 'bad-format' | 'mismatch' | 'already-set' };
export const setFirstPin = async (dbName: string, pin: string, again: string): Promise<SetPinProblem | undefined> => {
  const p = pinProblem(pin);
  if (p) return { field: 'pin', rule: p };
  if (pin !== again) return { field: 'pinAgain', rule: 'mismatch' };
  const entry = await getPhoneMember(dbName);
  if (!entry) {
    // The registry has not met this member yet (a phone from before it): register them with the PIN.
    await rememberMember(memberDb(dbName), pin);
    return undefined;
  }
  if (entry.pin) return { field: 'pin', rule: 'already-set' };
  await putPhoneMember({ ...entry, pin: await hashPin(pin), failures: 0, blockedUntil: 0 });
  return undefined;
};
