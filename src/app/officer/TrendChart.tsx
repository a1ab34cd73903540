import { formatNumber } from '../i18n/format.ts';
import { useT } from '../i18n/i18n.ts';
import { date, pct } from './fmt.ts';

// A small inline SVG of an indicator's rate at the end of each week of the period, scaled to its own range so a
// few points of progress show, with the change written beside it in percentage points. The figures are also in
// the chart's label for screen readers.
export const TrendChart = ({ weeks, cumulative, denominator, label }: { weeks: string[]; cumulative: number[]; denominator: number; label: string }) => {
  const t = useT('officer');
  if (!weeks.length || denominator <= 0) return <span class="muted">—</span>;
  const rates = cumulative.map((c) => (c * 100) / denominator);
  const w = 96;
  const h = 28;
  const lo = Math.max(0, Math.min(...rates) - 1);
  const hi = Math.max(...rates, lo + 10);
  const x = (i: number) => (weeks.length === 1 ? w / 2 : (i * (w - 4)) / (weeks.length - 1) + 2);
  const y = (r: number) => h - 3 - ((r - lo) / (hi - lo)) * (h - 6);
  const points = rates.map((r, i) => `${x(i).toFixed(1)},${y(r).toFixed(1)}`).join(' ');
  const first = rates[0];
  const last = rates[rates.length - 1];
  const delta = Math.round((last - first) * 10) / 10;
  const change = delta > 0 ? t('trend.up', { value: formatNumber(delta, 1) }) : delta < 0 ? t('trend.down', { value: formatNumber(-delta, 1) }) : t('trend.flat');
  const words = t('trend.summary', { label, from: pct(first), to: pct(last), weeks: weeks.length, start: date(weeks[0]) });
  return (
    <span class="trend-wrap">
      <svg class="trend" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={words}>
        <title>{words}</title>
        <polyline points={points} class="trend-line" />
        <circle cx={x(rates.length - 1)} cy={y(last)} r="2.5" class="trend-dot" />
      </svg>
      <small class={delta > 0 ? 'trend-up' : 'muted'} aria-hidden="true">
        {change}
      </small>
    </span>
  );
};
