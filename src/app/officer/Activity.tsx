import type { ActivityReport, MemberActivity, TeamActivity } from '../../core/report/shapes.ts';
import type { RouteProps } from '../router.ts';
import { useT } from '../i18n/i18n.ts';
import { ErrorBox } from './ErrorBox.tsx';
import { ago, dateTime, num, periodName } from './fmt.ts';
import { href } from './links.ts';
import { OfficerLayout } from './OfficerLayout.tsx';
import { periodFromUrl, PeriodPicker } from './PeriodPicker.tsx';
import { useApi } from './useApi.ts';

// Which teams are working: visits and sessions per team and member over the last 7 and 30 days and in the period,
// each phone's last sync, phones silent for over 3 days with what they may be holding, teams with no activity.
export const Activity = (_: RouteProps) => <OfficerLayout area="activity">{() => <ActivityBody />}</OfficerLayout>;

const ActivityBody = () => {
  const t = useT('officer');
  const period = periodFromUrl();
  const { data: r, error, reload } = useApi<ActivityReport>(`/api/reports/activity?period=${period.key}`);
  return (
    <>
      <div class="o-head">
        <h1>{t('activity.title')}</h1>
        <PeriodPicker period={period} />
      </div>
      {error ? (
        <ErrorBox error={error} onRetry={() => void reload()} />
      ) : !r ? (
        <p class="loading">{t('loading')}</p>
      ) : (
        <>
          <ul class="o-stats">
            <li>
              <span class="stat-n">{num(r.teams.length)}</span>
              <span class="stat-l">{t('activity.teams')}</span>
            </li>
            <li class={r.inactiveTeams ? 'warn' : ''}>
              <span class="stat-n">{num(r.inactiveTeams)}</span>
              <span class="stat-l">{t('activity.inactiveTeams')}</span>
            </li>
            <li class={r.staleDevices ? 'warn' : ''}>
              <span class="stat-n">{num(r.staleDevices)}</span>
              <span class="stat-l">{t('activity.staleDevices', { days: r.silentDays ?? 3 })}</span>
            </li>
          </ul>
          <p class="hint">{t('activity.mayHoldNote')}</p>
          {r.teams.length === 0 ? (
            <p class="empty">
              {t('activity.noTeams')} <a href={href('/officer/admin/teams')}>{t('activity.manageTeams')}</a>
            </p>
          ) : (
            r.teams.map((team) => <TeamBlock team={team} period={periodName(t, r.period)} key={team.id} />)
          )}
          {r.unassigned.length > 0 && (
            <section class="o-team">
              <h2>{t('activity.unassigned')}</h2>
              <MemberTable members={r.unassigned} caption={t('activity.unassigned')} />
            </section>
          )}
        </>
      )}
    </>
  );
};

const TeamBlock = ({ team, period }: { team: TeamActivity; period: string }) => {
  const t = useT('officer');
  return (
    <section class={`o-team${team.inactive ? ' inactive' : ''}`}>
      <h2>
        {team.name}{' '}
        {team.inactive && (
          <span class="tag danger">
            <span aria-hidden="true">▲ </span>
            {t('activity.inactive')}
          </span>
        )}
      </h2>
      <p class="muted">
        {t('activity.teamLine', { visits7: num(team.visits7), visits30: num(team.visits30), sessions30: num(team.sessions30), visitsPeriod: num(team.visitsInPeriod), period })}
      </p>
      {team.members.length === 0 ? (
        <p class="empty">
          {t('activity.noMembers')} <a href={href('/officer/admin/invites')}>{t('activity.invite')}</a>
        </p>
      ) : (
        <MemberTable members={team.members} caption={team.name} />
      )}
    </section>
  );
};

const MemberTable = ({ members, caption }: { members: MemberActivity[]; caption: string }) => {
  const t = useT('officer');
  const now = Date.now();
  return (
    <div class="table-wrap" role="region" tabIndex={0} aria-label={caption}>
      <table class="o-table">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('activity.member')}</th>
            <th scope="col" class="n">
              {t('activity.visits7')}
            </th>
            <th scope="col" class="n">
              {t('activity.visits30')}
            </th>
            <th scope="col" class="n">
              {t('activity.sessions30')}
            </th>
            <th scope="col" class="n">
              {t('activity.inPeriod')}
            </th>
            <th scope="col">{t('activity.lastActivity')}</th>
            <th scope="col">{t('activity.devices')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.displayName} <small class="muted">{t(`role.${m.role}`)}</small>
              </th>
              <td class="n">{num(m.visits7)}</td>
              <td class="n">{num(m.visits30)}</td>
              <td class="n">{num(m.sessions30)}</td>
              <td class="n">{t('activity.periodCounts', { visits: num(m.visitsInPeriod), sessions: num(m.sessionsInPeriod) })}</td>
              <td>{m.lastActivityAt ? ago(t, m.lastActivityAt, now) : <span class="muted">{t('activity.none')}</span>}</td>
              <td>
                {m.devices.length === 0 ? (
                  <span class="muted">{t('activity.noDevice')}</span>
                ) : (
                  <ul class="o-devices">
                    {m.devices.map((d) => (
                      <li key={d.id} class={d.stale ? 'stale' : ''}>
                        <span>{d.label}</span>{' '}
                        <span class={d.stale ? 'warn-text' : 'muted'}>
                          {d.stale && <span aria-hidden="true">▲ </span>}
                          {d.lastSyncAt ? t('activity.synced', { when: `${ago(t, d.lastSyncAt, now)}`, at: dateTime(d.lastSyncAt) }) : t('activity.neverSynced')}
                        </span>
                        {d.stale && (
                          <small class="warn-text">
                            {' '}
                            {d.mayHold !== null ? t('activity.mayHold', { count: d.mayHold }) : t('activity.mayHoldUnknown')}
                          </small>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
