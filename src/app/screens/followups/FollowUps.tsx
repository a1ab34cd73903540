import type { CatalogueItem } from '../../../core/model/checklist.ts';
import { formatDate } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { usePlace } from '../../shell/useMember.ts';
import { activeCatalogue } from '../../store/checklist-repo.ts';
import { closeFollowUp, openFollowUps, reopenFollowUp, type FollowUpRow } from '../../store/followups-repo.ts';
import { useDb, useLive } from '../../store/useLive.ts';
import { daysUntil } from '../../ui/dates.ts';
import { Empty } from '../../ui/Empty.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { errorText } from '../../ui/issues.ts';
import { toast } from '../../ui/toast.ts';
import '../../ui/lists.css';

// Follow-ups due and overdue, soonest first; one tap opens the household. Each card says what is pending (the
// items and residents the visit left to do); "Đã xong" closes one, and its toast offers to undo that for a while.
export const FollowUps = () => {
  const t = useT('followups');
  const place = usePlace();
  const ids = place?.member.villageIds ?? [];
  const data = useLive(async (db) => ({ list: await openFollowUps(db, ids), catalogue: await activeCatalogue(db) }), [ids.join(',')]);
  if (!data) return <p class="loading">{t('common:loading')}</p>;
  const { list } = data;
  const items = new Map(data.catalogue.map((i) => [i.id, i]));
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
          <Group title={t('overdue', { n: overdue.length })} rows={overdue} kind="overdue" items={items} />
          <Group title={t('today', { n: today.length })} rows={today} kind="today" items={items} />
          <Group title={t('later', { n: later.length })} rows={later} kind="later" items={items} />
        </>
      )}
    </div>
  );
};

const Group = ({ title, rows, kind, items }: { title: string; rows: FollowUpRow[]; kind: 'overdue' | 'today' | 'later'; items: Map<string, CatalogueItem> }) => {
  const t = useT('followups');
  const db = useDb();
  const lang = currentLang();
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
                {f.pending.length > 0 ? (
                  <ul class="fu-pending" aria-label={t('pending')}>
                    {f.pending.map((p) => (
                      <li key={`${p.itemId}-${p.outcome}`}>
                        <strong>{items.get(p.itemId)?.short[lang] ?? p.itemId}</strong>
                        {p.residentIds.length > 0 && `: ${p.residentIds.map((id) => f.names.get(id) ?? t('formerResident')).join(', ')}`}
                        {p.outcome === 'partial' && <span class="muted"> ({t('partial')})</span>}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span class="fu-pending muted">{f.note || t('nothingListed')}</span>
                )}
              </a>
              <button
                type="button"
                class="btn small ghost"
                aria-label={t('doneFor', { name: f.household?.headName ?? '' })}
                onClick={async () => {
                  try {
                    if (!(await closeFollowUp(db, f, 'done'))) return;
                    const name = f.household?.headName ?? '';
                    toast(t('closed', { name }), undefined, {
                      label: t('undo'),
                      run: async () => {
                        try {
                          if (await reopenFollowUp(db, f, 'done')) toast(t('reopened', { name }));
                        } catch (e) {
                          toast(errorText(t, e));
                        }
                      },
                    });
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
