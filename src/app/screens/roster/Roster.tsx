import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.ts';
import { usePlace } from '../../shell/useMember.ts';
import type { RosterRow } from '../../store/db.ts';
import { setCurrentVillage } from '../../store/member.ts';
import { filterRoster, loadRoster, type RosterFilter } from '../../store/roster.ts';
import { useDb, useLive } from '../../store/useLive.ts';
import { todayIso } from '../../ui/dates.ts';
import { Empty } from '../../ui/Empty.tsx';
import { Icon } from '../../ui/Icon.tsx';
import '../../ui/forms.css';
import '../../ui/lists.css';

const PAGE = 40;
const FILTERS: RosterFilter[] = ['all', 'gap-l2', 'gap-cashless', 'followup-due'];
// The search and filter survive a visit to a household and back (for this session).
const remembered = { q: '', filter: 'all' as RosterFilter };

// The village roster: every household from the phone's summary table, searched without diacritics and filtered
// by gap, rendered a page at a time (more as the list scrolls into view).
export const Roster = () => {
  const t = useT('roster');
  const db = useDb();
  const place = usePlace();
  const villageId = place?.current?.id;
  const rows = useLive((d) => (villageId ? loadRoster(d, villageId) : Promise.resolve([])), [villageId]);
  const [q, setQ] = useState(remembered.q);
  const [filter, setFilter] = useState<RosterFilter>(remembered.filter);
  const [shown, setShown] = useState(PAGE);
  const today = todayIso();
  const found = useMemo(() => (rows ? filterRoster(rows, q, filter, today) : undefined), [rows, q, filter, today]);
  useEffect(() => {
    remembered.q = q;
    remembered.filter = filter;
    setShown(PAGE);
  }, [q, filter]);

  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setShown((n) => n + PAGE), { rootMargin: '600px' });
    io.observe(el);
    return () => io.disconnect();
  }, [found !== undefined && found.length > shown]);

  const filterLabel = (f: RosterFilter) => t(`filter.${f}`);
  return (
    <div class="screen roster">
      <h1>{t('title')}</h1>
      {place && place.villages.length > 1 && (
        <div class="field">
          <label for="f-village">{t('village')}</label>
          <select id="f-village" value={villageId} onChange={(e) => void setCurrentVillage(db, e.currentTarget.value)}>
            {place.villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field search">
        <label for="f-q">{t('search')}</label>
        <p class="hint" id="f-q-hint">
          {t('searchHint')}
        </p>
        <div class="search-row">
          <Icon name="search" />
          <input id="f-q" type="search" value={q} autoComplete="off" aria-describedby="f-q-hint" enterKeyHint="search" onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
      </div>
      <div class="field">
        <label for="f-filter">{t('filterLegend')}</label>
        <select id="f-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as RosterFilter)}>
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {filterLabel(f)}
            </option>
          ))}
        </select>
      </div>
      <p class="count" role="status" aria-live="polite" data-roster-count={found?.length ?? ''}>
        {found === undefined ? t('common:loading') : rows?.length ? t('count', { count: found.length, n: formatNumber(found.length), total: formatNumber(rows.length) }) : ''}
      </p>
      {found !== undefined &&
        (rows?.length === 0 ? (
          <Empty title={t('empty.title')}>
            <p>{t('empty.body')}</p>
          </Empty>
        ) : found.length === 0 ? (
          <Empty title={t('noMatch.title')}>
            <p>{q ? t('noMatch.body', { q }) : t('noMatch.filterBody', { filter: filterLabel(filter) })}</p>
          </Empty>
        ) : (
          <ul class="roster-list" aria-label={t('listLabel')}>
            {found.slice(0, shown).map((r) => (
              <RosterItem key={r.id} r={r} today={today} />
            ))}
          </ul>
        ))}
      {found && found.length > shown && (
        <div ref={sentinel} class="more-row">
          <button type="button" class="btn ghost" onClick={() => setShown((n) => n + PAGE * 5)}>
            {t('showMore', { n: formatNumber(Math.min(PAGE * 5, found.length - shown)) })}
          </button>
        </div>
      )}
      <div class="actionbar">
        <a class="btn primary" href="/households/new">
          <Icon name="plus" />
          <span>{t('add')}</span>
        </a>
      </div>
    </div>
  );
};

const RosterItem = ({ r, today }: { r: RosterRow; today: string }) => {
  const t = useT('roster');
  const due = r.followUpOn && r.followUpOn <= today;
  return (
    <li>
      <a class="row" href={`/households/${r.id}`}>
        <span class="row-title">
          <strong>{r.headName}</strong>
          {r.houseLabel && <span class="muted"> · {r.houseLabel}</span>}
        </span>
        <span class="row-meta">
          {t('people', { count: r.residents, n: r.residents })}
          {' · '}
          {r.lastVisitAt ? t('lastVisit', { date: formatDate(r.lastVisitAt) }) : t('neverVisited')}
        </span>
        {(r.gapL2 > 0 || r.gapCashless > 0 || r.followUpOn) && (
          <span class="row-tags">
            {r.followUpOn && <span class={`tag ${due ? 'danger' : ''}`}>{due ? t('tag.due', { date: formatDate(r.followUpOn) }) : t('tag.followUp', { date: formatDate(r.followUpOn) })}</span>}
            {r.gapL2 > 0 && <span class="tag warn">{t('tag.gapL2', { n: r.gapL2 })}</span>}
            {r.gapCashless > 0 && <span class="tag warn">{t('tag.gapCashless', { n: r.gapCashless })}</span>}
          </span>
        )}
      </a>
    </li>
  );
};
