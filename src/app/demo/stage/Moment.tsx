import { COMMUNE_ROW } from '../../../core/report/rows.ts';
import type { TalliesReport } from '../../../core/report/shapes.ts';
import { formatNumber, formatTime } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { pct } from '../../officer/fmt.ts';
import { CountUp } from './CountUp.tsx';
import type { Arrival, Move } from './useDemoReport.ts';

// The sync moment, for the room: the phone's own village, where a day's visits move a figure by whole points, each
// moved figure counting from its old value to its new one with the difference in words ("+3 người có VNeID mức
// 2"), and the commune's figure beside it. Before anything arrives it shows the same figures as they stand.
const HEADLINE = ['vneid-l2', 'smartphone'];
const MAX_ROWS = 3;

type Props = { report: TalliesReport; arrival: Arrival | undefined; villageIds: readonly string[] };

const pctOr0 = (p: number | null) => p ?? 0;

export const Moment = ({ report, arrival, villageIds }: Props) => {
  const t = useT('demo');
  const lang = currentLang();
  const villageId = villageIds.find((v) => arrival?.villages[v]) ?? villageIds[0] ?? '';
  const village = report.villages.find((v) => v.id === villageId);
  const row = (v: string, itemId: string) => report.rows.find((r) => r.villageId === v && r.itemId === itemId);
  const moves = arrival?.villages[villageId] ?? {};
  const moved = report.items
    .filter((i) => moves[i.id] && moves[i.id].after !== moves[i.id].before)
    .sort((a, b) => Math.abs(moves[b.id].after - moves[b.id].before) - Math.abs(moves[a.id].after - moves[a.id].before))
    .slice(0, MAX_ROWS);
  const items = moved.length ? moved : report.items.filter((i) => HEADLINE.includes(i.id));
  const total = arrival ? Object.values(arrival.counts).reduce((x, y) => x + (y ?? 0), 0) : 0;
  return (
    <section class={`ds-panel ds-moment${moved.length ? ' has-news' : ''}`} aria-labelledby="ds-moment-title">
      <h2 id="ds-moment-title">{t(moved.length ? 'moment.titleNew' : 'moment.title', { village: village?.name ?? '' })}</h2>
      <p class="ds-moment-news" role="status">
        {arrival ? t('moment.arrived', { time: formatTime(arrival.at), count: total, from: arrival.from }) : t('moment.none')}
      </p>
      <ul class="ds-moment-rows">
        {items.map((item) => {
          const r = row(villageId, item.id);
          const c = row(COMMUNE_ROW, item.id);
          const m: Move | undefined = moved.length ? moves[item.id] : undefined;
          const cm: Move | undefined = moved.length ? arrival?.moved[item.id] : undefined;
          const up = m ? m.after - m.before : 0;
          return (
            <li key={item.id} class={`ds-moment-tile${m ? ' changed' : ''}`} data-item={item.id}>
              <span class="ds-moment-name">{item.short[lang]}</span>
              <CountUp class="ds-moment-pct" from={pctOr0(m ? m.pctBefore : (r?.pct ?? null))} to={pctOr0(r?.pct ?? null)} format={pct} />
              {m && up !== 0 && (
                <span class="ds-delta">
                  {t(item.level === 'household' ? 'moment.households' : 'moment.people', { count: up, sign: up > 0 ? '+' : '−', n: formatNumber(Math.abs(up)), item: item.short[lang] })}
                </span>
              )}
              {m && <span class="ds-moment-from">{t('moment.from', { value: pct(m.pctBefore) })}</span>}
              <span class="ds-moment-commune">
                {cm ? t('moment.communeMoved', { from: pct(cm.pctBefore), to: pct(cm.pctAfter) }) : t('moment.commune', { value: pct(c?.pct ?? null) })}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
};
