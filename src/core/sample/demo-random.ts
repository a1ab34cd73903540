// A small seeded PRNG (mulberry32) and what the demo generator draws with it. No Math.random and no clock: the
// same seed and `now` give the same commune, byte for byte, on every machine.
export type Rng = {
  next(): number; // [0, 1)
  int(min: number, max: number): number; // inclusive
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(pairs: readonly (readonly [T, number])[]): T;
  sample<T>(items: readonly T[], n: number): T[];
  uuid(ms: number): string;
};

// FNV-1a, so a trainer can type a word as the seed.
export const seedOf = (seed: number | string): number => {
  if (typeof seed === 'number') return seed >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

export const makeRng = (seed: number | string): Rng => {
  let s = seedOf(seed);
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (bits: number) => Math.floor(next() * 2 ** bits).toString(16).padStart(bits / 4, '0');
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (pairs) => {
      let r = next() * pairs.reduce((n, [, w]) => n + w, 0);
      for (const [value, w] of pairs) if ((r -= w) < 0) return value;
      return pairs[pairs.length - 1][0];
    },
    sample: (items, n) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, n);
    },
    // Shaped like a UUIDv7 (the app's ids): the record's time in front, PRNG bits behind, so ids sort by time.
    uuid: (ms) => {
      const t = Math.floor(ms).toString(16).padStart(12, '0');
      return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(12)}-${(8 + int(0, 3)).toString(16)}${hex(12)}-${hex(24)}${hex(24)}`;
    },
  };
};

export const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000; // Vietnam keeps UTC+7 all year (no daylight saving)

// The commune's calendar date of an instant, 'YYYY-MM-DD'.
export const vnDate = (ms: number): string => new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
// Midnight in Vietnam of the day `ms` falls on.
export const vnDayStart = (ms: number): number => Math.floor((ms + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;
