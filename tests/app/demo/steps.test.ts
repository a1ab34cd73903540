import { describe, expect, it } from 'vitest';
import { STEPS, type StepContext } from '../../../src/app/demo/stage/steps.ts';
import type { PhoneState } from '../../../src/app/demo/stage/usePhoneState.ts';

// The walkthrough's story as data: where each step takes the phone, what it points at, and when it counts as done.
const step = (id: string) => STEPS.find((s) => s.id === id)!;
const phone = (p: Partial<PhoneState> = {}): PhoneState => ({ joined: true, villages: [], waiting: 0, byName: {}, attention: 0, households: 58, ...p });
const ctx = (c: Partial<StepContext> = {}): StepContext => ({
  phone: phone(),
  signal: true,
  phonePath: '/',
  inviteCode: 'RHKVRKTY',
  seedHouseholds: 58,
  wentOffline: false,
  loggedOffline: false,
  dayLogged: false,
  received: false,
  exported: false,
  ...c,
});

describe('the walkthrough', () => {
  it('tells the story in the issue’s order', () => {
    expect(STEPS.map((s) => s.id)).toEqual(['intro', 'join', 'household', 'offline', 'visit', 'outbox', 'signal', 'tallies', 'province', 'export', 'reset']);
  });

  it('join: opens the join screen with the code, points at the form, done once joined', () => {
    const before = ctx({ phone: phone({ joined: false }), phonePath: '/start' });
    expect(step('join').go!(before)).toBe('/join?code=RHKVRKTY');
    expect(step('join').go!({ ...before, phonePath: '/join?code=RHKVRKTY' })).toBeUndefined();
    expect(step('join').spot(before)).toEqual({ where: 'phone', selector: '.join-screen form' });
    expect(step('join').done(before)).toBe(false);
    expect(step('join').done(ctx())).toBe(true);
    expect(step('join').go!(ctx())).toBeUndefined();
  });

  it('household: to the roster, the add button, then the form’s save; done when the village has one more', () => {
    expect(step('household').go!(ctx())).toBe('/households');
    expect(step('household').spot(ctx({ phonePath: '/households' }))).toEqual({ where: 'phone', selector: 'a.btn[href="/households/new"]' });
    expect(step('household').spot(ctx({ phonePath: '/households/new' }))).toEqual({ where: 'phone', selector: 'form button[type=submit]' });
    expect(step('household').done(ctx())).toBe(false);
    expect(step('household').done(ctx({ phone: phone({ households: 59 }) }))).toBe(true);
  });

  it('visit: points at the signal first, then the new household’s "log a visit", then the form; done only if logged without signal', () => {
    const c = ctx({ phone: phone({ newest: { id: 'h-new', headName: 'Lò Văn Páo' } }) });
    expect(step('visit').go!(c)).toBe('/households/h-new');
    expect(step('visit').go!({ ...c, phonePath: '/households/h-old' })).toBeUndefined();
    expect(step('visit').spot(c)).toEqual({ where: 'stage', selector: '#demo-signal' });
    expect(step('visit').spot({ ...c, signal: false, phonePath: '/households/h-new' })).toEqual({ where: 'phone', selector: 'a.btn[href$="/visit"]' });
    expect(step('visit').spot({ ...c, signal: false, phonePath: '/households/h-new/visit' })).toEqual({ where: 'phone', selector: 'form button[type=submit]' });
    expect(step('visit').done({ ...c, phone: phone({ byName: { 'visit.add': 1 } }) })).toBe(false);
    expect(step('visit').done({ ...c, loggedOffline: true })).toBe(true);
  });

  it('outbox: points at the day’s batch while the signal is off, then at the phone’s badge; every step names its part of the dashboard', () => {
    expect(step('outbox').spot(ctx({ signal: false }))).toEqual({ where: 'stage', selector: '#demo-day' });
    expect(step('outbox').spot(ctx({ signal: false, dayLogged: true }))).toEqual({ where: 'phone', selector: '.sync-badge' });
    expect(STEPS.map((s) => s.focus)).toEqual(['overview', 'invite', 'outbox', 'outbox', 'outbox', 'outbox', 'outbox', 'moment', 'province', 'export', 'overview']);
  });

  it('signal and tallies: done when the outbox drained after the phone was offline, and when the commune received it', () => {
    expect(step('offline').done(ctx({ signal: false, wentOffline: true }))).toBe(true);
    expect(step('signal').done(ctx())).toBe(false); // never went offline: nothing to restore
    expect(step('signal').done(ctx({ wentOffline: true, phone: phone({ waiting: 3 }) }))).toBe(false);
    expect(step('signal').done(ctx({ wentOffline: true }))).toBe(true);
    expect(step('signal').spot(ctx({ signal: false }))).toEqual({ where: 'stage', selector: '#demo-signal' });
    expect(step('tallies').done(ctx({ received: true }))).toBe(true);
    expect(step('tallies').spot(ctx({ received: true }))?.selector).toEqual(['.ds-moment-tile', '.ds-news']);
    expect(step('export').done(ctx({ exported: true }))).toBe(true);
  });
});
