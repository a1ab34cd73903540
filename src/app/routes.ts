import { Home } from './screens/home/Home.tsx';
import { OFFICER_ROUTES } from './officer/routes.ts';
import type { RouteDef } from './router.ts';

// Every route of the app, in one place. Screens other than Home load lazily with the locale namespaces they use.
// Other areas (sync, officer, demo) add their routes here: one entry each, lazily imported. What a route is
// (RouteDef, RouteProps) lives in router.ts, so a screen never imports the list that lazily imports it.

const FIELD = ['domain', 'errors'] as const;

export const ROUTES: RouteDef[] = [
  { path: '/', load: async () => Home, ns: [], title: 'common:home.title', tab: 'home' },
  {
    path: '/households',
    load: () => import('./screens/roster/Roster.tsx').then((m) => m.Roster),
    ns: ['roster', 'domain'],
    title: 'roster:title',
    tab: 'roster',
  },
  {
    path: '/households/new',
    load: () => import('./screens/household-edit/HouseholdEdit.tsx').then((m) => m.HouseholdEdit),
    ns: ['household', ...FIELD],
    title: 'household:newTitle',
    tab: 'roster',
  },
  {
    path: '/households/:id',
    load: () => import('./screens/household/Household.tsx').then((m) => m.Household),
    ns: ['household', 'visit', ...FIELD],
    title: 'household:title',
    tab: 'roster',
  },
  {
    path: '/households/:id/edit',
    load: () => import('./screens/household-edit/HouseholdEdit.tsx').then((m) => m.HouseholdEdit),
    ns: ['household', ...FIELD],
    title: 'household:editTitle',
    tab: 'roster',
  },
  {
    path: '/households/:id/visit',
    load: () => import('./screens/visit/VisitForm.tsx').then((m) => m.VisitForm),
    ns: ['visit', ...FIELD],
    title: 'visit:title',
    tab: 'roster',
  },
  {
    path: '/followups',
    load: () => import('./screens/followups/FollowUps.tsx').then((m) => m.FollowUps),
    ns: ['followups', 'errors'],
    title: 'followups:title',
    tab: 'followups',
  },
  {
    path: '/tallies',
    load: () => import('./screens/tallies/Tallies.tsx').then((m) => m.Tallies),
    ns: ['tallies'],
    title: 'tallies:title',
    tab: 'tallies',
  },
  {
    path: '/sessions',
    load: () => import('./screens/sessions/Sessions.tsx').then((m) => m.Sessions),
    ns: ['session', ...FIELD],
    title: 'session:listTitle',
    tab: 'more',
    menu: { icon: 'people', order: 10, label: 'common:menu.sessions', hint: 'common:menu.sessionsHint' },
  },
  {
    path: '/sessions/new',
    load: () => import('./screens/sessions/SessionForm.tsx').then((m) => m.SessionForm),
    ns: ['session', ...FIELD],
    title: 'session:newTitle',
    tab: 'more',
  },
  {
    path: '/settings',
    load: () => import('./screens/settings/Settings.tsx').then((m) => m.Settings),
    ns: ['settings', 'errors'],
    title: 'settings:title',
    tab: 'more',
    menu: { icon: 'settings', order: 90, label: 'common:menu.settings', hint: 'common:menu.settingsHint' },
  },
  {
    path: '/members',
    load: () => import('./screens/members/Members.tsx').then((m) => m.Members),
    ns: ['members', 'errors'],
    title: 'members:title',
    tab: 'more',
    menu: { icon: 'people', order: 80, label: 'common:who.menu', hint: 'common:who.menuHint' },
  },
  {
    path: '/more',
    load: () => import('./screens/more/More.tsx').then((m) => m.More),
    ns: [],
    title: 'common:nav.more',
    tab: 'more',
  },
  {
    path: '/sync',
    load: () => import('./screens/sync/SyncScreen.tsx').then((m) => m.SyncScreen),
    ns: ['sync', 'domain', 'errors'],
    title: 'sync:screen.title',
    tab: 'more',
    menu: { icon: 'refresh', order: 5, label: 'sync:screen.menu', hint: 'sync:screen.menuHint' },
  },
  {
    path: '/join',
    load: () => import('./screens/join/JoinScreen.tsx').then((m) => m.JoinScreen),
    ns: ['sync', 'errors'],
    title: 'sync:join.title',
    needsMember: false,
  },
  {
    path: '/start',
    load: () => import('./screens/first-run/FirstRun.tsx').then((m) => m.FirstRun),
    ns: ['start', 'errors'],
    title: 'start:title',
    needsMember: false,
  },
  // The commune officer's workspace (src/app/officer/routes.ts), every screen lazy.
  ...OFFICER_ROUTES,
  // The trainer demo's stage (src/app/demo): the phone in a frame beside the commune dashboard, lazy.
  {
    path: '/demo',
    load: () => import('./demo/stage/DemoStage.tsx').then((m) => m.DemoStage),
    ns: ['demo', 'officer', 'errors'],
    title: 'demo:title',
    needsMember: false,
    shell: 'bare',
    menu: { icon: 'chart', order: 95, label: 'demo:menu.label', hint: 'demo:menu.hint' },
  },
];

// Shown for any path no route matches.
export const NOT_FOUND: RouteDef = {
  path: '*',
  load: () => import('./screens/not-found/NotFound.tsx').then((m) => m.NotFound),
  ns: [],
  title: 'common:notFound.title',
};
// Shown instead of any member-only route until first run (or joining) is done.
export const FIRST_RUN_PATH = '/start';
