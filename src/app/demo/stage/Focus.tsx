import type { ComponentChildren } from 'preact';
import type { TalliesReport } from '../../../core/report/shapes.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.ts';
import { IndicatorTiles } from './IndicatorTiles.tsx';
import { Moment } from './Moment.tsx';
import type { Focus as FocusKind } from './steps.ts';
import type { Arrival, DemoFigures } from './useDemoReport.ts';
import type { PhoneState } from './usePhoneState.ts';

// Beside the phone while the walkthrough is open: the walkthrough's card and, under it, only the part of the
// dashboard the step is about, so that a step never needs scrolling on a projected screen.
export const OVERVIEW_ITEMS = ['vneid-l2', 'smartphone'] as const;

type Props = {
  focus: FocusKind;
  walk: ComponentChildren;
  figures: DemoFigures | undefined;
  phone: PhoneState | undefined;
  phonePanel: ComponentChildren; // the invite, or the phone's outbox
  exportPanel: ComponentChildren;
  provincePanel: ComponentChildren;
};

const Overview = ({ report, moved }: { report: TalliesReport; moved: Arrival['moved'] }) => {
  const t = useT('demo');
  return (
    <section class="ds-panel ds-overview" aria-labelledby="ds-overview-title">
      <h2 id="ds-overview-title">
        {report.commune.name}
        <span class="ds-overview-sub">
          {t('overview.counts', { villages: report.villages.length, households: formatNumber(report.total.households), residents: formatNumber(report.total.residents) })}
        </span>
      </h2>
      <IndicatorTiles report={report} moved={moved} only={OVERVIEW_ITEMS} />
    </section>
  );
};

export const Focus = ({ focus, walk, figures, phone, phonePanel, exportPanel, provincePanel }: Props) => {
  const r = figures?.report;
  return (
    <div class="ds-focus" data-focus={focus}>
      {walk}
      {focus === 'overview' && r && <Overview report={r} moved={figures?.arrival?.moved ?? {}} />}
      {(focus === 'invite' || focus === 'outbox') && phonePanel}
      {focus === 'moment' && r && <Moment report={r} arrival={figures?.arrival} villageIds={phone?.member?.villageIds ?? []} />}
      {focus === 'province' && provincePanel}
      {focus === 'export' && exportPanel}
    </div>
  );
};
