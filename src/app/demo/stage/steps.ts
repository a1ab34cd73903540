import type { PhoneState } from './usePhoneState.ts';

// The guided walkthrough: the story a trainer tells, one step per control. Each step may take the phone to the
// screen it is about, points at the control to use next (on the phone or on the stage), and knows when it is done.
// selector: the control; several are tried in order (the first one shown wins).
export type Spot = { where: 'phone' | 'stage'; selector: string | readonly string[] };

// The part of the dashboard a step is about, shown beside the phone while the walkthrough is open (and nothing else,
// so that every step fits one projected screen).
export type Focus = 'overview' | 'invite' | 'outbox' | 'moment' | 'province' | 'export';

export type StepContext = {
  phone: PhoneState | undefined;
  signal: boolean;
  phonePath: string; // path + query of the phone's current screen
  inviteCode: string;
  seedHouseholds: number; // the phone's village(s) before anyone added to them
  wentOffline: boolean; // the signal was turned off after joining
  loggedOffline: boolean; // a visit was saved while the signal was off
  dayLogged: boolean; // the rest of the team's day was logged (the batch of visits)
  received: boolean; // the commune received something from the phone
  exported: boolean;
};

export type Step = {
  // Its words are demo:walk.<id>.*.
  id: 'intro' | 'join' | 'household' | 'offline' | 'visit' | 'outbox' | 'signal' | 'tallies' | 'export' | 'province' | 'reset';
  focus: Focus;
  go?: (c: StepContext) => string | undefined;
  spot: (c: StepContext) => Spot | undefined;
  done: (c: StepContext) => boolean;
};

const pathOf = (c: StepContext) => c.phonePath.split('?')[0];
const phone = (selector: string): Spot => ({ where: 'phone', selector });
const stage = (selector: string): Spot => ({ where: 'stage', selector });
const HOUSEHOLD = /^\/households\/(?!new$)[^/]+$/;
const VISIT_FORM = /^\/households\/[^/]+\/visit$/;

// Steps that show something and ask nothing: no "to do / done" line.
export const INFO_STEPS: ReadonlySet<string> = new Set(['intro', 'province', 'reset']);
type InfoStep = 'intro' | 'province' | 'reset';
// A step with something to do (its words have done/todo), as opposed to one that only tells.
export const hasTask = (id: Step['id']): id is Exclude<Step['id'], InfoStep> => !INFO_STEPS.has(id);

export const STEPS: readonly Step[] = [
  { id: 'intro', focus: 'overview', spot: () => stage('.ds-device'), done: () => true },
  {
    id: 'join',
    focus: 'invite',
    go: (c) => (c.phone?.joined || pathOf(c) === '/join' ? undefined : `/join?code=${c.inviteCode}`),
    spot: (c) => (c.phone?.joined ? phone('.sync-badge') : phone('.join-screen form')),
    done: (c) => !!c.phone?.joined,
  },
  {
    id: 'household',
    focus: 'outbox',
    go: (c) => (!c.phone?.joined || pathOf(c).startsWith('/households') ? undefined : '/households'),
    spot: (c) =>
      !c.phone?.joined ? undefined : pathOf(c) === '/households/new' ? phone('form button[type=submit]') : phone('a.btn[href="/households/new"]'),
    done: (c) => (c.phone?.households ?? 0) > c.seedHouseholds,
  },
  { id: 'offline', focus: 'outbox', spot: () => stage('#demo-signal'), done: (c) => c.wentOffline },
  {
    id: 'visit',
    focus: 'outbox',
    go: (c) => {
      if (!c.phone?.newest || HOUSEHOLD.test(pathOf(c)) || VISIT_FORM.test(pathOf(c))) return undefined;
      return `/households/${c.phone.newest.id}`;
    },
    spot: (c) =>
      c.signal ? stage('#demo-signal') : VISIT_FORM.test(pathOf(c)) ? phone('form button[type=submit]') : phone('a.btn[href$="/visit"]'),
    done: (c) => c.loggedOffline,
  },
  { id: 'outbox', focus: 'outbox', spot: (c) => (c.dayLogged || c.signal ? phone('.sync-badge') : stage('#demo-day')), done: (c) => (c.phone?.waiting ?? 0) > 0 || c.received },
  { id: 'signal', focus: 'outbox', spot: (c) => (c.signal ? stage('.ds-outbox') : stage('#demo-signal')), done: (c) => c.wentOffline && c.signal && (c.phone?.waiting ?? 1) === 0 },
  { id: 'tallies', focus: 'moment', spot: (c) => (c.received ? { where: 'stage', selector: ['.ds-moment-tile', '.ds-news'] } : stage('.ds-news')), done: (c) => c.received },
  // The province sees the same figures, the commune ranked among the province's (a step to look at, nothing to do).
  { id: 'province', focus: 'province', spot: () => stage('.ds-province-item:first-child .ds-province-row.is-demo'), done: () => true },
  { id: 'export', focus: 'export', spot: () => stage('#demo-export'), done: (c) => c.exported },
  { id: 'reset', focus: 'overview', spot: () => stage('#demo-reset'), done: () => true },
];
