// Shared pieces for `npm run bench`: each area's bench module exports `bench` with a name and a run function
// that returns figures; run.ts prints them against the budgets of DESIGN §5. Figures are medians over repeats
// (this machine is shared and noisy), with the budget and, where there is one, the ratio to a raw baseline.
export type Figure = {
  what: string;
  value: number;
  unit: string;
  budget?: { must: number; aim?: number; better: 'lower' | 'higher' };
  note?: string;
};

export type Bench = { name: string; run: () => Promise<Figure[]> };

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export const verdict = (f: Figure): string => {
  if (!f.budget) return '';
  const ok = (limit: number) => (f.budget!.better === 'lower' ? f.value <= limit : f.value >= limit);
  // Over the must is over budget, whatever the aim (an aim derived from a baseline can lie beyond the must).
  if (!ok(f.budget.must)) return 'OVER BUDGET';
  return f.budget.aim !== undefined && ok(f.budget.aim) ? 'aim met' : 'within budget';
};
