import Dexie, { type EntityTable } from 'dexie';

// The phone's own small database: which members have joined on it and which one is using it now. Each member's
// records, outbox, sequence, device id and token live in a database of their own (store/db.ts), so nothing of one
// member can leak into another's sync or screens, and signing one out deletes exactly their database. The first
// member keeps the original 'tungnha' database (phones that joined before this existed keep their data); later
// members get 'tungnha-<id>'. PIN hashes live here so the lock screen can check a PIN without opening any
// member's data.
export const LEGACY_DB = 'tungnha';

export type PinHash = { salt: string; hash: string; iterations: number };
export type PhoneMember = {
  dbName: string;
  memberId: string;
  displayName: string;
  addedAt: number;
  pin?: PinHash;
  failures: number; // wrong PINs in a row
  blockedUntil: number; // no PIN is tried before this instant (ms)
};
type StateRow = { key: string; value: unknown };

export class PhoneDb extends Dexie {
  members!: EntityTable<PhoneMember, 'dbName'>;
  state!: EntityTable<StateRow, 'key'>;
  constructor(name = 'tungnha-phone') {
    super(name);
    this.version(1).stores({ members: 'dbName, memberId', state: 'key' });
  }
}

let phone: PhoneDb | undefined;
export const phoneDb = (): PhoneDb => (phone ??= new PhoneDb());
// Tests: a fresh registry per case.
export const setPhoneDb = (db: PhoneDb | undefined): void => {
  phone = db;
};

const CURRENT = 'current';
const LOCK_MINUTES = 'lockMinutes';
export const DEFAULT_LOCK_MINUTES = 5;

export const listMembers = async (): Promise<PhoneMember[]> => (await phoneDb().members.toArray()).sort((a, b) => a.addedAt - b.addedAt);
export const getPhoneMember = (dbName: string) => phoneDb().members.get(dbName);
export const putPhoneMember = (m: PhoneMember) => phoneDb().members.put(m);
export const removePhoneMember = (dbName: string) => phoneDb().members.delete(dbName);

export const currentDbName = async (): Promise<string> => {
  const p = phoneDb();
  const [row, members] = await Promise.all([p.state.get(CURRENT), p.members.toArray()]);
  const chosen = row?.value as string | undefined;
  if (chosen && members.some((m) => m.dbName === chosen)) return chosen;
  return members.find((m) => m.dbName === LEGACY_DB)?.dbName ?? members[0]?.dbName ?? LEGACY_DB;
};
export const setCurrentDbName = (dbName: string) => phoneDb().state.put({ key: CURRENT, value: dbName });

export const getLockMinutes = async (): Promise<number> => ((await phoneDb().state.get(LOCK_MINUTES))?.value as number | undefined) ?? DEFAULT_LOCK_MINUTES;
export const setLockMinutes = (minutes: number) => phoneDb().state.put({ key: LOCK_MINUTES, value: minutes });

export const newMemberDbName = (): string => `tungnha-${crypto.randomUUID()}`;
