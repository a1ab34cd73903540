import type { SyncKind } from './status.ts';

// Small line icons for the sync states, always shown next to their words (never the only signal).
const PATHS: Record<SyncKind | 'confirmed', string> = {
  local: 'M7 3.5h10v17H7zM11 17.5h2',
  'must-update': 'M12 4v10M7.5 9.5 12 14l4.5-4.5M5 20h14',
  'must-rejoin': 'M12 4 2.5 20h19zM12 10v4.5M12 17.5h.01',
  attention: 'M12 4 2.5 20h19zM12 10v4.5M12 17.5h.01',
  syncing: 'M20 11a8 8 0 0 0-14.3-4.7M4 5v5h5M4 13a8 8 0 0 0 14.3 4.7M20 19v-5h-5',
  offline: 'M3 3l18 18M8.5 8.6A5 5 0 0 0 6 17.5h10M17.5 17.4A4 4 0 0 0 17 9.5h-.5a6 6 0 0 0-4.9-4.4',
  waiting: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3.5 2',
  'all-sent': 'M6.5 18a4.5 4.5 0 0 1-.6-9A6 6 0 0 1 17.5 9.5 4 4 0 0 1 17 18zM9 13l2 2 4-4',
  'never-synced': 'M6.5 18a4.5 4.5 0 0 1-.6-9A6 6 0 0 1 17.5 9.5 4 4 0 0 1 17 18z',
  confirmed: 'M5 12.5l4.5 4.5L19 7.5',
};

export const SyncIcon = ({ kind, size = 20 }: { kind: SyncKind | 'confirmed'; size?: number }) => (
  <svg
    class={`sync-icon${kind === 'syncing' ? ' spin' : ''}`}
    width={size}
    height={size}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <path d={PATHS[kind]} />
  </svg>
);
