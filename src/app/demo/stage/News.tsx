import type { TalliesReport } from '../../../core/report/shapes.ts';
import type { SyncTable } from '../../../core/sync/protocol.ts';
import { formatTime } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { pct } from '../../officer/fmt.ts';
import type { Arrival } from './useDemoReport.ts';

// What the commune just received from the phone, and which indicators it moved: the other end of the outbox.
const TABLE_ORDER = ['households', 'residents', 'visits', 'checklist', 'followups', 'sessions', 'voids'] as const satisfies readonly SyncTable[];

export const News = ({ arrival: a, report }: { arrival: Arrival | undefined; report: TalliesReport | undefined }) => {
  const t = useT('demo');
  const lang = currentLang();
  const total = a ? Object.values(a.counts).reduce((x, y) => x + (y ?? 0), 0) : 0;
  // What was done moves a numerator; a new household only adds people to denominators (said once, not per item).
  const done = report && a ? report.items.filter((i) => a.moved[i.id] && a.moved[i.id].after !== a.moved[i.id].before) : [];
  const recounted = report && a ? report.items.filter((i) => a.moved[i.id] && a.moved[i.id].after === a.moved[i.id].before).length : 0;
  return (
    <div class={`ds-news${a ? ' has-news' : ''}`} role="status" aria-live="polite">
      {a && report ? (
        <>
          <strong>{t('news.arrived', { time: formatTime(a.at), count: total, from: a.from })}</strong>{' '}
          <span>
            {TABLE_ORDER.filter((k) => a.counts[k])
              .map((k) => t(`news.table.${k}`, { count: a.counts[k] }))
              .join(', ')}
          </span>
          {done.length > 0 && (
            <ul class="ds-moved">
              {done.map((i) => (
                <li key={i.id}>{t('news.moved', { item: i.short[lang], from: pct(a.moved[i.id].pctBefore), to: pct(a.moved[i.id].pctAfter) })}</li>
              ))}
            </ul>
          )}
          {recounted > 0 && <p class="ds-recount">{t('news.recounted', { count: recounted })}</p>}
        </>
      ) : (
        <span>{t('news.none')}</span>
      )}
    </div>
  );
};
