import type { Freshness as F } from '../../core/report/shapes.ts';
import { useT } from '../i18n/i18n.ts';
import { ago, dateTime } from './fmt.ts';

// "Số liệu tính đến …" and how fresh the data behind it is: the oldest last sync among the unit's devices, with
// devices that never synced or are silent for over 3 days called out.
// An ended period also says how many records made before its end reached the server after it.
export const AsOf = ({ asOf, late }: { asOf: number; late?: { count: number; lastAt: number | null } | null }) => {
  const t = useT('officer');
  return (
    <span class="asof">
      {t('asOf', { when: dateTime(asOf) })}
      {late?.count ? (
        <>
          {' · '}
          <span class="asof-late">{t('late', { count: late.count, when: late.lastAt === null ? '' : dateTime(late.lastAt) })}</span>
        </>
      ) : null}
    </span>
  );
};

export const FreshnessText = ({ f, now = Date.now(), short = false }: { f: F; now?: number; short?: boolean }) => {
  const t = useT('officer');
  if (f.devices === 0) return <span class="fresh fresh-none">{t('freshness.noDevices')}</span>;
  const parts: string[] = [];
  if (f.oldestSyncAt === null) parts.push(t('freshness.never'));
  else parts.push(short ? ago(t, f.oldestSyncAt, now) : t('freshness.oldest', { when: `${ago(t, f.oldestSyncAt, now)} (${dateTime(f.oldestSyncAt)})` }));
  if (f.neverSynced > 0 && f.oldestSyncAt !== null) parts.push(t(short ? 'freshness.neverShort' : 'freshness.neverSome', { count: f.neverSynced }));
  if (f.staleDevices > 0) parts.push(t('freshness.stale', { count: f.staleDevices, days: f.silentDays ?? 3 }));
  const level = f.staleDevices > 0 || f.oldestSyncAt === null ? 'stale' : f.neverSynced > 0 ? 'partial' : 'ok';
  return (
    <span class={`fresh fresh-${level}`}>
      <span class="fresh-mark" aria-hidden="true">
        {level === 'ok' ? '●' : level === 'partial' ? '○' : '▲'}
      </span>{' '}
      {parts.join(' · ')}
    </span>
  );
};
