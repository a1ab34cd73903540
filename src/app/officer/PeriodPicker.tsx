import { useState } from 'preact/hooks';
import {
  currentPeriod,
  customPeriod,
  daysUntilDue,
  parsePeriod,
  PERIOD_KINDS,
  recentPeriods,
  reportDueBefore,
  shiftPeriod,
  type Period,
  type PeriodKind,
} from '../../core/report/period.ts';
import { useT } from '../i18n/i18n.ts';
import { navigate } from '../router.ts';
import { date, parseDate, periodName } from './fmt.ts';
import { href } from './links.ts';

// The period a screen shows lives in the URL (?period=2026-Q3), so a link or a reload keeps it. Quarter by default:
// the province's periodic report is quarterly.
export const periodFromUrl = (now = Date.now()): Period => parsePeriod(new URLSearchParams(location.search).get('period')) ?? currentPeriod('quarter', now);

const go = (p: Period) => navigate(href(location.pathname, { period: p.key }), { replace: true });

export const DueLine = ({ period, now = Date.now() }: { period: Period; now?: number }) => {
  const t = useT('officer');
  const due = reportDueBefore(period);
  if (!due) return null;
  const days = daysUntilDue(period, now) ?? 0;
  return (
    <p class={`due${days < 0 ? ' past' : days <= 7 ? ' soon' : ''}`}>
      {t('period.dueBefore', { date: date(due) })} ·{' '}
      {days > 0 ? t('period.dueIn', { count: days }) : days === 0 ? t('period.dueToday') : t('period.duePast', { count: -days })}
    </p>
  );
};

export const PeriodPicker = ({ period }: { period: Period }) => {
  const t = useT('officer');
  const now = Date.now();
  const [kind, setKind] = useState<PeriodKind>(period.kind);
  // Custom dates typed and shown dd/mm/yyyy whatever the browser's locale (a date input follows the browser's).
  const [from, setFrom] = useState(date(period.from));
  const [to, setTo] = useState(date(period.to));
  const [bad, setBad] = useState(false);
  const options = kind === 'custom' ? [] : recentPeriods(kind, now, kind === 'month' ? 18 : kind === 'quarter' ? 8 : kind === 'half' ? 6 : 4);
  if (kind === period.kind && kind !== 'custom' && !options.some((o) => o.key === period.key)) options.push(period);
  const next = shiftPeriod(period, 1);
  return (
    <form
      class="period"
      aria-label={t('period.picker')}
      onSubmit={(e) => {
        e.preventDefault();
        const p = customPeriod(parseDate(from) ?? '', parseDate(to) ?? '');
        setBad(!p);
        if (p) go(p);
      }}
    >
      <div class="field">
        <label for="period-kind">{t('period.pickKind')}</label>
        <select
          id="period-kind"
          value={kind}
          onChange={(e) => {
            const k = e.currentTarget.value as PeriodKind;
            setKind(k);
            if (k !== 'custom') go(currentPeriod(k, now));
          }}
        >
          {PERIOD_KINDS.map((k) => (
            <option value={k} key={k}>
              {t(`period.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {kind === 'custom' ? (
        <>
          <div class="field">
            <label for="period-from">{t('period.from')}</label>
            <input id="period-from" inputMode="numeric" placeholder="dd/mm/yyyy" value={from} onInput={(e) => setFrom(e.currentTarget.value)} aria-invalid={bad || undefined} aria-describedby={bad ? 'period-bad' : undefined} />
          </div>
          <div class="field">
            <label for="period-to">{t('period.to')}</label>
            <input id="period-to" inputMode="numeric" placeholder="dd/mm/yyyy" value={to} onInput={(e) => setTo(e.currentTarget.value)} aria-invalid={bad || undefined} aria-describedby={bad ? 'period-bad' : undefined} />
          </div>
          <button type="submit" class="btn">
            {t('period.apply')}
          </button>
          {bad && (
            <p class="error" id="period-bad" role="alert">
              {t('period.badCustom')}
            </p>
          )}
        </>
      ) : (
        <>
          <div class="field">
            <label for="period-key">{t('period.pickPeriod')}</label>
            <select id="period-key" value={period.key} onChange={(e) => go(parsePeriod(e.currentTarget.value) ?? period)}>
              {options.map((o) => (
                <option value={o.key} key={o.key}>
                  {periodName(t, o)}
                </option>
              ))}
            </select>
          </div>
          <div class="period-steps">
            <button type="button" class="btn ghost" onClick={() => go(shiftPeriod(period, -1))}>
              <span aria-hidden="true">‹ </span>
              {t('period.prev')}
            </button>
            <button type="button" class="btn ghost" disabled={next.from > currentPeriod(next.kind === 'custom' ? 'quarter' : next.kind, now).to} onClick={() => go(next)}>
              {t('period.next')}
              <span aria-hidden="true"> ›</span>
            </button>
          </div>
        </>
      )}
    </form>
  );
};
