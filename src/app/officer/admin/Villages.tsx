import { useState } from 'preact/hooks';
import { VILLAGE_KINDS, type VillageKind } from '../../../core/model/enums.ts';
import type { ImportRow } from '../../../core/report/village-import.ts';
import type { RouteProps } from '../../router.ts';
import { useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { Field } from '../Field.tsx';
import { ago, num } from '../fmt.ts';
import { Loaded } from '../Loaded.tsx';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { RowButton } from './RowButton.tsx';
import { useAction } from './useAction.ts';

// The commune's villages: add one, rename, retire or bring back, or import a list from a CSV file (checked first,
// all or nothing, every bad line named).
type VillageView = { id: string; name: string; kind: VillageKind; retired: boolean; members: number; devices: number; lastSyncAt: number | null; oldestSyncAt: number | null; openInvites: number };

// The add form and the edit row offer the same kinds (thôn, bản, tổ dân phố) from one list.
const KindSelect = ({ id, value, onChange }: { id: string; value: string; onChange: (kind: string) => void }) => {
  const t = useT('officer');
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {VILLAGE_KINDS.map((k) => (
        <option value={k} key={k}>
          {t(`villageKind.${k}`)}
        </option>
      ))}
    </select>
  );
};

export const Villages = (_: RouteProps) => <OfficerLayout area="admin">{() => <VillagesBody />}</OfficerLayout>;

const VillagesBody = () => {
  const t = useT('officer');
  const list = useApi<{ villages: VillageView[] }>('/api/admin/villages');
  const act = useAction();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('thon');
  const [editing, setEditing] = useState<{ id: string; name: string; kind: string } | undefined>();
  const [csv, setCsv] = useState<{ file: string; text: string } | undefined>();
  const [preview, setPreview] = useState<ImportRow[] | undefined>();
  const now = Date.now();
  return (
    <>
      <AdminBack />
      <h1>{t('admin.villages.title')}</h1>
      <Feedback issues={act.issues} failure={act.failure} done={act.done} idPrefix="v" />

      <section class="panel">
        <h2>{t('admin.villages.add')}</h2>
        <form
          class="o-form-row"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await act.run('add', () => send('POST', '/api/admin/villages', { name, kind }), t('admin.villages.added', { name }));
            if (ok) {
              setName('');
              await list.reload();
            }
          }}
        >
          <Field id="v-name" label={t('fields.name')}>
            <input id="v-name" value={name} maxLength={120} onInput={(e) => setName(e.currentTarget.value)} required />
          </Field>
          <Field id="v-kind" label={t('fields.kind')}>
            <KindSelect id="v-kind" value={kind} onChange={setKind} />
          </Field>
          <button type="submit" class="btn primary" disabled={act.busy === 'add'}>
            {t('admin.villages.addButton')}
          </button>
        </form>
      </section>

      <section class="panel">
        <h2>{t('admin.villages.import')}</h2>
        <p class="hint">{t('admin.villages.importHint')}</p>
        <Field id="v-file" label={t('admin.villages.file')}>
          <input
            id="v-file"
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const f = e.currentTarget.files?.[0];
              setPreview(undefined);
              act.clear();
              if (!f) return setCsv(undefined);
              const text = await f.text();
              setCsv({ file: f.name, text });
              const res = await act.run('check', () => send<{ rows: ImportRow[] }>('POST', '/api/admin/villages/import', { csv: text, dryRun: true }));
              if (res) setPreview(res.rows);
            }}
          />
        </Field>
        {preview && csv && (
          <>
            <p>{t('admin.villages.previewLine', { count: preview.length, file: csv.file })}</p>
            <DataTable label={t('admin.villages.preview')} cols={[t('admin.villages.line'), t('fields.name'), t('fields.kind')]}>
              {preview.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <th scope="row">{r.name}</th>
                  <td>{t(`villageKind.${r.kind}`)}</td>
                </tr>
              ))}
            </DataTable>
            <button
              type="button"
              class="btn primary"
              disabled={!!act.busy}
              onClick={async () => {
                const res = await act.run('import', () => send<{ imported: number }>('POST', '/api/admin/villages/import', { csv: csv.text }), t('admin.villages.imported', { count: preview.length }));
                if (res) {
                  setPreview(undefined);
                  setCsv(undefined);
                  await list.reload();
                }
              }}
            >
              {t('admin.villages.importButton', { count: preview.length })}
            </button>
          </>
        )}
      </section>

      <h2>{t('admin.villages.list')}</h2>
      <Loaded state={list} empty={t('admin.villages.empty')} isEmpty={(d) => d.villages.length === 0}>
        {(d) => (
          <DataTable
            label={t('admin.villages.list')}
            cols={[t('fields.name'), t('fields.kind'), { n: t('admin.villages.members') }, { n: t('admin.villages.devices') }, t('admin.villages.lastSync'), { sr: t('admin.actions') }]}
          >
            {d.villages.map((v) =>
              editing?.id === v.id ? (
                <tr key={v.id}>
                  <td colSpan={6}>
                    <form
                      class="o-form-row"
                      onSubmit={async (e) => {
                        e.preventDefault();
                        const ok = await act.run('edit', () => send('PUT', `/api/admin/villages/${encodeURIComponent(v.id)}`, { name: editing.name, kind: editing.kind }), t('admin.saved'));
                        if (ok) {
                          setEditing(undefined);
                          await list.reload();
                        }
                      }}
                    >
                      <Field id="v-edit-name" label={t('fields.name')}>
                        <input id="v-edit-name" value={editing.name} onInput={(e) => setEditing({ ...editing, name: e.currentTarget.value })} required />
                      </Field>
                      <Field id="v-edit-kind" label={t('fields.kind')}>
                        <KindSelect id="v-edit-kind" value={editing.kind} onChange={(k) => setEditing({ ...editing, kind: k })} />
                      </Field>
                      <button type="submit" class="btn primary">
                        {t('admin.save')}
                      </button>
                      <button type="button" class="btn ghost" onClick={() => setEditing(undefined)}>
                        {t('admin.cancel')}
                      </button>
                    </form>
                  </td>
                </tr>
              ) : (
                <tr key={v.id} class={v.retired ? 'removed' : ''}>
                  <th scope="row">
                    {v.name} {v.retired && <span class="tag warn">{t('admin.villages.retired')}</span>}
                  </th>
                  <td>{t(`villageKind.${v.kind}`)}</td>
                  <td class="n">{num(v.members)}</td>
                  <td class="n">{num(v.devices)}</td>
                  <td>{v.oldestSyncAt ? ago(t, v.oldestSyncAt, now) : <span class="muted">{t('freshness.never')}</span>}</td>
                  <td class="actions">
                    <RowButton name={v.name} onClick={() => setEditing({ id: v.id, name: v.name, kind: v.kind })}>
                      {t('admin.edit')}
                    </RowButton>
                    <RowButton
                      name={v.name}
                      confirm={v.retired ? undefined : t('admin.villages.retireConfirm', { name: v.name })}
                      disabled={!!act.busy}
                      onClick={async () => {
                        const ok = await act.run('retire', () => send('PUT', `/api/admin/villages/${encodeURIComponent(v.id)}`, { retired: !v.retired }), t('admin.saved'));
                        if (ok) await list.reload();
                      }}
                    >
                      {v.retired ? t('admin.villages.restore') : t('admin.villages.retire')}
                    </RowButton>
                  </td>
                </tr>
              ),
            )}
          </DataTable>
        )}
      </Loaded>
    </>
  );
};
