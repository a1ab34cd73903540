import type { ProvinceReport } from '../../../core/report/province.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { download } from '../api.ts';
import { BandBadge } from '../BandBadge.tsx';
import { DataTable } from '../DataTable.tsx';
import { num, pct } from '../fmt.ts';
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

const ProvinceFigures = ({ r, busy }: { r: ProvinceReport; busy: boolean }) => {
  const t = useT('officer');
  const lang = currentLang();
  const b = r.total.bands;
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
      </div>
      {r.communes.length === 0 ? (
        <p class="empty">{t('province.empty')}</p>
      ) : (
        <>
          <h2>{t('province.communesTitle')}</h2>
          <DataTable label={t('province.communesTitle')} class="province-grid" cols={[t('province.col.indicator'), t('province.col.commune'), { n: t('export.col.result') }, { n: t('export.col.target') }, t('export.col.band'), { n: t('province.col.rank') }, { n: t('province.col.previous') }]}>
            {r.items.map((item, k) => (
              <>
                <tr class="province-total" key={`${item.id}-total`} data-item={item.id}>
                  <th scope="rowgroup" rowSpan={r.communes.length + 1}>
                    <span class="ind-name">{item.label[lang]}</span>
                  </th>
                  <td>
                    <strong>{t('export.total')}</strong>
                  </td>
                  <td class="n">
                    <strong>{pct(r.total.cells[k].pct)}</strong> <span class="muted">({num(r.total.cells[k].numerator)}/{num(r.total.cells[k].denominator)})</span>
                  </td>
                  <td class="n">{r.total.cells[k].target === null ? '—' : pct(r.total.cells[k].target)}</td>
                  <td>
                    <BandBadge band={r.total.cells[k].band} />
                  </td>
                  <td class="n">—</td>
                  <td class="n">{pct(r.total.cells[k].previousPct)}</td>
                </tr>
                {[...r.communes]
                  .sort((a, c) => (a.cells[k].rank ?? 1e9) - (c.cells[k].rank ?? 1e9))
                  .map((cm) => (
                    <tr key={`${item.id}-${cm.id}`} data-item={item.id}>
                      <td>
                        <a href={open(cm.id)}>{cm.name}</a>
                      </td>
                      <td class="n">
                        {pct(cm.cells[k].pct)} <span class="muted">({num(cm.cells[k].numerator)}/{num(cm.cells[k].denominator)})</span>
                      </td>
                      <td class="n">{cm.cells[k].target === null ? '—' : pct(cm.cells[k].target)}</td>
                      <td>
                        <BandBadge band={cm.cells[k].band} />
                      </td>
                      <td class="n">{cm.cells[k].rank ?? '—'}</td>
                      <td class="n">{pct(cm.cells[k].previousPct)}</td>
                    </tr>
                  ))}
              </>
            ))}
          </DataTable>
          <h2>{t('province.teamsTitle')}</h2>
          <DataTable
            label={t('province.teamsTitle')}
            cols={[t('province.col.commune'), { n: t('export.col.households') }, { n: t('export.col.visits') }, { n: t('province.col.teams') }, { n: t('province.col.members') }, { n: t('province.col.villagesCovered') }, { n: t('province.col.activeDevices') }, { n: t('province.col.silentDevices') }, { n: t('band.met') }]}
          >
            {r.communes.map((cm) => (
              <tr key={cm.id}>
                <th scope="row">
                  <a href={open(cm.id)}>{cm.name}</a>
                </th>
                <td class="n">{num(cm.households)}</td>
                <td class="n">{num(cm.visits)}</td>
                <td class="n">{num(cm.teams)}</td>
                <td class="n">{num(cm.members)}</td>
                <td class="n">
                  {num(cm.villagesCovered)}/{num(cm.villages)}
                </td>
                <td class="n">{num(cm.freshness.devices - cm.freshness.staleDevices)}</td>
                <td class="n">{num(cm.freshness.staleDevices)}</td>
                <td class="n">{num(cm.bands.met)}</td>
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
