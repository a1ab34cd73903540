import { useState } from 'preact/hooks';
import { VILLAGE_KINDS } from '../../../core/model/enums.ts';
import type { ImportRow } from '../../../core/report/village-import.ts';
import type { RouteProps } from '../../routes.ts';
import { useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { ago, num } from '../fmt.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { useAction } from './useAction.ts';

// The commune's villages: add one, rename, retire or bring back, or import a list from a CSV file (checked first,
// all or nothing, every bad line named).
type VillageView = { id: string; name: string; kind: string; retired: boolean; members: number; devices: number; lastSyncAt: number | null; oldestSyncAt: number | null; openInvites: number };

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
          <div class="field">
            <label for="v-name">{t('fields.name')}</label>
            <input id="v-name" value={name} maxLength={120} onInput={(e) => setName(e.currentTarget.value)} required />
          </div>
          <div class="field">
            <label for="v-kind">{t('fields.kind')}</label>
            <select id="v-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              {VILLAGE_KINDS.map((k) => (
                <option value={k} key={k}>
                  {t(`villageKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="btn primary" disabled={act.busy === 'add'}>
            {t('admin.villages.addButton')}
          </button>
        </form>
      </section>

      <section class="panel">
        <h2>{t('admin.villages.import')}</h2>
        <p class="hint">{t('admin.villages.importHint')}</p>
        <div class="field">
          <label for="v-file">{t('admin.villages.file')}</label>
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
        </div>
        {preview && csv && (
          <>
            <p>{t('admin.villages.previewLine', { count: preview.length, file: csv.file })}</p>
            <div class="table-wrap" role="region" tabIndex={0} aria-label={t('admin.villages.preview')}>
              <table class="o-table">
                <caption class="sr-only">{t('admin.villages.preview')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.villages.line')}</th>
                    <th scope="col">{t('fields.name')}</th>
                    <th scope="col">{t('fields.kind')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}</td>
                      <th scope="row">{r.name}</th>
                      <td>{t(`villageKind.${r.kind}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
      {list.error ? (
        <ErrorBox error={list.error} onRetry={() => void list.reload()} />
      ) : !list.data ? (
        <p class="loading">{t('loading')}</p>
      ) : list.data.villages.length === 0 ? (
        <p class="empty">{t('admin.villages.empty')}</p>
      ) : (
        <div class="table-wrap" role="region" tabIndex={0} aria-label={t('admin.villages.list')}>
          <table class="o-table">
            <caption class="sr-only">{t('admin.villages.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('fields.kind')}</th>
                <th scope="col" class="n">
                  {t('admin.villages.members')}
                </th>
                <th scope="col" class="n">
                  {t('admin.villages.devices')}
                </th>
                <th scope="col">{t('admin.villages.lastSync')}</th>
                <th scope="col">
                  <span class="sr-only">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.villages.map((v) =>
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
                        <div class="field">
                          <label for="v-edit-name">{t('fields.name')}</label>
                          <input id="v-edit-name" value={editing.name} onInput={(e) => setEditing({ ...editing, name: e.currentTarget.value })} required />
                        </div>
                        <div class="field">
                          <label for="v-edit-kind">{t('fields.kind')}</label>
                          <select id="v-edit-kind" value={editing.kind} onChange={(e) => setEditing({ ...editing, kind: e.currentTarget.value })}>
                            {VILLAGE_KINDS.map((k) => (
                              <option value={k} key={k}>
                                {t(`villageKind.${k}`)}
                              </option>
                            ))}
                          </select>
                        </div>
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
                      <button type="button" class="btn ghost small" onClick={() => setEditing({ id: v.id, name: v.name, kind: v.kind })}>
                        {t('admin.edit')}
                        <span class="sr-only"> {v.name}</span>
                      </button>
                      <button
                        type="button"
                        class="btn ghost small"
                        disabled={!!act.busy}
                        onClick={async () => {
                          if (!v.retired && !confirm(t('admin.villages.retireConfirm', { name: v.name }))) return;
                          const ok = await act.run('retire', () => send('PUT', `/api/admin/villages/${encodeURIComponent(v.id)}`, { retired: !v.retired }), t('admin.saved'));
                          if (ok) await list.reload();
                        }}
                      >
                        {v.retired ? t('admin.villages.restore') : t('admin.villages.retire')}
                        <span class="sr-only"> {v.name}</span>
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
};
