import { impliedBy, type CatalogueItem } from '../../core/model/checklist.ts';
import { ruleText, type IndicatorRow } from '../../core/report/rows.ts';
import type { TrendSeries } from '../../core/report/shapes.ts';
import { currentLang, useT } from '../i18n/i18n.ts';
import { BandBadge } from './BandBadge.tsx';
import { date, num, pct } from './fmt.ts';
import { TrendChart } from './TrendChart.tsx';

// One unit's indicators (the commune, or one village): result with its numerator and denominator (and who the
// denominator counts), the target it is measured against, the share of the target and the band, and the weekly
// trend. On a narrow screen each row becomes a card (labels come from data-label).
export const IndicatorTable = ({
  caption,
  items,
  rows,
  trend,
  weeks,
}: {
  caption: string;
  items: CatalogueItem[];
  rows: IndicatorRow[];
  trend?: TrendSeries[];
  weeks?: string[];
}) => {
  const t = useT('officer');
  const lang = currentLang();
  const cols = {
    item: t('table.indicator'),
    result: t('table.result'),
    target: t('table.target'),
    ofTarget: t('table.ofTarget'),
    band: t('table.band'),
    trend: t('table.trend'),
  };
  return (
    <div class="table-wrap" role="region" tabIndex={0} aria-label={caption}>
      <table class="o-table indicators">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{cols.item}</th>
            <th scope="col" class="n">
              {cols.result}
            </th>
            <th scope="col" class="n">
              {cols.target}
            </th>
            <th scope="col" class="n">
              {cols.ofTarget}
            </th>
            <th scope="col">{cols.band}</th>
            {trend && <th scope="col">{cols.trend}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const r = rows.find((x) => x.itemId === item.id);
            if (!r) return null;
            const rule = ruleText(item.rule);
            const series = trend?.find((s) => s.itemId === item.id);
            return (
              <tr key={item.id} class={`b-${r.band ?? 'none'}`}>
                <th scope="row" data-label={cols.item}>
                  <span class="ind-name">{item.label[lang]}</span>
                  <small class="muted">{t(rule.key, rule.params)}</small>
                  {impliedBy(item.id).flatMap((id) => items.filter((i) => i.id === id)).map((i) => (
                    <small key={i.id} class="muted">
                      {t('table.includesImplied', { item: i.short[lang] })}
                    </small>
                  ))}
                </th>
                <td class="n" data-label={cols.result}>
                  <span class="cv">
                    <strong>{pct(r.pct)}</strong>
                    <small class="muted">{t('table.fraction', { numerator: num(r.numerator), denominator: num(r.denominator) })}</small>
                  </span>
                </td>
                <td class="n" data-label={cols.target}>
                  <span class="cv">
                    {r.target ? (
                      <>
                        {pct(r.target.value)}
                        <small class="muted">
                          {t(r.target.unit === 'village' ? 'table.targetVillage' : 'table.targetCommune', { date: date(r.target.dueOn) })}
                        </small>
                      </>
                    ) : (
                      <span class="muted">{t('table.noTarget')}</span>
                    )}
                  </span>
                </td>
                <td class="n" data-label={cols.ofTarget}>
                  <span class="cv">{pct(r.ofTarget)}</span>
                </td>
                <td data-label={cols.band}>
                  <span class="cv">
                    <BandBadge band={r.band} noData={!!r.target && r.denominator === 0} />
                  </span>
                </td>
                {trend && (
                  <td data-label={cols.trend}>
                    <span class="cv">
                      {series && weeks ? <TrendChart weeks={weeks} cumulative={series.cumulative} denominator={r.denominator} label={item.short[lang]} /> : '—'}
                    </span>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};
