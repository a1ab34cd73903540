import { useRef } from 'preact/hooks';
import { MEMBER_KEY } from '../store/member.ts';
import { useLive } from '../store/useLive.ts';
import { useExternal } from '../ui/useExternal.ts';
import { SYNC_KEYS, type SyncProblem } from './local-state.ts';
import { deriveSyncView, type SyncView } from './status.ts';
import { engineState, onEngine } from './status-bus.ts';

const onOnline = (l: () => void) => {
  window.addEventListener('online', l);
  window.addEventListener('offline', l);
  return () => {
    window.removeEventListener('online', l);
    window.removeEventListener('offline', l);
  };
};
const useOnline = (): boolean => useExternal(onOnline, () => typeof navigator === 'undefined' || navigator.onLine !== false);

export const useEngineState = () => useExternal(onEngine, engineState);

type Stored = { joined: boolean; setUp: boolean; problem?: SyncProblem; lastSentAt?: number; lastPulledAt?: number; waiting?: number; attention?: number };

// The live sync status: re-renders when the outbox or attention list changes (in any tab), when the engine starts
// or finishes, and when the browser goes on- or offline. Undefined while the first read is under way.
//
// While this tab's engine runs, the outbox changes with every batch it sends; counting it each time (a scan in
// IndexedDB) would slow the very sync it reports on, so the count then comes from the engine's progress, and the
// stored one is read again when the run ends.
export const useSyncStatus = (): (SyncView & { setUp: boolean }) | undefined => {
  const engine = useEngineState();
  const online = useOnline();
  const running = engine.running;
  const last = useRef<(Required<Pick<Stored, 'waiting' | 'attention'>> & Stored) | undefined>(undefined);
  const fresh = useLive(async (db): Promise<Stored> => {
    const [auth, problem, lastSentAt, lastPulledAt, member] = await db.meta.bulkGet([SYNC_KEYS.auth, SYNC_KEYS.problem, SYNC_KEYS.lastSentAt, SYNC_KEYS.lastPulledAt, MEMBER_KEY]);
    const stored: Stored = {
      joined: !!auth,
      setUp: !!member,
      problem: problem?.value as SyncProblem | undefined,
      lastSentAt: lastSentAt?.value as number | undefined,
      lastPulledAt: lastPulledAt?.value as number | undefined,
    };
    // A screen that opens while a sync runs (before the engine reports its progress) still counts once.
    if (running && last.current) return stored;
    const [waiting, attention] = await Promise.all([db.outbox.count(), db.attention.count()]);
    return { ...stored, waiting, attention };
  }, [running]);
  if (fresh) {
    const p = engine.progress;
    last.current = {
      ...fresh,
      waiting: fresh.waiting ?? (p ? Math.max(0, p.total - p.done) : (last.current?.waiting ?? 0)),
      attention: fresh.attention ?? last.current?.attention ?? 0,
    };
  }
  const stored = last.current;
  if (!stored) return undefined;
  const p = engine.progress;
  const waiting = running && p ? Math.max(0, p.total - p.done) : stored.waiting;
  return { ...deriveSyncView({ ...stored, waiting, engine, online }), setUp: stored.setUp };
};
