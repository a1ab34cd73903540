import type { ComponentType } from 'preact';
import type { Key } from './i18n/i18n.ts';
import type { IconName } from './ui/Icon.tsx';
import { isDirty } from './ui/dirty.ts';
import { useExternal } from './ui/useExternal.ts';

// A route: its path, the screen it lazily loads, and how the shell shows it. The list is routes.ts.
export type RouteProps = { params: Record<string, string>; query: URLSearchParams };
export type Tab = 'home' | 'roster' | 'followups' | 'tallies' | 'more';

export type RouteDef = {
  path: string; // '/households/:id'
  load: () => Promise<ComponentType<RouteProps>>;
  ns: readonly string[]; // locale namespaces the screen needs (common is always loaded)
  title: Key; // i18n key of the page title, 'ns:key'
  tab?: Tab; // the bottom-navigation tab it belongs to
  // false: opens before first run (join, officer sign-in, demo). Default: needs a member on this phone.
  needsMember?: boolean;
  // 'bare': no field header or bottom navigation (the officer workspace and the demo bring their own).
  shell?: 'field' | 'bare';
  // Listed on the "More" screen.
  menu?: { icon: IconName; order: number; label: Key; hint?: Key }; // i18n keys, 'ns:key'
};


// A tiny history-API router: the server answers index.html for every non-API path, so a route is just a path.
export type Location = { path: string; query: URLSearchParams };

const listeners = new Set<() => void>();
const read = (): Location => ({ path: location.pathname.replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) });
let current = read();
let confirmLeave: () => boolean = () => true;

// The shell installs the translated "leave without saving?" question.
export const setLeaveGuard = (fn: () => boolean): void => {
  confirmLeave = fn;
};

// How many in-app pages are behind this one in the history stack.
let depth = 0;

const emit = () => {
  current = read();
  depth = (history.state as { depth?: number } | null)?.depth ?? 0;
  for (const l of listeners) l();
};

if (typeof window !== 'undefined') window.addEventListener('popstate', emit);

export const navigate = (to: string, opts: { replace?: boolean; force?: boolean } = {}): boolean => {
  if (to === location.pathname + location.search) return true;
  if (!opts.force && isDirty() && !confirmLeave()) return false;
  if (opts.replace) history.replaceState({ depth }, '', to);
  else history.pushState({ depth: ++depth }, '', to);
  emit();
  window.scrollTo(0, 0);
  return true;
};

// Goes back within the app when there is somewhere to go back to (not out of the app), else to `fallback`.
export const back = (fallback: string): void => {
  if (depth > 0) history.back();
  else navigate(fallback, { replace: true });
};

const onLocation = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export const useLocation = (): Location => useExternal(onLocation, () => current);

// Matches '/households/:id/visit' against a path; returns the params or undefined.
export const match = (pattern: string, path: string): Record<string, string> | undefined => {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return undefined;
  }
  return params;
};

// Plain left clicks on same-origin links stay in the app; anything else (new tab, download) is the browser's.
export const onLinkClick = (e: MouseEvent): void => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin || a.pathname.startsWith('/api/')) return;
  if (a.hash && a.pathname === location.pathname) return; // an anchor on this page
  e.preventDefault();
  // The fragment goes along (the invite sheet names its codes there: a fragment never reaches a server's log).
  navigate(a.pathname + a.search + a.hash);
};
