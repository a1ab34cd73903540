// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { DemoDb } from '../../../src/app/demo/demo-db.ts';
import { presenterKey } from '../../../src/app/demo/keys.ts';
import { blockNetwork } from '../../../src/app/demo/network-guard.ts';
import { installSignal, onSignal, setSignal, signalOn, SIGNAL_KEY } from '../../../src/app/demo/signal.ts';
import { SYNC_KEYS } from '../../../src/app/sync/local-state.ts';

const db = new DemoDb(`demo-parts-${process.pid}`);
afterAll(() => db.delete());

describe('the demo database', () => {
  it('never keeps a device token, whichever way it is written', async () => {
    const auth = { token: 'a-real-looking-token', memberId: 'm1', communeId: 'c1', joinedAt: 1 };
    await db.meta.put({ key: SYNC_KEYS.auth, value: auth });
    expect((await db.meta.get(SYNC_KEYS.auth))?.value).toEqual({ ...auth, token: '' });
    await db.meta.bulkPut([{ key: SYNC_KEYS.auth, value: { ...auth, token: 'again' } }, { key: 'other', value: { token: 'kept' } }]);
    expect((await db.meta.get(SYNC_KEYS.auth))?.value).toMatchObject({ token: '' });
    expect((await db.meta.get('other'))?.value).toEqual({ token: 'kept' });
    await db.transaction('rw', db.meta, () => db.meta.add({ key: 'x', value: 1 }).then(() => db.meta.put({ key: SYNC_KEYS.auth, value: { ...auth, token: 'in-tx' } })));
    expect((await db.meta.get(SYNC_KEYS.auth))?.value).toMatchObject({ token: '' });
  });
});

describe('the simulated signal', () => {
  it('is what navigator.onLine says, fires online/offline for the app, and hides the laptop’s own network events', () => {
    installSignal();
    const seen: string[] = [];
    const heard: boolean[] = [];
    window.addEventListener('online', () => seen.push('online'));
    window.addEventListener('offline', () => seen.push('offline'));
    const off = onSignal((on) => heard.push(on));
    setSignal(false);
    expect(navigator.onLine).toBe(false);
    expect(signalOn()).toBe(false);
    expect(localStorage.getItem(SIGNAL_KEY)).toBe('off');
    // the browser's own event (the projector laptop's Wi-Fi) does not reach the app
    window.dispatchEvent(new Event('online'));
    expect(seen).toEqual(['offline']);
    // another page of the demo flipped it
    localStorage.setItem(SIGNAL_KEY, 'on');
    window.dispatchEvent(new StorageEvent('storage', { key: SIGNAL_KEY }));
    expect(navigator.onLine).toBe(true);
    expect(seen).toEqual(['offline', 'online']);
    setSignal(true); // no change: no event
    expect(seen).toEqual(['offline', 'online']);
    expect(heard).toEqual([false, true]);
    off();
  });
});

describe('presenter keys', () => {
  const key = (k: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: k, ...init });
  it('takes Page Down / Page Up always, letters and arrows only when nobody is typing', () => {
    const input = document.createElement('input');
    const button = document.createElement('button');
    const radio = document.createElement('input');
    radio.type = 'radio';
    const listItem = document.createElement('div');
    listItem.setAttribute('role', 'option');
    expect(presenterKey(key('PageDown'), input)).toEqual({ key: 'PageDown', shift: false });
    expect(presenterKey(key('s'), input)).toBeUndefined();
    expect(presenterKey(key('ArrowRight'), input)).toBeUndefined();
    expect(presenterKey(key('s'), button)).toEqual({ key: 's', shift: false });
    expect(presenterKey(key('ArrowRight'), document.body)).toEqual({ key: 'ArrowRight', shift: false });
    expect(presenterKey(key('s'), radio)).toEqual({ key: 's', shift: false });
    expect(presenterKey(key('ArrowDown'), listItem)).toBeUndefined();
    expect(presenterKey(key('R', { shiftKey: true }), button)).toEqual({ key: 'R', shift: true });
    expect(presenterKey(key('s', { ctrlKey: true }), button)).toBeUndefined();
    expect(presenterKey(key('x'), button)).toBeUndefined();
  });
});

describe('the network guard', () => {
  it('makes every way of sending fail at once', async () => {
    blockNetwork();
    await expect(fetch('/api/sync/push', { method: 'POST', body: '{}' })).rejects.toThrow(/demo mode/);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/sync/push');
    expect(() => xhr.send('{}')).toThrow(/demo mode/);
  });
});
