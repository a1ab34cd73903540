import { useT } from '../i18n/i18n.ts';
import { badgeText } from './badge-text.ts';
import { SyncIcon } from './SyncIcon.tsx';
import { useSyncNamespace } from './useSyncNamespace.ts';
import { useSyncStatus } from './useSyncStatus.ts';
import './badge.css';

// The header badge: offline / syncing / N waiting / all sent at HH:MM (and the states only the user can clear).
// A link to the sync screen; its words carry the status, the colour and icon only repeat it.
export const SyncBadge = () => {
  const ready = useSyncNamespace();
  const t = useT('sync-badge');
  const view = useSyncStatus();
  // Nothing to say on a phone nobody has set up yet (the first-run and join screens).
  if (!ready || !view || (view.kind === 'local' && !view.setUp)) return null;
  const text = badgeText(t, view);
  return (
    <a class={`sync-badge is-${view.kind}`} href="/sync" aria-label={t('badge.label', { status: text })} data-sync={view.kind}>
      <SyncIcon kind={view.kind} />
      <span aria-live="polite">{text}</span>
    </a>
  );
};
