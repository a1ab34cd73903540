import { useState } from 'preact/hooks';
import type { CatalogueItem } from '../../../core/model/checklist.ts';
import type { Target } from '../../../core/model/people.ts';
import type { RouteProps } from '../../router.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { Field } from '../Field.tsx';
import { date, parseDate, pct } from '../fmt.ts';
import { Loaded } from '../Loaded.tsx';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { RowButton } from './RowButton.tsx';
import { useAction } from './useAction.ts';

// The province's targets for the commune: for each indicator, the value to reach (% of the eligible people or
// households), for the commune as a whole or for each village, by a date, and the document that set it.
type Draft = { itemId: string; unit: string; value: string; dueOn: string; source: string };
// The due date is typed and shown dd/mm/yyyy whatever the browser's locale.
const empty = (itemId = ''): Draft => ({ itemId, unit: 'commune', value: '', dueOn: `31/12/${new Date().getFullYear()}`, source: '' });

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
  const body = () => ({ ...draft, itemId: draft.itemId || items[0]?.id, value: draft.value === '' ? NaN : Number(draft.value.replace(',', '.')), dueOn: parseDate(draft.dueOn) ?? draft.dueOn });
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
          <Field id="tg-itemId" label={t('fields.itemId')} class="wide">
            <select id="tg-itemId" value={draft.itemId || items[0]?.id || ''} onChange={(e) => setDraft({ ...draft, itemId: e.currentTarget.value })}>
              {items.map((i) => (
                <option value={i.id} key={i.id}>
                  {i.label[lang]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="tg-unit" label={t('fields.unit')}>
            <select id="tg-unit" value={draft.unit} onChange={(e) => setDraft({ ...draft, unit: e.currentTarget.value })}>
              <option value="commune">{t('unitKind.commune')}</option>
              <option value="village">{t('unitKind.village')}</option>
            </select>
          </Field>
          <Field id="tg-value" label={t('fields.value')} class="short" hint={t('admin.targets.valueHint')}>
            <input id="tg-value" inputMode="decimal" value={draft.value} onInput={(e) => setDraft({ ...draft, value: e.currentTarget.value })} required aria-describedby="tg-value-hint" />
          </Field>
          <Field id="tg-dueOn" label={t('fields.dueOn')}>
            <input id="tg-dueOn" inputMode="numeric" placeholder="dd/mm/yyyy" value={draft.dueOn} onInput={(e) => setDraft({ ...draft, dueOn: e.currentTarget.value })} required />
          </Field>
          <Field id="tg-source" label={t('fields.source')} class="wide">
            <input id="tg-source" value={draft.source} maxLength={120} placeholder={t('admin.targets.sourceHint')} onInput={(e) => setDraft({ ...draft, source: e.currentTarget.value })} />
          </Field>
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
      <Loaded state={list} empty={t('admin.targets.empty')} isEmpty={(d) => d.targets.length === 0}>
        {(d) => (
          <DataTable label={t('admin.targets.list')} cols={[t('fields.itemId'), t('fields.unit'), { n: t('fields.value') }, t('fields.dueOn'), t('fields.source'), { sr: t('admin.actions') }]}>
            {d.targets.map((x) => (
              <tr key={x.id}>
                <th scope="row">{itemOf(x.itemId)?.label[lang] ?? x.itemId}</th>
                <td>{t(`unitKind.${x.unit}`)}</td>
                <td class="n">{pct(x.value)}</td>
                <td>{date(x.dueOn)}</td>
                <td>{x.source || '—'}</td>
                <td class="actions">
                  <RowButton
                    name={itemOf(x.itemId)?.label[lang]}
                    onClick={() => {
                      setEditing(x.id);
                      setDraft({ itemId: x.itemId, unit: x.unit, value: String(x.value), dueOn: date(x.dueOn), source: x.source });
                      document.getElementById('tg-value')?.focus();
                    }}
                  >
                    {t('admin.edit')}
                  </RowButton>
                  <RowButton
                    name={itemOf(x.itemId)?.label[lang]}
                    confirm={t('admin.targets.removeConfirm')}
                    disabled={!!act.busy}
                    onClick={async () => {
                      if (await act.run('del', () => send('DELETE', `/api/admin/targets/${encodeURIComponent(x.id)}`), t('admin.saved'))) await list.reload();
                    }}
                  >
                    {t('admin.remove')}
                  </RowButton>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      {cat.error && <ErrorBox error={cat.error} onRetry={() => void cat.reload()} />}
    </>
  );
};
