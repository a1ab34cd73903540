import { useState } from 'preact/hooks';
import type { CatalogueItem, EligibilityRule } from '../../../core/model/checklist.ts';
import { HOUSEHOLD_FLAGS } from '../../../core/model/enums.ts';
import { ruleText } from '../../../core/report/rows.ts';
import type { RouteProps } from '../../routes.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { num } from '../fmt.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
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
      {list.error ? (
        <ErrorBox error={list.error} onRetry={() => void list.reload()} />
      ) : !list.data ? (
        <p class="loading">{t('loading')}</p>
      ) : (
        <div class="table-wrap" role="region" tabIndex={0} aria-label={t('admin.catalogue.title')}>
          <table class="o-table">
            <caption class="sr-only">{t('admin.catalogue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fields.label')}</th>
                <th scope="col">{t('fields.level')}</th>
                <th scope="col">{t('fields.rule')}</th>
                <th scope="col" class="n">
                  {t('admin.catalogue.used')}
                </th>
                <th scope="col">{t('admin.catalogue.status')}</th>
                <th scope="col">
                  <span class="sr-only">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, i) => {
                const rule = ruleText(item.rule);
                return (
                  <tr key={item.id} class={item.retired ? 'removed' : ''}>
                    <th scope="row">
                      {item.label[lang]} <small class="muted">{item.communeId === null ? t('admin.catalogue.default') : t('admin.catalogue.own')}</small>
                    </th>
                    <td>{t(`level.${item.level}`)}</td>
                    <td>{t(rule.key, rule.params)}</td>
                    <td class="n">{num(list.data!.used[item.id] ?? 0)}</td>
                    <td>
                      <span class={`tag${item.retired ? ' warn' : ''}`}>{item.retired ? t('admin.catalogue.retired') : t('admin.catalogue.inUse')}</span>
                    </td>
                    <td class="actions">
                      <button type="button" class="btn ghost small" disabled={!!act.busy || i === 0} onClick={() => void move(i, -1)}>
                        <span aria-hidden="true">↑ </span>
                        {t('admin.catalogue.up')}
                        <span class="sr-only"> {item.label[lang]}</span>
                      </button>
                      <button type="button" class="btn ghost small" disabled={!!act.busy || i === items.length - 1} onClick={() => void move(i, 1)}>
                        <span aria-hidden="true">↓ </span>
                        {t('admin.catalogue.down')}
                        <span class="sr-only"> {item.label[lang]}</span>
                      </button>
                      <button
                        type="button"
                        class="btn ghost small"
                        disabled={!!act.busy}
                        onClick={async () => {
                          if (!item.retired && !confirm(t('admin.catalogue.retireConfirm', { label: item.label[lang] }))) return;
                          if (await act.run('retire', () => send('PUT', `/api/admin/catalogue/${encodeURIComponent(item.id)}`, { retired: !item.retired }), t('admin.saved'))) await list.reload();
                        }}
                      >
                        {item.retired ? t('admin.catalogue.restore') : t('admin.catalogue.retire')}
                        <span class="sr-only"> {item.label[lang]}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

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
          <div class="field wide">
            <label for="ct-label">{t('fields.label')}</label>
            <input id="ct-label" value={d.labelVi} maxLength={120} onInput={(e) => setD({ ...d, labelVi: e.currentTarget.value })} required />
          </div>
          <div class="field">
            <label for="ct-short">{t('fields.short')}</label>
            <input id="ct-short" value={d.shortVi} maxLength={40} onInput={(e) => setD({ ...d, shortVi: e.currentTarget.value })} required />
          </div>
          <div class="field">
            <label for="ct-level">{t('fields.level')}</label>
            <select id="ct-level" value={d.level} onChange={(e) => {
              const level = e.currentTarget.value as Draft['level'];
              setD({ ...d, level, kind: level === 'resident' ? 'age' : 'households' });
            }}>
              <option value="resident">{t('level.resident')}</option>
              <option value="household">{t('level.household')}</option>
            </select>
          </div>
          <div class="field">
            <label for="ct-rule">{t('fields.rule')}</label>
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
          </div>
          {d.level === 'resident' && d.kind === 'age' && (
            <>
              <div class="field short">
                <label for="ct-min">{t('fields.min')}</label>
                <input id="ct-min" inputMode="numeric" value={d.min} onInput={(e) => setD({ ...d, min: e.currentTarget.value })} />
              </div>
              <div class="field short">
                <label for="ct-max">{t('fields.max')}</label>
                <input id="ct-max" inputMode="numeric" value={d.max} onInput={(e) => setD({ ...d, max: e.currentTarget.value })} aria-describedby="ct-max-hint" />
                <p class="hint" id="ct-max-hint">
                  {t('admin.catalogue.maxHint')}
                </p>
              </div>
            </>
          )}
          {d.level === 'household' && d.kind === 'household-flag' && (
            <div class="field">
              <label for="ct-flag">{t('fields.flag')}</label>
              <select id="ct-flag" value={d.flag} onChange={(e) => setD({ ...d, flag: e.currentTarget.value })}>
                {HOUSEHOLD_FLAGS.map((f) => (
                  <option value={f} key={f}>
                    {t(`rule.flag.${f}`)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <details class="wide">
            <summary>{t('admin.catalogue.english')}</summary>
            <div class="field">
              <label for="ct-labelEn">{t('fields.labelEn')}</label>
              <input id="ct-labelEn" value={d.labelEn} onInput={(e) => setD({ ...d, labelEn: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="ct-shortEn">{t('fields.shortEn')}</label>
              <input id="ct-shortEn" value={d.shortEn} onInput={(e) => setD({ ...d, shortEn: e.currentTarget.value })} />
            </div>
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
