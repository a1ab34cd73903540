import type { CatalogueItem } from '../../core/model/checklist.ts';
import type { CellState, FollowUpStatus, HouseholdFlag } from '../../core/model/enums.ts';
import type { VisitEntry } from '../../core/report/shapes.ts';
import type { RouteProps } from '../router.ts';
import { currentLang, useT } from '../i18n/i18n.ts';
import { ErrorBox } from './ErrorBox.tsx';
import { date, dateTime, num } from './fmt.ts';
import { href } from './links.ts';
import { OfficerLayout } from './OfficerLayout.tsx';
import { useApi } from './useApi.ts';
import { isEligible, type Subject } from '../../core/tally/eligibility.ts';
import { localYear } from '../../core/report/period.ts';

// One household, read-only: who lives there, each resident's checklist, and every visit with who made it and
// when (voided visits stay listed, marked, with the reason).
type Cells = Record<string, { state: CellState; at: number }>;
type Detail = {
  village: { id: string; name: string };
  household: { id: string; houseLabel: string; headName: string; flags: HouseholdFlag[]; notes: string; removed: boolean };
  items: CatalogueItem[];
  residents: { id: string; label: string; birthYear: number; sex: string | null; removed: boolean; cells: Cells }[];
  householdCells: Cells;
  visits: VisitEntry[];
  followUps: { id: string; dueOn: string; status: FollowUpStatus; note: string }[];
};

export const HouseholdView = ({ params }: RouteProps) => (
  <OfficerLayout area="dashboard">{() => <HouseholdBody id={params.id} />}</OfficerLayout>
);

const State = ({ cell }: { cell?: { state: CellState; at: number } }) => {
  const t = useT('officer');
  const s = cell?.state ?? 'not-yet';
  return (
    <span class={`st st-${s}`} title={cell ? dateTime(cell.at) : undefined}>
      {t(`cellState.${s}`)}
    </span>
  );
};

// Outside an item's group (by age, or a household item for other households): said as the phone says it.
const NotEligible = () => {
  const t = useT('officer');
  return <span class="st st-off">{t('household.notEligible')}</span>;
};

const HouseholdBody = ({ id }: { id: string }) => {
  const t = useT('officer');
  const lang = currentLang();
  const { data: d, error, reload } = useApi<Detail>(`/api/reports/households/${encodeURIComponent(id)}`);
  if (error) return <ErrorBox error={error} onRetry={() => void reload()} />;
  if (!d) return <p class="loading">{t('loading')}</p>;
  const residentItems = d.items.filter((i) => i.level === 'resident' && !i.retired);
  const householdItems = d.items.filter((i) => i.level === 'household' && !i.retired);
  const year = localYear(Date.now());
  const itemName = (itemId: string) => d.items.find((i) => i.id === itemId)?.short[lang] ?? itemId;
  return (
    <>
      <p class="backlink">
        <a href={href(`/officer/villages/${encodeURIComponent(d.village.id)}`)}>‹ {d.village.name}</a>
      </p>
      <h1>
        {d.household.headName}
        {d.household.houseLabel && <span class="muted"> · {d.household.houseLabel}</span>}
      </h1>
      <p class="note">{t('household.readOnly')}</p>
      {d.household.removed && <p class="tag warn">{t('household.removed')}</p>}
      <p>
        {d.household.flags.map((f) => (
          <span class="tag" key={f}>
            {t(`householdFlag.${f}`)}
          </span>
        ))}
      </p>
      {d.household.notes && <p class="muted">{d.household.notes}</p>}

      <h2>{t('household.checklist')}</h2>
      {d.residents.length === 0 ? (
        <p class="empty">{t('household.noResidents')}</p>
      ) : (
        <div class="table-wrap" role="region" tabIndex={0} aria-label={t('household.checklist')}>
          <table class="o-table grid-states">
            <caption class="sr-only">{t('household.checklist')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('household.resident')}</th>
                {residentItems.map((i) => (
                  <th scope="col" key={i.id}>
                    {i.short[lang]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.residents.map((r) => (
                <tr key={r.id} class={r.removed ? 'removed' : ''}>
                  <th scope="row">
                    {r.label} <small class="muted">{t('household.born', { year: r.birthYear })}</small>
                    {r.removed && <small class="tag warn">{t('household.residentRemoved')}</small>}
                  </th>
                  {residentItems.map((i) => (
                    <td key={i.id}>{isEligible(i.rule, { birthYear: r.birthYear }, year) ? <State cell={r.cells[i.id]} /> : <NotEligible />}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {householdItems.length > 0 && (
        <ul class="o-kv">
          {householdItems.map((i) => (
            <li key={i.id}>
              <span>{i.label[lang]}</span>{' '}
              {isEligible(i.rule, { flags: d.household.flags as Subject['flags'] }, year) ? <State cell={d.householdCells[i.id]} /> : <NotEligible />}
            </li>
          ))}
        </ul>
      )}

      {d.followUps.length > 0 && (
        <>
          <h2>{t('household.followUps')}</h2>
          <ul class="o-kv">
            {d.followUps.map((f) => (
              <li key={f.id}>
                <span>{date(f.dueOn)}</span> <span class="tag">{t(`followUpStatus.${f.status}`)}</span> {f.note}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t('household.visits', { count: d.visits.filter((v) => !v.voided).length })}</h2>
      {d.visits.length === 0 ? (
        <p class="empty">{t('household.noVisits')}</p>
      ) : (
        <ol class="o-visits">
          {d.visits.map((v) => (
            <li key={v.id} class={v.voided ? 'voided' : ''}>
              <p class="visit-head">
                <strong>{dateTime(v.at)}</strong> · {v.memberName} · {t(`language.${v.language}`)} · {t('household.minutes', { count: v.minutes })}
                {v.voided && <span class="tag warn">{t('household.voided')}</span>}
                {v.replaces && <span class="tag">{t('household.correction')}</span>}
              </p>
              {v.voided && v.voidReason && <p class="muted">{t('household.voidReason', { reason: v.voidReason })}</p>}
              {v.items.length > 0 && (
                <ul>
                  {v.items.map((i, k) => (
                    <li key={k}>
                      {itemName(i.itemId)}: {t(`outcome.${i.outcome}`)}
                      {i.residents > 0 && <span class="muted"> ({t('household.peopleHelped', { count: i.residents })})</span>}
                    </li>
                  ))}
                </ul>
              )}
              {v.dossiers.length > 0 && (
                <p>
                  {t('household.dossiers')}: {v.dossiers.map((x) => `${t(`procedure.${x.field}`)} (${num(x.count)})`).join(', ')}
                </p>
              )}
              {v.note && <p class="muted">{v.note}</p>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
};
