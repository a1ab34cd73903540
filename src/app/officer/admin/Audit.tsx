import { useEffect, useState } from 'preact/hooks';
import type { RouteProps } from '../../router.ts';
import { i18n, useT } from '../../i18n/i18n.ts';
import { get } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { ErrorBox } from '../ErrorBox.tsx';
import { dateTime } from '../fmt.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';

// The audit log (nhật ký thay đổi): who changed what, and when, newest first, 100 at a time.
type Entry = { id: string; at: number; actorId: string | null; action: string; subject: string; details: Record<string, unknown> };
type Member = { id: string; displayName: string };

export const Audit = (_: RouteProps) => <OfficerLayout area="admin">{() => <AuditBody />}</OfficerLayout>;

// The details as short "key: value" text (values that are objects are summarised as JSON).
const detailText = (d: Record<string, unknown>): string =>
  Object.entries(d)
    .slice(0, 6)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ')
    .slice(0, 300);

const AuditBody = () => {
  const t = useT('officer');
  const members = useApi<{ members: Member[] }>('/api/admin/members');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState(true);
  const [busy, setBusy] = useState(false);
  const load = async (before?: number) => {
    setBusy(true);
    try {
      const res = await get<{ entries: Entry[] }>(`/api/admin/audit?limit=100${before ? `&before=${before}` : ''}`);
      setEntries((e) => (before ? [...e, ...res.entries] : res.entries));
      setMore(res.entries.length === 100);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(), []);
  const who = (id: string | null) => (id === null ? t('admin.audit.system') : (members.data?.members.find((m) => m.id === id)?.displayName ?? id));
  const action = (a: string) => (i18n.exists(`officer:admin.audit.actions.${a}`) ? t(`admin.audit.actions.${a}`) : a);
  return (
    <>
      <AdminBack />
      <h1>{t('admin.audit.title')}</h1>
      <p class="lead">{t('admin.audit.lead')}</p>
      {error ? <ErrorBox error={error} onRetry={() => void load()} /> : null}
      {entries.length === 0 && !busy && !error ? (
        <p class="empty">{t('admin.audit.empty')}</p>
      ) : (
        <DataTable label={t('admin.audit.title')} class="audit" cols={[t('admin.audit.when'), t('admin.audit.who'), t('admin.audit.what'), t('admin.audit.details')]}>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{dateTime(e.at)}</td>
              <td>{who(e.actorId)}</td>
              <th scope="row">
                {action(e.action)} <small class="muted">{e.subject}</small>
              </th>
              <td class="details">{detailText(e.details)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {more && entries.length > 0 && (
        <button type="button" class="btn" disabled={busy} onClick={() => void load(entries[entries.length - 1].at)}>
          {busy ? t('loading') : t('admin.audit.older')}
        </button>
      )}
    </>
  );
};
