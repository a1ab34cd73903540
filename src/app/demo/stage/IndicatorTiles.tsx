import { COMMUNE_ROW } from '../../../core/report/rows.ts';
import type { TalliesReport } from '../../../core/report/shapes.ts';
import { formatNumber } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { BandBadge } from '../../officer/BandBadge.tsx';
import { pct } from '../../officer/fmt.ts';
import { CountUp } from './CountUp.tsx';
import type { Arrival } from './useDemoReport.ts';

// The commune's indicators as large tiles for the room: the rate with its numerator and denominator, a bar with the
// target marked on it, the band in words, and — just after phones synced — how much each one moved, the rate
// counting up from where it was. `only`: these indicators, in this order (the walkthrough's overview).
type Props = { report: TalliesReport; moved: Arrival['moved']; only?: readonly string[] };

export const IndicatorTiles = ({ report, moved, only }: Props) => {
  const t = useT('demo');
  const lang = currentLang();
  const rows = new Map(report.rows.filter((r) => r.villageId === COMMUNE_ROW).map((r) => [r.itemId, r]));
  const items = only ? only.map((id) => report.items.find((i) => i.id === id)).filter((i) => !!i) : report.items;
  return (
    <ul class={`ds-tiles${only ? ' is-few' : ''}`} aria-label={t('dash.tilesLabel', { commune: report.commune.name })}>
      {items.map((item) => {
        const r = rows.get(item.id);
        if (!r) return null;
        const m = moved[item.id];
        const up = m ? m.after - m.before : 0;
        return (
          <li key={item.id} class={`ds-tile b-${r.band ?? 'none'}${up ? ' changed' : ''}`} data-item={item.id}>
            <span class="ds-tile-name">
              <span aria-hidden="true">{item.short[lang]}</span>
              <span class="sr-only">{item.label[lang]}</span>
            </span>
            <CountUp class="ds-tile-pct" from={m?.pctBefore ?? r.pct ?? 0} to={r.pct ?? 0} format={(n) => pct(r.pct === null ? null : n)} />
            <span class="ds-tile-frac">{t('dash.fraction', { numerator: formatNumber(r.numerator), denominator: formatNumber(r.denominator) })}</span>
            <span class="ds-meter" aria-hidden="true">
              <span class="ds-meter-fill" style={{ width: `${Math.min(100, r.pct ?? 0)}%` }} />
              {r.target && <span class="ds-meter-target" style={{ left: `${Math.min(100, r.target.value)}%` }} />}
            </span>
            <span class="ds-tile-foot">
              <span>{r.target ? t('dash.target', { value: pct(r.target.value) }) : t('dash.noTarget')}</span>
              <BandBadge band={r.band} />
            </span>
            {m && up !== 0 && (
              <span class="ds-tile-delta">
                {up > 0 ? '▲' : '▼'} {t(up > 0 ? 'dash.up' : 'dash.down', { count: Math.abs(up), from: pct(m.pctBefore) })}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
};
