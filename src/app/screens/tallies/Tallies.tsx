import { useState } from 'preact/hooks';
import { impliedBy } from '../../../core/model/checklist.ts';
import type { Target } from '../../../core/model/people.ts';
import { bandFor, percentOfTarget } from '../../../core/tally/bands.ts';
import { computeTallies, totalTallies, type Tally } from '../../../core/tally/tally.ts';
import { formatDateTime, formatNumber, formatPercent } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { usePlace } from '../../shell/useMember.ts';
import { activeCatalogue } from '../../store/checklist-repo.ts';
import type { AppDb } from '../../store/db.ts';
import { useLive } from '../../store/useLive.ts';
import { Chips } from '../../ui/Chips.tsx';
import './tallies.css';

const ALL = '*';

const load = async (db: AppDb, villageIds: string[]) => {
  const [catalogue, households, residents, cells, targets] = await Promise.all([
    activeCatalogue(db),
    db.households.where('villageId').anyOf(villageIds).toArray(),
    db.residents.where('villageId').anyOf(villageIds).toArray(),
    db.checklist.where('villageId').anyOf(villageIds).toArray(),
    db.targets.toArray(),
  ]);
  const tallies = computeTallies(catalogue, households, residents, cells, new Date().getFullYear(), villageIds);
  return { catalogue, tallies, targets, at: Date.now() };
};

// The village's results per checklist item: numerator / denominator (by the item's eligibility) / percentage,
// computed by the core's tally function (the same one the server uses) from the records on this phone.
export const Tallies = () => {
  const t = useT('tallies');
  const place = usePlace();
  const lang = currentLang();
  const [unit, setUnit] = useState<string | undefined>();
  const villageIds = place?.member.villageIds ?? [];
  const data = useLive((db) => load(db, villageIds), [villageIds.join(',')]);
  if (!data || !place) return <p class="loading">{t('common:loading')}</p>;
  const chosen = unit ?? place.current?.id ?? ALL;
  const rows: Tally[] = chosen === ALL ? totalTallies(data.tallies) : data.tallies.filter((x) => x.villageId === chosen);
  const itemById = new Map(data.catalogue.map((i) => [i.id, i]));
  const targetFor = (itemId: string): Target | undefined =>
    data.targets.find((x) => x.itemId === itemId && x.unit === (chosen === ALL ? 'commune' : 'village')) ?? data.targets.find((x) => x.itemId === itemId);
  const anyone = rows.some((r) => r.denominator > 0);
  return (
    <div class="screen tallies">
      <h1>{t('title')}</h1>
      {place.villages.length > 1 && (
        <Chips
          name="unit"
          legend={t('unit')}
          value={chosen}
          onChange={setUnit}
          options={[...place.villages.map((v) => ({ value: v.id, label: v.name })), { value: ALL, label: t('allMine') }]}
        />
      )}
      <p class="lead">{t('asOf', { at: formatDateTime(data.at) })}</p>
      {!anyone && <p class="empty">{t('empty')}</p>}
      <table class="tally">
        <caption class="sr-only">{t('caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('item')}</th>
            <th scope="col" class="num">
              {t('rate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const item = itemById.get(r.itemId);
            if (!item) return null;
            const target = targetFor(r.itemId);
            const band = target ? bandFor(percentOfTarget(r.pct, target.value)) : null;
            return (
              <tr key={r.itemId}>
                <th scope="row">
                  {item.label[lang]}
                  {impliedBy(item.id).filter((id) => itemById.has(id)).map((id) => (
                    <small key={id} class="implied">
                      {t('includesImplied', { item: itemById.get(id)!.short[lang] })}
                    </small>
                  ))}
                  {target && (
                    <small class={`band b-${band ?? 'none'}`}>
                      {t('target', { value: formatNumber(target.value, 1) })}
                      {band && ` · ${t(`band.${band}`)}`}
                    </small>
                  )}
                </th>
                <td class="num">
                  <strong>{formatPercent(r.pct)}</strong>
                  <small>
                    {formatNumber(r.numerator)} / {formatNumber(r.denominator)} {t(item.level === 'household' ? 'households' : 'people')}
                  </small>
                  <span class="bar" aria-hidden="true">
                    <span style={{ width: `${Math.min(100, r.pct ?? 0)}%` }} />
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="hint">{t('explain')}</p>
    </div>
  );
};
