import { useEffect, useState } from 'preact/hooks';
import type { HouseholdSummary, TalliesReport } from '../../core/report/shapes.ts';
import type { RouteProps } from '../router.ts';
import { useT } from '../i18n/i18n.ts';
import { ErrorBox } from './ErrorBox.tsx';
import { date, dateTime, num, periodName } from './fmt.ts';
import { AsOf, FreshnessText } from './Freshness.tsx';
import { IndicatorTable } from './IndicatorTable.tsx';
import { href } from './links.ts';
import { OfficerLayout } from './OfficerLayout.tsx';
import { periodFromUrl, PeriodPicker } from './PeriodPicker.tsx';
import { useApi } from './useApi.ts';

// One village: its indicators, its activity in the period, and its households (read-only) to drill into.
type Page = { village: { id: string; name: string; kind: string }; total: number; offset: number; households: HouseholdSummary[] };
const PAGE = 50;

export const VillageView = ({ params }: RouteProps) => (
  <OfficerLayout area="dashboard">{() => <VillageBody id={params.id} />}</OfficerLayout>
);

const VillageBody = ({ id }: { id: string }) => {
  const t = useT('officer');
  const period = periodFromUrl();
  const report = useApi<TalliesReport>(`/api/reports/tallies?period=${period.key}`);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const h = setTimeout(() => {
      setQuery(q);
      setOffset(0);
    }, 250);
    return () => clearTimeout(h);
  }, [q]);
  const page = useApi<Page>(`/api/reports/villages/${encodeURIComponent(id)}/households`, { limit: PAGE, offset, q: query });
  const r = report.data;
  const v = r?.villages.find((x) => x.id === id);
  return (
    <>
      <p class="backlink no-print">
        <a href={href('/officer')}>‹ {t('village.back')}</a>
      </p>
      <div class="o-head">
        <h1>{v?.name ?? page.data?.village.name ?? t('village.title')}</h1>
        <PeriodPicker period={period} />
      </div>
      {report.error ? (
        <ErrorBox error={report.error} onRetry={() => void report.reload()} />
      ) : !r ? (
        <p class="loading">{t('loading')}</p>
      ) : !v ? (
        <ErrorBox error={page.error ?? new Error('not-found')} />
      ) : (
        <>
          <div class="asof-line">
            <AsOf asOf={r.asOf} late={r.late} />
            <span>
              {t('freshness.label')}: <FreshnessText f={v.freshness} />
            </span>
          </div>
          <ul class="o-stats">
            <li>
              <span class="stat-n">{num(v.households)}</span>
              <span class="stat-l">{t('dashboard.households')}</span>
            </li>
            <li>
              <span class="stat-n">{num(v.residents)}</span>
              <span class="stat-l">{t('dashboard.residents')}</span>
            </li>
            <li>
              <span class="stat-n">{num(v.visits)}</span>
              <span class="stat-l">{t('dashboard.visits')}</span>
            </li>
            <li>
              <span class="stat-n">{num(v.dossiers)}</span>
              <span class="stat-l">{t('dashboard.dossiers')}</span>
            </li>
            <li>
              <span class="stat-n">{num(v.sessions)}</span>
              <span class="stat-l">{t('dashboard.sessions', { attendees: num(v.attendees) })}</span>
            </li>
            <li>
              <span class="stat-n">{num(v.residentsReached)}</span>
              <span class="stat-l">{t('dashboard.reached')}</span>
            </li>
            <li class={v.followUpsOverdue > 0 ? 'warn' : ''}>
              <span class="stat-n">{num(v.followUpsOverdue)}</span>
              <span class="stat-l">{t('dashboard.overdue', { open: num(v.followUpsOpen) })}</span>
            </li>
          </ul>
          <h2>{t('dashboard.indicators')}</h2>
          <IndicatorTable caption={t('dashboard.indicatorsCaption', { unit: v.name, period: periodName(t, r.period) })} items={r.items} rows={r.rows.filter((x) => x.villageId === id)} />
        </>
      )}

      <h2 id="households">{t('village.households')}</h2>
      <div class="field search">
        <label for="hh-search">{t('village.search')}</label>
        <input id="hh-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder={t('village.searchHint')} />
      </div>
      {page.error ? (
        <ErrorBox error={page.error} onRetry={() => void page.reload()} />
      ) : !page.data ? (
        <p class="loading">{t('loading')}</p>
      ) : page.data.total === 0 ? (
        <p class="empty">{query ? t('village.noMatch') : t('village.noHouseholds')}</p>
      ) : (
        <>
          <p class="count" aria-live="polite">
            {t('village.showing', { from: num(page.data.offset + 1), to: num(page.data.offset + page.data.households.length), total: num(page.data.total) })}
          </p>
          <div class="table-wrap" role="region" tabIndex={0} aria-label={t('village.households')}>
            <table class="o-table">
              <caption class="sr-only">{t('village.households')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('household.house')}</th>
                  <th scope="col">{t('household.head')}</th>
                  <th scope="col" class="n">
                    {t('household.residents')}
                  </th>
                  <th scope="col" class="n">
                    {t('household.done')}
                  </th>
                  <th scope="col">{t('household.lastVisit')}</th>
                  <th scope="col">{t('household.followUp')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.households.map((h) => (
                  <tr key={h.id}>
                    <td>{h.houseLabel || '—'}</td>
                    <th scope="row">
                      <a href={href(`/officer/households/${encodeURIComponent(h.id)}`)}>{h.headName}</a>
                      {h.flags.map((f) => (
                        <span class="tag" key={f}>
                          {t(`householdFlag.${f}`)}
                        </span>
                      ))}
                    </th>
                    <td class="n">{num(h.residents)}</td>
                    <td class="n">{num(h.done)}</td>
                    <td>{h.lastVisitAt ? dateTime(h.lastVisitAt) : <span class="muted">{t('household.never')}</span>}</td>
                    <td>{h.followUpOn ? date(h.followUpOn) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="btn-row">
            <button type="button" class="btn ghost" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              ‹ {t('village.prevPage')}
            </button>
            <button type="button" class="btn ghost" disabled={offset + PAGE >= page.data.total} onClick={() => setOffset(offset + PAGE)}>
              {t('village.nextPage')} ›
            </button>
          </div>
        </>
      )}
    </>
  );
};
