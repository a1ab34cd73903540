import { OUTCOMES, type Outcome } from '../../../core/model/enums.ts';
import type { VisitItem } from '../../../core/model/visit.ts';

// The visit form's picked items, and how they become the visit's items (one outcome per resident per item).
// An item picked: who was helped, the outcome for everyone, and a different outcome for some of them (`by`).
export type Picked = { residentIds: string[]; outcome: Outcome; by?: Record<string, Outcome> };
export const outcomeOf = (p: Picked, residentId: string): Outcome => p.by?.[residentId] ?? p.outcome;

// A visit stores one entry per item and outcome; the form shows one panel per item, with each resident's outcome.
export const pickedFrom = (items: readonly VisitItem[]): Record<string, Picked> => {
  const picked: Record<string, Picked> = {};
  for (const i of items) {
    const p = (picked[i.itemId] ??= { residentIds: [], outcome: i.outcome });
    for (const r of i.residentIds) {
      p.residentIds.push(r);
      if (i.outcome !== p.outcome) p.by = { ...p.by, [r]: i.outcome };
    }
  }
  return picked;
};

// The form's items as the visit records them: for a resident item, one entry per outcome, with its residents.
export const itemsOf = (itemId: string, level: 'resident' | 'household', p: Picked): VisitItem[] => {
  if (level === 'household') return [{ itemId, residentIds: [], outcome: p.outcome }];
  if (!p.residentIds.length) return [{ itemId, residentIds: [], outcome: p.outcome }];
  return OUTCOMES.flatMap((o) => {
    const ids = p.residentIds.filter((r) => outcomeOf(p, r) === o);
    return ids.length ? [{ itemId, residentIds: ids, outcome: o }] : [];
  });
};

