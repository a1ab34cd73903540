import { locale } from './i18n.ts';

// Dates dd/mm/yyyy and numbers in the user's locale (vi-VN: 1.234,5), always through Intl.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
const fmt = <T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: (loc: string) => T): T => {
  const k = `${locale()}|${key}`;
  let f = cache.get(k) as T | undefined;
  if (!f) cache.set(k, (f = make(locale())));
  return f;
};

const dateOf = (d: string | number | Date): Date => (typeof d === 'string' ? new Date(`${d}T00:00:00`) : new Date(d));

export const formatDate = (d: string | number | Date): string =>
  fmt('date', (l) => new Intl.DateTimeFormat(l, { day: '2-digit', month: '2-digit', year: 'numeric' })).format(dateOf(d));

export const formatTime = (d: number | Date): string =>
  fmt('time', (l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit', hour12: false })).format(dateOf(d));

export const formatDateTime = (d: number | Date): string => `${formatTime(d)} ${formatDate(d)}`;

export const formatNumber = (n: number, digits = 0): string =>
  fmt(`n${digits}`, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: digits, minimumFractionDigits: 0 })).format(n);

export const formatPercent = (pct: number | null): string => (pct === null ? '—' : `${formatNumber(pct, 1)}%`);

export const formatBytes = (bytes: number): string =>
  bytes >= 1e9 ? `${formatNumber(bytes / 1e9, 1)} GB` : bytes >= 1e6 ? `${formatNumber(bytes / 1e6, 1)} MB` : `${formatNumber(Math.ceil(bytes / 1e3))} KB`;
