import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../../src/core/sync/hlc.ts';
import { canonical, mergeFields, newestClock, sameValue, type Row, type Stamped } from '../../../src/core/sync/merge.ts';
import { FC } from '../fc.ts';

const FIELDS = ['headName', 'houseLabel', 'phone', 'flags', 'notes', 'removed'] as const;
const BASE: Row = { id: 'h1', villageId: 'v1', houseLabel: '', phone: '', flags: [], notes: '', removed: false };
const value = fc.oneof(fc.string({ maxLength: 4 }), fc.boolean(), fc.array(fc.constantFrom('poor', 'producer'), { maxLength: 2 }), fc.constant(null));
const patch = fc.dictionary(fc.constantFrom(...FIELDS), value, { minKeys: 1 });
const stamp = fc.record({ ms: fc.integer({ min: 0, max: 10 }), counter: fc.integer({ min: 0, max: 3 }), node: fc.constantFrom('a', 'b', 'c') }).map(formatHlc);

// Random field patches with distinct stamps, then a delivery: every patch at least once, some again, any order.
const scenario = fc
  .uniqueArray(fc.record({ hlc: stamp, patch }), { selector: (p) => p.hlc, minLength: 1, maxLength: 12 })
  .chain((patches) =>
    fc.record({
      patches: fc.constant(patches),
      order: fc
        .tuple(fc.shuffledSubarray(patches.map((_, i) => i), { minLength: patches.length }), fc.array(fc.nat({ max: patches.length - 1 }), { maxLength: 6 }), fc.array(fc.nat()))
        .map(([all, again, positions]) => {
          const out = [...all];
          again.forEach((i, k) => out.splice((positions[k] ?? 0) % (out.length + 1), 0, i));
          return out;
        }),
    }),
  );

const applyAll = (patches: { hlc: string; patch: Row }[], order: number[]) => {
  let s: Stamped | undefined;
  for (const i of order) s = mergeFields(s, BASE, patches[i].patch, patches[i].hlc);
  return s as Stamped;
};

describe('mergeFields', () => {
  it('any order, with duplicates, ends in the same row and clocks: each field from its newest patch', () => {
    fc.assert(
      fc.property(scenario, ({ patches, order }) => {
        const got = applyAll(patches, order);
        const inOrder = applyAll(patches, patches.map((_, i) => i));
        expect({ row: got.row, clocks: got.clocks }).toEqual({ row: inOrder.row, clocks: inOrder.clocks });
        // and what "newest" means, written out
        const want: Row = { ...BASE };
        const clocks: Record<string, string> = {};
        for (const p of [...patches].sort((a, b) => (a.hlc < b.hlc ? -1 : 1)))
          for (const [f, val] of Object.entries(p.patch)) {
            want[f] = val;
            clocks[f] = p.hlc;
          }
        expect(got.row).toEqual(want);
        expect(got.clocks).toEqual(clocks);
      }),
      FC(),
    );
  });

  it('says whether anything changed, and leaves its input alone', () => {
    const h = (ms: number) => formatHlc({ ms, counter: 0, node: 'a' });
    const first = mergeFields(undefined, BASE, { headName: 'Lò Văn Pọm' }, h(2));
    expect(first.changed).toBe(true);
    const frozen = JSON.stringify(first);
    expect(mergeFields(first, BASE, { headName: 'Lò Văn Pọm' }, h(2)).changed).toBe(false); // the same patch again
    expect(mergeFields(first, BASE, { headName: 'older' }, h(1))).toMatchObject({ changed: false, row: { headName: 'Lò Văn Pọm' } });
    const newer = mergeFields(first, BASE, { headName: 'newer', notes: undefined }, h(3));
    expect(newer).toMatchObject({ changed: true, row: { headName: 'newer', notes: '' }, clocks: { headName: h(3) } });
    expect(newer.clocks.notes).toBeUndefined(); // undefined is "not in the patch"
    expect(JSON.stringify(first)).toBe(frozen);
    // a new row starts from the base, even with an empty patch
    expect(mergeFields(undefined, BASE, {}, h(1))).toEqual({ row: BASE, clocks: {}, changed: true });
  });

  it('newestClock', () => {
    expect(newestClock({})).toBeUndefined();
    expect(newestClock({ a: formatHlc({ ms: 1, counter: 0, node: 'z' }), b: formatHlc({ ms: 2, counter: 0, node: 'a' }) })).toBe(
      formatHlc({ ms: 2, counter: 0, node: 'a' }),
    );
  });
});

describe('canonical', () => {
  const json = fc.jsonValue();
  const shuffleKeys = (x: unknown, rnd: () => number): unknown => {
    if (Array.isArray(x)) return x.map((y) => shuffleKeys(y, rnd));
    if (x && typeof x === 'object') {
      const keys = Object.keys(x).sort(() => rnd() - 0.5);
      return Object.fromEntries(keys.map((k) => [k, shuffleKeys((x as Row)[k], rnd)]));
    }
    return x;
  };

  it('ignores key order at any depth', () => {
    fc.assert(
      fc.property(json, fc.integer(), (x, seed) => {
        let s = seed;
        const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
        expect(canonical(shuffleKeys(x, rnd))).toBe(canonical(x));
        expect(sameValue(shuffleKeys(x, rnd), x)).toBe(true);
      }),
      FC(),
    );
    expect(canonical({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('keeps array order and drops undefined keys', () => {
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: null }, { a: undefined })).toBe(false);
    expect(sameValue({ items: [{ itemId: 'x', residentIds: ['r1'] }] }, { items: [{ residentIds: ['r1'], itemId: 'x' }] })).toBe(true);
  });
});
