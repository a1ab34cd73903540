import i18next, { type TFunction } from 'i18next';
import enOfficer from '../../../locales/en/officer.json' with { type: 'json' };
import viOfficer from '../../../locales/vi/officer.json' with { type: 'json' };

// The exported report speaks the same words as the dashboard: the writers read the officer namespace of the
// app's own locale files (Vietnamese by default: the province reads Vietnamese headers).
export type ExportLang = 'vi' | 'en';

const instance = i18next.createInstance();
void instance.init({
  lng: 'vi',
  fallbackLng: 'vi',
  ns: ['officer'],
  defaultNS: 'officer',
  resources: { vi: { officer: viOfficer }, en: { officer: enOfficer } },
  interpolation: { escapeValue: false, defaultVariables: { days: 3 } }, // days: the silent-device threshold when a call does not name the commune's
  initAsync: false,
});

// The officer namespace's keys, typed (src/app/i18n/resources.d.ts).
export type ExportT = TFunction<'officer'>;
export const exportT = (lang: ExportLang = 'vi'): ExportT => instance.getFixedT(lang, 'officer');

// Dates and numbers as the reader expects them, always in the commune's zone (the server may run in UTC).
const TZ = 'Asia/Ho_Chi_Minh';
const localeOf = (lang: ExportLang) => (lang === 'en' ? 'en-GB' : 'vi-VN');

// Formatters are costly to build and a report formats thousands of dates: one of each per language.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (lang: ExportLang, kind: 'date' | 'time') => {
  const key = `${lang}|${kind}`;
  let f = formatters.get(key);
  if (!f)
    formatters.set(
      key,
      (f = new Intl.DateTimeFormat(
        localeOf(lang),
        kind === 'date' ? { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' } : { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false },
      )),
    );
  return f;
};

export const fmtDate = (lang: ExportLang, d: string | number): string => {
  if (typeof d === 'string') {
    const [y, m, day] = d.split('-');
    return `${day}/${m}/${y}`;
  }
  return formatter(lang, 'date').format(d);
};

export const fmtDateTime = (lang: ExportLang, ms: number): string => `${formatter(lang, 'time').format(ms)} ${fmtDate(lang, ms)}`;
