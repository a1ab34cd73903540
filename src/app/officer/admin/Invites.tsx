import type { Role } from '../../../core/model/enums.ts';
import { useState } from 'preact/hooks';
import type { RouteProps } from '../../router.ts';
import { useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { Field } from '../Field.tsx';
import { date, num } from '../fmt.ts';
import { href } from '../links.ts';
import { Loaded } from '../Loaded.tsx';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { RowButton } from './RowButton.tsx';
import { useAction } from './useAction.ts';

// The sheet's codes ride in the fragment, which the browser never sends: invite codes stay out of server logs.
const printLink = (codes: string[]): string => `${href('/officer/admin/invites/print')}#codes=${codes.map(encodeURIComponent).join(',')}`;

// Invite codes: one per village team, used once per phone that joins. A new code can be printed at once as a
// sheet with its QR code; active codes can be printed together or revoked.
export type InviteView = { code: string; villageId: string; role: Role; uses: number; used: number; expiresAt: number; createdAt: number; status: 'active' | 'expired' | 'used-up' | 'revoked' };
type Village = { id: string; name: string; retired: boolean };

export type InviteList = { invites: InviteView[]; publicUrl: string | null; publicUrlProblem: 'unset' | 'not-https' | 'invalid' | null };

// The address invite sheets carry is the server's PUBLIC_URL, never this browser's: say so when it is missing or
// not https (a phone cannot work offline from plain http).
export const PublicUrlWarning = ({ list }: { list: InviteList | undefined }) => {
  const t = useT('officer');
  if (!list) return null;
  if (!list.publicUrlProblem)
    return (
      <p class="hint" data-testid="public-url">
        {t('admin.invites.publicUrl', { url: list.publicUrl })}
      </p>
    );
  return (
    <p class="warn-box" role="note" data-testid="public-url">
      {t(`admin.invites.publicUrlProblem.${list.publicUrlProblem}`, { url: list.publicUrl ?? '' })}
    </p>
  );
};

export const Invites = (_: RouteProps) => <OfficerLayout area="admin">{() => <InvitesBody />}</OfficerLayout>;

const InvitesBody = () => {
  const t = useT('officer');
  const villages = useApi<{ villages: Village[] }>('/api/admin/villages');
  const invites = useApi<InviteList>('/api/admin/invites');
  const [bulk, setBulk] = useState<InviteView[] | undefined>();
  const act = useAction();
  const [villageId, setVillageId] = useState('');
  const [uses, setUses] = useState('10');
  const [days, setDays] = useState('14');
  const [role, setRole] = useState('member');
  const [created, setCreated] = useState<InviteView | undefined>();
  const open = villages.data?.villages.filter((v) => !v.retired) ?? [];
  const nameOf = (id: string) => villages.data?.villages.find((v) => v.id === id)?.name ?? id;
  const active = invites.data?.invites.filter((i) => i.status === 'active') ?? [];
  return (
    <>
      <AdminBack />
      <h1>{t('admin.invites.title')}</h1>
      <Feedback issues={act.issues} failure={act.failure} done={act.done} idPrefix="i" />
      <PublicUrlWarning list={invites.data} />
      <section class="panel">
        <h2>{t('admin.invites.create')}</h2>
        <form
          class="o-form-row"
          onSubmit={async (e) => {
            e.preventDefault();
            const inv = await act.run(
              'create',
              () => send<InviteView>('POST', '/api/admin/invites', { villageId: villageId || open[0]?.id, uses: Number(uses), expiresInDays: Number(days), role }),
            );
            if (inv) {
              setCreated(inv);
              await invites.reload();
            }
          }}
        >
          <Field id="i-villageId" label={t('fields.villageId')}>
            <select id="i-villageId" value={villageId || open[0]?.id || ''} onChange={(e) => setVillageId(e.currentTarget.value)}>
              {open.map((v) => (
                <option value={v.id} key={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="i-uses" label={t('fields.uses')} class="short">
            <input id="i-uses" type="number" inputMode="numeric" min="1" max="1000" value={uses} onInput={(e) => setUses(e.currentTarget.value)} />
          </Field>
          <Field id="i-expiresInDays" label={t('fields.expiresInDays')} class="short">
            <input id="i-expiresInDays" type="number" inputMode="numeric" min="1" max="365" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
          </Field>
          <Field id="i-role" label={t('fields.role')}>
            <select id="i-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              <option value="member">{t('role.member')}</option>
              <option value="leader">{t('role.leader')}</option>
            </select>
          </Field>
          <button type="submit" class="btn primary" disabled={!!act.busy || open.length === 0}>
            {t('admin.invites.createButton')}
          </button>
        </form>
        {created && (
          <div class="o-new-code" role="status">
            <p>
              {t('admin.invites.created', { village: nameOf(created.villageId) })} <strong class="code">{created.code}</strong>
            </p>
            <a class="btn primary" href={printLink([created.code])}>
              {t('admin.invites.printOne')}
            </a>
          </div>
        )}
      </section>

      <section class="panel">
        <h2>{t('admin.invites.bulk')}</h2>
        <p class="hint" id="i-csv-hint">
          {t('admin.invites.bulkHint')}
        </p>
        <Field id="i-csv" label={t('admin.invites.bulkFile')}>
          <input
            id="i-csv"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="i-csv-hint"
            onChange={async (e) => {
              const input = e.currentTarget;
              const f = input.files?.[0];
              setBulk(undefined);
              act.clear();
              if (!f) return;
              const csv = await f.text();
              const made = await act.run('bulk', () => send<{ invites: InviteView[] }>('POST', '/api/admin/invites/bulk', { csv }), (r) => t('admin.invites.bulkDone', { count: r.invites.length }));
              input.value = '';
              if (made) {
                setBulk(made.invites);
                await invites.reload();
              }
            }}
          />
        </Field>
        {bulk && bulk.length > 0 && (
          <a class="btn primary" href={printLink(bulk.map((i) => i.code))}>
            {t('admin.invites.printBulk', { count: bulk.length })}
          </a>
        )}
      </section>

      <div class="o-head-row">
        <h2>{t('admin.invites.list')}</h2>
        {active.length > 0 && (
          <a class="btn" href={printLink(active.map((i) => i.code))}>
            {t('admin.invites.printAll', { count: active.length })}
          </a>
        )}
      </div>
      <Loaded state={invites} empty={t('admin.invites.empty')} isEmpty={(d) => d.invites.length === 0}>
        {(d) => (
          <DataTable
            label={t('admin.invites.list')}
            cols={[t('admin.invites.code'), t('fields.villageId'), t('fields.role'), { n: t('admin.invites.usedOf') }, t('admin.invites.expires'), t('admin.invites.status'), { sr: t('admin.actions') }]}
          >
            {d.invites.map((i) => (
              <tr key={i.code} class={i.status === 'active' ? '' : 'removed'}>
                <th scope="row" class="code">
                  {i.code}
                </th>
                <td>{nameOf(i.villageId)}</td>
                <td>{t(`role.${i.role}`)}</td>
                <td class="n">{t('admin.invites.usedOfValue', { used: num(i.used), uses: num(i.uses) })}</td>
                <td>{date(i.expiresAt)}</td>
                <td>
                  <span class={`tag${i.status === 'active' ? '' : ' warn'}`}>{t(`admin.invites.statusValue.${i.status}`)}</span>
                </td>
                <td class="actions">
                  {i.status === 'active' && (
                    <>
                      <a class="btn ghost small" href={printLink([i.code])}>
                        {t('admin.invites.print')}
                        <span class="sr-only"> {i.code}</span>
                      </a>
                      <RowButton
                        name={i.code}
                        confirm={t('admin.invites.revokeConfirm', { code: i.code })}
                        disabled={!!act.busy}
                        onClick={async () => {
                          const ok = await act.run('revoke', () => send('POST', `/api/admin/invites/${encodeURIComponent(i.code)}/revoke`, {}), t('admin.invites.revoked'));
                          if (ok) await invites.reload();
                        }}
                      >
                        {t('admin.invites.revoke')}
                      </RowButton>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
    </>
  );
};
