import { useState } from 'preact/hooks';
import type { CatalogueItem, EligibilityRule } from '../../../core/model/checklist.ts';
import { HOUSEHOLD_FLAGS } from '../../../core/model/enums.ts';
import { ruleText } from '../../../core/report/rows.ts';
import type { RouteProps } from '../../router.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { Field } from '../Field.tsx';
import { num } from '../fmt.ts';
import { Loaded } from '../Loaded.tsx';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { RowButton } from './RowButton.tsx';
import { useAction } from './useAction.ts';

// The service checklist the teams tick: the default items (the province compares communes on them: their wording
// and rule stay, but a commune can retire one) and the commune's own. Each item's level and eligibility rule
// decide its denominator. Changes reach the phones at their next sync.
type Draft = { level: 'resident' | 'household'; kind: string; min: string; max: string; flag: string; labelVi: string; labelEn: string; shortVi: string; shortEn: string };
const EMPTY: Draft = { level: 'resident', kind: 'age', min: '18', max: '', flag: 'producer', labelVi: '', labelEn: '', shortVi: '', shortEn: '' };

const ruleOf = (d: Draft): EligibilityRule => {
  const n = (s: string) => (s.trim() === '' ? undefined : Number(s));
  if (d.level === 'household') return d.kind === 'household-flag' ? { kind: 'household-flag', flag: d.flag as never } : { kind: 'households' };
  if (d.kind === 'everyone') return { kind: 'everyone' };
  return { kind: 'age', ...(n(d.min) !== undefined ? { min: n(d.min) } : {}), ...(n(d.max) !== undefined ? { max: n(d.max) } : {}) };
};

export const Catalogue = (_: RouteProps) => <OfficerLayout area="admin">{() => <CatalogueBody />}</OfficerLayout>;

const CatalogueBody = () => {
  const t = useT('officer');
  const lang = currentLang();
  const list = useApi<{ items: CatalogueItem[]; used: Record<string, number> }>('/api/admin/catalogue');
  const act = useAction();
  const [d, setD] = useState<Draft>(EMPTY);
  const items = list.data?.items ?? [];
  const move = async (i: number, step: -1 | 1) => {
    const a = items[i];
    const b = items[i + step];
    if (!a || !b) return;
    const ok = await act.run('order', async () => {
      await send('PUT', `/api/admin/catalogue/${encodeURIComponent(a.id)}`, { order: b.order });
      await send('PUT', `/api/admin/catalogue/${encodeURIComponent(b.id)}`, { order: a.order === b.order ? a.order + step : a.order });
    });
    if (ok !== undefined) await list.reload();
  };
  return (
    <>
      <AdminBack />
      <h1>{t('admin.catalogue.title')}</h1>
      <p class="lead">{t('admin.catalogue.lead')}</p>
      <Feedback issues={act.issues} failure={act.failure} done={act.done} idPrefix="ct" />
      <Loaded state={list}>
        {(data) => (
          <DataTable
            label={t('admin.catalogue.title')}
            cols={[t('fields.label'), t('fields.level'), t('fields.rule'), { n: t('admin.catalogue.used') }, t('admin.catalogue.status'), { sr: t('admin.actions') }]}
          >
            {items.map((item, i) => {
              const rule = ruleText(item.rule);
              return (
                <tr key={item.id} class={item.retired ? 'removed' : ''}>
                  <th scope="row">
                    {item.label[lang]} <small class="muted">{item.communeId === null ? t('admin.catalogue.default') : t('admin.catalogue.own')}</small>
                  </th>
                  <td>{t(`level.${item.level}`)}</td>
                  <td>{t(rule.key, rule.params)}</td>
                  <td class="n">{num(data.used[item.id] ?? 0)}</td>
                  <td>
                    <span class={`tag${item.retired ? ' warn' : ''}`}>{item.retired ? t('admin.catalogue.retired') : t('admin.catalogue.inUse')}</span>
                  </td>
                  <td class="actions">
                    <RowButton name={item.label[lang]} disabled={!!act.busy || i === 0} onClick={() => move(i, -1)}>
                      <span aria-hidden="true">↑ </span>
                      {t('admin.catalogue.up')}
                    </RowButton>
                    <RowButton name={item.label[lang]} disabled={!!act.busy || i === items.length - 1} onClick={() => move(i, 1)}>
                      <span aria-hidden="true">↓ </span>
                      {t('admin.catalogue.down')}
                    </RowButton>
                    <RowButton
                      name={item.label[lang]}
                      confirm={item.retired ? undefined : t('admin.catalogue.retireConfirm', { label: item.label[lang] })}
                      disabled={!!act.busy}
                      onClick={async () => {
                        if (await act.run('retire', () => send('PUT', `/api/admin/catalogue/${encodeURIComponent(item.id)}`, { retired: !item.retired }), t('admin.saved'))) await list.reload();
                      }}
                    >
                      {item.retired ? t('admin.catalogue.restore') : t('admin.catalogue.retire')}
                    </RowButton>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Loaded>

      <section class="panel">
        <h2>{t('admin.catalogue.add')}</h2>
        <form
          class="o-form-grid"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await act.run(
              'add',
              () => send('POST', '/api/admin/catalogue', { level: d.level, rule: ruleOf(d), label: { vi: d.labelVi, en: d.labelEn }, short: { vi: d.shortVi, en: d.shortEn } }),
              t('admin.catalogue.added', { label: d.labelVi }),
            );
            if (ok) {
              setD(EMPTY);
              await list.reload();
            }
          }}
        >
          <Field id="ct-label" label={t('fields.label')} class="wide">
            <input id="ct-label" value={d.labelVi} maxLength={120} onInput={(e) => setD({ ...d, labelVi: e.currentTarget.value })} required />
          </Field>
          <Field id="ct-short" label={t('fields.short')}>
            <input id="ct-short" value={d.shortVi} maxLength={40} onInput={(e) => setD({ ...d, shortVi: e.currentTarget.value })} required />
          </Field>
          <Field id="ct-level" label={t('fields.level')}>
            <select id="ct-level" value={d.level} onChange={(e) => {
              const level = e.currentTarget.value as Draft['level'];
              setD({ ...d, level, kind: level === 'resident' ? 'age' : 'households' });
            }}>
              <option value="resident">{t('level.resident')}</option>
              <option value="household">{t('level.household')}</option>
            </select>
          </Field>
          <Field id="ct-rule" label={t('fields.rule')}>
            <select id="ct-rule" value={d.kind} onChange={(e) => setD({ ...d, kind: e.currentTarget.value })}>
              {d.level === 'resident' ? (
                <>
                  <option value="age">{t('admin.catalogue.ruleAge')}</option>
                  <option value="everyone">{t('rule.everyone')}</option>
                </>
              ) : (
                <>
                  <option value="households">{t('rule.households')}</option>
                  <option value="household-flag">{t('admin.catalogue.ruleFlag')}</option>
                </>
              )}
            </select>
          </Field>
          {d.level === 'resident' && d.kind === 'age' && (
            <>
              <Field id="ct-min" label={t('fields.min')} class="short">
                <input id="ct-min" inputMode="numeric" value={d.min} onInput={(e) => setD({ ...d, min: e.currentTarget.value })} />
              </Field>
              <Field id="ct-max" label={t('fields.max')} class="short" hint={t('admin.catalogue.maxHint')}>
                <input id="ct-max" inputMode="numeric" value={d.max} onInput={(e) => setD({ ...d, max: e.currentTarget.value })} aria-describedby="ct-max-hint" />
              </Field>
            </>
          )}
          {d.level === 'household' && d.kind === 'household-flag' && (
            <Field id="ct-flag" label={t('fields.flag')}>
              <select id="ct-flag" value={d.flag} onChange={(e) => setD({ ...d, flag: e.currentTarget.value })}>
                {HOUSEHOLD_FLAGS.map((f) => (
                  <option value={f} key={f}>
                    {t(`rule.flag.${f}`)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <details class="wide">
            <summary>{t('admin.catalogue.english')}</summary>
            <Field id="ct-labelEn" label={t('fields.labelEn')}>
              <input id="ct-labelEn" value={d.labelEn} onInput={(e) => setD({ ...d, labelEn: e.currentTarget.value })} />
            </Field>
            <Field id="ct-shortEn" label={t('fields.shortEn')}>
              <input id="ct-shortEn" value={d.shortEn} onInput={(e) => setD({ ...d, shortEn: e.currentTarget.value })} />
            </Field>
          </details>
          <div class="btn-row wide">
            <button type="submit" class="btn primary" disabled={!!act.busy}>
              {t('admin.catalogue.addButton')}
            </button>
          </div>
        </form>
      </section>
    </>
  );
};
