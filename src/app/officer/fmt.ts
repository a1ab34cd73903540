import type { AnyT } from '../i18n/i18n.ts';
import { periodText, REPORT_TZ, type Period } from '../../core/report/period.ts';
import { round1 } from '../../core/report/rows.ts';
import { formatNumber } from '../i18n/format.ts';
import { locale } from '../i18n/i18n.ts';

// How the workspace writes figures: numbers through Intl (vi-VN: 1.234,5), percentages with one decimal like the
// appendices, dates dd/mm/yyyy and times in the commune's zone whatever the computer's (a province office may be
// elsewhere; the exported file says the same times).
export const num = (n: number): string => formatNumber(n);
export const pct = (p: number | null): string => (p === null ? '—' : `${formatNumber(round1(p) ?? 0, 1)}%`);

const formats = new Map<string, Intl.DateTimeFormat>();
const fmt = (kind: 'date' | 'time') => {
  const key = `${locale()}|${kind}`;
  let f = formats.get(key);
  if (!f)
    formats.set(
      key,
      (f = new Intl.DateTimeFormat(
        locale(),
        kind === 'date' ? { timeZone: REPORT_TZ, day: '2-digit', month: '2-digit', year: 'numeric' } : { timeZone: REPORT_TZ, hour: '2-digit', minute: '2-digit', hour12: false },
      )),
    );
  return f;
};

// A local date 'YYYY-MM-DD' is written as it is; an instant in the commune's zone.
export const date = (d: string | number): string => {
  if (typeof d === 'string') {
    const [y, m, day] = d.split('-');
    return `${day}/${m}/${y}`;
  }
  return fmt('date').format(d);
};
// A date typed as dd/mm/yyyy (or d/m/yyyy, with "/", "-" or "."), whatever the browser's locale → 'YYYY-MM-DD';
// null when it is not a real calendar date.
export const parseDate = (s: string): string | null => {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(s);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};
export const dateTime = (ms: number): string => `${fmt('time').format(ms)} ${date(ms)}`;

export const periodName = (t: AnyT, p: Period): string => {
  const { key, params } = periodText(p, date);
  return t(key, params);
};

// "3 ngày trước" — how long ago, in the largest whole unit.
export const ago = (t: AnyT, ms: number, now = Date.now()): string => {
  const minutes = Math.max(0, Math.floor((now - ms) / 60_000));
  if (minutes < 1) return t('freshness.ago.now');
  if (minutes < 60) return t('freshness.ago.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('freshness.ago.hours', { count: hours });
  return t('freshness.ago.days', { count: Math.floor(hours / 24) });
};
