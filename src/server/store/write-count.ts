// How many commune writes have committed, here or (PostgreSQL) in another server process on the same database.
// Caches of what those writes may change (the device sign-ins in accounts/auth.ts) compare it with the count they
// were filled under and drop what is older. Another process's writes arrive as notifications (NOTIFY is sent at
// commit, write-notices.ts listens); while that listener is not connected every call counts as a new write,
// so nothing is kept that another process might have changed.
let committed = 0;
let hearingOthers = true;
export const communeWritesCommitted = (): number => (hearingOthers ? committed : ++committed);
export const COMMUNE_WRITES_CHANNEL = 'tungnha_commune_writes';
// A commune write of this process ended (committed or not: a cache only ever drops more than it must), or
// another process's committed.
export const communeWriteEnded = (): void => void committed++;
export const otherProcessWrote = communeWriteEnded;
export const setHearingOthers = (hearing: boolean): void => {
  hearingOthers = hearing;
  committed++;
};
