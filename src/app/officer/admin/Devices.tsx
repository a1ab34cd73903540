import type { Role } from '../../../core/model/enums.ts';
import type { RouteProps } from '../../router.ts';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { Field } from '../Field.tsx';
import { ago, dateTime, num } from '../fmt.ts';
import { Loaded } from '../Loaded.tsx';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { RowButton } from './RowButton.tsx';
import { useAction } from './useAction.ts';

// Every phone (and officer browser) that joined: whose it is, when it last synced, how many of its changes the
// commune refused, and revoke for a lost or replaced phone (it keeps what it has not sent and asks to re-join).
type Device = { id: string; label: string; memberId: string; memberName: string; role: Role; lastSeq: number; lastSyncAt: number | null; createdAt: number; status: 'active' | 'revoked' | 'expired'; rejected: number };

export const Devices = (_: RouteProps) => <OfficerLayout area="admin">{() => <DevicesBody />}</OfficerLayout>;

const DevicesBody = () => {
  const t = useT('officer');
  const list = useApi<{ devices: Device[] }>('/api/admin/devices');
  const settings = useApi<{ silentDays: number }>('/api/admin/settings');
  const act = useAction();
  const now = Date.now();
  // The silent-device threshold is the commune's setting (3 days unless changed).
  const silentDays = settings.data?.silentDays ?? 3;
  const [days, setDays] = useState('');
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.silentDays));
  }, [settings.data]);
  return (
    <>
      <AdminBack />
      <h1>{t('admin.devices.title')}</h1>
      <p class="lead">{t('admin.devices.lead')}</p>
      <Feedback issues={act.issues} failure={act.failure} done={act.done} idPrefix="dv" />
      <form
        class="o-form-row panel"
        onSubmit={async (e) => {
          e.preventDefault();
          const n = Number(days.trim());
          if (await act.run('settings', () => send('PUT', '/api/admin/settings', { silentDays: n }), t('admin.devices.silentSaved', { days: n }))) await settings.reload();
        }}
      >
        <Field id="dv-silentDays" label={t('fields.silentDays')} class="short" hint={t('admin.devices.silentHint')}>
          <input id="dv-silentDays" inputMode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} aria-describedby="dv-silentDays-hint" />
        </Field>
        <button type="submit" class="btn" disabled={!!act.busy || !settings.data}>
          {t('admin.save')}
        </button>
      </form>
      <Loaded state={list} empty={t('admin.devices.empty')} isEmpty={(d) => d.devices.length === 0}>
        {(data) => (
          <DataTable
            label={t('admin.devices.title')}
            cols={[t('admin.devices.device'), t('admin.devices.member'), t('admin.devices.lastSync'), { n: t('admin.devices.sent') }, { n: t('admin.devices.rejected') }, t('admin.devices.status'), { sr: t('admin.actions') }]}
          >
            {data.devices.map((d) => {
              const stale = d.status === 'active' && now - (d.lastSyncAt ?? d.createdAt) > silentDays * 86_400_000;
              return (
                <tr key={d.id} class={d.status !== 'active' ? 'removed' : ''}>
                  <th scope="row">{d.label}</th>
                  <td>
                    {d.memberName} <small class="muted">{t(`role.${d.role}`)}</small>
                  </td>
                  <td class={stale ? 'warn-text' : ''}>
                    {stale && <span aria-hidden="true">▲ </span>}
                    {d.lastSyncAt ? `${ago(t, d.lastSyncAt, now)} (${dateTime(d.lastSyncAt)})` : t('freshness.never')}
                    {stale && <small> · {t('admin.devices.stale', { days: silentDays })}</small>}
                  </td>
                  <td class="n">{num(d.lastSeq)}</td>
                  <td class={`n${d.rejected ? ' warn-text' : ''}`}>{num(d.rejected)}</td>
                  <td>
                    <span class={`tag${d.status === 'active' ? '' : ' warn'}`}>{t(`admin.devices.statusValue.${d.status}`)}</span>
                  </td>
                  <td class="actions">
                    {d.status === 'active' && (
                      <RowButton
                        name={d.label}
                        confirm={t('admin.devices.revokeConfirm', { label: d.label, name: d.memberName })}
                        disabled={!!act.busy}
                        onClick={async () => {
                          if (await act.run('revoke', () => send('POST', `/api/admin/devices/${encodeURIComponent(d.id)}/revoke`, {}), t('admin.devices.revoked'))) await list.reload();
                        }}
                      >
                        {t('admin.devices.revoke')}
                      </RowButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Loaded>
    </>
  );
};
