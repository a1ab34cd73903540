import { ageIn } from '../../../core/tally/eligibility.ts';
import type { Resident } from '../../../core/model/household.ts';
import { useT } from '../../i18n/i18n.ts';
import { Chips } from '../../ui/Chips.tsx';
import { errorFor, type FormErrors } from '../../ui/issues.ts';
import { TextField } from '../../ui/TextField.tsx';

export type ResidentRow = { key: string; id?: string; label: string; birthYear: string; sex: Resident['sex']; removed: boolean };

const SEX_OPTIONS = ['f', 'm', 'none'] as const;

// The residents part of the household form: one block per person, with their position in the error messages.
export const ResidentRows = ({ rows, onChange, errors }: { rows: ResidentRow[]; onChange: (rows: ResidentRow[]) => void; errors?: FormErrors }) => {
  const t = useT('household');
  const year = new Date().getFullYear();
  const update = (i: number, patch: Partial<ResidentRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const add = () => {
    onChange([...rows, { key: `new-${Date.now()}`, label: '', birthYear: '', sex: null, removed: false }]);
    setTimeout(() => document.getElementById(`f-residents-${rows.length}-label`)?.focus(), 0);
  };
  return (
    <fieldset class="residents">
      <legend>{t('edit.residents')}</legend>
      <p class="hint">{t('edit.residentsHint')}</p>
      {rows.map((r, i) => {
        if (r.removed)
          return (
            <p key={r.key} class="removed-row">
              {t('edit.removedResident', { name: r.label })}{' '}
              <button type="button" class="btn small ghost" onClick={() => update(i, { removed: false })}>
                {t('edit.undo')}
              </button>
            </p>
          );
        const y = /^\d{4}$/.test(r.birthYear) ? Number(r.birthYear) : null;
        return (
          <div key={r.key} class="card resident-row" role="group" aria-label={t('edit.residentN', { n: i + 1 })}>
            <p class="resident-n">{t('edit.residentN', { n: i + 1 })}</p>
            <TextField name={`residents.${i}.label`} label={t('edit.label')} hint={i === 0 ? t('edit.labelHint') : undefined} value={r.label} onValue={(v) => update(i, { label: v })} required maxLength={120} error={errorFor(t, errors, `residents.${i}.label`)} />
            <TextField
              name={`residents.${i}.birthYear`}
              label={t('edit.birthYear')}
              hint={y !== null && y <= year ? t('domain:age', { n: ageIn(y, year) }) : t('edit.birthYearHint')}
              value={r.birthYear}
              onValue={(v) => update(i, { birthYear: v.replace(/\D/g, '').slice(0, 4) })}
              inputMode="numeric"
              maxLength={4}
              required
              class="short"
              error={errorFor(t, errors, `residents.${i}.birthYear`)}
            />
            <Chips
              name={`residents.${i}.sex`}
              legend={t('edit.sex')}
              value={r.sex ?? 'none'}
              onChange={(v) => update(i, { sex: v === 'none' ? null : v })}
              options={SEX_OPTIONS.map((s) => ({ value: s, label: t(`domain:sex.${s}`) }))}
            />
            <button type="button" class="btn small danger" onClick={() => (r.id ? update(i, { removed: true }) : onChange(rows.filter((_, j) => j !== i)))}>
              {t('edit.removeResident')}
            </button>
          </div>
        );
      })}
      <button type="button" class="btn" onClick={add}>
        {t('edit.addResident')}
      </button>
    </fieldset>
  );
};
