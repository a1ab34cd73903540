import { backoffAfter, verifyPin } from './pin.ts';
import { getLockMinutes, getPhoneMember, LEGACY_DB, putPhoneMember } from './registry.ts';

// Whether the app is locked, for the member using the phone now. Locked: the shell shows the lock screen and
// nothing of the member's data (src/app/shell/App.tsx). The app locks after some minutes without a touch (default
// 5), when it comes back after being away that long, on "lock now", and when the phone switches members. Members
// without a PIN (the sample commune, phones joined before PINs) never lock.
export type LockState = { dbName: string; locked: boolean };
let state: LockState = { dbName: LEGACY_DB, locked: false };
const listeners = new Set<() => void>();

export const getLockState = (): LockState => state;
export const onLockChange = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
export const setLockState = (next: LockState): void => {
  if (next.dbName === state.dbName && next.locked === state.locked) return;
  state = next;
  markUsed(!next.locked);
  for (const l of listeners) l();
};

// When the member last used the app, kept across reloads: reopening the app soon after is no reason to ask for the
// PIN again, reopening it after the idle minutes (or after it locked) is. Written at most every few seconds.
const LAST_USED = 'tn.lastUsed';
let lastActive = Date.now();
let lastWritten = 0;
let writtenFor = '';
const markUsed = (used: boolean) => {
  lastActive = Date.now();
  if (!used || writtenFor !== state.dbName || lastActive - lastWritten > 5_000) {
    lastWritten = used ? lastActive : 0;
    writtenFor = state.dbName;
    try {
      localStorage.setItem(LAST_USED, JSON.stringify({ dbName: state.dbName, at: used ? lastActive : 0 }));
    } catch {
      // storage blocked: the app locks at every start
    }
  }
};

// At start: locked unless this member used the app within the idle minutes (and it did not lock since).
export const lockedAtStart = (dbName: string, hasPin: boolean, minutes: number, now = Date.now()): boolean => {
  if (!hasPin) return false;
  try {
    const last = JSON.parse(localStorage.getItem(LAST_USED) ?? 'null') as { dbName?: string; at?: number } | null;
    return !(last?.dbName === dbName && typeof last.at === 'number' && last.at > 0 && now - last.at < minutes * 60_000);
  } catch {
    return true;
  }
};

export const lockNow = async (): Promise<boolean> => {
  const m = await getPhoneMember(state.dbName);
  if (m?.pin) setLockState({ ...state, locked: true });
  return !!m?.pin;
};

export type UnlockResult = { ok: true } | { ok: false; waitMs: number; failures: number };

export const unlock = async (pin: string, now = Date.now()): Promise<UnlockResult> => {
  const m = await getPhoneMember(state.dbName);
  if (!m?.pin) {
    setLockState({ ...state, locked: false });
    return { ok: true };
  }
  if (m.blockedUntil > now) return { ok: false, waitMs: m.blockedUntil - now, failures: m.failures };
  if (await verifyPin(pin, m.pin)) {
    if (m.failures || m.blockedUntil) await putPhoneMember({ ...m, failures: 0, blockedUntil: 0 });
    setLockState({ ...state, locked: false });
    return { ok: true };
  }
  const failures = m.failures + 1;
  const waitMs = backoffAfter(failures);
  await putPhoneMember({ ...m, failures, blockedUntil: now + waitMs });
  return { ok: false, waitMs, failures };
};

let watching = false;

// Idle lock: any touch, key or scroll counts as use; checked every few seconds and whenever the app is shown again.
export const watchIdle = (): void => {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  const used = () => {
    if (!state.locked) markUsed(true);
  };
  for (const e of ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll']) window.addEventListener(e, used, { passive: true, capture: true });
  const check = async () => {
    if (state.locked) return;
    const minutes = await getLockMinutes();
    if (Date.now() - lastActive >= minutes * 60_000) await lockNow();
  };
  setInterval(() => void check().catch(() => undefined), 5_000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void check().catch(() => undefined);
  });
};
