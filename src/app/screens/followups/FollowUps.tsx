import { formatDate } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePlace } from '../../shell/useMember.ts';
import { closeFollowUp, openFollowUps, type FollowUpRow } from '../../store/followups-repo.ts';
import { useDb, useLive } from '../../store/useLive.ts';
import { daysUntil } from '../../ui/dates.ts';
import { Empty } from '../../ui/Empty.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { errorText } from '../../ui/issues.ts';
import { toast } from '../../ui/toast.ts';
import '../../ui/lists.css';

// Follow-ups due and overdue, soonest first; one tap opens the household.
export const FollowUps = () => {
  const t = useT('followups');
  const place = usePlace();
  const ids = place?.member.villageIds ?? [];
  const list = useLive((db) => openFollowUps(db, ids), [ids.join(',')]);
  if (!list) return <p class="loading">{t('common:loading')}</p>;
  const overdue = list.filter((f) => daysUntil(f.dueOn) < 0);
  const today = list.filter((f) => daysUntil(f.dueOn) === 0);
  const later = list.filter((f) => daysUntil(f.dueOn) > 0);
  return (
    <div class="screen followups">
      <h1>{t('title')}</h1>
      {list.length === 0 ? (
        <Empty title={t('empty.title')}>
          <p>{t('empty.body')}</p>
        </Empty>
      ) : (
        <>
          <Group title={t('overdue', { n: overdue.length })} rows={overdue} kind="overdue" />
          <Group title={t('today', { n: today.length })} rows={today} kind="today" />
          <Group title={t('later', { n: later.length })} rows={later} kind="later" />
        </>
      )}
    </div>
  );
};

const Group = ({ title, rows, kind }: { title: string; rows: FollowUpRow[]; kind: 'overdue' | 'today' | 'later' }) => {
  const t = useT('followups');
  const db = useDb();
  if (!rows.length) return null;
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <ul class="fu-list">
        {rows.map((f) => {
          const d = daysUntil(f.dueOn);
          return (
            <li key={f.id} class={`fu ${kind}`}>
              <a class="row" href={`/households/${f.householdId}`}>
                <span class="row-title">
                  <strong>{f.household?.headName ?? t('unknownHousehold')}</strong>
                  {f.household?.houseLabel && <span class="muted"> · {f.household.houseLabel}</span>}
                </span>
                <span class="row-meta">
                  {kind === 'overdue' && <Icon name="alert" size={18} />} {formatDate(f.dueOn)}
                  {' — '}
                  {d < 0 ? t('daysOverdue', { count: -d, n: -d }) : d === 0 ? t('dueToday') : t('inDays', { count: d, n: d })}
                </span>
              </a>
              <button
                type="button"
                class="btn small ghost"
                aria-label={t('doneFor', { name: f.household?.headName ?? '' })}
                onClick={async () => {
                  try {
                    await closeFollowUp(db, f, 'done');
                    toast(t('closed', { name: f.household?.headName ?? '' }));
                  } catch (e) {
                    toast(errorText(t, e));
                  }
                }}
              >
                <Icon name="check" size={20} />
                <span>{t('done')}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
};
