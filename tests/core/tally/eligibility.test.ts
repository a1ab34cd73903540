import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../../src/core/model/catalogue-defaults.ts';
import type { EligibilityRule } from '../../../src/core/model/checklist.ts';
import { ageIn, isEligible } from '../../../src/core/tally/eligibility.ts';

const ruleOf = (id: string): EligibilityRule => {
  const item = DEFAULT_CATALOGUE.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item.rule;
};
const Y = 2025;
const born = (age: number) => ({ birthYear: Y - age });

describe('eligibility', () => {
  it('counts age as whole years reached in the as-of year', () => {
    expect(ageIn(2011, 2025)).toBe(14);
    expect(ageIn(2025, 2025)).toBe(0);
  });

  it('everyone: anybody born by the as-of year, nobody of unknown birth year', () => {
    const rule = ruleOf('health-book');
    expect(rule).toEqual({ kind: 'everyone' });
    expect(isEligible(rule, born(0), Y)).toBe(true);
    expect(isEligible(rule, born(99), Y)).toBe(true);
    expect(isEligible(rule, { birthYear: Y + 1 }, Y)).toBe(false);
    expect(isEligible(rule, { birthYear: null }, Y)).toBe(false);
    expect(isEligible(rule, {}, Y)).toBe(false);
  });

  it.each([
    ['vneid', 13, false],
    ['vneid', 14, true],
    ['vneid-l2', 14, true],
    ['online-safety', 14, true],
    ['smartphone', 17, false],
    ['smartphone', 18, true],
    ['cashless', 18, true],
    ['digital-signature', 17, false],
    ['public-services', 90, true],
    ['digital-skills', 14, false],
    ['digital-skills', 15, true],
    ['digital-skills', 60, true],
    ['digital-skills', 61, true], // older people are a main target of "Bình dân học vụ số": no upper age
    ['digital-skills', 95, true],
  ] as const)('%s at age %i → %s', (id, age, expected) => {
    expect(isEligible(ruleOf(id), born(age), Y)).toBe(expected);
  });

  it('age rules: unknown birth year is never eligible, a birth year after the as-of year neither', () => {
    for (const rule of [ruleOf('vneid'), ruleOf('smartphone'), ruleOf('digital-skills'), { kind: 'age' } as const]) {
      expect(isEligible(rule, { birthYear: null }, Y)).toBe(false);
      expect(isEligible(rule, {}, Y)).toBe(false);
    }
    expect(isEligible({ kind: 'age' }, { birthYear: Y + 1 }, Y)).toBe(false);
    expect(isEligible({ kind: 'age' }, { birthYear: Y }, Y)).toBe(true);
    expect(isEligible({ kind: 'age', max: 5 }, born(5), Y)).toBe(true);
    expect(isEligible({ kind: 'age', max: 5 }, born(6), Y)).toBe(false);
  });

  it('a resident ages into an item as the as-of year moves', () => {
    const girl = { birthYear: 2011 };
    expect(isEligible(ruleOf('vneid'), girl, 2024)).toBe(false);
    expect(isEligible(ruleOf('vneid'), girl, 2025)).toBe(true);
    expect(isEligible(ruleOf('digital-skills'), girl, 2025)).toBe(false);
    expect(isEligible(ruleOf('digital-skills'), girl, 2026)).toBe(true);
    expect(isEligible(ruleOf('smartphone'), girl, 2028)).toBe(false);
    expect(isEligible(ruleOf('smartphone'), girl, 2029)).toBe(true);
    // …and never out of digital skills (15 and over), though a rule with an upper age still lets people out
    expect(isEligible(ruleOf('digital-skills'), { birthYear: 1965 }, 2026)).toBe(true);
    expect(isEligible({ kind: 'age', min: 15, max: 60 }, { birthYear: 1965 }, 2025)).toBe(true);
    expect(isEligible({ kind: 'age', min: 15, max: 60 }, { birthYear: 1965 }, 2026)).toBe(false);
  });

  it('household rules: every household, or those with the flag', () => {
    expect(isEligible(ruleOf('fibre'), { flags: [] }, Y)).toBe(true);
    expect(isEligible(ruleOf('fibre'), {}, Y)).toBe(true);
    const producer = ruleOf('ecommerce');
    expect(producer).toEqual({ kind: 'household-flag', flag: 'producer' });
    expect(isEligible(producer, { flags: ['poor', 'producer'] }, Y)).toBe(true);
    expect(isEligible(producer, { flags: ['poor'] }, Y)).toBe(false);
    expect(isEligible(producer, {}, Y)).toBe(false);
    expect(isEligible({ kind: 'household-flag', flag: 'near-poor' }, { flags: ['near-poor'] }, Y)).toBe(true);
  });
});
