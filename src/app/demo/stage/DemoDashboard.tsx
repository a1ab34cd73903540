import type { Target } from '../../../core/model/people.ts';
import { useT } from '../../i18n/i18n.ts';
import { Figures } from '../../officer/Dashboard.tsx';
import { periodName } from '../../officer/fmt.ts';
import { ExportButton } from './ExportPanel.tsx';
import { IndicatorTiles } from './IndicatorTiles.tsx';
import { PERIOD_CHOICES, type DemoFigures, type PeriodChoice } from './useDemoReport.ts';

// The commune officer's dashboard, fed by the demo server: the indicators as tiles, the export,
// and underneath the officer workspace's own figures (the same component, the same numbers).
type Props = { figures: DemoFigures | undefined; targets: readonly Target[]; choice: PeriodChoice; onChoice: (c: PeriodChoice) => void; onExported: () => void; projector: boolean };

export const DemoDashboard = ({ figures, targets, choice, onChoice, onExported, projector }: Props) => {
  const t = useT('demo');
  const to = useT('officer');
  const r = figures?.report;
  const a = figures?.arrival;
  return (
    <section class="ds-dash officer" aria-labelledby="ds-dash-title" aria-busy={!r}>
      <div class="ds-dash-head">
        <h2 id="ds-dash-title">
          {t('dash.title')}
          {r && <span class="ds-dash-unit">{r.commune.name}</span>}
        </h2>
        <label class="ds-field">
          <span>{t('dash.period')}</span>
          <select value={choice} onChange={(e) => onChoice(e.currentTarget.value as PeriodChoice)}>
            {PERIOD_CHOICES.map((c) => (
              <option key={c} value={c}>
                {t(`dash.periods.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <ExportButton report={r} targets={targets} onExported={onExported} />
      </div>
      {!r ? (
        <p class="loading">{t('loading')}</p>
      ) : (
        <>
          <p class="ds-period">{periodName(to, r.period)}</p>
          <IndicatorTiles report={r} moved={a?.moved ?? {}} />
          {/* Open on a laptop; closed on a projector (the tiles say it in large type) and on a phone (it is long). */}
          <details class="ds-details" open={!projector && !matchMedia('(max-width: 56rem)').matches}>
            <summary>{t('dash.details')}</summary>
            <Figures r={r} noLinks />
          </details>
        </>
      )}
    </section>
  );
};
