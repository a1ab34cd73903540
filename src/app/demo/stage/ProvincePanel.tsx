import type { ProvinceReport } from '../../../core/report/province.ts';
import { formatNumber, formatTime } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { BandBadge } from '../../officer/BandBadge.tsx';
import { pct } from '../../officer/fmt.ts';

// The province view, for the room: the sample province's communes ranked on the indicators the story is about
// (the same report a province admin opens at /officer), the demo's own commune marked. Two indicators side by side
// where the screen is wide enough, one where it is not.
export const PROVINCE_ITEMS = ['vneid-l2', 'smartphone'] as const;

export const ProvincePanel = ({ report, communeId }: { report: ProvinceReport | undefined; communeId: string }) => {
  const t = useT('demo');
  const lang = currentLang();
  if (!report) return <p class="ds-panel ds-province is-loading">{t('province.loading')}</p>;
  return (
    <section class="ds-panel ds-province" aria-labelledby="ds-province-title">
      <h2 id="ds-province-title">
        {t('province.title', { province: report.province.name })}
        <span class="ds-overview-sub">
          {t('province.sub', { count: report.communes.length, households: formatNumber(report.total.households), time: formatTime(report.generatedAt) })}
        </span>
      </h2>
      <div class="ds-province-cols">
        {PROVINCE_ITEMS.map((itemId) => {
          const k = report.items.findIndex((i) => i.id === itemId);
          if (k < 0) return null;
          const item = report.items[k];
          const ranked = [...report.communes].sort((a, b) => (a.cells[k].rank ?? 1e9) - (b.cells[k].rank ?? 1e9));
          return (
            <section key={itemId} class="ds-province-item" data-item={itemId} aria-labelledby={`ds-province-${itemId}`}>
              <h3 id={`ds-province-${itemId}`}>{item.short[lang]}</h3>
              <ol class="ds-province-rank">
                {ranked.map((c) => {
                  const cell = c.cells[k];
                  const ours = c.id === communeId;
                  return (
                    <li key={c.id} class={`ds-province-row b-${cell.band ?? 'none'}${ours ? ' is-demo' : ''}`} data-commune={c.name}>
                      <span class="ds-province-no" aria-label={t('province.rankLabel', { rank: cell.rank ?? '—', total: ranked.length })}>
                        {cell.rank ?? '—'}
                      </span>
                      <strong class="ds-province-name">{c.name}</strong>
                      <span class="ds-province-meta">
                        {ours && <span class="ds-province-ours">{t('province.ours')}</span>}
                        <span class="ds-province-frac">{t('dash.fraction', { numerator: formatNumber(cell.numerator), denominator: formatNumber(cell.denominator) })}</span>
                        <BandBadge band={cell.band} />
                      </span>
                      <span class="ds-province-pct" data-figure>
                        {pct(cell.pct)}
                      </span>
                    </li>
                  );
                })}
              </ol>
            </section>
          );
        })}
      </div>
    </section>
  );
};
