import type { AnyT } from '../i18n/i18n.ts';
import { formatDate, formatTime } from '../i18n/format.ts';
import type { SyncView } from './status.ts';

// "14:05", or "14:05 20/11/2026" when it was not today.
export const whenText = (ms: number, now = Date.now()): string =>
  new Date(ms).toDateString() === new Date(now).toDateString() ? formatTime(ms) : `${formatTime(ms)} ${formatDate(ms)}`;

// The badge's words for a status (t is the 'sync-badge' namespace).
export const badgeText = (t: AnyT, v: SyncView): string => {
  switch (v.kind) {
    case 'attention':
      return t('badge.attention', { count: v.attention });
    case 'waiting':
      return t('badge.waiting', { count: v.waiting });
    case 'all-sent':
      return t('badge.all-sent', { time: whenText(v.lastSentAt!) });
    case 'offline':
    case 'syncing':
      return v.waiting > 0 ? `${t(`badge.${v.kind}`)} · ${t('badge.waitingSuffix', { count: v.waiting })}` : t(`badge.${v.kind}`);
    default:
      return t(`badge.${v.kind}`);
  }
};
