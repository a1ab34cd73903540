import type { Role } from '../../../core/model/enums.ts';
import { useState } from 'preact/hooks';
import type { RouteProps } from '../../router.ts';
import { useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { Field } from '../Field.tsx';
import { ago } from '../fmt.ts';
import { Loaded } from '../Loaded.tsx';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { AdminBack } from './AdminHome.tsx';
import { Feedback } from './Feedback.tsx';
import { RowButton } from './RowButton.tsx';
import { useAction } from './useAction.ts';

// Teams and the people in them: which villages a team covers, who leads it, moving a member to another team or
// village, removing a member (their phones stop syncing), and sign-in accounts for other officers and trainers.
type Team = { id: string; name: string; villageIds: string[]; members: number };
type Member = { id: string; displayName: string; role: Role; villageIds: string[]; teamId: string | null; username: string | null; active: boolean; devices: number; lastSyncAt: number | null };
type Village = { id: string; name: string; retired: boolean };

export const Teams = (_: RouteProps) => <OfficerLayout area="admin">{() => <TeamsBody />}</OfficerLayout>;

const VillageChecks = ({ villages, value, onChange, legend, idPrefix }: { villages: Village[]; value: string[]; onChange: (v: string[]) => void; legend: string; idPrefix: string }) => (
  <fieldset class="checks" id={`${idPrefix}-villageIds`}>
    <legend>{legend}</legend>
    {villages
      .filter((v) => !v.retired)
      .map((v) => (
        <label class="check" key={v.id}>
          <input type="checkbox" checked={value.includes(v.id)} onChange={(e) => onChange(e.currentTarget.checked ? [...value, v.id] : value.filter((x) => x !== v.id))} />
          <span>{v.name}</span>
        </label>
      ))}
  </fieldset>
);

const TeamsBody = () => {
  const t = useT('officer');
  const teams = useApi<{ teams: Team[] }>('/api/admin/teams');
  const members = useApi<{ members: Member[] }>('/api/admin/members');
  const villages = useApi<{ villages: Village[] }>('/api/admin/villages');
  const act = useAction();
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [moving, setMoving] = useState<{ id: string; villageIds: string[] } | undefined>();
  const [account, setAccount] = useState({ displayName: '', username: '', password: '', role: 'officer' });
  const vs = villages.data?.villages ?? [];
  const villageNames = (ids: string[]) => ids.map((id) => vs.find((v) => v.id === id)?.name ?? id).join(', ');
  const reloadAll = async () => void (await Promise.all([teams.reload(), members.reload()]));
  const now = Date.now();
  const field = (members.data?.members ?? []).filter((m) => m.active && (m.role === 'member' || m.role === 'leader'));
  const office = (members.data?.members ?? []).filter((m) => m.active && m.role !== 'member' && m.role !== 'leader');
  return (
    <>
      <AdminBack />
      <h1>{t('admin.teams.title')}</h1>
      <Feedback issues={act.issues} failure={act.failure} done={act.done} idPrefix="tm" />

      <h2>{t('admin.teams.teams')}</h2>
      <Loaded state={teams} empty={t('admin.teams.noTeams')} isEmpty={(d) => d.teams.length === 0}>
        {(d) => (
          <ul class="o-rows">
            {d.teams.map((team) => (
              <li key={team.id}>
                <span>
                  <strong>{team.name}</strong>
                  <small class="muted">
                    {villageNames(team.villageIds)} · {t('admin.teams.memberCount', { count: team.members })}
                  </small>
                </span>
                <RowButton
                  name={team.name}
                  confirm={t('admin.teams.removeConfirm', { name: team.name })}
                  disabled={!!act.busy}
                  onClick={async () => {
                    if (await act.run('del', () => send('DELETE', `/api/admin/teams/${encodeURIComponent(team.id)}`), t('admin.saved'))) await reloadAll();
                  }}
                >
                  {t('admin.teams.remove')}
                </RowButton>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <details class="panel">
        <summary>{t('admin.teams.add')}</summary>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (await act.run('add', () => send('POST', '/api/admin/teams', { name, villageIds: picked }), t('admin.saved'))) {
              setName('');
              setPicked([]);
              await reloadAll();
            }
          }}
        >
          <Field id="tm-name" label={t('fields.teamName')}>
            <input id="tm-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
          </Field>
          <VillageChecks villages={vs} value={picked} onChange={setPicked} legend={t('fields.villageIds')} idPrefix="tm" />
          <button type="submit" class="btn primary" disabled={!!act.busy}>
            {t('admin.teams.addButton')}
          </button>
        </form>
      </details>

      <h2>{t('admin.teams.members')}</h2>
      <Loaded state={members} empty={t('admin.teams.noMembers')} isEmpty={() => field.length === 0}>
        {() => (
          <DataTable
            label={t('admin.teams.members')}
            cols={[t('fields.displayName'), t('fields.role'), t('fields.team'), t('fields.villageIds'), t('admin.teams.lastSync'), { sr: t('admin.actions') }]}
          >
            {field.map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.displayName}</th>
                <td>
                  <label class="sr-only" for={`role-${m.id}`}>
                    {t('admin.teams.roleOf', { name: m.displayName })}
                  </label>
                  <select
                    id={`role-${m.id}`}
                    value={m.role}
                    disabled={!!act.busy}
                    onChange={async (e) => {
                      const select = e.currentTarget;
                      const role = select.value === 'leader' ? 'leader' : 'member';
                      // A role change changes what the person may do on their phone: ask first.
                      if (!confirm(t('admin.teams.roleConfirm', { name: m.displayName, role: t(`role.${role}`) }))) {
                        select.value = m.role;
                        return;
                      }
                      if (await act.run('role', () => send('PUT', `/api/admin/teams/members/${encodeURIComponent(m.id)}`, { role }), t('admin.saved'))) await members.reload();
                    }}
                  >
                    <option value="member">{t('role.member')}</option>
                    <option value="leader">{t('role.leader')}</option>
                  </select>
                </td>
                <td>
                  <label class="sr-only" for={`team-${m.id}`}>
                    {t('admin.teams.teamOf', { name: m.displayName })}
                  </label>
                  <select
                    id={`team-${m.id}`}
                    value={m.teamId ?? ''}
                    disabled={!!act.busy}
                    onChange={async (e) => {
                      const teamId = e.currentTarget.value || null;
                      if (await act.run('team', () => send('PUT', `/api/admin/teams/members/${encodeURIComponent(m.id)}`, { teamId }), t('admin.saved'))) await reloadAll();
                    }}
                  >
                    <option value="">{t('admin.teams.noTeam')}</option>
                    {(teams.data?.teams ?? []).map((team) => (
                      <option value={team.id} key={team.id}>
                        {team.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {moving?.id === m.id ? (
                    <form
                      onSubmit={async (e) => {
                        e.preventDefault();
                        if (await act.run('move', () => send('PUT', `/api/admin/members/${encodeURIComponent(m.id)}/villages`, { villageIds: moving.villageIds }), t('admin.teams.moved'))) {
                          setMoving(undefined);
                          await members.reload();
                        }
                      }}
                    >
                      <VillageChecks villages={vs} value={moving.villageIds} onChange={(ids) => setMoving({ id: m.id, villageIds: ids })} legend={t('admin.teams.moveLegend', { name: m.displayName })} idPrefix="mv" />
                      <button type="submit" class="btn primary small">
                        {t('admin.save')}
                      </button>{' '}
                      <button type="button" class="btn ghost small" onClick={() => setMoving(undefined)}>
                        {t('admin.cancel')}
                      </button>
                    </form>
                  ) : (
                    <>
                      {villageNames(m.villageIds)}{' '}
                      <RowButton name={m.displayName} onClick={() => setMoving({ id: m.id, villageIds: m.villageIds })}>
                        {t('admin.teams.move')}
                      </RowButton>
                    </>
                  )}
                </td>
                <td>{m.lastSyncAt ? ago(t, m.lastSyncAt, now) : <span class="muted">{t('freshness.never')}</span>}</td>
                <td class="actions">
                  <RowButton
                    name={m.displayName}
                    confirm={t('admin.teams.removeMemberConfirm', { name: m.displayName })}
                    disabled={!!act.busy}
                    onClick={async () => {
                      if (await act.run('rm', () => send('DELETE', `/api/admin/members/${encodeURIComponent(m.id)}`), t('admin.saved'))) await reloadAll();
                    }}
                  >
                    {t('admin.teams.removeMember')}
                  </RowButton>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>

      <h2>{t('admin.teams.accounts')}</h2>
      <ul class="o-rows">
        {office.map((m) => (
          <li key={m.id}>
            <span>
              <strong>{m.displayName}</strong> <small class="muted">{t(`role.${m.role}`)}{m.username ? ` · ${m.username}` : ''}</small>
            </span>
          </li>
        ))}
      </ul>
      <details class="panel">
        <summary>{t('admin.teams.addAccount')}</summary>
        <p class="hint">{t('admin.teams.accountHint')}</p>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (await act.run('account', () => send<{ username: string }>('POST', '/api/admin/teams/accounts', account), (made) => t('admin.teams.accountAdded', { username: made.username }))) {
              setAccount({ displayName: '', username: '', password: '', role: 'officer' });
              await members.reload();
            }
          }}
        >
          <Field id="tm-displayName" label={t('fields.displayName')}>
            <input id="tm-displayName" value={account.displayName} onInput={(e) => setAccount({ ...account, displayName: e.currentTarget.value })} required />
          </Field>
          <Field id="tm-username" label={t('fields.username')}>
            <input id="tm-username" autoComplete="off" value={account.username} onInput={(e) => setAccount({ ...account, username: e.currentTarget.value })} required />
          </Field>
          <Field id="tm-password" label={t('fields.password')}>
            <input id="tm-password" type="password" autoComplete="new-password" value={account.password} onInput={(e) => setAccount({ ...account, password: e.currentTarget.value })} required />
          </Field>
          <Field id="tm-role" label={t('fields.role')}>
            <select id="tm-role" value={account.role} onChange={(e) => setAccount({ ...account, role: e.currentTarget.value })}>
              <option value="officer">{t('role.officer')}</option>
              <option value="trainer">{t('role.trainer')}</option>
            </select>
          </Field>
          <button type="submit" class="btn primary" disabled={!!act.busy}>
            {t('admin.teams.addAccountButton')}
          </button>
        </form>
      </details>
    </>
  );
};
