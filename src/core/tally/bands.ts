// The provincial appendices grade an indicator by its result as a share of the target.
export const BANDS = ['met', 'above-80', '50-80', 'below-50'] as const;
export type Band = (typeof BANDS)[number];

export const percentOfTarget = (resultPct: number | null, targetPct: number): number | null =>
  resultPct === null ? null : targetPct <= 0 ? 100 : (resultPct * 100) / targetPct;

// Float noise must not carry an exact boundary across: 440 of 5,000 against an 11% target computes as
// 80.00000000000001% of target, and it is 80%. Counts far apart enough to matter differ by much more than 1e-9.
export const bandFor = (ofTarget: number | null): Band | null => {
  if (ofTarget === null) return null;
  const x = Math.round(ofTarget * 1e9) / 1e9;
  if (x >= 100) return 'met';
  if (x > 80) return 'above-80';
  if (x >= 50) return '50-80';
  return 'below-50';
};
