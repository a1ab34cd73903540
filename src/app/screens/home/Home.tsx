import type { AppDb } from '../../store/db.ts';
import { useLive } from '../../store/useLive.ts';
import { useT } from '../../i18n/i18n.ts';
import { formatNumber } from '../../i18n/format.ts';
import { usePlace } from '../../shell/useMember.ts';
import { dayStart, todayIso, weekStart, isoDay } from '../../ui/dates.ts';
import { Icon } from '../../ui/Icon.tsx';

type Counts = { today: number; week: number; sessions: number; due: number; overdue: number; unsent: number };

const countsFor = async (db: AppDb, villageIds: readonly string[]): Promise<Counts> => {
  const since = weekStart();
  const startToday = dayStart();
  const today = todayIso();
  const [visits, sessions, open, unsent] = await Promise.all([
    db.visits.where('at').aboveOrEqual(since).toArray(),
    db.sessions.where('date').aboveOrEqual(isoDay(since)).toArray(),
    db.followups.where('[status+dueOn]').between(['open', ''], ['open', today], true, true).toArray(),
    db.outbox.count(),
  ]);
  const ids = [...visits.map((v) => v.id), ...sessions.map((s) => s.id)];
  const voided = new Set((await db.voids.where('targetId').anyOf(ids).toArray()).map((v) => v.targetId));
  const mine = (x: { villageId: string; id: string }) => villageIds.includes(x.villageId) && !voided.has(x.id);
  const live = visits.filter(mine);
  const due = open.filter((f) => villageIds.includes(f.villageId));
  return {
    today: live.filter((v) => v.at >= startToday).length,
    week: live.length,
    sessions: sessions.filter(mine).length,
    due: due.length,
    overdue: due.filter((f) => f.dueOn < today).length,
    unsent,
  };
};

// Home: my village(s), today's and this week's work, follow-ups due, and what is saved here but not yet sent.
export const Home = () => {
  const t = useT();
  const place = usePlace();
  const villageIds = place?.member.villageIds ?? [];
  const c = useLive((db) => countsFor(db, villageIds), [villageIds.join(',')]);
  const n = (x: number | undefined) => (x === undefined ? '…' : formatNumber(x));
  return (
    <div class="screen home">
      <h1>{place ? t('home.hello', { name: place.member.displayName }) : t('home.title')}</h1>
      {place && (
        <p class="lead">
          {place.villages.map((v) => v.name).join(' · ')}
          {place.sample && <span class="tag">{t('sample')}</span>}
        </p>
      )}
      <p class={`unsent${c?.unsent ? ' waiting' : ''}`} data-testid="unsent">
        <Icon name={c?.unsent ? 'upload' : 'check'} />
        <span>{c === undefined ? '…' : c.unsent ? t('home.unsent', { count: c.unsent, n: formatNumber(c.unsent) }) : t('home.nothingUnsent')}</span>
      </p>
      <section class="stats" aria-label={t('home.statsLabel')}>
        <div class="stat">
          <span class="stat-n">{n(c?.today)}</span>
          <span class="stat-l">{t('home.visitsToday', { count: c?.today ?? 0 })}</span>
        </div>
        <div class="stat">
          <span class="stat-n">{n(c?.week)}</span>
          <span class="stat-l">{t('home.visitsWeek', { count: c?.week ?? 0 })}</span>
        </div>
        <div class="stat">
          <span class="stat-n">{n(c?.sessions)}</span>
          <span class="stat-l">{t('home.sessionsWeek', { count: c?.sessions ?? 0 })}</span>
        </div>
      </section>
      <a class={`card-link${c?.overdue ? ' warn' : ''}`} href="/followups">
        <Icon name="calendar" />
        <span>
          <strong>{c?.due ? t('home.due', { count: c.due, n: formatNumber(c.due) }) : t('home.noneDue')}</strong>
          {!!c?.overdue && <small>{t('home.overdue', { count: c.overdue, n: formatNumber(c.overdue) })}</small>}
        </span>
        <Icon name="next" />
      </a>
      <div class="actions-stack">
        <a class="btn primary big" href="/households">
          <Icon name="search" />
          <span>{t('home.findHousehold')}</span>
        </a>
        <a class="btn big" href="/households/new">
          <Icon name="plus" />
          <span>{t('home.addHousehold')}</span>
        </a>
        <a class="btn big" href="/sessions/new">
          <Icon name="people" />
          <span>{t('home.logSession')}</span>
        </a>
      </div>
    </div>
  );
};
