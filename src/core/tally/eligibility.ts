import type { EligibilityRule } from '../model/checklist.ts';
import type { HouseholdFlag } from '../model/enums.ts';

// What eligibility needs to know about a subject: a resident's birth year, or a household's flags.
export type Subject = { birthYear?: number | null; flags?: readonly HouseholdFlag[] };

// Age is the whole years reached in the as-of year: birth year is all the app keeps, and the provincial
// appendices count "aged 14 and over" the same way.
export const ageIn = (birthYear: number, asOfYear: number): number => asOfYear - birthYear;

export const isEligible = (rule: EligibilityRule, subject: Subject, asOfYear: number): boolean => {
  switch (rule.kind) {
    case 'everyone':
      return subject.birthYear != null && subject.birthYear <= asOfYear;
    case 'age': {
      if (subject.birthYear == null) return false;
      const age = ageIn(subject.birthYear, asOfYear);
      return age >= (rule.min ?? 0) && age <= (rule.max ?? Number.POSITIVE_INFINITY);
    }
    case 'households':
      return true;
    case 'household-flag':
      return (subject.flags ?? []).includes(rule.flag);
  }
};
