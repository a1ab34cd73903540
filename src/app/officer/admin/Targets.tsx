import { useState } from 'preact/hooks';
import type { CatalogueItem } from '../../../core/model/checklist.ts';
import type { Target } from '../../../core/model/people.ts';
import type { RouteProps } from '../../routes.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { date, pct } from '../fmt.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { useAction } from './useAction.ts';

// The province's targets for the commune: for each indicator, the value to reach (% of the eligible people or
// households), for the commune as a whole or for each village, by a date, and the document that set it.
type Draft = { itemId: string; unit: string; value: string; dueOn: string; source: string };
const empty = (itemId = ''): Draft => ({ itemId, unit: 'commune', value: '', dueOn: `${new Date().getFullYear()}-12-31`, source: '' });

export const Targets = (_: RouteProps) => <OfficerLayout area="admin">{() => <TargetsBody />}</OfficerLayout>;

const TargetsBody = () => {
  const t = useT('officer');
  const lang = currentLang();
  const list = useApi<{ targets: Target[] }>('/api/admin/targets');
  const cat = useApi<{ items: CatalogueItem[] }>('/api/admin/catalogue');
  const act = useAction();
  const items = (cat.data?.items ?? []).filter((i) => !i.retired);
  const [draft, setDraft] = useState<Draft>(empty());
  const [editing, setEditing] = useState<string | undefined>();
  const itemOf = (id: string) => cat.data?.items.find((i) => i.id === id);
  const body = () => ({ ...draft, itemId: draft.itemId || items[0]?.id, value: draft.value === '' ? NaN : Number(draft.value.replace(',', '.')) });
  const save = async () => {
    const ok = await act.run('save', () => (editing ? send('PUT', `/api/admin/targets/${encodeURIComponent(editing)}`, body()) : send('POST', '/api/admin/targets', body())), t('admin.saved'));
    if (ok) {
      setDraft(empty());
      setEditing(undefined);
      await list.reload();
    }
  };
  return (
    <>
      <AdminBack />
      <h1>{t('admin.targets.title')}</h1>
      <p class="lead">{t('admin.targets.lead')}</p>
      <Feedback issues={act.issues} failure={act.failure} done={act.done} idPrefix="tg" />
      <section class="panel" id="target-form">
        <h2>{editing ? t('admin.targets.edit') : t('admin.targets.add')}</h2>
        <form
          class="o-form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div class="field wide">
            <label for="tg-itemId">{t('fields.itemId')}</label>
            <select id="tg-itemId" value={draft.itemId || items[0]?.id || ''} onChange={(e) => setDraft({ ...draft, itemId: e.currentTarget.value })}>
              {items.map((i) => (
                <option value={i.id} key={i.id}>
                  {i.label[lang]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="tg-unit">{t('fields.unit')}</label>
            <select id="tg-unit" value={draft.unit} onChange={(e) => setDraft({ ...draft, unit: e.currentTarget.value })}>
              <option value="commune">{t('unitKind.commune')}</option>
              <option value="village">{t('unitKind.village')}</option>
            </select>
          </div>
          <div class="field short">
            <label for="tg-value">{t('fields.value')}</label>
            <input id="tg-value" inputMode="decimal" value={draft.value} onInput={(e) => setDraft({ ...draft, value: e.currentTarget.value })} required aria-describedby="tg-value-hint" />
            <p class="hint" id="tg-value-hint">
              {t('admin.targets.valueHint')}
            </p>
          </div>
          <div class="field">
            <label for="tg-dueOn">{t('fields.dueOn')}</label>
            <input id="tg-dueOn" type="date" value={draft.dueOn} onInput={(e) => setDraft({ ...draft, dueOn: e.currentTarget.value })} required />
          </div>
          <div class="field wide">
            <label for="tg-source">{t('fields.source')}</label>
            <input id="tg-source" value={draft.source} maxLength={120} placeholder={t('admin.targets.sourceHint')} onInput={(e) => setDraft({ ...draft, source: e.currentTarget.value })} />
          </div>
          <div class="btn-row wide">
            <button type="submit" class="btn primary" disabled={!!act.busy || !items.length}>
              {editing ? t('admin.save') : t('admin.targets.addButton')}
            </button>
            {editing && (
              <button
                type="button"
                class="btn ghost"
                onClick={() => {
                  setEditing(undefined);
                  setDraft(empty());
                }}
              >
                {t('admin.cancel')}
              </button>
            )}
          </div>
        </form>
      </section>

      <h2>{t('admin.targets.list')}</h2>
      {list.error ? (
        <ErrorBox error={list.error} onRetry={() => void list.reload()} />
      ) : !list.data ? (
        <p class="loading">{t('loading')}</p>
      ) : list.data.targets.length === 0 ? (
        <p class="empty">{t('admin.targets.empty')}</p>
      ) : (
        <div class="table-wrap" role="region" tabIndex={0} aria-label={t('admin.targets.list')}>
          <table class="o-table">
            <caption class="sr-only">{t('admin.targets.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fields.itemId')}</th>
                <th scope="col">{t('fields.unit')}</th>
                <th scope="col" class="n">
                  {t('fields.value')}
                </th>
                <th scope="col">{t('fields.dueOn')}</th>
                <th scope="col">{t('fields.source')}</th>
                <th scope="col">
                  <span class="sr-only">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.targets.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{itemOf(x.itemId)?.label[lang] ?? x.itemId}</th>
                  <td>{t(`unitKind.${x.unit}`)}</td>
                  <td class="n">{pct(x.value)}</td>
                  <td>{date(x.dueOn)}</td>
                  <td>{x.source || '—'}</td>
                  <td class="actions">
                    <button
                      type="button"
                      class="btn ghost small"
                      onClick={() => {
                        setEditing(x.id);
                        setDraft({ itemId: x.itemId, unit: x.unit, value: String(x.value), dueOn: x.dueOn, source: x.source });
                        document.getElementById('tg-value')?.focus();
                      }}
                    >
                      {t('admin.edit')}
                      <span class="sr-only"> {itemOf(x.itemId)?.label[lang]}</span>
                    </button>
                    <button
                      type="button"
                      class="btn ghost small"
                      disabled={!!act.busy}
                      onClick={async () => {
                        if (!confirm(t('admin.targets.removeConfirm'))) return;
                        if (await act.run('del', () => send('DELETE', `/api/admin/targets/${encodeURIComponent(x.id)}`), t('admin.saved'))) await list.reload();
                      }}
                    >
                      {t('admin.remove')}
                      <span class="sr-only"> {itemOf(x.itemId)?.label[lang]}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cat.error && <ErrorBox error={cat.error} onRetry={() => void cat.reload()} />}
    </>
  );
};
