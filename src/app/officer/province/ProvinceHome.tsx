import type { ProvinceReport } from '../../../core/report/province.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { download } from '../api.ts';
import { BandBadge } from '../BandBadge.tsx';
import { DataTable } from '../DataTable.tsx';
import { date, dateTime, num, pct } from '../fmt.ts';
import type { Band } from '../../../core/tally/bands.ts';
import { href } from '../links.ts';
import { Loaded } from '../Loaded.tsx';
import { DueLine, periodFromUrl, PeriodPicker } from '../PeriodPicker.tsx';
import type { Session } from '../session.ts';
import { useApi } from '../useApi.ts';
import { ProvinceCommunes } from './ProvinceCommunes.tsx';

// The province admin's workspace (/officer with no commune chosen): every indicator of every commune against its
// target, ranks, band counts, change since the previous period, teams and devices, the communes' own words; each
// commune opens into the same screens its officer has.
export const ProvinceHome = ({ session }: { session: Session }) => {
  const t = useT('officer');
  const period = periodFromUrl();
  const report = useApi<ProvinceReport>(`/api/reports/province?period=${period.key}`);
  const province = session.communes[0]?.provinceName ?? '';
  return (
    <>
      <div class="o-head">
        <h1>{t('province.heading', { province })}</h1>
        <PeriodPicker period={period} />
        <DueLine period={period} />
      </div>
      <Loaded state={report}>{(r) => <ProvinceFigures r={r} busy={report.loading} />}</Loaded>
      <ProvinceCommunes onChange={() => void report.reload()} />
    </>
  );
};

const bandOfKey = (k: string): Band | null => (k === 'band.none' ? null : (k.slice(5) as Band));

// Which communes sent the period's report, whether by the due date (the 5th of the period's last month), and
// whether their figures changed since.
const Submissions = ({ r }: { r: ProvinceReport }) => {
  const t = useT('officer');
  const sent = r.communes.filter((c) => c.submission);
  const onTime = sent.filter((c) => c.submission!.onTime).length;
  return (
    <section class="panel" aria-labelledby="subs-title">
      <h2 id="subs-title">{t('province.submissionsTitle')}</h2>
      <p class="province-subs">
        {t('province.submissionsLine', { sent: sent.length, total: r.communes.length, onTime, date: r.dueOn ? date(r.dueOn) : '—' })}
      </p>
      {r.communes.length > 0 && (
        <DataTable label={t('province.submissionsTitle')} class="wrap-names cards" cols={[t('province.col.commune'), t('province.col.firstSubmitted'), t('province.col.onTime', { date: r.dueOn ? date(r.dueOn) : '—' }), { n: t('province.col.changedSince') }]}>
          {r.communes.map((cm) => (
            <tr key={cm.id} data-commune={cm.id}>
              <th scope="row">{cm.name}</th>
              <td data-label={t('province.col.firstSubmitted')}>{cm.submission ? `${dateTime(cm.submission.firstAt)}${cm.submission.lastBy ? ` · ${cm.submission.lastBy}` : ''}` : t('province.notSubmitted')}</td>
              <td data-label={t('province.col.onTime', { date: r.dueOn ? date(r.dueOn) : '—' })}>{!cm.submission || cm.submission.onTime === null ? '—' : cm.submission.onTime ? t('export.yes') : t('export.no')}</td>
              <td data-label={t('province.col.changedSince')} class="n">{cm.submission ? num(cm.submission.changed) : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
};

const ProvinceFigures = ({ r, busy }: { r: ProvinceReport; busy: boolean }) => {
  const t = useT('officer');
  const lang = currentLang();
  const b = r.total.bands;
  const year = Number(r.period.to.slice(0, 4));
  const open = (id: string) => href('/officer', { commune: id });
  return (
    <div aria-busy={busy || undefined}>
      <p class="province-bands">{t('province.bandsLine', { met: b.met, above80: b['above-80'], mid: b['50-80'], below: b['below-50'], none: b.none })}</p>
      <div class="asof-line no-print">
        <button type="button" class="btn" onClick={() => void download(`/api/reports/province/export?period=${r.period.key}&format=xlsx`)}>
          {t('province.export')}
        </button>
        <button type="button" class="btn ghost" onClick={() => void download(`/api/reports/province/export?period=${r.period.key}&format=csv`)}>
          {t('province.exportCsv')}
        </button>
        <button type="button" class="btn ghost" onClick={() => void download(`/api/reports/province/export?period=${r.period.key}&format=csv&table=appendix&decimal=comma`)}>
          {t('report.csvAppendix')}
        </button>
        <a class="btn ghost" href={href('/officer/province/targets')}>
          {t('provinceTargets.open')}
        </a>
      </div>
      <Submissions r={r} />
      {r.appendix && r.appendix.length > 0 && (
        <>
          <h2>{t('province.appendixTitle')}</h2>
          <DataTable
            label={t('province.appendixTitle')}
            class="appendix wrap-names cards"
            cols={[t('appendix.col.no'), t('appendix.col.indicator'), { n: t('appendix.col.scheme') }, { n: t('appendix.col.thisYear', { year }) }, { n: t('appendix.col.nextYear', { year: year + 1 }) }, { n: t('appendix.col.result') }, { n: t('appendix.col.ofTarget') }, t('appendix.col.band')]}
          >
            {r.appendix.map((a) => (
              <tr key={a.itemId} data-item={a.itemId}>
                <td data-label={t('appendix.col.no')}>{a.rowNo}</td>
                <th scope="row">{a.indicator}</th>
                <td data-label={t('appendix.col.scheme')} class="n">{a.target === null ? '—' : pct(a.target)}</td>
                <td data-label={t('appendix.col.thisYear', { year })} class="n">{a.targetThisYear === null ? '—' : pct(a.targetThisYear)}</td>
                <td data-label={t('appendix.col.nextYear', { year: year + 1 })} class="n">{a.targetNextYear === null ? '—' : pct(a.targetNextYear)}</td>
                <td data-label={t('appendix.col.result')} class="n">
                  <strong>{pct(a.result)}</strong> <span class="muted">({num(a.numerator)}/{num(a.denominator)})</span>
                </td>
                <td data-label={t('appendix.col.ofTarget')} class="n">{pct(a.ofTarget)}</td>
                <td data-label={t('appendix.col.band')}>
                  <BandBadge band={bandOfKey(a.bandKey)} noData={a.denominator === 0 && (a.targetThisYear ?? a.target) !== null} />
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
      {r.communes.length === 0 ? (
        <p class="empty">{t('province.empty')}</p>
      ) : (
        <>
          <h2>{t('province.communesTitle')}</h2>
          <DataTable label={t('province.communesTitle')} class="province-grid cards" cols={[t('province.col.indicator'), t('province.col.commune'), { n: t('export.col.result') }, { n: t('export.col.target') }, t('export.col.band'), { n: t('province.col.rank') }, { n: t('province.col.previous') }]}>
            {r.items.map((item, k) => (
              <>
                <tr class="province-total" key={`${item.id}-total`} data-item={item.id}>
                  <th scope="rowgroup" rowSpan={r.communes.length + 1}>
                    <span class="ind-name">{item.label[lang]}</span>
                  </th>
                  <td data-label={t('province.col.commune')}>
                    <strong>{t('export.total')}</strong>
                  </td>
                  <td data-label={t('export.col.result')} class="n">
                    <strong>{pct(r.total.cells[k].pct)}</strong> <span class="muted">({num(r.total.cells[k].numerator)}/{num(r.total.cells[k].denominator)})</span>
                  </td>
                  <td data-label={t('export.col.target')} class="n">{r.total.cells[k].target === null ? '—' : pct(r.total.cells[k].target)}</td>
                  <td data-label={t('export.col.band')}>
                    <BandBadge band={r.total.cells[k].band} noData={r.total.cells[k].target !== null && r.total.cells[k].denominator === 0} />
                  </td>
                  <td data-label={t('province.col.rank')} class="n">—</td>
                  <td data-label={t('province.col.previous')} class="n">{pct(r.total.cells[k].previousPct)}</td>
                </tr>
                {[...r.communes]
                  .sort((a, c) => (a.cells[k].rank ?? 1e9) - (c.cells[k].rank ?? 1e9))
                  .map((cm) => (
                    <tr key={`${item.id}-${cm.id}`} data-item={item.id}>
                      <td data-label={t('province.col.commune')}>
                        <a href={open(cm.id)}>{cm.name}</a>
                      </td>
                      <td data-label={t('export.col.result')} class="n">
                        {pct(cm.cells[k].pct)} <span class="muted">({num(cm.cells[k].numerator)}/{num(cm.cells[k].denominator)})</span>
                      </td>
                      <td data-label={t('export.col.target')} class="n">{cm.cells[k].target === null ? '—' : pct(cm.cells[k].target)}</td>
                      <td data-label={t('export.col.band')}>
                        <BandBadge band={cm.cells[k].band} noData={cm.cells[k].target !== null && cm.cells[k].denominator === 0} />
                      </td>
                      <td data-label={t('province.col.rank')} class="n">{cm.cells[k].rank ?? '—'}</td>
                      <td data-label={t('province.col.previous')} class="n">{pct(cm.cells[k].previousPct)}</td>
                    </tr>
                  ))}
              </>
            ))}
          </DataTable>
          <h2>{t('province.teamsTitle')}</h2>
          <DataTable
            label={t('province.teamsTitle')}
            class="cards"
            cols={[t('province.col.commune'), { n: t('export.col.households') }, { n: t('export.col.visits') }, { n: t('province.col.teams') }, { n: t('province.col.faintTeams') }, { n: t('province.col.members') }, { n: t('province.col.villagesCovered') }, { n: t('province.col.activeDevices') }, { n: t('province.col.silentDevices') }, { n: t('band.met') }]}
          >
            {r.communes.map((cm) => (
              <tr key={cm.id}>
                <th scope="row">
                  <a href={open(cm.id)}>{cm.name}</a>
                </th>
                <td data-label={t('export.col.households')} class="n">{num(cm.households)}</td>
                <td data-label={t('export.col.visits')} class="n">{num(cm.visits)}</td>
                <td data-label={t('province.col.teams')} class="n">{num(cm.teams)}</td>
                <td data-label={t('province.col.faintTeams')} class={`n${cm.faintTeams > 0 ? ' warn-text' : ''}`}>{num(cm.faintTeams)}</td>
                <td data-label={t('province.col.members')} class="n">{num(cm.members)}</td>
                <td data-label={t('province.col.villagesCovered')} class="n">
                  {num(cm.villagesCovered)}/{num(cm.villages)}
                </td>
                <td data-label={t('province.col.activeDevices')} class="n">{num(cm.freshness.devices - cm.freshness.staleDevices)}</td>
                <td data-label={t('province.col.silentDevices')} class="n">{num(cm.freshness.staleDevices)}</td>
                <td data-label={t('band.met')} class="n">{num(cm.bands.met)}</td>
              </tr>
            ))}
          </DataTable>
          <h2>{t('province.textsTitle')}</h2>
          <ul class="province-texts">
            {r.communes.map((cm) => (
              <li key={cm.id}>
                <h3>{cm.name}</h3>
                <p>
                  <strong>{t('province.col.difficulties')}:</strong> {cm.difficulties || t('province.noText')}
                </p>
                <p>
                  <strong>{t('province.col.proposals')}:</strong> {cm.proposals || t('province.noText')}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
};
