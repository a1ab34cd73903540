import type { ProcedureField, SessionKind } from '../../core/model/enums.ts';
import { COMMUNE_ROW } from '../../core/report/rows.ts';
import type { TalliesReport } from '../../core/report/shapes.ts';
import type { RouteProps } from '../router.ts';
import { currentLang, useT } from '../i18n/i18n.ts';
import { BandBadge } from './BandBadge.tsx';
import { DataTable } from './DataTable.tsx';
import { num, pct, periodName } from './fmt.ts';
import { AsOf, FreshnessText } from './Freshness.tsx';
import { IndicatorTable } from './IndicatorTable.tsx';
import { href } from './links.ts';
import { Loaded } from './Loaded.tsx';
import { OfficerLayout } from './OfficerLayout.tsx';
import { DueLine, periodFromUrl, PeriodPicker } from './PeriodPicker.tsx';
import { useApi } from './useApi.ts';

// The commune at a glance for a period: every indicator against its target, each village, online dossiers,
// group sessions and overdue follow-ups, with the as-of time and how fresh the data is.
export const Dashboard = (_: RouteProps) => (
  <OfficerLayout area="dashboard">{() => <DashboardBody />}</OfficerLayout>
);

const DashboardBody = () => {
  const t = useT('officer');
  const period = periodFromUrl();
  const report = useApi<TalliesReport>(`/api/reports/tallies?period=${period.key}`);
  return (
    <>
      <div class="o-head">
        <h1>{t('dashboard.title')}</h1>
        <PeriodPicker period={period} />
        <DueLine period={period} />
      </div>
      <Loaded state={report}>{(r) => <Figures r={r} busy={report.loading} />}</Loaded>
    </>
  );
};

// noLinks: no links into the workspace (the trainer demo shows these figures with no workspace behind them).
// Indicators per village table on paper (A4 landscape).
const PRINT_ITEMS = 5;
const chunk = <T,>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.max(1, Math.ceil(xs.length / n)) }, (_, i) => xs.slice(i * n, i * n + n));

export const Figures = ({ r, busy, print = false, noLinks = print }: { r: TalliesReport; busy?: boolean; print?: boolean; noLinks?: boolean }) => {
  const t = useT('officer');
  const lang = currentLang();
  const total = r.total;
  const communeRows = r.rows.filter((x) => x.villageId === COMMUNE_ROW);
  const dossierTotal = r.dossiers.reduce((a, d) => a + d.count, 0);
  const byField = new Map<ProcedureField, number>();
  for (const d of r.dossiers) byField.set(d.field, (byField.get(d.field) ?? 0) + d.count);
  const byKind = new Map<SessionKind, { sessions: number; attendees: number }>();
  for (const s of r.sessionKinds) {
    const k = byKind.get(s.kind) ?? { sessions: 0, attendees: 0 };
    k.sessions += s.sessions;
    k.attendees += s.attendees;
    byKind.set(s.kind, k);
  }
  // Every village × every indicator at once (the village column stays in view when the table scrolls sideways).
  const rowOf = new Map(r.rows.map((x) => [`${x.villageId}|${x.itemId}`, x]));
  return (
    <div aria-busy={busy || undefined}>
      <div class="asof-line">
        <AsOf asOf={r.asOf} late={r.late} />
        <span>
          {t('freshness.label')}: <FreshnessText f={total.freshness} />
        </span>
        {!noLinks && (
          <a class="btn ghost small no-print" href={href('/officer/print')}>
            {t('dashboard.print')}
          </a>
        )}
      </div>
      <ul class="o-stats" aria-label={t('dashboard.statsLabel', { period: periodName(t, r.period) })}>
        <li>
          <span class="stat-n">{num(total.households)}</span>
          <span class="stat-l">{t('dashboard.households')}</span>
        </li>
        <li>
          <span class="stat-n">{num(total.residents)}</span>
          <span class="stat-l">{t('dashboard.residents')}</span>
        </li>
        <li>
          <span class="stat-n">{num(total.visits)}</span>
          <span class="stat-l">{t('dashboard.visits')}</span>
        </li>
        <li>
          <span class="stat-n">{num(dossierTotal)}</span>
          <span class="stat-l">{t('dashboard.dossiers')}</span>
        </li>
        <li>
          <span class="stat-n">{num(total.sessions)}</span>
          <span class="stat-l">{t('dashboard.sessions', { attendees: num(total.attendees) })}</span>
        </li>
        <li>
          <span class="stat-n">{num(total.residentsReached)}</span>
          <span class="stat-l">{t('dashboard.reached')}</span>
        </li>
        <li class={total.followUpsOverdue > 0 ? 'warn' : ''}>
          <span class="stat-n">{num(total.followUpsOverdue)}</span>
          <span class="stat-l">{t('dashboard.overdue', { open: num(total.followUpsOpen) })}</span>
        </li>
      </ul>

      <h2>{t('dashboard.indicators')}</h2>
      {r.items.length === 0 ? (
        <p class="empty">{t('dashboard.noItems')}</p>
      ) : (
        <IndicatorTable caption={t('dashboard.indicatorsCaption', { unit: r.commune.name, period: periodName(t, r.period) })} items={r.items} rows={communeRows} trend={r.trend.series} weeks={r.trend.weeks} />
      )}
      <p class="hint">{t('dashboard.howCounted')}</p>

      <h2>{t('dashboard.villages')}</h2>
      {r.villages.length === 0 ? (
        <p class="empty">
          {t('dashboard.noVillages')} <a href={href('/officer/admin/villages')}>{t('dashboard.addVillages')}</a>
        </p>
      ) : (
        <>
          {(print ? [...chunk(r.items, PRINT_ITEMS), []] : [r.items]).map((items, part, parts) => {
            // On paper the matrix is cut into tables of a few indicators each, then one of the activity columns, so
            // each fits an A4 page's width; on screen it is one table that scrolls sideways.
            const activity = part === parts.length - 1;
            return (
              <DataTable
                key={part}
                label={parts.length > 1 ? `${t('dashboard.villages')} (${part + 1}/${parts.length})` : t('dashboard.villages')}
                caption={t('dashboard.villagesAllCaption', { count: r.items.length })}
                class="villages matrix"
                cols={[
                  t('table.village'),
                  ...items.map((i) => ({ n: i.short[lang] })),
                  ...(activity ? [{ n: t('table.households') }, { n: t('table.visits') }, { n: t('table.sessions') }, { n: t('table.overdue') }, t('freshness.label')] : []),
                ]}
              >
                {r.villages.map((v) => (
                  <tr key={v.id}>
                    <th scope="row" class="sticky">
                      {noLinks ? v.name : <a href={href(`/officer/villages/${encodeURIComponent(v.id)}`)}>{v.name}</a>}
                    </th>
                    {items.map((i) => {
                      const row = rowOf.get(`${v.id}|${i.id}`);
                      return (
                        <td class="n" key={i.id} data-item={i.id}>
                          {row ? (
                            <>
                              <strong>{pct(row.pct)}</strong> <BandBadge band={row.band} noData={!!row.target && row.denominator === 0} compact />
                              <small class="muted">{t('table.fraction', { numerator: num(row.numerator), denominator: num(row.denominator) })}</small>
                            </>
                          ) : (
                            '—'
                          )}
                        </td>
                      );
                    })}
                    {activity && (
                      <>
                        <td class="n">{num(v.households)}</td>
                        <td class="n">{num(v.visits)}</td>
                        <td class="n">{num(v.sessions)}</td>
                        <td class={`n${v.followUpsOverdue > 0 ? ' warn-text' : ''}`}>{num(v.followUpsOverdue)}</td>
                        <td>
                          <FreshnessText f={v.freshness} short />
                        </td>
                      </>
                    )}
                  </tr>
                ))}
              </DataTable>
            );
          })}
        </>
      )}

      <div class="o-two">
        <section>
          <h2>{t('dashboard.dossierFields')}</h2>
          {dossierTotal === 0 ? (
            <p class="empty">{t('dashboard.noDossiers')}</p>
          ) : (
            <DataTable label={t('dashboard.dossierFields')} class="bars">
              {[...byField]
                .sort((a, b) => b[1] - a[1])
                .map(([field, count]) => (
                  <tr key={field}>
                    <th scope="row">{t(`procedure.${field}`)}</th>
                    <td class="n">{num(count)}</td>
                    <td class="bar-cell" aria-hidden="true">
                      <span class="bar" style={{ width: `${Math.max(2, (count * 100) / dossierTotal)}%` }} />
                    </td>
                  </tr>
                ))}
            </DataTable>
          )}
        </section>
        <section>
          <h2>{t('dashboard.sessionKinds')}</h2>
          {total.sessions === 0 ? (
            <p class="empty">{t('dashboard.noSessions')}</p>
          ) : (
            <DataTable label={t('dashboard.sessionKinds')} cols={[t('table.kind'), { n: t('table.sessions') }, { n: t('table.attendees') }]}>
              {[...byKind].map(([kind, k]) => (
                <tr key={kind}>
                  <th scope="row">{t(`sessionKind.${kind}`)}</th>
                  <td class="n">{num(k.sessions)}</td>
                  <td class="n">{num(k.attendees)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      </div>
    </div>
  );
};
