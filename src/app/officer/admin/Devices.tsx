import type { RouteProps } from '../../routes.ts';
import { STALE_DEVICE_MS } from '../../../core/report/shapes.ts';
import { useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { ago, dateTime, num } from '../fmt.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { useAction } from './useAction.ts';

// Every phone (and officer browser) that joined: whose it is, when it last synced, how many of its changes the
// commune refused, and revoke for a lost or replaced phone (it keeps what it has not sent and asks to re-join).
type Device = { id: string; label: string; memberId: string; memberName: string; role: string; lastSeq: number; lastSyncAt: number | null; createdAt: number; status: 'active' | 'revoked' | 'expired'; rejected: number };

export const Devices = (_: RouteProps) => <OfficerLayout area="admin">{() => <DevicesBody />}</OfficerLayout>;

const DevicesBody = () => {
  const t = useT('officer');
  const list = useApi<{ devices: Device[] }>('/api/admin/devices');
  const act = useAction();
  const now = Date.now();
  return (
    <>
      <AdminBack />
      <h1>{t('admin.devices.title')}</h1>
      <p class="lead">{t('admin.devices.lead')}</p>
      <Feedback issues={act.issues} failure={act.failure} done={act.done} />
      {list.error ? (
        <ErrorBox error={list.error} onRetry={() => void list.reload()} />
      ) : !list.data ? (
        <p class="loading">{t('loading')}</p>
      ) : list.data.devices.length === 0 ? (
        <p class="empty">{t('admin.devices.empty')}</p>
      ) : (
        <div class="table-wrap" role="region" tabIndex={0} aria-label={t('admin.devices.title')}>
          <table class="o-table">
            <caption class="sr-only">{t('admin.devices.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.devices.device')}</th>
                <th scope="col">{t('admin.devices.member')}</th>
                <th scope="col">{t('admin.devices.lastSync')}</th>
                <th scope="col" class="n">
                  {t('admin.devices.sent')}
                </th>
                <th scope="col" class="n">
                  {t('admin.devices.rejected')}
                </th>
                <th scope="col">{t('admin.devices.status')}</th>
                <th scope="col">
                  <span class="sr-only">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.devices.map((d) => {
                const stale = d.status === 'active' && now - (d.lastSyncAt ?? d.createdAt) > STALE_DEVICE_MS;
                return (
                  <tr key={d.id} class={d.status !== 'active' ? 'removed' : ''}>
                    <th scope="row">{d.label}</th>
                    <td>
                      {d.memberName} <small class="muted">{t(`role.${d.role}`)}</small>
                    </td>
                    <td class={stale ? 'warn-text' : ''}>
                      {stale && <span aria-hidden="true">▲ </span>}
                      {d.lastSyncAt ? `${ago(t, d.lastSyncAt, now)} (${dateTime(d.lastSyncAt)})` : t('freshness.never')}
                      {stale && <small> · {t('admin.devices.stale')}</small>}
                    </td>
                    <td class="n">{num(d.lastSeq)}</td>
                    <td class={`n${d.rejected ? ' warn-text' : ''}`}>{num(d.rejected)}</td>
                    <td>
                      <span class={`tag${d.status === 'active' ? '' : ' warn'}`}>{t(`admin.devices.statusValue.${d.status}`)}</span>
                    </td>
                    <td class="actions">
                      {d.status === 'active' && (
                        <button
                          type="button"
                          class="btn ghost small"
                          disabled={!!act.busy}
                          onClick={async () => {
                            if (!confirm(t('admin.devices.revokeConfirm', { label: d.label, name: d.memberName }))) return;
                            if (await act.run('revoke', () => send('POST', `/api/admin/devices/${encodeURIComponent(d.id)}/revoke`, {}), t('admin.devices.revoked'))) await list.reload();
                          }}
                        >
                          {t('admin.devices.revoke')}
                          <span class="sr-only"> {d.label}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
};
