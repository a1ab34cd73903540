import i18next, { type FlatNamespace, type ParseKeys, type TFunction } from 'i18next';
import { useEffect, useMemo, useReducer } from 'preact/hooks';

// i18next without react-i18next: a tiny hook is all the screens need. Locale files are split by namespace (one
// JSON per area, locales/<lang>/<ns>.json) and each is its own lazy chunk, loaded with the screen that uses it
// and precached by the service worker so every screen works offline.
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
const LANG_KEY = 'tn.lang';

const files = import.meta.glob<{ default: Record<string, unknown> }>('../../../locales/*/*.json');
const fileFor = (lng: string, ns: string) => files[`../../../locales/${lng}/${ns}.json`];

export const i18n = i18next.createInstance();
const loaded = new Set<string>(); // namespaces the app has asked for, in any language

const loadBundle = async (lng: string, ns: string): Promise<void> => {
  if (i18n.hasResourceBundle(lng, ns)) return;
  const load = fileFor(lng, ns) ?? fileFor('vi', ns);
  if (!load) throw new Error(`no locale file for namespace "${ns}"`);
  i18n.addResourceBundle(lng, ns, (await load()).default, true, true);
};

export const loadNamespaces = async (ns: readonly string[]): Promise<void> => {
  for (const n of ns) loaded.add(n);
  await Promise.all(ns.map((n) => loadBundle(i18n.language, n)));
};

export const storedLang = (): Lang => {
  try {
    const l = localStorage.getItem(LANG_KEY);
    return l === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
};

export const initI18n = async (lng: Lang = storedLang()): Promise<void> => {
  if (!i18n.isInitialized)
    await i18n.init({ lng, fallbackLng: false, ns: [], defaultNS: 'common', resources: {}, interpolation: { escapeValue: false, defaultVariables: { days: 3 } } });
  document.documentElement.lang = lng;
  await loadNamespaces(['common']);
};

export const setLanguage = async (lng: Lang): Promise<void> => {
  await Promise.all([...loaded].map((n) => loadBundle(lng, n)));
  try {
    localStorage.setItem(LANG_KEY, lng);
  } catch {
    // private mode: the choice lasts for this session
  }
  document.documentElement.lang = lng;
  await i18n.changeLanguage(lng);
};

export const currentLang = (): Lang => (i18n.language === 'en' ? 'en' : 'vi');
export const locale = (): string => (currentLang() === 'en' ? 'en-GB' : 'vi-VN');

// Re-renders the component when the language changes. `ns` is the default namespace of keys without a prefix.
// A t whose bare keys are `N`'s and whose prefixed keys ('domain:outcome.done') may name any namespace; typed by
// the locale files (resources.d.ts), so a key a namespace lacks is a type error.
export type T<N extends FlatNamespace = 'common'> = TFunction<readonly [N, ...FlatNamespace[]]>;
// A key as a t of namespace N takes it: N's own bare, any namespace's as 'ns:key'.
export type Key<N extends FlatNamespace = 'common'> = ParseKeys<readonly [N, ...FlatNamespace[]]>;
// What a helper that writes only prefixed keys takes, whichever screen's t it is given.
export type AnyT = TFunction<readonly FlatNamespace[]>;

// A key made at run time from data (an audit action, a field's path, an error code) that the caller has checked
// with i18n.exists, or that falls back to a key it knows: the one place a string is taken for a typed key.
export const checkedKey = (key: string) => key as never;

export const useT = <N extends FlatNamespace = 'common'>(ns: N = 'common' as N): T<N> => {
  const [version, bump] = useReducer((x: number) => x + 1, 0);
  useEffect(() => {
    const on = () => bump(0);
    i18n.on('languageChanged', on);
    return () => i18n.off('languageChanged', on);
  }, []);
  return useMemo(() => i18n.getFixedT<readonly [N, ...FlatNamespace[]]>(null, [ns]), [ns, version]);
};
