import { useEffect } from 'preact/hooks';
import { formatDate } from '../../i18n/format.ts';
import { navigate } from '../../router.ts';
import { useT } from '../../i18n/i18n.ts';
import type { RouteProps } from '../../router.ts';
import { usePlace } from '../../shell/useMember.ts';
import { closeFollowUp } from '../../store/followups-repo.ts';
import { useDb } from '../../store/useLive.ts';
import { BackLink } from '../../ui/BackLink.tsx';
import { daysUntil } from '../../ui/dates.ts';
import { Icon } from '../../ui/Icon.tsx';
import { errorText } from '../../ui/issues.ts';
import { toast } from '../../ui/toast.ts';
import { ChecklistGrid } from './ChecklistGrid.tsx';
import { useHousehold } from './useHousehold.ts';
import { VisitHistory } from './VisitHistory.tsx';
import { MergePanel } from './MergePanel.tsx';
import { SyncMark } from '../../sync/SyncMark.tsx';
import './household.css';

// One household: who lives there, their checklist, open follow-ups and visit history; the primary action is
// logging a visit.
export const Household = ({ params }: RouteProps) => {
  const t = useT('household');
  const db = useDb();
  const place = usePlace();
  const data = useHousehold(params.id);
  // A household merged into another (household.merge) opens as the one it was merged into.
  const mergedInto = data?.household.mergedInto;
  useEffect(() => {
    if (mergedInto) {
      toast(t('mergedNotice'));
      navigate(`/households/${encodeURIComponent(mergedInto)}`, { replace: true, force: true });
    }
  }, [mergedInto]);
  if (data === undefined || !place) return <p class="loading">{t('common:loading')}</p>;
  if (data === null)
    return (
      <div class="screen">
        <BackLink href="/households" label={t('backToRoster')} />
        <h1>{t('missing.title')}</h1>
        <p>{t('missing.body')}</p>
      </div>
    );
  const h = data.household;
  return (
    <div class="screen household">
      <BackLink href="/households" label={t('backToRoster')} />
      <h1>{h.headName}</h1>
      <SyncMark ids={[h.id, ...data.residents.map((r) => r.id), ...data.cells.keys(), ...data.followups.map((f) => f.id)]} />
      <div class="hh-facts">
        {h.houseLabel && <p>{h.houseLabel}</p>}
        {h.removed && <p class="tag danger">{t('removedTag')}</p>}
        {h.flags.length > 0 && (
          <p>
            {h.flags.map((f) => (
              <span key={f} class="tag">
                {t(`domain:flag.${f}`)}
              </span>
            ))}
          </p>
        )}
        {h.phone && (
          <p>
            <a href={`tel:${h.phone.replace(/[ .]/g, '')}`} class="tel">
              <Icon name="phone" size={20} /> {h.phone}
            </a>
          </p>
        )}
        {h.notes && <p class="note">{h.notes}</p>}
        <a class="btn small ghost" href={`/households/${h.id}/edit`}>
          <Icon name="edit" size={20} />
          <span>{t('editHousehold')}</span>
        </a>
      </div>
      {data.followups.map((f) => {
        const d = daysUntil(f.dueOn);
        return (
          <div key={f.id} class={`card followup${d < 0 ? ' overdue' : ''}`}>
            <p>
              <Icon name="calendar" size={20} /> <strong>{t('followUpOn', { date: formatDate(f.dueOn) })}</strong>
              {d < 0 && <span class="tag danger">{t('overdueDays', { count: -d, n: -d })}</span>}
            </p>
            <button
              type="button"
              class="btn small ghost"
              onClick={async () => {
                try {
                  await closeFollowUp(db, f, 'cancelled');
                  toast(t('followUpClosed'));
                } catch (e) {
                  toast(errorText(t, e));
                }
              }}
            >
              {t('followUpCancel')}
            </button>
          </div>
        );
      })}
      <ChecklistGrid data={data} member={place.member} />
      <VisitHistory data={data} member={place.member} />
      <MergePanel household={h} member={place.member} />
      {!h.removed && (
        <div class="actionbar">
          <a class="btn primary" href={`/households/${h.id}/visit`}>
            <Icon name="plus" />
            <span>{t('logVisit')}</span>
          </a>
        </div>
      )}
    </div>
  );
};
