import type { ReportText, TalliesReport } from '../../core/report/shapes.ts';
import type { RouteProps } from '../router.ts';
import { useT } from '../i18n/i18n.ts';
import { Figures } from './Dashboard.tsx';
import { ErrorBox } from './ErrorBox.tsx';
import { date, dateTime, periodName } from './fmt.ts';
import { href } from './links.ts';
import { OfficerLayout } from './OfficerLayout.tsx';
import { periodFromUrl } from './PeriodPicker.tsx';
import { useApi } from './useApi.ts';

// The dashboard laid out for an A4 sheet (landscape tables fit the width): title block, every figure with its
// as-of time, the officer's difficulties and proposals, and a signature line. The screen shows a toolbar to print;
// the printout shows only the report.
export const Print = (_: RouteProps) => <OfficerLayout area="dashboard">{() => <PrintBody />}</OfficerLayout>;

const PrintBody = () => {
  const t = useT('officer');
  const period = periodFromUrl();
  const { data: r, error, reload } = useApi<TalliesReport>(`/api/reports/tallies?period=${period.key}`);
  const text = useApi<ReportText>(`/api/reports/text?period=${period.key}`);
  return (
    <div class="o-print">
      <div class="btn-row no-print">
        <a class="btn ghost" href={href('/officer')}>
          ‹ {t('print.back')}
        </a>
        <button type="button" class="btn primary" disabled={!r} onClick={() => window.print()}>
          {t('print.print')}
        </button>
        <span class="hint">{t('print.hint')}</span>
      </div>
      {error ? (
        <ErrorBox error={error} onRetry={() => void reload()} />
      ) : !r ? (
        <p class="loading">{t('loading')}</p>
      ) : (
        <article class="sheet">
          <header class="sheet-head">
            <p class="sheet-unit">
              {r.commune.provinceName}
              <br />
              <strong>{r.commune.name}</strong>
            </p>
            <h1>{t('export.title')}</h1>
            <p>
              {t('export.periodLine', { period: periodName(t, r.period), from: date(r.period.from), to: date(r.period.to) })}
              <br />
              {t('export.asOfLine', { when: dateTime(r.asOf) })}
            </p>
          </header>
          <Figures r={r} print />
          <p class="hint">{t('export.note')}</p>
          <section class="sheet-texts">
            {(['difficulties', 'proposals'] as const).map((k) => (
              <div key={k}>
                <h2>{t(`export.section.${k}`)}</h2>
                <p class="sheet-text">{text.data ? text.data[k].trim() || t('export.section.empty') : t('loading')}</p>
              </div>
            ))}
          </section>
          <footer class="sheet-sign">
            <p>{t('print.place', { date: date(r.asOf) })}</p>
            <p>
              <strong>{t('print.signer')}</strong>
              <br />
              <em>{t('print.signHint')}</em>
            </p>
          </footer>
        </article>
      )}
    </div>
  );
};
