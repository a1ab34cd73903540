import type { ErrorCode } from '../../core/errors.ts';
import type { EngineState } from './engine.ts';
import type { SyncProblem } from './local-state.ts';

// The sync status everyone reads (header badge, sync screen), derived from what is stored (outbox, attention, the
// token and its problems, when the outbox last emptied) and what the engine is doing right now.
export type SyncKind =
  | 'local' // not joined: records stay on this phone (the sample commune)
  | 'must-update'
  | 'must-rejoin'
  | 'syncing'
  | 'offline'
  | 'attention'
  | 'waiting'
  | 'all-sent'
  | 'never-synced';

export type SyncInputs = {
  joined: boolean;
  problem?: SyncProblem;
  waiting: number;
  attention: number;
  lastSentAt?: number;
  lastPulledAt?: number;
  engine: EngineState;
  online: boolean;
};

export type SyncView = {
  kind: SyncKind;
  waiting: number;
  attention: number;
  lastSentAt?: number;
  progress?: { done: number; total: number };
  error?: ErrorCode;
  nextAttemptAt?: number;
  problem?: SyncProblem;
};

export const deriveSyncView = (i: SyncInputs): SyncView => {
  const base = { waiting: i.waiting, attention: i.attention, lastSentAt: i.lastSentAt ?? i.lastPulledAt, error: i.engine.lastError?.code, nextAttemptAt: i.engine.nextAttemptAt };
  const kind: SyncKind = !i.joined
    ? 'local'
    : i.problem?.code === 'upgrade'
      ? 'must-update'
      : i.problem
        ? 'must-rejoin'
        : i.engine.running
          ? 'syncing'
          : !i.online
            ? 'offline'
            : i.attention > 0
              ? 'attention'
              : i.waiting > 0
                ? 'waiting'
                : base.lastSentAt !== undefined
                  ? 'all-sent'
                  : 'never-synced';
  return { ...base, kind, ...(i.engine.running && i.engine.progress ? { progress: i.engine.progress } : {}), ...(i.problem ? { problem: i.problem } : {}) };
};
