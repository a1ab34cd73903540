import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampHlc, compareHlc, formatHlc, HlcClock, isHlc, MAX_AHEAD_MS, maxHlc, parseHlc, type Hlc } from '../../../src/core/sync/hlc.ts';
import { FC } from '../fc.ts';

const T0 = Date.UTC(2025, 9, 10);
const YEAR = 365 * 86_400_000;
const node = fc.oneof(fc.uuid(), fc.stringMatching(/^[a-z0-9][a-z0-9\-]{0,11}$/));
// Stamps hold 15 digits of ms (up to the year 33658). A clock can only get near that from a remote stamp, and the
// server clamps every stamp to its own time + 5 minutes before any phone sees it, so the domain stops well short.
const hlc = fc.record({ ms: fc.integer({ min: 0, max: 900_000_000_000_000 }), counter: fc.integer({ min: 0, max: 0xffff }), node });
const tupleCompare = (a: Hlc, b: Hlc) => a.ms - b.ms || a.counter - b.counter || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);

describe('stamps', () => {
  it('format and parse round-trip', () => {
    fc.assert(
      fc.property(hlc, (h) => {
        expect(parseHlc(formatHlc(h))).toEqual(h);
      }),
      FC(),
    );
  });

  it('string order equals (ms, counter, node) order', () => {
    fc.assert(
      fc.property(hlc, hlc, (a, b) => {
        expect(Math.sign(compareHlc(formatHlc(a), formatHlc(b)))).toBe(Math.sign(tupleCompare(a, b)));
      }),
      FC(1000),
    );
    // the cases a random pair rarely hits: same ms, same counter, node a prefix of the other
    const s = (ms: number, counter: number, n: string) => formatHlc({ ms, counter, node: n });
    expect(compareHlc(s(5, 1, 'a'), s(5, 1, 'a-b'))).toBe(-1);
    expect(compareHlc(s(5, 1, 'b'), s(5, 2, 'a'))).toBe(-1);
    expect(compareHlc(s(9, 0, 'z'), s(10, 0, 'a'))).toBe(-1); // not "9" > "10" as bare strings would say
    expect(compareHlc(s(5, 0xf, 'a'), s(5, 0x10, 'a'))).toBe(-1);
    expect(compareHlc(s(5, 1, 'a'), s(5, 1, 'a'))).toBe(0);
  });

  it('recognises only well-formed stamps', () => {
    expect(isHlc(formatHlc({ ms: T0, counter: 0, node: 'd-1' }))).toBe(true);
    for (const bad of ['', 'x', '1760054400000-0000-d1', '001760054400000-000g-d1', '001760054400000-0000-', 42, null, undefined])
      expect(isHlc(bad)).toBe(false);
    // The node is a device id: at most 64 of its characters, so a 100,000-character node is no stamp.
    expect(isHlc(formatHlc({ ms: T0, counter: 0, node: 'd'.repeat(64) }))).toBe(true);
    for (const node of ['d'.repeat(65), 'd'.repeat(100_000), 'd 1', 'd\n1', 'đ1'])
      expect(isHlc(formatHlc({ ms: T0, counter: 0, node }))).toBe(false);
  });

  it('maxHlc', () => {
    const a = formatHlc({ ms: 1, counter: 0, node: 'a' });
    const b = formatHlc({ ms: 2, counter: 0, node: 'a' });
    expect(maxHlc(a, b)).toBe(b);
    expect(maxHlc(b, a)).toBe(b);
    expect(maxHlc(undefined, a)).toBe(a);
    expect(maxHlc(a, undefined)).toBe(a);
    expect(maxHlc(undefined, undefined)).toBeUndefined();
  });
});

describe('HlcClock', () => {
  // A wall clock that jumps around: forwards, backwards (NTP correction, a user changing the date), or stalls.
  const wallSteps = fc.array(fc.oneof(fc.integer({ min: -YEAR, max: YEAR }), fc.constant(0), fc.integer({ min: -5, max: 5 })), { minLength: 1, maxLength: 60 });

  it('send is strictly monotonic whatever the wall clock does, and never behind it', () => {
    fc.assert(
      fc.property(node, wallSteps, (n, steps) => {
        const clock = new HlcClock(n);
        let now = T0;
        let prev = clock.current;
        for (const step of steps) {
          now = Math.max(0, now + step);
          const s = clock.send(now);
          expect(compareHlc(s, prev)).toBe(1);
          const p = parseHlc(s) as Hlc;
          expect(p.ms).toBeGreaterThanOrEqual(now);
          expect(p.node).toBe(n);
          expect(clock.current).toBe(s);
          prev = s;
        }
      }),
      FC(),
    );
  });

  it('receive moves past what it saw, so the next local edit wins over it', () => {
    fc.assert(
      fc.property(node, node, wallSteps, fc.array(hlc, { minLength: 1, maxLength: 20 }), (n, other, steps, remotes) => {
        fc.pre(n !== other);
        const clock = new HlcClock(n);
        let now = T0;
        let prev = clock.current;
        for (const [i, r] of remotes.entries()) {
          now = Math.max(0, now + steps[i % steps.length]);
          const remote = formatHlc({ ...r, node: other });
          clock.receive(remote, now);
          expect(compareHlc(clock.current, prev)).toBe(1);
          const next = clock.send(now);
          expect(compareHlc(next, remote)).toBe(1);
          expect(compareHlc(next, clock.current)).toBe(0);
          prev = next;
        }
      }),
      FC(),
    );
  });

  it('receive ignores garbage', () => {
    const clock = new HlcClock('d1');
    const before = clock.send(T0);
    clock.receive('not a stamp', T0);
    expect(clock.current).toBe(before);
  });

  it('receive of an equal ms takes the bigger counter', () => {
    const clock = new HlcClock('d1');
    clock.send(T0); // (T0, 0)
    clock.receive(formatHlc({ ms: T0, counter: 7, node: 'd2' }), T0 - 1000);
    expect(parseHlc(clock.current)).toEqual({ ms: T0, counter: 8, node: 'd1' });
    clock.receive(formatHlc({ ms: T0 + 5, counter: 3, node: 'd2' }), T0);
    expect(parseHlc(clock.current)).toEqual({ ms: T0 + 5, counter: 4, node: 'd1' });
    clock.receive(formatHlc({ ms: T0, counter: 900, node: 'd2' }), T0 + 10);
    expect(parseHlc(clock.current)).toEqual({ ms: T0 + 10, counter: 0, node: 'd1' });
  });

  it('borrows the next millisecond when the counter would overflow', () => {
    const clock = new HlcClock('d1');
    let prev = '';
    for (let i = 0; i < 0x10000 + 2; i++) {
      const s = clock.send(T0);
      expect(s > prev).toBe(true);
      prev = s;
    }
    expect(parseHlc(prev)).toEqual({ ms: T0 + 1, counter: 1, node: 'd1' }); // 0x10000 stamps at T0, then two at T0+1
    // receive at the top of the counter borrows too
    const c2 = new HlcClock('d2');
    c2.receive(formatHlc({ ms: T0, counter: 0xffff, node: 'd1' }), T0);
    expect(parseHlc(c2.current)).toEqual({ ms: T0 + 1, counter: 0, node: 'd2' });
  });

  it('resumes after a stored stamp, even one written by an older device id', () => {
    const stored = formatHlc({ ms: T0 + YEAR, counter: 3, node: 'old' });
    const clock = new HlcClock('d1', stored);
    const s = clock.send(T0);
    expect(parseHlc(s)).toEqual({ ms: T0 + YEAR, counter: 4, node: 'd1' });
    expect(parseHlc(new HlcClock('d1', 'garbage').send(T0))).toEqual({ ms: T0, counter: 0, node: 'd1' });
  });
});

describe('clampHlc', () => {
  it('pulls a stamp more than 5 minutes ahead back to the limit and leaves the rest alone', () => {
    fc.assert(
      fc.property(hlc, fc.integer({ min: 0, max: 4e12 }), (h, serverNow) => {
        const s = formatHlc(h);
        const c = clampHlc(s, serverNow);
        if (h.ms > serverNow + MAX_AHEAD_MS) expect(parseHlc(c)).toEqual({ ...h, ms: serverNow + MAX_AHEAD_MS });
        else expect(c).toBe(s);
      }),
      FC(),
    );
    const limit = formatHlc({ ms: T0 + MAX_AHEAD_MS, counter: 1, node: 'a' });
    expect(clampHlc(limit, T0)).toBe(limit);
    expect(clampHlc(formatHlc({ ms: T0 + MAX_AHEAD_MS + 1, counter: 1, node: 'a' }), T0)).toBe(limit);
    expect(clampHlc('garbage', T0)).toBe('garbage');
  });
});
