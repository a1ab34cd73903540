import { compareHlc } from './hlc.ts';

export type Row = Record<string, unknown>;
export type FieldClocks = Record<string, string>;
export type Stamped = { row: Row; clocks: FieldClocks };

// Field-level last-writer-wins: each field of `patch` replaces the stored one when the patch's stamp is newer
// than the stamp that field last took. Applying the same patch twice, or patches in any order, ends the same.
export const mergeFields = (
  current: Stamped | undefined,
  base: Row,
  patch: Row,
  hlc: string,
): Stamped & { changed: boolean } => {
  const row: Row = current ? { ...current.row } : { ...base };
  const clocks: FieldClocks = current ? { ...current.clocks } : {};
  let changed = !current;
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const seen = clocks[field];
    if (seen !== undefined && compareHlc(hlc, seen) <= 0) continue;
    clocks[field] = hlc;
    row[field] = value;
    changed = true;
  }
  return { row, clocks, changed };
};

export const newestClock = (clocks: FieldClocks): string | undefined => {
  let max: string | undefined;
  for (const c of Object.values(clocks)) if (max === undefined || c > max) max = c;
  return max;
};

// Canonical JSON (sorted keys) so that two bodies of an insert-only record compare by content, not key order.
export const canonical = (value: unknown): string => JSON.stringify(sortKeys(value));

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const x = (value as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return value;
};

export const sameValue = (a: unknown, b: unknown): boolean => a === b || canonical(a) === canonical(b);
