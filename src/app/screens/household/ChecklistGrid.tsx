import { useState } from 'preact/hooks';
import { checklistCellId, type CatalogueItem } from '../../../core/model/checklist.ts';
import type { CellState } from '../../../core/model/enums.ts';
import type { Resident } from '../../../core/model/household.ts';
import type { Member } from '../../../core/model/people.ts';
import { ageIn } from '../../../core/tally/eligibility.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { eligibleFor, setCell } from '../../store/checklist-repo.ts';
import { useDb } from '../../store/useLive.ts';
import { errorText } from '../../ui/issues.ts';
import { toast } from '../../ui/toast.ts';
import { StateMark } from './CellState.tsx';
import { StatePicker } from './StatePicker.tsx';
import type { HouseholdData } from './useHousehold.ts';

type Target = { item: CatalogueItem; resident: Resident | null };

// The checklist as a grid: residents down, items across. The residents' names are the first column and stay put
// while the grid scrolls sideways through the items, so on a 360 px phone a cell is always next to whose it is
// (a household has a handful of people, the catalogue a dozen items). Only eligible cells are buttons; the others
// say why they are not.
export const ChecklistGrid = ({ data, member }: { data: HouseholdData; member: Member }) => {
  const t = useT('household');
  const db = useDb();
  const lang = currentLang();
  const year = new Date().getFullYear();
  const [picking, setPicking] = useState<Target>();
  const [error, setError] = useState<string>();
  const { household, residents, cells, catalogue } = data;
  const residentItems = catalogue.filter((i) => i.level === 'resident');
  const householdItems = catalogue.filter((i) => i.level === 'household');
  const stateOf = (item: CatalogueItem, subjectId: string): CellState => cells.get(checklistCellId(item.id, subjectId))?.state ?? 'not-yet';
  const label = (x: Target) => `${x.item.short[lang]} — ${x.resident?.label ?? t('wholeHousehold')}`;

  const pick = async (s: CellState) => {
    if (!picking) return;
    try {
      await setCell(db, { household, resident: picking.resident, item: picking.item }, s, member);
      toast(t('cellSaved', { what: label(picking), state: t(`domain:cellState.${s}`) }));
      setPicking(undefined);
      setError(undefined);
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  const cellButton = (item: CatalogueItem, resident: Resident | null) => {
    const subject = resident ?? household;
    const s = stateOf(item, subject.id);
    if (!eligibleFor(item, subject, year))
      return (
        <span class="cell off" title={t('notEligible')}>
          <span aria-hidden="true">·</span>
          <span class="sr-only">{t('notEligible')}</span>
        </span>
      );
    return (
      <button
        type="button"
        class={`cell s-${s}`}
        aria-label={`${label({ item, resident })}: ${t(`domain:cellState.${s}`)}`}
        aria-haspopup="dialog"
        onClick={() => setPicking({ item, resident })}
      >
        <StateMark state={s} />
      </button>
    );
  };

  return (
    <section aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t('checklist')}</h2>
      {residents.length === 0 ? (
        <p class="hint">{t('noResidents')}</p>
      ) : (
        <div class="grid-wrap" role="region" aria-labelledby="checklist-title" tabIndex={0}>
          <table class="grid">
            <caption class="sr-only">{t('gridCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" class="corner">
                  {t('resident')}
                </th>
                {residentItems.map((item) => (
                  <th scope="col" key={item.id} title={item.label[lang]}>
                    {item.short[lang]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {residents.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <span class="who">{r.label}</span>
                    <small>
                      {t('domain:age', { n: ageIn(r.birthYear, year) })}
                      {r.sex && ` · ${t(`domain:sex.${r.sex}`)}`}
                    </small>
                  </th>
                  {residentItems.map((item) => (
                    <td key={item.id}>{cellButton(item, r)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Legend />
      {householdItems.length > 0 && (
        <>
          <h3>{t('householdItems')}</h3>
          <ul class="hh-items">
            {householdItems.map((item) => {
              const s = stateOf(item, household.id);
              const eligible = eligibleFor(item, household, year);
              return (
                <li key={item.id}>
                  <span class="hh-item-label">{item.label[lang]}</span>
                  {eligible ? (
                    <button type="button" class={`btn ghost state-btn s-${s}`} aria-haspopup="dialog" aria-label={`${item.label[lang]}: ${t(`domain:cellState.${s}`)}`} onClick={() => setPicking({ item, resident: null })}>
                      <StateMark state={s} />
                      <span>{t(`domain:cellState.${s}`)}</span>
                    </button>
                  ) : (
                    <span class="muted">{t('notEligibleHousehold')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {picking && (
        <StatePicker
          title={label(picking)}
          current={stateOf(picking.item, (picking.resident ?? household).id)}
          onPick={pick}
          error={error}
          onClose={() => {
            setPicking(undefined);
            setError(undefined);
          }}
        />
      )}
    </section>
  );
};

const Legend = () => {
  const t = useT('household');
  return (
    <ul class="legend" aria-label={t('legend')}>
      {(['not-yet', 'in-progress', 'done', 'declined', 'na'] as const).map((s) => (
        <li key={s}>
          <StateMark state={s} /> {t(`domain:cellState.${s}`)}
        </li>
      ))}
      <li>
        <span class="mark off" aria-hidden="true">
          ·
        </span>{' '}
        {t('notEligibleShort')}
      </li>
    </ul>
  );
};
