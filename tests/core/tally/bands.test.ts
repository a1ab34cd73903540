import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandFor, percentOfTarget, type Band } from '../../../src/core/tally/bands.ts';
import { percent } from '../../../src/core/tally/tally.ts';
import { FC } from '../fc.ts';

describe('bands', () => {
  it.each([
    [150, 'met'],
    [100, 'met'],
    [99.99, 'above-80'],
    [80.01, 'above-80'],
    [80, '50-80'], // "trên 80%" is strictly above
    [65, '50-80'],
    [50, '50-80'], // "từ 50% đến 80%" includes 50
    [49.99, 'below-50'],
    [0, 'below-50'],
  ] as const)('%s percent of target → %s', (ofTarget, band) => {
    expect(bandFor(ofTarget)).toBe(band);
  });

  it('no result, no band', () => {
    expect(bandFor(null)).toBeNull();
    expect(percentOfTarget(null, 80)).toBeNull();
  });

  it('result as a share of the target; a zero target is met by anything', () => {
    expect(percentOfTarget(72, 90)).toBe(80);
    expect(percentOfTarget(45, 90)).toBe(50);
    expect(percentOfTarget(90, 90)).toBe(100);
    expect(percentOfTarget(0, 0)).toBe(100);
  });

  // From raw counts to band, floating point must never push an exact boundary (80% of target, 50%, 100%) across.
  const exact = (n: number, d: number, t: number): Band => {
    const num = n * 10_000; // ofTarget = 10000·n / (d·t), compared in integers
    const den = d * t;
    return num >= 100 * den ? 'met' : num > 80 * den ? 'above-80' : num >= 50 * den ? '50-80' : 'below-50';
  };
  it('counts on a boundary land in the right band', () => {
    const onBoundary = fc
      .record({ t: fc.integer({ min: 1, max: 100 }), d: fc.integer({ min: 1, max: 5000 }), share: fc.constantFrom(0.5, 0.8, 1), nudge: fc.integer({ min: -1, max: 1 }) })
      .map(({ t, d, share, nudge }) => ({ t, d, n: Math.max(0, Math.min(d, Math.round((share * t * d) / 100) + nudge)) }));
    fc.assert(
      fc.property(onBoundary, ({ n, d, t }) => {
        expect(bandFor(percentOfTarget(percent(n, d), t))).toBe(exact(n, d, t));
      }),
      FC(2000),
    );
    // and the classic cases by hand: 8 of 10 against a 100% target is 80%, not above it
    expect(bandFor(percentOfTarget(percent(8, 10), 100))).toBe('50-80');
    expect(bandFor(percentOfTarget(percent(72, 100), 90))).toBe('50-80');
    expect(bandFor(percentOfTarget(percent(7, 10), 70))).toBe('met');
    expect(bandFor(percentOfTarget(percent(1, 2), 100))).toBe('50-80');
    expect(percentOfTarget(percent(440, 5000), 11)).not.toBe(80); // the float noise is real…
    expect(bandFor(percentOfTarget(percent(440, 5000), 11))).toBe('50-80'); // …and does not change the band
  });
});
