import type { Band } from '../../core/tally/bands.ts';
import { bandKey } from '../../core/report/rows.ts';
import { useT } from '../i18n/i18n.ts';

// A band in words, with a colour and a shape: the colour is never the only signal.
const SHAPES: Record<Band | 'none', string> = {
  met: 'M4 12.5l5 5L20 6.5',
  'above-80': 'M5 16l6-6 4 4 5-6M15 8h5v5',
  '50-80': 'M4 12h16',
  'below-50': 'M12 5v9M12 18.5v.5',
  none: 'M8 12h8',
};

// noData: there is a target but nobody to count yet (no eligible people recorded): says so, not "no target".
// compact: the shape and colour only (the words for screen readers and as a tooltip), for a matrix of figures.
export const BandBadge = ({ band, noData = false, compact = false }: { band: Band | null; noData?: boolean; compact?: boolean }) => {
  const t = useT('officer');
  const b = band ?? 'none';
  const words = band === null && noData ? t('band.noData') : t(bandKey(band));
  if (compact)
    return (
      <span class={`band band-${b} compact`} title={words}>
        <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
          <path d={SHAPES[b]} fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
        <span class="sr-only">{words}</span>
      </span>
    );
  return (
    <span class={`band band-${b}`}>
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <path d={SHAPES[b]} fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      {words}
    </span>
  );
};
